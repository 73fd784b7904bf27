"""A topic file's block structure as GitHub shows it: markdown-it-py's CommonMark + GFM-table
block rules (no inline parsing: titles and answers keep their markdown), with line ranges.

The question readers decide a section's form from these blocks, never from a line scan: a
fence, an HTML block, indented code, a list item, a table and a heading are what the parser
says they are. A `<details>` element is one block from its opening tag to its balanced closing
tag, whatever markdown lies between (GitHub shows it as one toggle), so a heading inside a
revealed answer is not a heading of the page. A list whose first item is plain and a later one
opens with a heading (`12. ### What is X?`) is two blocks, cut before that item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from mlprep_site.core.reading.syntax import DETAILS_CLOSE_RE, DETAILS_OPEN_RE, HEADING_RE, ITEM_HEADING_RE
from mlprep_site.core.text.code import PARSER, code_lines
from mlprep_site.core.text.code_spans import blank_code_spans
from mlprep_site.core.text.kept import KeptByText

_DETAILS_LINE_RE = re.compile(r"^<details(?:\s[^>]*)?>", re.IGNORECASE)
DETAILS_REACH = 400
"""Lines a `<details>` element opened at the margin may span for `margin` to set its inside
aside: one never closed is looked for this far, not to the end of the file."""
GROUP_REACH = 64
"""Blocks an element that `margin` did not set aside (indented, or closed past DETAILS_REACH
lines) may span: each unclosed one costs this many blocks."""


@dataclass(slots=True)
class Item:
    """A list item: its lines, the first block inside it, and the list nested in it, if any."""

    start: int
    end: int
    first: Block | None = None
    children: list[Item] = field(default_factory=list)
    """Items of the lists nested directly in this item."""


@dataclass(slots=True)
class Block:
    """One top-level block: lines [start, end) as 0-based indices."""

    kind: str
    """heading, paragraph, list, html, details, fence, code, table, hr, quote."""
    start: int
    end: int
    level: int = 0
    """A heading's level."""
    text: str = ""
    """A heading's or paragraph's text (markdown), an HTML block's source."""
    items: list[Item] = field(default_factory=list)
    """A list's items."""


_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "html_block": "html",
    "fence": "fence",
    "code_block": "code",
    "table_open": "table",
    "hr": "hr",
    "blockquote_open": "quote",
}


def _block(tokens: Sequence[Token], n: int) -> tuple[Block | None, int]:
    """The block whose opening token is tokens[n], and the index after its closing token."""
    token = tokens[n]
    kind = _KINDS.get(token.type)
    start, end = token.map if token.map else (0, 0)
    if kind is None:
        return None, n + 1
    if kind in ("heading", "paragraph"):
        level = int(token.tag[1:]) if kind == "heading" else 0
        return Block(kind, start, end, level, tokens[n + 1].content), n + 3
    if kind in ("html", "fence", "code", "hr"):
        return Block(kind, start, end, text=token.content if kind == "html" else ""), n + 1
    depth = token.level
    close = n + 1
    while not (tokens[close].level == depth and tokens[close].nesting == -1):
        close += 1
    block = Block(kind, start, end)
    if kind == "list":
        block.items = _items(tokens, n + 1, close)
    return block, close + 1


def _items(tokens: Sequence[Token], n: int, close: int) -> list[Item]:
    """The items of the list whose tokens are tokens[n:close]."""
    items: list[Item] = []
    depth = tokens[n].level if n < close else 0
    while n < close:
        token = tokens[n]
        if token.type == "list_item_open" and token.level == depth and token.map:
            item = Item(token.map[0], token.map[1])
            items.append(item)
            n += 1
            while not (tokens[n].type == "list_item_close" and tokens[n].level == depth):
                inner, after = _block(tokens, n)
                if inner is not None:
                    item.first = item.first or inner
                    if inner.kind == "list":
                        item.children.extend(inner.items)
                n = after
        n += 1
    return items


def _details_balance(html: str) -> int:
    return len(DETAILS_OPEN_RE.findall(html)) - len(DETAILS_CLOSE_RE.findall(html))


_DETAILS_WORD_RE = re.compile("details", re.IGNORECASE)


def _line_details_balance(line: str) -> int:
    """`_details_balance` of a line outside its code spans. A line whose details tags all
    end before its first backtick (no `details` after it, and a `>` before it after the last
    one) counts the same with or without its code spans, which are not looked for then (a
    question in a `<summary>` often shows code after its tags)."""
    tick = line.find("`")
    if tick >= 0:
        words = [word.end() for word in _DETAILS_WORD_RE.finditer(line, 0, tick)]
        if _DETAILS_WORD_RE.search(line, tick) or words and line.find(">", words[-1], tick) < 0:
            return _details_balance(blank_code_spans(line))
    return _details_balance(line)


def outline(lines: Sequence[str], start: int = 0, opaque: Sequence[tuple[int, int]] = ()) -> list[Block]:
    """The top-level blocks of lines[start:], in order, with indices into `lines` (`<details>`
    elements are grouped by `group_details`). Each line range of `opaque` ([first, end), in
    order, not overlapping) is parsed as one blank line: its blocks are not needed (the inside
    of an answer), and parsing them is most of the cost.

    The blocks are kept for the texts read last, as `answers.file_codes` keeps a file's code:
    `serve` reads the whole bank again on each change, and a file that did not change is not
    parsed again. The list is the caller's; its blocks are shared, not to be changed."""
    text, kept_opaque = "\n".join(lines), tuple(opaque)
    return list(_outlines.get((text, start, kept_opaque), lambda: _outline(text, start, kept_opaque)))


_outlines: KeptByText[tuple[Block, ...]] = KeptByText()


def _outline(text: str, start: int, opaque: tuple[tuple[int, int], ...]) -> tuple[Block, ...]:
    lines = text.split("\n")
    fed: list[str] = []
    starts: list[int] = []
    """For each line fed to the parser, the index of the first line it stands for."""
    ends: list[int] = []
    """...and of the line after the last."""
    index = start
    for first, end in (*opaque, (len(lines), len(lines))):
        fed += lines[index:first]
        starts += range(index, first)
        ends += range(index + 1, first + 1)
        if end > first:
            fed.append("")
            starts.append(first)
            ends.append(end)
        index = max(index, end)
    tokens = PARSER.parse("\n".join(fed))
    for token in tokens:
        if token.map:
            first, end = token.map
            token.map = [starts[first], ends[end - 1] if end > first else starts[first]]
    blocks: list[Block] = []
    n = 0
    while n < len(tokens):
        block, n = _block(tokens, n)
        if block is None:
            continue
        if block.kind == "list" and len(block.items) > 1:  # (a list of one item has nothing to cut)
            blocks += _cut_before_item_heading(block)
        else:
            blocks.append(block)
    return tuple(blocks)


def _cut_before_item_heading(block: Block) -> tuple[Block, ...]:
    """The list `block`, or, when its first item is plain and a later one opens with a heading,
    the list of the items before that one and the list from it on. An ordered list goes on
    whatever its items' numbers, so a question written `12. ### What is X?` after the plain
    items `1.`-`3.` of an answer is an item of their list; its heading is the page's (`Margin`)
    wherever its item sits, and a list that opens with such an item is what the readers take
    it for. The plain items before it stay the list they were."""
    cut = next((k for k, item in enumerate(block.items) if item.first and item.first.kind == "heading"), 0)
    if cut == 0:
        return (block,)
    at = block.items[cut].start
    plain = Block("list", block.start, at, items=block.items[:cut])
    return plain, Block("list", at, block.end, items=block.items[cut:])


def group_details(blocks: list[Block]) -> list[Block]:
    """`blocks` with each `<details>` element, from the block that opens it to the block that
    balances its tags, made one `details` block (an element not closed within GROUP_REACH
    blocks stays the HTML block it opens with)."""
    grouped: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        balance = _details_balance(block.text) if block.kind == "html" else 0
        if balance <= 0:
            grouped.append(block)
            n += 1
            continue
        last, limit = n + 1, min(len(blocks), n + GROUP_REACH)
        while last < limit and balance > 0:
            if blocks[last].kind in ("html", "paragraph"):  # `</b></details>` is a paragraph
                balance += _details_balance(blocks[last].text)
            last += 1
        if balance > 0:  # never closed: the opening block alone
            grouped.append(block)
            n += 1
            continue
        html = "".join(b.text for b in blocks[n:last] if b.kind in ("html", "paragraph"))
        grouped.append(Block("details", block.start, blocks[last - 1].end, text=html))
        n = last
    return grouped


@dataclass(slots=True)
class Margin:
    """What one pass over the lines finds at the margin, outside fenced code: each heading
    (also one that opens a list item, `1.  ### What is X?`) that is not inside a `<details>`
    element, and the insides of those elements (opened at the margin, closed on a later line:
    one block each, whatever they hold, so `outline` need not parse them)."""

    headings: list[tuple[int, int, str, bool]] = field(default_factory=list)
    """(index, level, text, opens a list item)."""
    details: list[tuple[int, int]] = field(default_factory=list)
    """[first, end) line indices of each element after its opening line, its closing line
    included."""


def margin(lines: Sequence[str], start: int = 0) -> Margin:
    """The `Margin` of lines[start:], each line looked at once (an element not closed within
    DETAILS_REACH lines is left alone, and the headings in it count)."""
    found = Margin()
    code = code_lines(lines)
    opened = -1
    balance = 0
    held: list[tuple[int, int, str, bool]] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if code[index]:
            continue
        if "#" in line[:16] and (heading := _heading(line)):
            (held if opened >= 0 else found.headings).append((index, *heading))
        if opened < 0:
            if line[:1] == "<" and _DETAILS_LINE_RE.match(line):
                balance = _line_details_balance(line)
                opened = index if balance > 0 else -1
            continue
        if "etails" in line:
            balance += _line_details_balance(line)
        if balance <= 0:
            found.details.append((opened + 1, index + 1))
            opened, held = -1, []
        elif index - opened > DETAILS_REACH:
            opened = -1
            found.headings += held
            held = []
    found.headings += held
    return found


def _heading(line: str) -> tuple[int, str, bool] | None:
    if heading := HEADING_RE.match(line):
        return len(heading.group(1)), heading.group(2).strip(), False
    if item := ITEM_HEADING_RE.match(line):
        return len(item.group(1)), item.group(2).rstrip(" \t#").strip(), True
    return None
