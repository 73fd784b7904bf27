"""An answer's markdown rewritten so that Python-Markdown (with the site's extensions) builds
the tree GitHub shows (issue 20, item 1).

Answers are written for GitHub, whose renderer is CommonMark with GFM's tables. Python-Markdown
reads some of the same text otherwise; `normalise` reads the answer with markdown-it-py
(CommonMark, GFM tables: block rules only, as `core.blocks` does) and, from each block's line
range, rewrites only what Python-Markdown would read otherwise:

- a list, fence, table or raw HTML block right after a paragraph line, and any line right after
  a table or a fence, get a blank line between (Python-Markdown needs one, CommonMark does not);
- the lines of a list item are indented to Python-Markdown's four columns per level (a nested
  list indented by two, or a `1.` item's fence indented by three, is flattened or left out);
- a fence closed by a longer fence is closed by its own marker;
- a raw HTML block that CommonMark ends at a blank line, leaving an element open (`<p>` before
  the answer's markdown), gets md_in_html's `markdown` attribute, so that what follows is read as
  markdown inside it, and its lines lose the indentation that would make them code;
- in text, a backslash before punctuation that only CommonMark escapes (`\\'`, `\\/`) goes, and a
  `<` that opens no CommonMark tag (`<Context.Consumer>`) is written `&lt;`.

Code (fenced, indented, in code spans) keeps its text, and no visible text changes: only blank
lines, indentation, fence closers and escapes. The stored answer is not touched: this is the form
it is rendered from (`answers.render.page_markdown`). The work is linear in the answer's length.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlprep_site.core.markup import answer_markdown

_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
TAB = 4  # Python-Markdown's tab_length: the indentation of a list item's content

# What can need a rewrite: a list marker, fence, table, raw HTML or backslash.
_MAYBE_RE = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|```|~~~|[|<\\*_]|\]\(", re.MULTILINE)
_MARKER_RE = re.compile(r"( {0,3})(?:[-+*]|\d{1,9}[.)])( *)")
_FENCE_CLOSE_RE = re.compile(r"^( *)(`{3,}|~{3,})[ \t]*$")
# Punctuation that CommonMark escapes with a backslash and Python-Markdown shows with it
# (Python-Markdown's own: \ ` * _ { } [ ] ( ) > # + - . ! ; tables read `\|`; math reads `\$`).
_UNESCAPED = {c: c for c in "\"'%,/:;=?@^"} | {"<": "&lt;", "&": "&amp;", "~": "&#126;"}
# CommonMark's inline raw HTML (spec 6.6) and autolinks: a `<` that opens none of them is text.
_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_COMMONMARK_HTML_RE = re.compile(
    rf"<(?:{_TAG_NAME}(?:{_ATTRIBUTE})*\s*/?>|/{_TAG_NAME}\s*>|!--|\?|![A-Za-z]|!\[CDATA\[)"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+>"
)
# What Python-Markdown reads as inline raw HTML (its HTML_RE) or an autolink.
_PYTHON_MARKDOWN_HTML_RE = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--.*?--)>")
# Tags of a raw HTML block: where one opens or closes, and the ones that are never closed.
_BLOCK_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*?)(/?)>")
_VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# md_in_html reads these as inline content unless told `markdown="block"`.
_SPAN_TAGS = {
    "address",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "legend",
    "li",
    "p",
    "summary",
    "td",
    "th",
}
_RAW_TAGS = {"canvas", "math", "option", "pre", "script", "style", "textarea"}
_HTML_DEPTH = 32  # how far up a closing tag looks for its opening one (limits.MAX_HTML_DEPTH)
_MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\s*=", re.IGNORECASE)
_ASCII_PUNCTUATION = frozenset(string.punctuation)
# Blocks that CommonMark starts on the line after a paragraph's, and Python-Markdown after a
# blank line only.
_INTERRUPTING = {"bullet_list_open", "ordered_list_open", "table_open", "html_block", "fence", "heading_open"}
_QUOTE_RE = re.compile(r"[ \t]*>[ >]*")
_INLINE_RE = re.compile(r"[\\<*_]|\]\(|^ {0,3}\d+\.", re.MULTILINE)
# A line that may open a block other than a paragraph (a list, heading, quote, fence, code,
# table, HTML, thematic break or setext underline).
_BLOCKS_RE = re.compile(r"^(?: {0,3}(?:[-+*=_#>|<]|\d{1,9}[.)]|```|~~~)| {4}|\t)|\|", re.MULTILINE)
# Where `_inline_text` has something to look at: a run of emphasis marks, a backtick, a
# backslash, a `<` or a `]` (its link's destination follows).
_MARKUP_RE = re.compile(r"\*+|_+|[`\\<\]]")
_LINE_NUMBER_RE = re.compile(r"^ {0,3}(\d+)\.(?= |$)", re.MULTILINE)
# A link's destination and title as CommonMark reads them (spec 6.3: a bare destination has no
# space and balanced parentheses, one in `<…>` no `<`, `>` or line break), from its `](` to its
# `)`; and a destination with spaces and no title, which is no link to CommonMark. Bounded
# repeats: each `](` costs a bounded look-ahead, so the whole text is read in linear time.
_LINK_TAIL_RE = re.compile(
    r"""\]\(\s{0,32}(?:<[^<>\n]{0,2048}>|[^\s()]{0,2048}(?:\([^\s()]{0,2048}\)[^\s()]{0,2048}){0,8})"""
    r"""(?:\s{1,32}(?:"[^"]{0,2048}"|'[^']{0,2048}'|\([^()]{0,2048}\)))?\s{0,32}\)"""
)
_SPACED_DESTINATION_RE = re.compile(r"""\]\([^()<>\s"']{1,512}(?:[ \t]+[^()<>\s"']{1,512}){1,64}\)""")
# An abbreviation's definition (abbr), not emphasis.
_ABBREVIATION_RE = re.compile(r"\*\[[^\]\n]+\]:")


@dataclass(frozen=True, slots=True)
class _Item:
    old: int
    """The column of the item's content in the answer."""
    new: int
    """… and once rewritten."""
    line: int = -1
    """The item's first line (its marker's)."""

    @property
    def shift(self) -> int:
        return self.new - self.old


_TOP = _Item(0, 0)


def page_markdown(answer: str) -> str:
    """An answer's markdown (as the loader holds it) as every page, export and deck renders it:
    `core.markup.answer_markdown`'s form, normalised. The one place both rendering paths take
    it from (`answers.render`, `site.blocks`)."""
    return normalise(answer_markdown(answer))


def normalise(markdown: str) -> str:
    """`markdown` as Python-Markdown reads it the way GitHub does (see the module's docstring)."""
    if _MAYBE_RE.search(markdown) is None:
        return markdown
    if _BLOCKS_RE.search(markdown) is None:  # paragraphs only: no block parser needed
        return _paragraphs(markdown)
    lines = markdown.split("\n")
    edits = _Edits(lines)
    edits.read(_PARSER.parse(markdown))
    return edits.apply()


def _paragraphs(markdown: str) -> str:
    """`markdown` that is only paragraphs (no line opens any other block) with each paragraph's
    text rewritten as `_inline_text` does."""
    chunks = re.split(r"(\n[ \t]*\n)", markdown)
    return "".join(chunk if index % 2 else _inline_text(chunk) for index, chunk in enumerate(chunks))


class _Edits:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blank_before: dict[int, str] = {}
        """Line → the blank line to put before it (a blockquote's is its `>`)."""
        self.shift: dict[int, int] = {}
        self.replaced: dict[int, str] = {}
        self.paragraph_ends: set[int] = set()
        """Lines right after a paragraph's last line."""

    def blank(self, index: int) -> bool:
        return index >= len(self.lines) or not self.lines[index].strip(" \t>")

    def read(self, tokens: list[Token]) -> None:
        items: list[_Item] = [_TOP]
        quoted = 0  # blockquotes open: their lines need their `>`, so nothing is added there
        in_table = False
        for token in tokens:
            kind, where = token.type, token.map
            if kind == "blockquote_open":
                quoted += 1
            elif kind == "blockquote_close":
                quoted -= 1
            elif kind in ("table_open", "table_close"):
                in_table = kind == "table_open"
            elif kind == "list_item_close":
                items.pop()
            elif kind == "list_item_open":
                items.append(self._item(items[-1], where, quoted, token.markup))
            if where is None:
                continue
            start, end = where
            if kind == "inline":  # in a blockquote, a `*` may be a list's marker after the `>`
                self._inline(start, end, items[-1], in_table, emphasis=not quoted)
            if kind == "paragraph_open":
                self.paragraph_ends.add(end)
            if kind in _INTERRUPTING and start in self.paragraph_ends and not self.blank(start - 1):
                quote = _QUOTE_RE.match(self.lines[start]) if quoted else None
                self.blank_before[start] = quote.group(0).rstrip() if quote else ""
            if quoted:
                continue
            if kind == "heading_open" and token.markup.startswith("#"):
                self._at_margin(start, items[-1])
            if kind in ("table_open", "fence") and not self.blank(end):
                self.blank_before[end] = ""
            if kind == "fence":
                self._fence(token, start, end, items[-1])
            elif kind == "html_block":
                self._html_block(start, end)

    def _item(self, parent: _Item, where: list[int] | None, quoted: int, markup: str) -> _Item:
        """A list item's content columns, and the shift of its lines after the first. An
        ordered item's `1)` is written `1.`, the only delimiter Python-Markdown knows."""
        if where is None or quoted:
            return parent
        start, end = where
        line = self.lines[start]
        marker = _MARKER_RE.match(line, parent.old) if "\t" not in line else None
        if marker is None:
            return parent
        spaces = len(marker.group(2))
        rest = line[marker.end() :]
        # Content on the next line, or indented code: the content starts a space after the marker.
        old = marker.end() - spaces + 1 if not rest.strip() or spaces > TAB else marker.end()
        if markup == ")":
            at = marker.end() - spaces - 1
            self.replaced[start] = f"{line[:at]}.{line[at + 1 :]}"
        if not rest.strip() and all(self.blank(index) for index in range(start + 1, min(end, start + 2))):
            # An empty item: Python-Markdown takes a bare `-` under a line for a heading's
            # underline, and a marker with nothing after it for text.
            self.replaced[start] = self.replaced.get(start, line).rstrip() + " <!-- -->"
        item = _Item(old, max(parent.new + TAB, old + parent.shift), start)
        for index in range(start + 1, end):
            self.shift[index] = item.shift
        return item

    def _fence(self, token: Token, start: int, end: int, item: _Item) -> None:
        """A fence as superfences reads it as CommonMark does: closed by its own marker (not a
        longer one), its info string only what superfences takes (the language, `key=value`
        options; GitHub shows neither: bare words after the language made superfences refuse
        the fence), and at its container's margin, its lines losing the fence's indentation as
        CommonMark takes it away (superfences left out a fence with a line indented less)."""
        lines = self.lines
        opening = token.markup
        opener = lines[start]
        at = opener.find(opening)
        if at < 0:
            return
        words = token.info.split()
        info = token.info.strip()
        if words and not info.startswith("{"):
            info = " ".join([words[0], *(word for word in words[1:] if "=" in word or word[:1] in ".#")])
        indent = at - item.old if not opener[item.old : at].strip() else 0
        margin = opener[: at - max(0, indent)]
        for index in range(start + 1, end):
            line = self.replaced.get(index, lines[index])
            spaces = len(line) - len(line.lstrip(" "))
            cut = min(max(0, indent), max(0, spaces - item.old))
            self.replaced[index] = line[: spaces - cut] + line[spaces:]
        new_opener = margin + opening + info
        if new_opener.rstrip() != opener.rstrip():
            self.replaced[start] = new_opener
        closer = _FENCE_CLOSE_RE.match(lines[end - 1]) if end - 1 > start else None
        if closer and closer.group(2)[0] == opening[0] and len(closer.group(2)) >= len(opening):
            self.replaced[end - 1] = margin + opening

    def _html_block(self, start: int, end: int) -> None:
        """A raw HTML block that CommonMark ends at a blank line with elements left open: they
        get md_in_html's `markdown` attribute, and the block's lines after the first lose the
        indentation that would make them code inside such an element."""
        block = "\n".join(self.lines[start:end])
        if block.lstrip()[:2] in ("<!", "<?"):  # a comment, declaration or CDATA: no markdown
            return
        if _RAW_TAGS.intersection(tag.lower() for _, tag, _, _ in _BLOCK_TAG_RE.findall(block[:200])):
            return
        open_tags: list[tuple[str, int, int, bool]] = []  # tag, line, where its name ends, marked
        for index in range(start, end):
            for match in _BLOCK_TAG_RE.finditer(self.lines[index]):
                closing, name, attributes, void = match.groups()
                tag = name.lower()
                if closing:
                    if any(open_tag[0] == tag for open_tag in open_tags[-_HTML_DEPTH:]):
                        while open_tags.pop()[0] != tag:
                            pass
                elif not void and tag in BLOCK_LEVEL_ELEMENTS:
                    open_tags.append((tag, index, match.start(3), bool(_MARKDOWN_ATTR_RE.search(attributes))))
        if not open_tags or any(tag in _RAW_TAGS for tag, _, _, _ in open_tags):
            return
        for tag, index, at, marked in reversed(open_tags):
            if not marked:
                value = "block" if tag in _SPAN_TAGS else "1"
                line = self.replaced.get(index, self.lines[index])
                self.replaced[index] = f'{line[:at]} markdown="{value}"{line[at:]}'
        first = len(self.lines[start]) - len(self.lines[start].lstrip(" "))
        for index in range(start + 1, end):
            line = self.replaced.get(index, self.lines[index])
            indent = len(line) - len(line.lstrip(" "))
            if indent > first:
                self.replaced[index] = line[:first] + line[indent:]

    def _at_margin(self, index: int, item: _Item) -> None:
        """An ATX heading indented by one to three spaces (CommonMark allows them, Python-Markdown
        reads the line as text) at its container's margin."""
        line = self.lines[index]
        spaces = len(line) - len(line.lstrip(" "))
        if spaces > item.old and line[item.old : spaces].strip() == "":
            self.replaced[index] = line[: item.old] + line[spaces:]

    def _inline(self, start: int, end: int, item: _Item, in_table: bool, emphasis: bool = True) -> None:
        """Escapes, emphasis marks and `<` in the text of lines `start`…`end` (see
        `_inline_text`); a list item's marker and indentation are left as they are."""
        heads: list[str] = []
        texts: list[str] = []
        for index in range(start, end):
            line = self.replaced.get(index, self.lines[index])
            cut = item.old if index == item.line else min(item.old, len(line) - len(line.lstrip(" ")))
            heads.append(line[:cut])
            texts.append(line[cut:])
        text = "\n".join(texts)
        if not _INLINE_RE.search(text):
            return
        rewritten = _inline_text(text, in_table, emphasis)
        if rewritten != text:
            for offset, (head, line) in enumerate(zip(heads, rewritten.split("\n"), strict=True)):
                self.replaced[start + offset] = head + line

    def apply(self) -> str:
        out: list[str] = []
        for index, line in enumerate(self.lines):
            if index in self.blank_before and (not out or out[-1].strip(" \t>")):
                out.append(self.blank_before[index])
            line = self.replaced.get(index, line)
            shift = self.shift.get(index, 0)
            if shift > 0 and line.strip():
                line = " " * shift + line
            out.append(line)
        return "\n".join(out)


def _run_end(text: str, index: int) -> int:
    end = index
    while end < len(text) and text[end] == "`":
        end += 1
    return end


def _inline_text(text: str, in_table: bool = False, emphasis: bool = True) -> str:
    """`text` (a paragraph's, heading's or table row's) with what only CommonMark reads as
    markup rewritten so that Python-Markdown reads it alike, code spans as they are:

    - a backslash before punctuation that Python-Markdown does not escape goes (or the
      character is written as an entity), and one at a line's end is a hard break;
    - a run of `*` or `_` that CommonMark can neither open nor close emphasis with is escaped
      (`24C5*(1+5)/24C5*24C5`: Python-Markdown made emphasis of it);
    - a `<` that opens no CommonMark tag or autolink (`<Context.Consumer>`) is `&lt;`;
    - in a table row, `\\|` in a code span is `|`, as GFM's table reads it.
    """
    # Each backtick run by where it starts → where the next run of its width starts (a code
    # span's end), found in one pass from the end.
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    closing_of: dict[int, int | None] = {}
    next_of_width: dict[int, int] = {}
    for start, stop in reversed(runs):
        closing_of[start] = next_of_width.get(stop - start)
        next_of_width[stop - start] = start
    edits: list[tuple[int, int, str]] = []  # (start, stop, replacement), in text order
    marks: list[tuple[int, int, bool, bool]] = []  # emphasis runs: start, stop, can open, close
    index, length = 0, len(text)
    while index < length:
        found = _MARKUP_RE.search(text, index)
        if found is None:
            break
        index = found.start()
        char = text[index]
        if char == "`":
            width = _run_end(text, index) - index
            closing = closing_of.get(index)
            if closing is None:
                index += width
                continue
            if in_table and "\\|" in text[index:closing]:
                edits.append((index, closing, text[index:closing].replace("\\|", "|")))
            index = closing + width
        elif char == "\\" and index + 1 < length:
            following = text[index + 1]
            if following in _UNESCAPED:
                edits.append((index, index + 2, _UNESCAPED[following]))
            elif following == "\n":  # a hard line break
                edits.append((index, index + 1, "  "))
            index += 2
        elif char in "*_":
            stop = found.end()
            # `*[ABBR]: …` at a line's start is an abbreviation's definition (abbr), not emphasis.
            at_start = index == 0 or text[index - 1] == "\n"
            if not (at_start and char == "*" and _ABBREVIATION_RE.match(text, index)):
                marks.append((index, stop, *_flanking(text, index, stop)))
            index = stop
        elif char == "<":
            tag = _COMMONMARK_HTML_RE.match(text, index)
            if tag is not None:
                index = tag.end()
            else:
                if _PYTHON_MARKDOWN_HTML_RE.match(text, index):
                    edits.append((index, index + 1, "&lt;"))
                index += 1
        elif char == "]" and text.startswith("](", index):  # a link's destination: as it is
            link = _LINK_TAIL_RE.match(text, index)
            if link is not None:
                index = link.end()
                continue
            if _SPACED_DESTINATION_RE.match(text, index):  # a link to Python-Markdown only
                edits.append((index + 1, index + 2, "\\("))
            index += 2
        else:  # a `]` that is no link's, or a `\\` at the end
            index += 1
    if emphasis:
        edits += _unusable_marks(text, marks)
    # `𝟭. ` starts an ordered list for Python-Markdown (its \d is any digit), not CommonMark.
    for number in _LINE_NUMBER_RE.finditer(text):
        if not number.group(1).isascii():
            edits.append((number.end(1), number.end(1) + 1, "\\."))
    if not edits:
        return text
    edits.sort()
    parts: list[str] = []
    kept = 0
    for start, stop, replacement in edits:
        parts += [text[kept:start], replacement]
        kept = stop
    parts.append(text[kept:])
    return "".join(parts)


def _unusable_marks(text: str, marks: list[tuple[int, int, bool, bool]]) -> list[tuple[int, int, str]]:
    """Escapes for the runs of `*` or `_` that CommonMark cannot make emphasis of: one that can
    open with no run of its character after it that can close, and can close with none before
    it that can open. Python-Markdown pairs them by other rules (`24C5*(1+5)/24C5*24C5`)."""
    openers_before: dict[str, int] = {"*": 0, "_": 0}
    closers_after: dict[str, int] = {"*": 0, "_": 0}
    for start, _, _, can_close in marks:
        closers_after[text[start]] += can_close
    edits = []
    for start, stop, can_open, can_close in marks:
        char = text[start]
        closers_after[char] -= can_close
        usable = (can_open and closers_after[char] > 0) or (can_close and openers_before[char] > 0)
        openers_before[char] += can_open
        if not usable and (can_open or can_close or char == "*"):
            edits.append((start, stop, "\\" + "\\".join(text[start:stop])))
    return edits


def _kind(char: str) -> str:
    """ " " (whitespace, or the text's edge), "p" (punctuation) or "a" (anything else), as
    CommonMark's flanking rules see a character."""
    if not char or char.isspace():
        return " "
    if char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS":
        return "p"
    return "a"


def _flanking(text: str, start: int, stop: int) -> tuple[bool, bool]:
    """Whether the run of `*` or `_` at `start`…`stop` can open, and can close, emphasis
    (CommonMark 6.2)."""
    before = _kind(text[start - 1] if start else "")
    after = _kind(text[stop] if stop < len(text) else "")
    left = after != " " and (after != "p" or before in " p")
    right = before != " " and (before != "p" or after in " p")
    if text[start] == "*":
        return left, right
    return left and (not right or before == "p"), right and (not left or after == "p")
