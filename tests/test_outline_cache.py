"""`blocks.outline` keeps the blocks of the texts it read last: a text read again gives the same
blocks without a parse, a changed text is parsed again, and a caller's list is its own."""

from __future__ import annotations

from unittest import mock

from mlprep_site.core.reading import blocks
from mlprep_site.core.reading.blocks import Block, outline
from mlprep_site.core.text.kept import forget_kept

LIST_FILE = [
    "# Topic",
    "",
    "1. [M] What is a list question?",
    "   - a sub-question?",
    "",
    "2. [E] What is another?",
    "   - and its sub-question?",
]


def kinds(found: list[Block]) -> list[tuple[str, int, int]]:
    return [(block.kind, block.start, block.end) for block in found]


def test_a_text_read_again_is_not_parsed_again_and_gives_the_same_blocks() -> None:
    forget_kept()
    with mock.patch.object(blocks.PARSER, "parse", wraps=blocks.PARSER.parse) as parse:
        first = outline(list(LIST_FILE))
        again = outline(list(LIST_FILE))
    assert parse.call_count == 1
    assert kinds(first) == kinds(again) == [("heading", 0, 1), ("list", 2, 7)]
    assert [(item.start, item.end, len(item.children)) for item in again[1].items] == [(2, 5, 1), (5, 7, 1)]


def test_a_changed_text_is_parsed_again() -> None:
    forget_kept()
    before = outline(list(LIST_FILE))
    changed = [*LIST_FILE[:4], "", "## Not a list any more", *LIST_FILE[5:]]
    after = outline(changed)
    assert kinds(before) == [("heading", 0, 1), ("list", 2, 7)]
    assert [kind for kind, _, _ in kinds(after)] == ["heading", "list", "heading", "list"]


def test_the_start_and_the_lines_set_aside_are_part_of_what_is_kept() -> None:
    forget_kept()
    whole = outline(list(LIST_FILE))
    from_the_list = outline(list(LIST_FILE), 2)
    aside = outline(list(LIST_FILE), 0, [(3, 4), (6, 7)])  # the sub-questions read as blank lines
    assert kinds(whole) == [("heading", 0, 1), ("list", 2, 7)]
    assert kinds(from_the_list) == [("list", 2, 7)]
    assert [len(item.children) for item in aside[1].items] == [0, 0]


def test_a_callers_list_is_its_own() -> None:
    forget_kept()
    mine = outline(list(LIST_FILE))
    mine[0] = Block("details", 0, 1)
    mine.append(Block("hr", 9, 10))
    assert kinds(outline(list(LIST_FILE))) == [("heading", 0, 1), ("list", 2, 7)]
