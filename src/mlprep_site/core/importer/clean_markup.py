"""Markdown from an untrusted source with its raw HTML cleaned, for `import --sanitize`.

Answers are markdown, so `sanitize_html` cannot run on them: it would escape the markdown.
This cleans only what the page would pass through as HTML, outside code (fenced and indented
blocks, `core.importer.fences`; inline code spans, `core.text.code_spans`), with the allow-lists of
`core.text.sanitize`:

- a tag whose element is not allowed is dropped (its content stays, as text); `script`,
  `style`, `iframe` and the like go with their content, up to their closing tag;
- an allowed tag loses the attributes the allow-list does not hold for it, URLs with another
  scheme than http, https or mailto, and style properties other than `text-align`;
- HTML comments are dropped; a `<` that opens no complete tag is written `&lt;` (the page
  shows the same `<`, and a browser cannot read it as the start of a tag);
- an attribute list (`{: onclick=…}`, the `attr_list` extension) loses each `key=value` whose
  key is not one the allow-list keeps on any element (`class`, `id`, `title`, `lang`…);
- a markdown link, image or link definition whose URL has another scheme gets `#` in front
  of it, so it points into the page (`[x](#javascript:…)`).

Everything else, markdown text and code, is kept byte for byte; a tag is rewritten only
when something is taken out of it.
"""

from __future__ import annotations

import bisect
import html
import re
from html.parser import HTMLParser

from mlprep_site.core.text.code import outside_code
from mlprep_site.core.text.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    STYLE_PROPERTIES,
    URL_SCHEMES,
    attribute_value,
)

_ATTRIBUTES = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?"""
_HTML_RE = re.compile(
    r"(?P<autolink><(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>)"
    r"|(?P<comment><!--)"
    r"|</(?P<close>[A-Za-z][A-Za-z0-9-]*)\s*>"
    rf"|<(?P<open>[A-Za-z][A-Za-z0-9-]*){_ATTRIBUTES}>"
    r"|(?P<stray><[A-Za-z/!?])",
    re.DOTALL,
)
# A markdown link or image destination `](url`, and a link definition `[x]: url`.
_LINK_URL_RE = re.compile(r"\]\(\s*<?(?P<url>[^\s)>]+)|^ {0,3}\[[^\]]+\]:\s*<?(?P<defined>[^\s>]+)", re.M)
# An attribute list, and each `key=value` in one (attr_list's own token forms).
_ATTR_LIST_RE = re.compile(r"\{:?[^{}\n]*\}")
_ATTR_PAIR_RE = re.compile(r"""[ \t]*([^ \t=}{]+)=(?:"[^"\n]*"|'[^'\n]*'|[^ \t=}{]+)""")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_ATTRIBUTES = frozenset({"href", "src"})


def url_allowed(url: str) -> bool:
    """Whether a browser would follow `url` with an allowed scheme, or none (a relative URL):
    character references decoded and control characters and spaces removed first, as a
    browser does (`java&#x09;script:` is `javascript:`)."""
    plain = "".join(ch for ch in html.unescape(url) if ord(ch) > 0x20)
    scheme = _SCHEME_RE.match(plain)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: tuple[str, list[tuple[str, str | None]], bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = self.tag or (tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = self.tag or (tag, attrs, True)


def _kept_attribute(tag: str, name: str, value: str | None) -> str | None | bool:
    """The attribute's value to keep (None: a bare attribute), or False to drop it."""
    if name not in ALLOWED_ATTRIBUTES["*"] and name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name in _URL_ATTRIBUTES and value is not None and not url_allowed(value):
        return False
    if value is not None and attribute_value(tag, name, value) != value:
        return False
    if name == "style" and value is not None:
        kept = [d for d in value.split(";") if d.split(":", 1)[0].strip().lower() in STYLE_PROPERTIES]
        return "; ".join(d.strip() for d in kept) if kept else False
    return value


def clean_tag(text: str) -> str:
    """One opening tag of an allowed element: as written when the allow-list keeps all of it,
    else written again with what it keeps ("" when it cannot be read as a tag)."""
    reader = _TagReader()
    reader.feed(text)
    reader.close()
    if reader.tag is None:
        return ""
    tag, attrs, closed = reader.tag
    kept = [(name, _kept_attribute(tag, name, value)) for name, value in attrs]
    if kept == attrs:
        return text
    parts = [tag]
    for name, value in kept:
        if value is None:
            parts.append(name)
        elif value is not False:
            parts.append(f'{name}="{html.escape(str(value))}"')
    return f"<{' '.join(parts)}{' /' if closed else ''}>"


def clean_markup(text: str) -> str:
    """`text` with its raw HTML, attribute lists and link URLs cleaned as the module says, the
    rest unchanged (`answers.sanitize_rendered` then checks it by what it renders to)."""
    if not any(mark in text for mark in ("<", "](", "]:", "{")):
        return text
    masked = outside_code(text)
    closings = _Closings(masked)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in order, disjoint
    position = 0
    while (match := _HTML_RE.search(masked, position)) is not None:
        start, end = match.span()
        replacement = _html_replacement(match, text)
        if match.group("comment"):
            close = closings.after(end, "-->")
            end, replacement = (close, "") if close is not None else (end, "&lt;!--")
        elif match.group("open") and match.group("open").lower() in DROPPED_WITH_CONTENT:
            end = closings.after(end, f"</{match.group('open').lower()}") or end
        if replacement != text[start:end]:
            edits.append((start, end, replacement))
        position = end
    taken = [(start, end) for start, end, _ in edits]
    for match in _ATTR_LIST_RE.finditer(masked):
        for pair in _ATTR_PAIR_RE.finditer(masked, match.start() + 1, match.end() - 1):
            if pair.group(1).lower() not in ALLOWED_ATTRIBUTES["*"] and not _inside(pair.start(), taken):
                edits.append((pair.start(), pair.end(), ""))
    for match in _LINK_URL_RE.finditer(masked):
        group = "url" if match.group("url") is not None else "defined"
        start = match.start(group)
        if not url_allowed(match.group(group)) and not _inside(start, taken):
            edits.append((start, start, "#"))
    edits.sort()
    out, position = [], 0
    for start, end, replacement in edits:
        out += [text[position:start], replacement]
        position = end
    out.append(text[position:])
    return "".join(out)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` is in one of `spans` (sorted and disjoint)."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and position < spans[index][1]


class _Closings:
    """Where comments and elements dropped with their content end: each kind of closing is
    searched for once, so a text of many unclosed `<!--` or `<script>` costs linear time."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.found: dict[str, list[int]] = {}

    def after(self, position: int, closing: str) -> int | None:
        """The end of the first `closing` (`-->`, or `</name` up to its `>`) at or after
        `position`, or None."""
        if closing not in self.found:
            pattern = re.escape(closing) + (r"\s*>" if closing.startswith("</") else "")
            ends = [m.end() for m in re.finditer(pattern, self.masked, re.IGNORECASE)]
            self.found[closing] = ends
        ends = self.found[closing]
        index = bisect.bisect_left(ends, position + len(closing))
        return ends[index] if index < len(ends) else None


def _html_replacement(match: re.Match[str], text: str) -> str:
    written = text[match.start() : match.end()]
    if match.group("autolink"):
        return written if url_allowed(written[1:-1]) else ""
    if match.group("comment"):
        return ""  # its end is found by the caller
    if match.group("stray"):
        return "&lt;" + written[1:]
    name = (match.group("close") or match.group("open")).lower()
    if name not in ALLOWED_TAGS:
        return ""
    return written if match.group("close") else clean_tag(written)
