"""A references section of a file in a foreign form: its links are kept, its other text is
accounted for.

A repository's own "Further reading" section mixes links with prose ("Feel free to explore
these resources"), labels (`* Microsoft Docs: [Collections](…)`), link text holding brackets
(`[Binding? [2 easy use cases]](…)`) and URLs holding parentheses (`…/Scrum_(software)`, kept
percent-encoded, as `- [Title](URL)` in a canonical file cannot hold them). On
GitHub all of it reads fine, so none of it is an error here: a line holding links gives one
reference per link (titled with the line's own words when it holds one link), and a line
holding none is left out with an `info` finding. A canonical file's references keep their
strict form (`core.reading.references`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.domain.model import Reference
from mlprep_site.core.reading.references import PREFIX_RE, masked, url_problem

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

BARE_URL_RE = re.compile(r"<?(https?://[^\s<>]*[^\s<>.,;:!?'\")\]])>?", re.IGNORECASE)
LINK_LIMIT = 2000
"""Characters of a link's text or destination looked at: a longer one is text."""


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the bracket that closes text[start] (an `opening` one), or -1; a backslash
    escapes, and a destination (`(`) ends at a blank."""
    depth = 0
    for index in range(start, min(len(text), start + LINK_LIMIT)):
        char = text[index]
        if char == "\\":
            continue
        if opening == "(" and char in " \t":
            return -1
        if char == opening and (index == start or text[index - 1] != "\\"):
            depth += 1
        elif char == closing and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return -1


def links_in(text: str) -> tuple[list[tuple[str, str]], str]:
    """The `[text](url)` links and bare http(s) URLs of one line, as (text, url), and the line's
    words with each link replaced by its text."""
    found: list[tuple[str, str]] = []
    words: list[str] = []
    index = 0
    while index < len(text):
        opening = text.find("[", index)
        if opening < 0:
            break
        close = _closing(text, opening, "[", "]")
        if close < 0 or close + 1 >= len(text) or text[close + 1] != "(":
            words.append(text[index : opening + 1])
            index = opening + 1
            continue
        end = _closing(text, close + 1, "(", ")")
        if end < 0:
            words.append(text[index : opening + 1])
            index = opening + 1
            continue
        label = text[opening + 1 : close].strip()
        words.append(text[index:opening] + label)
        url = text[close + 2 : end].strip().strip("<>")
        found.append((label, url.replace("(", "%28").replace(")", "%29")))
        index = end + 1
    rest = "".join(words) + text[index:]
    if not found:
        found = [("", match.group(1)) for match in BARE_URL_RE.finditer(rest)]
        rest = BARE_URL_RE.sub("", rest) if found else rest
    return found, rest


def read_references(parser: Parser, index: int) -> int:
    """The lines of a references section from lines[index], up to the next heading or
    canonical question; returns where it stopped."""
    return parser.parse_references(index, lambda line: _read_line(parser, line))


def _read_line(parser: Parser, index: int) -> None:
    line = parser.lines[index]
    prefix = PREFIX_RE.match(line)  # matches every line (all its parts are optional)
    text = line[prefix.end() if prefix else 0 :].strip().removesuffix("\\").rstrip()
    links, words = links_in(text)
    kept = 0
    for label, url in links:
        problem = url_problem(url)
        if problem is not None:
            message = f"a link in the references that cannot be cited is left out ({problem}): {masked(url)}"
            parser.report(index + 1, "info", message, "reference-text", subject=url)
            continue
        title = (" ".join(words.split()) if len(links) == 1 else label).strip(" \t-–—:*_")
        parser.references.append(Reference(len(parser.references) + 1, url, title or None, index + 1))
        kept += 1
    if kept:
        parser.claim(index, index + 1, "reference")
        return
    if not links:
        message = "text in a references section that is not a link is left out of the references"
        parser.report(index + 1, "info", message, "reference-text")
    parser.claim(index, index + 1, "finding")
