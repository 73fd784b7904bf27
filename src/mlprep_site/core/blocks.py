"""A topic file's block structure as GitHub shows it: markdown-it-py's CommonMark + GFM-table
block rules (no inline parsing: titles and answers keep their markdown), with line ranges.

The question readers decide a section's form from these blocks, never from a line scan: a
fence, an HTML block, indented code, a list item, a table and a heading are what the parser
says they are. A `<details>` element is one block from its opening tag to its balanced closing
tag, whatever markdown lies between (GitHub shows it as one toggle), so a heading inside a
revealed answer is not a heading of the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
_DETAILS_OPEN_RE = re.compile(r"<details(?:\s[^>]*)?>", re.IGNORECASE)
_DETAILS_CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
DETAILS_REACH = 400
"""Blocks a `<details>` element may span: one never closed is looked for this far, not to the
end of the file (a file of unclosed ones would cost the square of its length)."""


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
    return len(_DETAILS_OPEN_RE.findall(html)) - len(_DETAILS_CLOSE_RE.findall(html))


def outline(lines: Sequence[str], start: int = 0) -> list[Block]:
    """The top-level blocks of lines[start:], in order, with indices into `lines`; a `<details>`
    element is one `details` block (an element never closed stays the HTML block it opens
    with)."""
    tokens = _PARSER.parse("\n".join(lines[start:]))
    if start:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + start, token.map[1] + start]
    blocks: list[Block] = []
    n = 0
    while n < len(tokens):
        block, n = _block(tokens, n)
        if block is not None:
            blocks.append(block)
    return _group_details(blocks)


def _group_details(blocks: list[Block]) -> list[Block]:
    grouped: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        balance = _details_balance(block.text) if block.kind == "html" else 0
        if balance <= 0:
            grouped.append(block)
            n += 1
            continue
        last, limit = n + 1, min(len(blocks), n + DETAILS_REACH)
        while last < limit and balance > 0:
            if blocks[last].kind == "html":
                balance += _details_balance(blocks[last].text)
            last += 1
        if balance > 0:  # never closed: the opening block alone
            grouped.append(block)
            n += 1
            continue
        html = "".join(b.text for b in blocks[n:last] if b.kind == "html")
        grouped.append(Block("details", block.start, blocks[last - 1].end, text=html))
        n = last
    return grouped
