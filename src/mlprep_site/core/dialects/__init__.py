"""Readers of the Q&A dialects other than the canonical one (`core/canonical.py`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.dialects.detect import HEADINGS, LISTS, PROSE, SUMMARY

if TYPE_CHECKING:
    from mlprep_site.core.canonical import TopicParser

DETAILS_RE = re.compile(r"^[ \t]*<details", re.IGNORECASE)


def read_foreign(parser: TopicParser, dialect: str, start: int, forced: bool = True) -> None:
    """Fill `parser` from lines[start:] in `dialect` (summary, headings or lists; prose gives
    no questions). A dialect detected, not forced, is only the file's main form: its sections
    are read by their own forms (`dialects.forms`)."""
    from mlprep_site.core.dialects import forms, headings, lists, prose, summary

    if not forced and dialect != PROSE:
        forms.read(parser, start)
        return
    readers = {SUMMARY: summary.read, HEADINGS: headings.read, LISTS: lists.read, PROSE: prose.read}
    readers[dialect](parser, start)


def read_other_forms(parser: TopicParser, start: int, canonical_seen: bool = False) -> bool:
    """Fill `parser` from lines[start:] by their forms when they hold a question in a form other
    than the canonical one; whether they did. When lines read as canonical questions
    (`canonical_seen`), only a docs-site page with a title and no answer block is read so: its
    numbered bold list items (`3. **DOM NodeLists**`) are its answer's, not questions."""
    if canonical_seen and not docs_page(parser, start):
        return False
    from mlprep_site.core.dialects import forms

    found = forms.question_structure(parser, start)
    if found is None:
        return False
    forms.read(parser, start, found)
    return True


def docs_page(parser: TopicParser, start: int) -> bool:
    """An `.mdx` page with a front matter title and no `<details>` answer block."""
    title = parser.meta.get("title")
    if not parser.source.lower().endswith(".mdx") or not isinstance(title, str) or not title:
        return False
    return not any(DETAILS_RE.match(line) for line in parser.lines[start:])
