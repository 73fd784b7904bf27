"""The text of an answer's lines as Python-Markdown reads it the way CommonMark does: the inline
rewrites of `answers.commonmark` (escapes, emphasis marks, `<`, links) and the text of raw
HTML lines. Each works on one paragraph's (or line's) text, in linear time."""

from __future__ import annotations

import re
import string
import unicodedata
from html import escape

from markdown.util import BLOCK_LEVEL_ELEMENTS

from mlprep_site.core.text.tex import find_math

HTML_DEPTH = 32  # how far up a closing tag looks for its opening one (limits.MAX_HTML_DEPTH)
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
BLOCK_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*?)(/?)>")
VOID_TAGS = {
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
MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\s*=", re.IGNORECASE)
_ASCII_PUNCTUATION = frozenset(string.punctuation)
_TAG_SPLIT_RE = re.compile(r"(<[^<>]*>)")
_RAW_MARKUP_RE = re.compile(r"[\\`*_|\[\]]")
_RAW_MARKER_RE = re.compile(r"(?:[-+#>=]|\d{1,9}[.)])")
_NEXT_LINE_RE = re.compile(r"\n[ \t]*\S")
# Where `inline_text` has something to look at: a run of emphasis marks, a backtick, a
# backslash, a `<` or a `]` (its link's destination follows).
_MARKUP_RE = re.compile(r"\*+|_+|[`\\<\]]")
_LINE_NUMBER_RE = re.compile(r"^ {0,3}(\d+)\.(?= |$)", re.MULTILINE)
# A link's destination and title as CommonMark reads them (spec 6.3: a bare destination has no
# space and balanced parentheses, one in `<…>` no `<`, `>` or line break), from its `](` to its
# `)`; and a destination with spaces and no title, which is no link to CommonMark. Bounded
# repeats: each `](` costs a bounded look-ahead, so the whole text is read in linear time.
_LINK_TAIL_RE = re.compile(
    r"""\]\(\s{0,32}(?:<[^<>\n]{0,2048}>|(?P<bare>[^\s()]{0,2048}(?:\([^\s()]{0,2048}\)[^\s()]{0,2048}){0,8}))"""
    r"""(?:\s{1,32}(?:"[^"]{0,2048}"|'[^']{0,2048}'|\([^()]{0,2048}\)))?\s{0,32}\)"""
)
_QUOTES = {"'": "%27", '"': "%22"}
_SPACED_DESTINATION_RE = re.compile(r"""\]\([^()<>\s"']{1,512}(?:[ \t]+[^()<>\s"']{1,512}){1,64}\)""")
# An abbreviation's definition (abbr), not emphasis.
_ABBREVIATION_RE = re.compile(r"\*\[[^\]\n]+\]:")


def raw_text(line: str, elements: list[tuple[str, bool]]) -> str:
    """A line of a raw HTML block (a raw line to CommonMark) with the text that Python-Markdown
    reads as markdown escaped where markdown would act on it (emphasis, code spans, links,
    tables, a list's or heading's marker at its start): outside the block-level elements open
    (`elements`, carried from line to line: inline ones such as `<b>` are read through), or
    right inside one that has a `markdown` attribute. (Inside others, such as `<summary>`,
    Python-Markdown keeps it raw.)"""
    read = not elements or elements[-1][1]
    parts = _TAG_SPLIT_RE.split(line)
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            tag = BLOCK_TAG_RE.fullmatch(part)
            name = "" if tag is None else tag.group(2).lower()
            if tag is None or name not in BLOCK_LEVEL_ELEMENTS or name in VOID_TAGS or tag.group(4):
                continue
            if not tag.group(1):
                elements.append((name, bool(MARKDOWN_ATTR_RE.search(tag.group(3)))))
            elif any(open_name == name for open_name, _ in elements[-HTML_DEPTH:]):
                while elements.pop()[0] != name:  # closing what it holds, as a browser does
                    pass
        elif not elements or elements[-1][1]:
            parts[index] = _RAW_MARKUP_RE.sub(r"\\\g<0>", part)
    text = "".join(parts)
    marker = _RAW_MARKER_RE.match(text) if read else None
    return text if marker is None else f"{text[: marker.end() - 1]}\\{text[marker.end() - 1 :]}"


def _math_spans(text: str) -> list[tuple[int, int]]:
    """Where the `$…$` and `$$…$$` spans that the site draws as math (`core.text.tex.find_math`) are
    in `text`, in order."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for span in find_math(text):
        at = text.find(span.source, max(cursor, starts[span.line]))
        if at >= 0:
            spans.append((at, at + len(span.source)))
            cursor = at + len(span.source)
    return spans


def _code_shown(content: str) -> str | None:
    """A code span's text as CommonMark shows it, when Python-Markdown would show it otherwise
    (it strips all the spaces at both ends; CommonMark one from each, and only from both):
    `` ` Object.keys()` `` keeps its space. None when they show it alike."""
    shown = content.replace("\n", " ")
    if shown[:1] == " " and shown[-1:] == " " and shown.strip(" "):
        shown = shown[1:-1]
    return shown if shown.strip() and shown != shown.strip() else None


def _run_end(text: str, index: int) -> int:
    end = index
    while end < len(text) and text[end] == "`":
        end += 1
    return end


def inline_text(text: str, in_table: bool = False) -> str:
    """`text` (a paragraph's, heading's or table row's) with what only CommonMark reads as
    markup rewritten so that Python-Markdown reads it alike; the math that the site draws
    (`$…$`, `$$…$$`) is left as it is:

    - a backslash before punctuation that Python-Markdown does not escape goes (or the
      character is written as an entity), and one at a line's end is a hard break;
    - a run of `*` or `_` that CommonMark can neither open nor close emphasis with is escaped
      (`24C5*(1+5)/24C5*24C5`: Python-Markdown made emphasis of it);
    - a `<` that opens no CommonMark tag or autolink (`<Context.Consumer>`) is `&lt;`;
    - a link whose destination has spaces (text on GitHub) loses its link;
    - in a table row, `\\|` in a code span is `|`, as GFM's table reads it; a code span with a
      space at one end only is written as HTML, which keeps it.
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
    math = _math_spans(text) if "$" in text else []
    next_math = 0
    index, length = 0, len(text)
    while index < length:
        found = _MARKUP_RE.search(text, index)
        if found is None:
            break
        index = found.start()
        while next_math < len(math) and math[next_math][1] <= index:
            next_math += 1
        if next_math < len(math) and math[next_math][0] <= index:  # TeX, which the math extension reads
            index = math[next_math][1]
            continue
        char = text[index]
        if char == "`":
            width = _run_end(text, index) - index
            closing = closing_of.get(index)
            if closing is None:
                index += width
                continue
            content = text[index + width : closing]
            if in_table:  # GFM's table takes `\|` in a cell's code for a `|`
                content = content.replace("\\|", "|")
            shown = _code_shown(content)
            if shown is not None:  # HTML keeps the space; a `|` in it would end a table's cell
                code = escape(shown, quote=False).replace("|", "&#124;")
                edits.append((index, closing + width, f"<code>{code}</code>"))
            elif in_table and "\\|" in text[index:closing]:
                edits.append((index, closing, text[index:closing].replace("\\|", "|")))
            index = closing + width
        elif char == "\\" and index + 1 < length:
            following = text[index + 1]
            if following in _UNESCAPED:
                edits.append((index, index + 2, _UNESCAPED[following]))
            elif following == "\n" and _NEXT_LINE_RE.match(text, index + 1):  # a hard line break
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
                # A quote in a bare destination starts a title for Python-Markdown, which then
                # runs on to a later `)`: percent-encoded, it is the same URL.
                bare = link.group("bare")
                if bare and ("'" in bare or '"' in bare):
                    at = link.start("bare")
                    edits += [(at + n, at + n + 1, _QUOTES[c]) for n, c in enumerate(bare) if c in _QUOTES]
                index = link.end()
                continue
            if _SPACED_DESTINATION_RE.match(text, index):  # a link to Python-Markdown only
                edits.append((index + 1, index + 2, "\\("))
            index += 2
        else:  # a `]` that is no link's, or a `\\` at the end
            index += 1
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
    """Escapes for the runs of `*` or `_` that CommonMark makes no emphasis of: each run that
    can close takes the nearest open run of its character before it, as CommonMark pairs them
    (spec 6.2, without the rule of three); a run left with none is text. Python-Markdown pairs
    them by other rules (`24C5*(1+5)/24C5*24C5` was emphasis). Linear: each step uses up a
    mark of two runs."""
    left = [stop - start for start, stop, _, _ in marks]
    paired = [False] * len(marks)
    openers: dict[str, list[int]] = {"*": [], "_": []}
    for index, (start, _, can_open, can_close) in enumerate(marks):
        stack = openers[text[start]]
        while can_close and stack and left[index]:
            other = stack[-1]
            used = 2 if left[index] >= 2 and left[other] >= 2 else 1
            left[index] -= used
            left[other] -= used
            paired[index] = paired[other] = True
            if not left[other]:
                stack.pop()
        if can_open and left[index]:
            stack.append(index)
    return [
        (start, stop, "\\" + "\\".join(text[start:stop]))
        for (start, stop, can_open, can_close), used in zip(marks, paired, strict=True)
        if not used and (can_open or can_close or text[start] == "*")
    ]


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
