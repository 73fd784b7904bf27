"""An answer's HTML kept inside its own block: raw HTML in an answer (`</div>`, an unclosed
`<table>` or `<b>`) could otherwise close the answer's element early, or reach past its end,
and put the questions after it outside the page's article, inside a table cell, or in bold.

`balance` pairs tags as far as that decides where the answer ends, the way a browser's parser
does, and leaves the rest to the browser:

- Containers (`div`, `details`, `table`, lists, sections…) pair by nesting: an end tag closes
  the innermost open one of its name and what it encloses, as long as no table cell (or other
  scope boundary) lies between; an end tag that closes nothing the answer opened there is
  dropped, and a container left open is closed at the answer's end.
- Formatting elements (`b`, `em`, `a`…) are counted, not nested: a browser carries them over a
  paragraph's end and closes them at their end tag wherever it comes. Those left open are
  closed at the answer's end; a spare end tag is left for the browser, which ignores it.
- Everything else (`p`, `li`, `br`, …) is the browser's to pair.

Both kinds of repair are reported.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

CONTAINERS = frozenset({"div", "details", "summary", "section", "article", "aside", "nav", "main"})
CONTAINERS |= {"header", "footer", "blockquote", "figure", "figcaption", "form", "fieldset", "pre"}
CONTAINERS |= {"table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th"}
CONTAINERS |= {"ul", "ol", "dl", "template", "body", "html"}
FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike"})
FORMATTING |= {"strong", "tt", "u"}
FOREIGN = frozenset({"svg", "math"})
# An end tag finds its element only inside the innermost of these (a browser's "scope"); table
# parts look through the table's own parts.
SCOPE_BOUNDARIES = frozenset({"table", "td", "th", "caption", "template", "html"})
TABLE_PARTS = frozenset({"table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th"})
# Left open, these are closed without a word when something around them closes.
OPTIONAL_END = frozenset({"tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption"})


class Balanced(NamedTuple):
    html: str
    stray: list[str]
    """Container end tags that closed nothing the fragment opened (dropped), in order."""
    unclosed: list[str]
    """Elements left open (closed at the end), outermost first; those with an optional end
    tag only when nothing else is open around them."""


class _Pairs(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts: list[int] | None = None  # made at the first stray tag: most have none
        self.html = html
        self.open: list[str] = []  # containers, innermost last
        self.formatting: dict[str, int] = {}  # formatting element → how many are open
        self.stray: list[tuple[int, int, str]] = []  # (start, end, tag) of container end tags
        self.foreign = 0  # open svg and math elements: in them `<x/>` closes itself

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FOREIGN:
            self.foreign += 1
        elif self.foreign:
            return
        elif tag in CONTAINERS:
            self.open.append(tag)
        elif tag in FORMATTING:
            self.formatting[tag] = self.formatting.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.foreign and tag not in FOREIGN:
            self.handle_starttag(tag, attrs)  # `<div/>` opens a div in HTML

    def handle_endtag(self, tag: str) -> None:
        if tag in FOREIGN:
            self.foreign = max(self.foreign - 1, 0)
            return
        if self.foreign:
            return
        if tag in FORMATTING:
            if self.formatting.get(tag):
                self.formatting[tag] -= 1
            return
        if tag not in CONTAINERS:
            return
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index] == tag:
                del self.open[index:]  # what it encloses closes with it
                return
            if self.open[index] in SCOPE_BOUNDARIES and not (
                tag in TABLE_PARTS and self.open[index] in TABLE_PARTS
            ):
                break  # `</div>` in a table cell closes nothing outside it: the browser ignores it
        if self.line_starts is None:
            self.line_starts = [0, *(index + 1 for index, char in enumerate(self.html) if char == "\n")]
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        end = self.html.find(">", start) + 1 or len(self.html)
        self.stray.append((start, end, tag))


def balance(html: str) -> Balanced:
    """`html` with stray container end tags dropped and what it left open closed at its end."""
    if "<" not in html:
        return Balanced(html, [], [])
    pairs = _Pairs(html)
    pairs.feed(html)
    pairs.close()
    formatting = [tag for tag, count in pairs.formatting.items() for _ in range(count)]
    containers = pairs.open if any(tag not in OPTIONAL_END for tag in pairs.open) else []
    if not pairs.stray and not formatting and not containers:
        return Balanced(html, [], [])
    parts, position = [], 0
    for start, end, _ in pairs.stray:
        parts.append(html[position:start])
        position = end
    parts.append(html[position:])
    parts += [f"</{tag}>" for tag in reversed(formatting)]
    parts += [f"</{tag}>" for tag in reversed(containers)]
    unclosed = [*(tag for tag in containers if tag not in OPTIONAL_END), *formatting]
    return Balanced("".join(parts), [tag for _, _, tag in pairs.stray], unclosed)
