"""Readers of the Q&A dialects other than the canonical one (`core/reading/canonical.py`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlprep_site.core.reading.detect import CANONICAL, HEADINGS, LISTS, NAMED_PAGE, PROSE, SUMMARY, scan
from mlprep_site.core.reading.syntax import META_START, QUESTION_LIKE_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser

DETAILS_RE = re.compile(r"^[ \t]*<details", re.IGNORECASE)


def read_foreign(parser: TopicParser, dialect: str, start: int, forced: bool = True) -> None:
    """Fill `parser` from lines[start:] in `dialect` (summary, headings or lists; prose gives
    no questions). A dialect detected, not forced, is only the file's main form: its sections
    are read by their own forms (`dialects.forms`)."""
    from mlprep_site.core.reading.dialects import forms, headings, lists, prose, summary

    if not forced and dialect != PROSE:
        forms.read(parser, start)
        _say_numbered_bold_lines_ask_nothing(parser, start)
        return
    readers = {SUMMARY: summary.read, HEADINGS: headings.read, LISTS: lists.read, PROSE: prose.read}
    readers[NAMED_PAGE] = read_named_page
    readers[dialect](parser, start)


def read_other_forms(parser: TopicParser, start: int, canonical_seen: bool = False) -> bool:
    """Fill `parser` from lines[start:] by their forms unless they are in the canonical form;
    whether they were. The canonical form is this tool's own markup (`in_canonical_form`): a
    `1. **What is X?**` line (`canonical_seen`) with no answer block anywhere in the file is a
    list question whose answer is the text under it, as GitHub's readers see it. A file in the
    canonical form is read by its forms only when it holds a question in another form and no
    canonical question showed, or when it is a docs-site page with a title and no answer block
    (its numbered bold list items, `3. **DOM NodeLists**`, are its answer's)."""
    canonical = in_canonical_form(parser.lines, start)
    if canonical and canonical_seen and not docs_page(parser, start):
        return False
    from mlprep_site.core.reading.dialects import forms
    from mlprep_site.core.reading.dialects.heading_structure import structure_and_plan

    found = structure_and_plan(parser.lines, start)
    if canonical and not forms.holds_questions(parser, start, found):
        return False  # the canonical reader says what is wrong with its questions
    forms.read(parser, start, found)
    _say_numbered_bold_lines_ask_nothing(parser, start)
    return True


def _say_numbered_bold_lines_ask_nothing(parser: TopicParser, start: int) -> None:
    """A file read by its forms that holds no question but numbered bold lines (`1. **Term**:
    its description`) or `<details>` blocks is not a topic, with a warning that says why
    (`TopicParser.not_a_topic`'s error for them is the canonical form's)."""
    if parser.questions:
        return
    lines = parser.lines[start:]
    if any(QUESTION_LIKE_RE.match(line) for line in lines):
        message = (
            "no questions found, so this file is not a topic: its numbered bold lines ask nothing "
            "and no `<details>` answer block makes them canonical questions"
        )
        parser.not_a_topic_because(message, "not-questions")
    elif any(DETAILS_RE.match(line) for line in lines):
        # Not the canonical form (no `1. **Question?**` line, no answer's summary): not an
        # error of that form's, but a form not read, said as such.
        message = (
            "no questions found, so this file is not a topic: its `<details>` blocks follow no "
            "question in a form read here (a heading, a bold line, a list item or a `<summary>`)"
        )
        parser.not_a_topic_because(message, "not-questions")


def in_canonical_form(lines: Sequence[str], start: int) -> bool:
    """Whether lines[start:] hold this tool's own markup: a `<details>` block with an answer's
    summary (`<summary>Answer</summary>`) or right under a `1. **…**` line, or an
    `<!-- mlprep: … -->` comment."""
    from mlprep_site.core.reading.answer_blocks import is_details_open  # imports this package's detect
    from mlprep_site.core.reading.question_body import opens_answer

    asked = False  # the last line of text was a `1. **…**` line: a `<details>` after it answers it
    for index in range(start, len(lines)):
        line = lines[index]
        if "<" in line and (
            META_START in line or is_details_open(line) and (asked or opens_answer(lines, index))
        ):
            return True
        if line.strip():
            asked = QUESTION_LIKE_RE.match(line) is not None
    return False


def read_named_page(parser: TopicParser, start: int) -> None:
    """A file the loader found in a folder of pages (`pages.named_page_folders`): one question,
    named by its first heading when that asks, else by its file's name (`Kotlin/Enum.md` among
    `What is …` pages), whatever questions prose in it holds. A file in our canonical form is
    read in it; one with a generic name (`README.md`, `Questions.md`), or whose name does not
    ask and that opens with questions, as it would be anywhere."""
    from mlprep_site.core.reading.dialects import forms, pages, prose
    from mlprep_site.core.reading.dialects.heading_structure import structure_and_plan

    parser.dialect = scan(parser.lines, start).dialect()
    if in_canonical_form(parser.lines, start):
        parser.dialect = CANONICAL
        i = start
        while i < len(parser.lines):
            i = parser.parse_block(i)
        parser.flush_question()
        return
    named = bool(pages.name_text(parser.source))
    if parser.dialect == PROSE and not named:
        prose.read(parser, start)
        return
    found = structure_and_plan(parser.lines, start)
    # A page whose name does not ask and that opens with questions holds them (`Generics.md`:
    # `- What is variance?`); a name that asks is the page's question, whatever it holds.
    if not named or (
        pages.name_question(parser.source) is None and forms.opens_with_questions(parser, start, found)
    ):
        forms.read(parser, start, found)
        return
    parser.dialect = NAMED_PAGE
    pages.read_named(parser, start, found[0])


def docs_page(parser: TopicParser, start: int) -> bool:
    """An `.mdx` page with a front matter title and no `<details>` answer block."""
    title = parser.meta.get("title")
    if not parser.source.lower().endswith(".mdx") or not isinstance(title, str) or not title:
        return False
    return not any(DETAILS_RE.match(line) for line in parser.lines[start:])
