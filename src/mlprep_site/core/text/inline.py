"""Inline markdown of titles, questions, section headings and descriptions, as readers see it.

One reading, two outputs: `inline_html` (pages, the deck's cards) and `plain_text` (the table of
contents, navigation, `<title>`, search, JSON-LD, quiz data, deck names, and the words ids are
made from). The text is read as CommonMark with GitHub's strikethrough (markdown-it-py, the
parser the reader uses), inline HTML included, so what GitHub shows as `ls -al` in code, a link's
words or bold text is shown so here too, and never as literal `<code>`, `**` or `[x](y)`:

- code spans, emphasis, strong emphasis and strikethrough render; so do the inline formatting
  tags of `INLINE_TAGS` (`<b>`, `<code>`, `<kbd>`, `<sub>`…), written again without attributes;
- a link renders as a link when it goes to http(s) (it leads to the web, it loads nothing);
  any other destination (`#argo`, a file of the source repository) leaves its words;
- `<a name>`/`<a id>` anchors, `<br>`, images (their alt text stays: the site requests nothing
  from other origins) and the layout tags of `DROPPED_TAGS` go; their text stays; a layout tag
  without attributes that is never closed is text (`What is a <div>?`);
- anything else that looks like a tag (`<BRANCH>`, `<script>`, `<T>`) is text, as written;
- emoji shortcodes (`:rocket:`) stay as written: the site has no emoji extension, and answers
  show them the same way.

The HTML is balanced (every element opened is closed, in order) and holds no character that a
later markdown pass could read as markup (`*`, `_`, `[`, `` ` ``, `$`… are entities): it is
written into markdown headings, link texts and raw-HTML blocks alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html import escape, unescape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlprep_site.core.text.code_spans import code_spans
from mlprep_site.core.text.lines import split_lines

# Characters that would let text become markup: raw HTML, links, attribute lists (`{: onclick=…}`),
# backslash escapes, table cells, code spans, emphasis, math (`$…$` in a title would be drawn
# from the entities above).
_TEXT_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "`": "&#96;",
    "$": "&#36;",
    "*": "&#42;",
    "_": "&#95;",
}
TEXT_TABLE = str.maketrans(_TEXT_ESCAPES)

INLINE_TAGS = frozenset(
    {"b", "strong", "i", "em", "code", "kbd", "samp", "var", "tt", "sub", "sup", "s", "del", "strike"}
    | {"ins", "u", "mark", "small", "big", "q", "cite", "abbr", "dfn"}
)
"""Inline HTML that renders, as the tag alone (attributes are dropped)."""
DROPPED_TAGS = frozenset(
    {"a", "br", "img", "span", "font", "p", "div", "center", "hr", "wbr", "nobr", "picture", "source"}
    | {"details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "label"}
)
"""Tags that go while their text stays (`a` unless it links to http(s), see above)."""
LAYOUT_TAGS = DROPPED_TAGS - {"a", "br", "wbr", "img", "hr"}
"""Of those, the ones a question may name as its subject: bare and never closed ("the <div>
and <span> tags") such a tag is text, as written."""
# Markdown's own inline elements, as token type prefix → tag.
_MARKDOWN_TAGS = {"strong": "strong", "em": "em", "s": "del"}

HTML_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^>]*)?)/?>\Z", re.DOTALL)
HREF_RE = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
WEB_URL_RE = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)
# Text without any of these is read as it is (most titles), and text with them only inside code
# spans is code spans and text: no parse (markdown-it costs some 40 µs a title).
MARKUP_CHAR_RE = re.compile(r"[\\`*_~\[<&]")
OUTSIDE_CODE_MARKUP_RE = re.compile(r"[\\*_~\[<&]")
# Markdown's blanks: U+2028, U+2029, U+0085 and the no-break space are characters (core.text.lines).
BLANKS_RE = re.compile(r"[ \t\n\r\f\v]+")


def one_line(text: str) -> str:
    """`text` with each run of blanks one space, and none at either end."""
    return BLANKS_RE.sub(" ", text).strip(" ")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("strikethrough")
    # Every destination is a link to the parser (`[x](javascript:…)` would stay literal
    # text otherwise); which ones become links is decided here (`_web_url`).
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


def _web_url(url: str | None) -> str | None:
    url = None if url is None else url.strip()
    return url if url is not None and WEB_URL_RE.match(url) else None


def _attribute(pattern: re.Pattern[str], attributes: str) -> str | None:
    match = pattern.search(attributes)
    return None if match is None else unescape(next(g for g in match.groups() if g is not None))


class _Writer:
    """Both outputs of one token stream. The source's elements still open are kept on a stack,
    each with whether it wrote a tag, so that the HTML is balanced whatever the source's tags do
    (`</code>` twice, `<b>` never closed, `**` closed inside `<b>`)."""

    def __init__(self, links: bool) -> None:
        self.links = links
        self.html: list[str] = []
        self.plain: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, whether it was written)

    def text(self, text: str) -> None:
        self.html.append(text.translate(TEXT_TABLE))
        self.plain.append(text)

    def start(self, tag: str) -> None:
        self.open.append((tag, True))
        self.html.append(f"<{tag}>")

    def start_link(self, url: str | None) -> None:
        """A link: written when it goes to the web (and is not inside another), else its words."""
        href = _web_url(url) if self.links and ("a", True) not in self.open else None
        self.open.append(("a", href is not None))
        if href is not None:
            self.html.append(f'<a href="{href.translate(TEXT_TABLE)}">')

    def end(self, tag: str) -> None:
        """Close the innermost open element of `tag` (one never opened closes nothing); those
        still open inside it close first."""
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                self._close_to(index)
                return

    def _close_to(self, index: int) -> None:
        while len(self.open) > index:
            tag, written = self.open.pop()
            if written:
                self.html.append(f"</{tag}>")

    def finish(self) -> tuple[str, str]:
        self._close_to(0)
        return one_line("".join(self.html)), one_line("".join(self.plain))


def _lone_layout_tags(tokens: Sequence[Token]) -> set[int]:
    """Indexes of the bare layout tags (`<div>`, not `<div align="center">`) that no closing tag
    of their name follows."""
    opened: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.type != "html_inline" or not (match := HTML_TAG_RE.match(token.content)):
            continue
        name = match.group(2).lower()
        if name not in LAYOUT_TAGS:
            continue
        if match.group(1):  # a closing tag closes the latest of its name still open
            if opened.get(name):
                opened[name].pop()
        elif not match.group(3).strip():
            opened.setdefault(name, []).append(index)
    return {index for indexes in opened.values() for index in indexes}


def _write_html_tag(writer: _Writer, source: str, lone: bool) -> None:
    match = HTML_TAG_RE.match(source)
    name = match.group(2).lower() if match else ""
    if not match or name not in INLINE_TAGS | DROPPED_TAGS or lone:
        if source.startswith("<") and source[1:2] in "!?":
            return  # a comment, declaration or processing instruction: nothing to show
        writer.text(source)  # `<BRANCH>`, `<script>`, a lone `<div>`: text, as written
        return
    closing, attributes = match.group(1) == "/", match.group(3)
    if name in ("br", "hr", "wbr"):
        writer.text(" ")
    elif name == "img" and not closing:
        writer.text(_attribute(ALT_RE, attributes) or "")
    elif closing:
        writer.end(name)  # a dropped tag was never opened: it closes nothing
    elif name == "a":
        writer.start_link(_attribute(HREF_RE, attributes))
    elif name in INLINE_TAGS and not source.endswith("/>"):
        writer.start(name)


def _write(writer: _Writer, tokens: Sequence[Token]) -> None:
    lone = _lone_layout_tags(tokens) if any(t.type == "html_inline" for t in tokens) else set()
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("text", "text_special"):
            writer.text(token.content)
        elif kind == "code_inline":
            writer.start("code")
            writer.text(token.content)
            writer.end("code")
        elif kind in ("softbreak", "hardbreak"):
            writer.text(" ")
        elif kind == "html_inline":
            _write_html_tag(writer, token.content, index in lone)
        elif kind == "link_open":
            href = token.attrs.get("href")
            writer.start_link(href if isinstance(href, str) else None)
        elif kind == "link_close":
            writer.end("a")
        elif kind == "image":
            _write(writer, token.children or ())  # the alt text, as text
        elif kind.endswith("_open") and kind[:-5] in _MARKDOWN_TAGS:
            writer.start(_MARKDOWN_TAGS[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _MARKDOWN_TAGS:
            writer.end(_MARKDOWN_TAGS[kind[:-6]])


def _code_and_text(text: str) -> tuple[str, str] | None:
    """`text` read without the parser when its only markup is code spans (`code_spans` finds
    them as CommonMark does, text with no backslash in it); None when there is other markup."""
    writer = _Writer(False)
    position = 0
    for start, end, ticks in code_spans(text):
        if OUTSIDE_CODE_MARKUP_RE.search(text, position, start):
            return None
        writer.text(text[position:start])
        code = text[start + ticks : end - ticks]
        if code[:1] == code[-1:] == " " and code.strip():  # CommonMark strips one space a side
            code = code[1:-1]
        writer.start("code")
        writer.text(code)
        writer.end("code")
        position = end
    if OUTSIDE_CODE_MARKUP_RE.search(text, position):
        return None
    writer.text(text[position:])
    return writer.finish()


@functools.lru_cache(maxsize=1 << 16)  # a question is wanted by its id, page, contents, search and deck
def _read(text: str, links: bool) -> tuple[str, str]:
    if not MARKUP_CHAR_RE.search(text):
        plain = one_line(text)
        return plain.translate(TEXT_TABLE), plain
    if "\\" not in text and (read := _code_and_text(text)) is not None:
        return read
    return _parsed(text, links)


def _parsed(text: str, links: bool) -> tuple[str, str]:
    """(HTML, plain text) of `text` as the parser reads it: what the shortcuts of `_read` give too."""
    writer = _Writer(links)
    for block in _PARSER.parseInline(text):
        _write(writer, block.children or ())
    return writer.finish()


def inline_html(text: str, links: bool = True) -> str:
    """Inline markdown (a title, question, section heading or description) as safe, balanced
    HTML on one line (see the module's docstring). `links=False` where the text sits inside a
    link of its own (a topic's card links to its page): links leave their words only."""
    return _read(text, links)[0]


def plain_text(text: str) -> str:
    """Inline markdown as the words a reader sees, on one line: code span text kept, a link's
    words kept and its destination dropped, tags dropped. Not escaped: for text contexts, or to
    be escaped where it lands in HTML."""
    return _read(text, True)[1]  # the same with links or without: one reading serves both


inline_text = inline_html
"""The name site.blocks knows `inline_html` by."""


def attr(value: str) -> str:
    return escape(value, quote=True)


def link(url: str | None, text: str) -> str:
    return f'<a href="{attr(url)}">{escape(text)}</a>' if url else escape(text)


# A line's block markup in a description: a list item's marker, a heading's or a quote's.
BLOCK_MARKER_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)(?:[ \t]+|\Z)")


def flat_description(description: str) -> str:
    """A topic's description (which may run over several lines, or be a list: a README's table
    of contents) as one line of inline markdown: each list item, heading or paragraph is a part,
    parts are separated by " · " (after a part ending in `:`, by a space), and the markers go.
    Nothing of its text is left out; links to the source's own anchors (`- [Argo](#argo)`)
    keep their words (see `inline_html`)."""
    parts: list[list[str]] = [[]]
    for line in split_lines(description):
        marker = BLOCK_MARKER_RE.match(line)
        if marker or not line.strip():
            parts.append([])
        text = line[marker.end() :] if marker else line
        if text.strip():
            parts[-1].append(text.strip())
    flat = ""
    for part in filter(None, parts):
        separator = "" if not flat else " " if flat.endswith(":") else " · "  # "Topics:" leads its list
        flat += separator + " ".join(part)
    return flat
