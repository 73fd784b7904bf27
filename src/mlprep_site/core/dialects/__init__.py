"""Readers of the Q&A dialects other than the canonical one (`core/canonical.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlprep_site.core.dialects.detect import HEADINGS, LISTS, PROSE, SUMMARY

if TYPE_CHECKING:
    from mlprep_site.core.canonical import TopicParser


def read_foreign(parser: TopicParser, dialect: str, start: int) -> None:
    """Fill `parser` from lines[start:] in `dialect` (summary, headings or lists; prose gives
    no questions)."""
    from mlprep_site.core.dialects import headings, lists, prose, summary

    readers = {SUMMARY: summary.read, HEADINGS: headings.read, LISTS: lists.read, PROSE: prose.read}
    readers[dialect](parser, start)
