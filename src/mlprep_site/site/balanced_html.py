"""An answer's HTML kept inside its own block: raw HTML in an answer (`</div>`, an unclosed
`<table>`) could otherwise close the answer's element early, or keep it open past its end, and
put the questions after it outside the page's article.

`balance` finds, as a browser's parser would pair them, the end tags that close nothing the
fragment opened (dropped) and the elements it leaves open (closed at its end); both are
reported. Elements whose end tag HTML lets go (`<p>`, `<li>`, …) are left to the browser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

VOID = frozenset(
    {
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
        "param",
        "source",
        "track",
        "wbr",
    }
)
OPTIONAL_END = frozenset(
    {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt", "rp"}
    | {"colgroup", "caption"}
)
FOREIGN = frozenset({"math", "svg"})  # inside them, `<x/>` closes itself


class Balanced(NamedTuple):
    html: str
    stray: list[str]
    """End tags that closed nothing the fragment opened (dropped), in order."""
    unclosed: list[str]
    """Elements left open whose end tag is not optional (closed at the end), outermost first."""


class _Pairs(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        self.line_starts += [index + 1 for index, char in enumerate(html) if char == "\n"]
        self.html = html
        self.open: list[str] = []
        self.stray: list[tuple[int, int, str]] = []  # (start, end, tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID and not FOREIGN.intersection(self.open):
            self.open.append(tag)  # `<div/>` opens a div in HTML

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            index = len(self.open) - 1 - self.open[::-1].index(tag)
            del self.open[index:]  # what it encloses closes with it
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        end = self.html.find(">", start) + 1 or len(self.html)
        self.stray.append((start, end, tag))


def balance(html: str) -> Balanced:
    """`html` with stray end tags dropped and elements left open closed at its end (those
    with an optional end tag only inside another one)."""
    if "<" not in html:
        return Balanced(html, [], [])
    pairs = _Pairs(html)
    pairs.feed(html)
    pairs.close()
    unclosed = [tag for tag in pairs.open if tag not in OPTIONAL_END]  # the browser closes the rest
    if not pairs.stray and not unclosed:
        return Balanced(html, [], [])
    parts, position = [], 0
    for start, end, _ in pairs.stray:
        parts.append(html[position:start])
        position = end
    parts.append(html[position:])
    if unclosed:  # closed from the outermost of them in: what it holds closes with it
        outermost = next(index for index, tag in enumerate(pairs.open) if tag not in OPTIONAL_END)
        parts += [f"</{tag}>" for tag in reversed(pairs.open[outermost:])]
    return Balanced("".join(parts), [tag for _, _, tag in pairs.stray], unclosed)
