"""Numbered question headings written a level too deep (`## 47. What is binding?` then
`### 48. How to replace callback hell?`) or too high (`#### 1.`, `### 2.`, `#### 3.`): the
question that continues the numbers of the questions around it, not a subheading of the answer
it sits in nor a section over the questions after it (`heading_plan`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from mlprep_site.core.reading.dialects.common import QUESTION_PREFIX_RE
from mlprep_site.core.reading.references import is_references_heading

_DIGITS_RE = re.compile(r"\d+")


def question_number(text: str) -> int | None:
    """The number of a heading's question prefix (`48.`, `Question 47.`, `Q12:`), if it has one."""
    prefix = QUESTION_PREFIX_RE.match(text.strip())
    digits = _DIGITS_RE.search(prefix.group()) if prefix else None
    return int(digits.group()) if digits else None


def continuing_numbers(
    headings: Sequence[tuple[int, int, str]],
    asks: Callable[[int, int, str], bool],
    level_at: Callable[[int], int],
) -> frozenset[int]:
    """Line indices of the headings (line index, level, text, in order) below the question
    level (`level_at`) that continue a run of numbered questions (`asks`) from inside the
    answer of its last one: question n, whose number follows the question's before it, then a
    deeper heading numbered n + 1, and each next one after that. An answer's own numbered
    subheadings stay its own: once a deeper heading of an answer carries another number
    (`### 1. Step one` under question 12), none of the answer's later headings continues."""
    found: list[int] = []
    question: str | None = None
    """The last question's text, while the headings are in its answer."""
    previous: str | None = None
    """The text of the question before it, when no heading grouped questions between them."""
    number: int | None = None
    """The last question's number while it continues a run, worked out when a deeper numbered
    heading first asks for it (most answers hold none: a question's number is not matched
    before)."""
    shallower: tuple[int, str, int, bool] | None = None
    """A heading above the question level numbered after the last question (`#### 1.` then
    `### 2.`): one when the question after it carries the number after its own, or, last of
    all, when the questions before it ran in order (and whether they did)."""
    for index, level, text in headings:
        if asks(index, level, text):
            if shallower is not None and question_number(text) == shallower[2] + 1:
                found.append(shallower[0])
                question = shallower[1]
            previous, question, number, shallower = question, text, None, None
        elif level <= level_at(index):
            # a heading that groups questions (no answer goes past it), unless it continues them
            last = question_number(question) if question is not None and level < level_at(index) else None
            own = question_number(text) if last is not None else None
            shallower = None
            if last is not None and own == last + 1:
                shallower = (index, text, own, _run_end(previous, question or "") is not None)
            previous = question = None
        elif question is not None and (deeper := question_number(text)) is not None:
            number = _run_end(previous, question) if number is None else number
            if number is not None and deeper == number + 1 and not is_references_heading(text):
                found.append(index)
                previous, question, number = question, text, deeper
            else:
                question = None  # the answer numbers headings of its own: none of them continues
    if shallower is not None and shallower[3]:
        found.append(shallower[0])
    return frozenset(found)


def _run_end(previous: str | None, question: str) -> int | None:
    """The number of `question` when it follows the number of `previous`, the question before it."""
    number = question_number(question)
    before = question_number(previous) if previous is not None else None
    return number if number is not None and before is not None and number == before + 1 else None
