"""The dialect evidence and the block structure of a file are kept by its text (`text.kept`):
a text read again (as `serve` reads an unchanged file) gives the same answers without working
them out again, a changed text is worked out again, and a caller's list is its own."""

from __future__ import annotations

from unittest import mock

from mlprep_site.core.loader import forget_read_files
from mlprep_site.core.reading import detect
from mlprep_site.core.reading.detect import HEADINGS, LISTS, scan
from mlprep_site.core.reading.dialects import heading_structure
from mlprep_site.core.reading.dialects.heading_structure import structure_and_plan

FILE = [
    "# Topic",
    "",
    "## What is X?",
    "",
    "X is a thing.",
    "",
    "## What is Y?",
    "",
    "- a point",
    "- another",
]


def test_the_evidence_of_a_text_read_again_is_not_worked_out_again() -> None:
    forget_read_files()
    with mock.patch.object(detect, "_scan", wraps=detect._scan) as work:
        first = scan(list(FILE))
        again = scan(list(FILE))
        changed = scan([*FILE[:2], "- What is X?", "- What is Y?", "- What is Z?"])
    assert work.call_count == 2
    assert first.dialect() == again.dialect() == HEADINGS
    assert changed.dialect() == LISTS


def test_the_structure_of_a_text_read_again_is_not_worked_out_again() -> None:
    forget_read_files()
    with mock.patch.object(heading_structure, "margin", wraps=heading_structure.margin) as work:
        first, plan = structure_and_plan(list(FILE), 0)
        first.append(first[0])  # the caller's list is its own
        again, plan_again = structure_and_plan(list(FILE), 0)
        from_the_question, _ = structure_and_plan(list(FILE), 2)
    assert work.call_count == 2  # the start is part of what is kept
    assert [(b.kind, b.start, b.end) for b in again] == [
        ("heading", 0, 1),
        ("heading", 2, 3),
        ("heading", 6, 7),
    ]
    assert plan_again is plan and plan.levels == [2]
    assert [b.start for b in from_the_question] == [2, 6]


def test_what_is_kept_is_let_go() -> None:
    scan(list(FILE))
    structure_and_plan(list(FILE), 0)
    forget_read_files()
    with (
        mock.patch.object(detect, "_scan", wraps=detect._scan) as scanned,
        mock.patch.object(heading_structure, "margin", wraps=heading_structure.margin) as structured,
    ):
        scan(list(FILE))
        structure_and_plan(list(FILE), 0)
    assert scanned.call_count == structured.call_count == 1
