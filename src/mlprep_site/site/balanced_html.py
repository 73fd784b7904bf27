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

Both kinds of repair are reported. An end tag whose start tag the fragment shows as text (JSX's
`<div onKeyDown={(e) => …}>` is no tag to CommonMark, so GitHub shows `<div …` and drops the
`</div>`) is dropped too, and told apart: the page then shows what GitHub shows.
"""

from __future__ import annotations

import re
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
TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


class Balanced(NamedTuple):
    html: str
    stray: list[str]
    """Container end tags that closed nothing the fragment opened (dropped), in order, but for
    those of `shown`."""
    unclosed: list[str]
    """Elements left open (closed at the end), outermost first; those with an optional end
    tag only when nothing else is open around them."""
    shown: list[str]
    """Container end tags dropped after a start tag of their name that the fragment shows as
    text (`&lt;div`, outside code): GitHub shows that start tag as text and drops them too."""
    empty: list[str]
    """Containers left open (closed at the end) that were written as an empty element, not in
    `unclosed`: a JSX component (`<Header user={user} />`) that a browser reads as an open
    `<header>`, as GitHub's does where it allows the element."""


class _Pairs(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts: list[int] | None = None  # made at the first stray tag: most have none
        self.html = html
        self.open: list[str] = []  # containers, innermost last
        self.formatting: dict[str, int] = {}  # formatting element → how many are open
        # (start, end, tag, whether its start tag was shown as text) of container end tags
        self.stray: list[tuple[int, int, str, bool]] = []
        self.foreign = 0  # open svg and math elements: in them `<x/>` closes itself
        self.escaped = False  # the last thing read was `&lt;` outside code
        self.shown: dict[str, int] = {}  # container start tags written as text → not yet closed
        self.empty: dict[str, int] = {}  # containers opened by a `<x/>` tag → how many

    def handle_entityref(self, name: str) -> None:
        self.escaped = name == "lt" and not self.formatting.get("code") and "pre" not in self.open

    def handle_data(self, data: str) -> None:
        name = TAG_NAME_RE.match(data) if self.escaped else None
        if name is not None and name[0].lower() in CONTAINERS:
            tag = name[0].lower()
            self.shown[tag] = self.shown.get(tag, 0) + 1
        self.escaped = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.escaped = False
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
            if tag in CONTAINERS:
                self.empty[tag] = self.empty.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        self.escaped = False
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
        shown = bool(self.shown.get(tag))
        if shown:
            self.shown[tag] -= 1
        self.stray.append((start, end, tag, shown))


def balance(html: str) -> Balanced:
    """`html` with stray container end tags dropped and what it left open closed at its end."""
    if "<" not in html:
        return Balanced(html, [], [], [], [])
    pairs = _Pairs(html)
    pairs.feed(html)
    pairs.close()
    formatting = [tag for tag, count in pairs.formatting.items() for _ in range(count)]
    containers = pairs.open if any(tag not in OPTIONAL_END for tag in pairs.open) else []
    if not pairs.stray and not formatting and not containers:
        return Balanced(html, [], [], [], [])
    parts, position = [], 0
    for start, end, _, _ in pairs.stray:
        parts.append(html[position:start])
        position = end
    parts.append(html[position:])
    parts += [f"</{tag}>" for tag in reversed(formatting)]
    parts += [f"</{tag}>" for tag in reversed(containers)]
    unclosed, empty = [], []
    for tag in containers:  # the innermost of a name may be a `<x>`: only their number counts
        if pairs.empty.get(tag):
            pairs.empty[tag] -= 1
            empty.append(tag)
        elif tag not in OPTIONAL_END:
            unclosed.append(tag)
    stray = [tag for _, _, tag, shown in pairs.stray if not shown]
    shown = [tag for _, _, tag, shown in pairs.stray if shown]
    return Balanced("".join(parts), stray, [*unclosed, *formatting], shown, empty)


def repairs(balanced: Balanced) -> tuple[list[str], list[str]]:
    """What `balance` repaired, each as the end of a sentence about the fragment: the problems
    (its raw HTML reached outside it: a warning, which fails a strict build) and the notices."""
    problems = [f"has a </{tag}> with no <{tag}> of its own to close (dropped)" for tag in balanced.stray]
    # An element left open holds the rest of the fragment and is closed at its end, as a browser
    # closes it at the end of GitHub's page (a quiz option's `<form action={f}>`, a formatting
    # element: `elements <a> to <img>` as text): nothing reaches the next question. An end tag
    # whose start tag the fragment shows as text is dropped as GitHub drops it; an empty element
    # (JSX) left open holds the text after it, as on GitHub. Information, all of it.
    notices = [f"leaves <{tag}> open: closed at its end" for tag in balanced.unclosed]
    notices += [f"leaves <{tag}> open (written <{tag} />): closed at its end" for tag in balanced.empty]
    notices += [
        f"has a </{tag}> after a <{tag} that CommonMark reads as text (as GitHub shows it): "
        "dropped, as GitHub drops it"
        for tag in balanced.shown
    ]
    return problems, notices


def raw_html_problem(part: str, question_id: str, problem: str) -> str:
    """A problem of `repairs` in a question's `part` (answer, body), as the build and
    `validate` word it."""
    return f"the {part} of question {question_id} {problem}: its raw HTML must stay inside it"
