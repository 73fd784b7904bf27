"""The anchors raw HTML gives a text of markdown: the `id` of each start tag and the `name` of
each `<a>`, outside code, as MkDocs collects them from a page's raw HTML to validate links to
its anchors (`validation.anchors`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mlprep_site.core.text.code import outside_code

MAY_NAME_RE = re.compile(r"<[A-Za-z][^>]*\s(?:id|name)\s*=", re.IGNORECASE)
"""A quick test: a start tag with an `id` or `name` attribute may be in the text."""


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)

    handle_startendtag = handle_starttag


def raw_html_anchors(markdown: str) -> set[str]:
    """The anchors of the raw HTML in `markdown` (one text parsed alone, as GitHub shows it:
    its fenced and indented code and code spans hold none)."""
    if MAY_NAME_RE.search(markdown) is None:
        return set()
    parser = _Anchors()
    parser.feed(outside_code(markdown))
    parser.close()
    return parser.ids
