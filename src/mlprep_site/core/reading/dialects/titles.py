"""A topic's title from the file's own heading, for a file read by its forms (`dialects.forms`):
a `#` heading before any question is the title already (`common.read_heading`); these find it
when the file names itself otherwise, so the file's name only stands in ("Cicd" for CI/CD)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.detect import TAG_RE
from mlprep_site.core.reading.dialects.heading_plan import HeadingPlan
from mlprep_site.core.reading.references import is_references_heading

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def title_heading_line(
    parser: Parser, blocks: list[Block], plan: HeadingPlan, asks: Callable[[Block], bool]
) -> int | None:
    """The line of the file's own heading when it is not a `#` one: its first heading, with no
    block that `asks` before the next heading, when no other heading at its level or above
    groups anything (`## CI/CD` over `### …` sections, or `## Node.js Questions` over `## Q. …`
    question headings)."""
    if parser.title is not None:
        return None
    headings = [(n, b) for n, b in enumerate(blocks) if b.kind == "heading"]
    if len(headings) < 2:
        return None
    first, following = headings[0][1], headings[1][0]
    if (
        first.level == 1
        or plan.asks(first.start, first.level, first.text)
        or is_references_heading(first.text)
        or any(asks(block) for block in blocks[:following])
    ):
        return None  # a heading with questions right under it is their section
    for _, heading in headings[1:]:
        if heading.level <= first.level and not plan.asks(heading.start, heading.level, heading.text):
            return None
    return first.start


def read_html_title(parser: Parser, start: int, end: int) -> bool:
    """Whether lines [start, end), an HTML block before anything else whose only text is an
    `<h1>` (with images and wrappers around it), are the file's title: then read and claimed.
    Not when the file has a title already."""
    if parser.title is not None or parser.meta.get("title"):
        return False
    html = "\n".join(parser.lines[start:end])
    heading = H1_RE.search(html)
    if heading is None or TAG_RE.sub("", html[: heading.start()] + html[heading.end() :]).strip():
        return False
    title = " ".join(TAG_RE.sub("", heading.group(1)).split())
    if not title:
        return False
    parser.set_title(title, start + 1)
    parser.claim(start, end, "title")
    return True
