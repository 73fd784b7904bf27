"""Which headings of a file ask (`HeadingPlan`), decided once from the file's headings and
their words (`heading_words`); `heading_structure` reads the file's blocks with it."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass

from mlprep_site.core.reading.dialects.asking import NAMED_PREFIX_RE, line_asks
from mlprep_site.core.reading.dialects.common import QUESTION_BANNER_RE
from mlprep_site.core.reading.dialects.heading_words import (
    STRONG_MIN,
    closing_back_link,
    heading_asks_words,
    heading_question,
    is_answer_label,
    most_common_back_link,
    section_ends,
    words_ask,
)
from mlprep_site.core.reading.dialects.numbering import continuing_numbers
from mlprep_site.core.reading.references import is_references_heading
from mlprep_site.core.reading.syntax import ATX_MARK_RE


@dataclass(frozen=True, slots=True)
class HeadingPlan:
    """Which headings of a file are questions: in each part of the file between `#` headings,
    those at the level of most question headings in that part (a part with no question that
    asks or has a `Q…` prefix takes the file's level), so one file may ask at `###` in one part
    and at `##` in the next. A heading right above an answer's label (`#### Answer`) asks
    whatever its words."""

    starts: list[int]
    """First line index of each part."""
    levels: list[int]
    labelled: frozenset[int]
    """Line indices of headings that ask because an answer's label follows them."""
    unnamed: frozenset[int] = frozenset()
    """Line indices of numbered headings that do not ask and stand where nothing says they are
    questions (`unnamed_numbered`): never questions."""
    answer_labels: frozenset[int] = frozenset()
    """Line indices of answer labels at their question heading's level, right under it
    (`#### **题目**：…` then `#### **参考答案**：`): part of its answer, not a heading that ends it."""
    continuing: frozenset[int] = frozenset()
    """Line indices of numbered headings below the question level that continue the numbers of
    the questions before them (`## 47. …` then `### 48. …`: `numbering.continuing_numbers`):
    questions, each one ending the answer it sits in."""

    def level_at(self, index: int) -> int:
        return self.levels[bisect.bisect_right(self.starts, index) - 1]

    def asks(self, index: int, level: int, text: str) -> bool:
        """Whether the heading at line `index` is a question."""
        if index in self.continuing:
            return True
        if level != self.level_at(index):
            return False
        if index in self.labelled:
            return True
        return index not in self.unnamed and heading_question(level, text) is not None

    def any_level(self) -> bool:
        return any(self.levels)


BOLD_LABEL_RE = re.compile(
    r"[ \t]*(?:\*\*|__)([A-Za-z][A-Za-z ]{0,20}?)[ \t]*:?[ \t]*(?:\*\*|__)[ \t]*:?(?:[ \t]|$)"
)
"""A bold answer's label opening a line (`**Answer:**`, `**Solution**:`)."""
ANSWER_BANNER_RE = re.compile(r"^[ \t]*(?:A|Ans|Answer)[ \t]*::?[ \t]*(?:[=-]{3,})?[ \t]*$", re.IGNORECASE)
"""A line that is only an answer's label (`A:: ==========`, `Answer:`)."""
ID_LABEL_RE = re.compile(r"^(?:ID|Id|id)[ \t]*[:#]?[ \t]*\d{1,9}$")
"""A heading that is a note's id (`###### ID23`), under its question: never the question."""
TASK_LABELS = frozenset({"problem", "task", "question", "scenario", "challenge"})
"""Bold labels that state the task under a heading (`### 1.1 Two Sum` then `**Problem**: …`)."""
LABEL_LOOKAHEAD = 3
"""Lines after a heading (blank ones) within which its answer's bold label may stand."""


def bold_labelled(lines: list[str], headings: list[tuple[int, int, str]]) -> frozenset[int]:
    """Line indices of headings whose next line with text is a bold answer's label
    (`### 1.1 Remove duplicates from a list` then `**Answer:**`) or a task's (`**Problem**: …`),
    or, past deeper headings, a bare answer's label (`answer_banner_line`), and of headings
    right after a question's banner (`Q:: =====`): they ask whatever their words. Only the
    first character of the lines around each heading is looked at, unless it may open a label."""
    found = set()
    end = len(lines)
    for index, level, text in headings:
        if level < 2:
            continue
        before = index - 1
        while before > 0 and before >= index - LABEL_LOOKAHEAD and not lines[before].strip():
            before -= 1
        previous = lines[before] if before >= 0 else ""
        if previous.lstrip()[:1] in ("Q", "q") and QUESTION_BANNER_RE.match(previous):
            found.add(index)  # `Q:: =====` then the question's heading (its label may follow a sample)
            continue
        following = index + 1
        while following < end and following <= index + LABEL_LOOKAHEAD and not lines[following].strip():
            following += 1
        if following >= end or following > index + LABEL_LOOKAHEAD:
            continue
        first = lines[following].lstrip()[:1]
        if first in ("*", "_"):
            label = BOLD_LABEL_RE.match(lines[following])
            asked = label is not None and (
                is_answer_label(label.group(1)) or label.group(1).strip().lower() in TASK_LABELS
            )
        elif first in ("A", "a", "#"):
            asked = answer_banner_line(lines, index, level) is not None
        else:
            continue
        # (a label is a few words: a long heading is none, and is not read again for it)
        if asked and not (len(text) <= 64 and is_answer_label(text)) and not ID_LABEL_RE.match(text.strip()):
            found.add(index)
    return frozenset(found)


def answer_banner_line(lines: list[str], index: int, level: int) -> int | None:
    """The line of a bare answer's label (`A:: =====`, `Answer:`) under the heading at line
    `index` (of `level`), past blank lines and deeper headings (`###### ID1`), if one is the
    next text there."""
    for following in range(index + 1, min(len(lines), index + 1 + 2 * LABEL_LOOKAHEAD)):
        line = lines[following]
        if not line.strip():
            continue
        deeper = ATX_MARK_RE.match(line)
        if deeper is not None and len(deeper.group(1)) > level:
            continue
        return following if ANSWER_BANNER_RE.match(line) else None
    return None


def heading_plan(headings: list[tuple[int, int, str]], lines: list[str] | None = None) -> HeadingPlan:
    """The plan of headings (line index, level, text), in order; with the file's `lines`, a
    heading over a bold answer's label asks too (`bold_labelled`). A question's label opening a
    heading (`**Question:**`, `**题目**：`) lets its answer's label stand at its level."""
    pairs = list(zip(headings, headings[1:], strict=False))
    answer_labels = frozenset(
        index
        for (_, level, text), (index, following, label) in pairs
        if following == level > 1 and is_answer_label(label) and NAMED_PREFIX_RE.match(text)
    )
    labelled = frozenset(
        index
        for (index, level, text), (label_at, following, label) in pairs
        if (following > level > 1 or label_at in answer_labels)
        and is_answer_label(label)
        and not is_answer_label(text)
    )
    plan = _planned(headings, lines, labelled)
    return dataclasses.replace(plan, answer_labels=answer_labels) if answer_labels else plan


def _planned(
    headings: list[tuple[int, int, str]], lines: list[str] | None, labelled: frozenset[int]
) -> HeadingPlan:
    """`heading_plan`, given the headings that ask because an answer's label follows them."""
    if lines is not None:
        labelled |= bold_labelled(lines, headings)
    parts: list[list[tuple[int, int, str]]] = [[]]
    for heading in headings:
        if heading[1] == 1 and parts[-1]:
            parts.append([])
        parts[-1].append(heading)
    file_level, _ = _majority(headings, labelled)
    starts, levels = [], []
    for n, part in enumerate(parts):
        level, strong = _majority(part, labelled)
        starts.append(part[0][0] if n and part else 0)
        levels.append(level if strong else file_level)
    plan = HeadingPlan(starts, levels, labelled)
    plan = _asking_in_words(headings, plan, lines)
    groups = _question_groups(headings, plan)
    if groups:
        marks = dict(zip(starts, levels, strict=True))
        for first, level, end in groups:
            if end is not None and end not in marks:
                marks[end] = plan.level_at(end)
            marks[first] = level
        ordered = sorted(marks.items())
        plan = HeadingPlan([start for start, _ in ordered], [level for _, level in ordered], plan.labelled)
    unnamed = unnamed_numbered(headings, plan, lines)
    if unnamed:
        plan = HeadingPlan(plan.starts, plan.levels, plan.labelled, unnamed)
        if not any(plan.asks(index, level, text) for index, level, text in headings):  # a guide's sections
            return HeadingPlan(plan.starts, [0] * len(plan.levels), plan.labelled, unnamed)
    continuing = continuing_numbers(headings, plan.asks, plan.level_at) | _nested_labelled(headings, plan)
    return dataclasses.replace(plan, continuing=continuing) if continuing else plan


NESTED_MIN = 2
"""Labelled question headings one level under a question, at least, to be questions of their own."""


def _nested_labelled(headings: list[tuple[int, int, str]], plan: HeadingPlan) -> frozenset[int]:
    """Line indices of a second level of questions: headings one level under a question that
    carry a question's label (`## 问题 4：常见问题` over `### 问题 1: sticky 不生效`, `### Q2: …`),
    NESTED_MIN or more under it. Each is a question, and ends the answer it sits in."""
    found: list[int] = []
    group: list[int] = []
    for index, level, text in headings:
        question_level = plan.level_at(index)
        if level <= question_level:
            found += group if len(group) >= NESTED_MIN else []
            group = []
        elif level == question_level + 1 and NAMED_PREFIX_RE.match(text.strip()):
            group.append(index)
    return frozenset(found + (group if len(group) >= NESTED_MIN else []))


QUESTIONS_NAME_RE = re.compile(
    r"\b(?:questions?|interviews?|problems?|exercises?|tasks?|challenges?|quiz(?:zes)?|puzzles?"
    r"|katas?|faqs?|q\s*&\s*a|practice)\b",
    re.IGNORECASE,
)
"""Words of a heading that says the headings under it are questions (`## Coding Problems`)."""


def unnamed_numbered(
    headings: list[tuple[int, int, str]], plan: HeadingPlan, lines: list[str] | None = None
) -> frozenset[int]:
    """Line indices of the headings that are questions only by a bare number (`### 1. Continue`,
    `## 2. Usage`: a guide's numbered sections) where nothing else says they are: no heading
    above them names questions (`## Coding Problems`, `## Interview Questions`) and no heading
    under the same parent, at their level, asks; and, given the file's `lines`, those whose
    section opens with a list item that asks (`## 1. Основы тестирования` over `1. (L1) Что
    такое тестирование?`): they group the list's questions."""
    weak: list[tuple[int, int | None, int]] = []  # (line index, its parent heading's, level)
    grouping: list[int] = []
    asking_under: set[tuple[int | None, int]] = set()  # (parent, level) where a heading asks
    above: list[tuple[int, int, bool]] = []  # open headings: (level, line index, names questions)
    for index, level, text in headings:
        while above and above[-1][0] >= level:
            above.pop()
        parent = above[-1][1] if above else None
        named = any(names for _, _, names in above)
        above.append((level, index, bool(QUESTIONS_NAME_RE.search(text))))
        if level != plan.level_at(index):
            continue
        found = heading_question(level, text)
        if index in plan.labelled or (found is not None and (found.strong or words_ask(text))):
            asking_under.add((parent, level))
        elif found is not None and lines is not None and _opens_with_list_question(lines, index):
            grouping.append(index)
        elif found is not None and not named:
            weak.append((index, parent, level))
    unnamed = {index for index, parent, level in weak if (parent, level) not in asking_under}
    return frozenset(unnamed.union(grouping))


def _opens_with_list_question(lines: list[str], index: int) -> bool:
    """Whether the first line with text after the heading at line `index` is a list item that
    asks."""
    following = next((line for line in lines[index + 1 : index + 4] if line.strip()), "")
    return line_asks(following)


def _asking_in_words(
    headings: list[tuple[int, int, str]], plan: HeadingPlan, lines: list[str] | None = None
) -> HeadingPlan:
    """`plan`, where a heading at a part's question level that does not end with a question
    mark asks too, in a part where STRONG_MIN headings at that level, and half of them, end
    with one (a question bank, not a guide with a few): one that asks in its words (`## Explain
    what a Web Component is`, `## What is the Shadow DOM? Explain the need for it`), or, given
    the file's `lines`, one whose section ends with the same link back up the page as most of
    the asking ones' (`## General information about mysql.` … `[Table of Contents](#sql)`)."""
    candidates: list[tuple[int, int, int, str]] = []  # (part, heading's position, line index, text)
    asking: list[tuple[int, int]] = []  # (part, position) of the headings that end with a `?`
    strong: Counter[int] = Counter()
    at_level: Counter[int] = Counter()
    for position, (index, level, text) in enumerate(headings):
        if not level or level != plan.level_at(index):
            continue
        found = heading_question(level, text)  # (None for a references heading too)
        if found is None and is_references_heading(text):
            continue  # a question's `#### References` under it is no sibling that does not ask
        part = bisect.bisect_right(plan.starts, index)
        at_level[part] += 1
        if found is not None and found.strong:
            strong[part] += 1
            asking.append((part, position))
        elif found is None and level > 1 and index not in plan.labelled:
            candidates.append((part, position, index, text))
    banks = {part for part in strong if strong[part] >= STRONG_MIN and strong[part] * 2 >= at_level[part]}
    candidates = [candidate for candidate in candidates if candidate[0] in banks]
    if not candidates:  # (most files: the back links are not looked for)
        return plan
    closing = functools.partial(_closing_link, headings, section_ends(headings), lines)
    back_links: dict[int, Counter[str]] = {}
    if lines is not None:
        for part, position in asking:
            if part in banks and (link := closing(position)) is not None:
                back_links.setdefault(part, Counter())[link] += 1
    added = frozenset(
        index
        for part, position, index, text in candidates
        if words_ask(text)
        or (link := closing(position)) is not None
        and most_common_back_link(back_links.get(part)) == link
    )
    return HeadingPlan(plan.starts, plan.levels, plan.labelled | added) if added else plan


def _closing_link(
    headings: list[tuple[int, int, str]], ends: list[int | None], lines: list[str] | None, position: int
) -> str | None:
    """The link back up the page that closes the section of `headings[position]`, if any."""
    return closing_back_link(lines, headings[position][0], ends[position]) if lines is not None else None


GROUP_MIN = 2
"""Headings one level down that a grouping heading at the question level holds, at least, to
be read as its questions."""


def _question_groups(
    headings: list[tuple[int, int, str]], plan: HeadingPlan
) -> list[tuple[int, int, int | None]]:
    """Grouping headings at the question level that ask nothing (`### Coding Exercise` among
    `1.  ### What is X?` items) over GROUP_MIN or more headings one level down that each ask
    (`#### 1. What is the output of below code`): (the line after the grouping heading, the
    level its questions are at, the line of the heading that ends the group or None)."""
    groups: list[tuple[int, int, int | None]] = []
    for k, (index, level, text) in enumerate(headings):
        if index in plan.labelled or heading_question(level, text) is not None:
            continue
        if not level or level != plan.level_at(index):
            continue
        inner: list[str] = []
        end = None
        for following, deeper, words in headings[k + 1 :]:
            if deeper <= level:
                end = following
                break
            if deeper == level + 1:
                inner.append(words)
        if len(inner) >= GROUP_MIN and all(heading_asks_words(level + 1, words) for words in inner):
            groups.append((index + 1, level + 1, end))
    return groups


def _majority(headings: list[tuple[int, int, str]], labelled: frozenset[int]) -> tuple[int, bool]:
    """The level of most question headings (strong ones count first, then all, then the level
    nearest the top: answers' numbered subheadings sit below their question), and whether a
    strong one is at it."""
    strong: Counter[int] = Counter()
    every: Counter[int] = Counter()
    for index, level, text in headings:
        found = heading_question(level, text)
        if index in labelled:
            every[level] += 1
            strong[level] += 1
        elif found is not None:
            every[level] += 1
            strong[level] += found.strong
    if not every:
        return 0, False
    # (Between levels with as many strong ones, the numbered headings that count the others
    # are an answer's own subheadings more often than questions: the level nearer the top.)
    level = max(every, key=lambda level: (strong[level], -level if strong[level] else every[level], -level))
    return level, strong[level] > 0
