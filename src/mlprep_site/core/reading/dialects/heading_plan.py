"""Which headings of a file ask (`HeadingPlan`), decided once from the file's headings, and
the block structure read with that plan (`structure_and_plan`): the outline `dialects.forms`
reads, with what is known to be an answer set aside unparsed."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import sys
from collections import Counter
from dataclasses import dataclass

from mlprep_site.core.reading.blocks import Block, group_details, margin, outline
from mlprep_site.core.reading.detect import TAG_RE
from mlprep_site.core.reading.dialects.asking import (
    NAMED_PREFIX_RE,
    NOT_QUESTIONS,
    OPTION_RE,
    PREFIX_RE,
    WORDS_RE,
    asks,
    bank_text_asks,
    bank_word_asks,
    question_title,
    unwrapped_heading,
)
from mlprep_site.core.reading.dialects.common import QUESTION_BANNER_RE, is_back_link
from mlprep_site.core.reading.dialects.numbering import continuing_numbers
from mlprep_site.core.reading.question_runs import Unit, atx_heading, runs, with_runs
from mlprep_site.core.reading.references import is_references_heading
from mlprep_site.core.reading.syntax import ATX_MARK_RE
from mlprep_site.core.text.kept import KeptByText


@dataclass(frozen=True, slots=True)
class HeadingQuestion:
    level: int
    text: str
    strong: bool
    """Asks, or carries a `Q…` prefix; a bare number is weak (a numbered section heading has it)."""


@functools.lru_cache(maxsize=32768)  # each heading is judged by the margin, the plan and the reader
def heading_question(level: int, text: str) -> HeadingQuestion | None:
    text = unwrapped_heading(text)
    if level < 2 or text.strip().lower() in NOT_QUESTIONS or is_references_heading(text):
        return None
    strong = asks(text) or bool(NAMED_PREFIX_RE.match(text)) or bank_text_asks(text)
    if strong or PREFIX_RE.match(text):
        return HeadingQuestion(level, text, strong)
    return None


ANSWER_LABELS = frozenset({"answer", "answers", "solution", "solutions", "explanation", "short answer"}) | {
    *(
        "参考答案",
        "答案",
        "解答",
        "解析",
        "回答",
        "参考回答",
        "答案解析",
    )  # Chinese: (reference) answer, solution
}
"""Headings that label the answer under a question heading (`### Closures` then `#### Answer`)."""
ANSWER_WORDS = frozenset({"answer", "answers", "solution", "solutions"})
ANSWER_KINDS = frozenset({"model", "sample", "suggested", "expected", "example", "ideal", "reference"})
"""A word before an answer's word that still labels it (`Model answer`)."""
ANSWER_PARTS = frozenset({"guide", "key", "outline", "sketch"})
"""A word after an answer's word that still labels it (`Answer guide`)."""
LABEL_WORDS = ("answer", "solution", "explanation", "答案", "解答", "解析", "回答")
"""The words one of which each label holds (as a part of `answers`, `solutions`)."""


@functools.lru_cache(maxsize=1024)  # labels recur (`**Answer:**` under every question)
def is_answer_label(text: str) -> bool:
    # A label holds one of these words. Without a tag, which may join letters when cut out,
    # most headings are passed without the regexes (a bank's question headings are all asked).
    if "<" not in text and not any(word in text.lower() for word in LABEL_WORDS):
        return False
    words = WORDS_RE.sub(" ", TAG_RE.sub("", text)).lower().split()
    if " ".join(words) in ANSWER_LABELS:
        return True
    if len(words) != 2:
        return False
    return (words[0] in ANSWER_KINDS and words[1] in ANSWER_WORDS) or (
        words[0] in ANSWER_WORDS and words[1] in ANSWER_PARTS
    )


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
        if following == level > 1 and NAMED_PREFIX_RE.match(text) and is_answer_label(label)
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
    unnamed = unnamed_numbered(headings, plan)
    if unnamed:
        plan = HeadingPlan(plan.starts, plan.levels, plan.labelled, unnamed)
        if not any(plan.asks(index, level, text) for index, level, text in headings):  # a guide's sections
            return HeadingPlan(plan.starts, [0] * len(plan.levels), plan.labelled, unnamed)
    continuing = continuing_numbers(headings, plan.asks, plan.level_at)
    return dataclasses.replace(plan, continuing=continuing) if continuing else plan


QUESTIONS_NAME_RE = re.compile(
    r"\b(?:questions?|interviews?|problems?|exercises?|tasks?|challenges?|quiz(?:zes)?|puzzles?"
    r"|katas?|faqs?|q\s*&\s*a|practice)\b",
    re.IGNORECASE,
)
"""Words of a heading that says the headings under it are questions (`## Coding Problems`)."""


def unnamed_numbered(headings: list[tuple[int, int, str]], plan: HeadingPlan) -> frozenset[int]:
    """Line indices of the headings that are questions only by a bare number (`### 1. Continue`,
    `## 2. Usage`: a guide's numbered sections) where nothing else says they are: no heading
    above them names questions (`## Coding Problems`, `## Interview Questions`) and no heading
    under the same parent, at their level, asks."""
    weak: list[tuple[int, int | None, int]] = []  # (line index, its parent heading's, level)
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
        if index in plan.labelled or (found is not None and (found.strong or _words_ask(text))):
            asking_under.add((parent, level))
        elif found is not None and not named:
            weak.append((index, parent, level))
    return frozenset(index for index, parent, level in weak if (parent, level) not in asking_under)


STRONG_MIN = 2
"""Headings that ask with a question mark at a part's question level, at least, for the other
headings there whose words ask to be questions too."""


def _asking_in_words(
    headings: list[tuple[int, int, str]], plan: HeadingPlan, lines: list[str] | None = None
) -> HeadingPlan:
    """`plan`, where a heading at a part's question level that does not end with a question
    mark asks too, in a part where STRONG_MIN headings at that level, and half of them, end
    with one (a question bank, not a guide with a few): one that asks in its words (`## Explain
    what a Web Component is`, `## What is the Shadow DOM? Explain the need for it`), or, given
    the file's `lines`, one whose section ends with the same link back up the page as most of
    the asking ones' (`## General information about mysql.` … `[Table of Contents](#sql)`)."""
    candidates: list[tuple[int, int, str | None]] = []  # (part, line index, its back link)
    strong: Counter[int] = Counter()
    at_level: Counter[int] = Counter()
    back_links: dict[int, Counter[str]] = {}
    ends = _section_ends(headings)
    for (index, level, text), end in zip(headings, ends, strict=True):
        if not level or level != plan.level_at(index) or is_references_heading(text):
            continue  # (a question's `#### References` under it is no sibling that does not ask)
        part = bisect.bisect_right(plan.starts, index)
        at_level[part] += 1
        found = heading_question(level, text)
        back_link = _closing_back_link(lines, index, end) if lines is not None else None
        if found is not None:
            strong[part] += found.strong
            if found.strong and back_link is not None:
                back_links.setdefault(part, Counter())[back_link] += 1
        elif level > 1 and index not in plan.labelled:
            candidates.append((part, index, None if _words_ask(text) else back_link or ""))
    added = frozenset(
        index
        for part, index, back_link in candidates
        if strong[part] >= STRONG_MIN
        and strong[part] * 2 >= at_level[part]
        and (back_link is None or back_link and _most_common(back_links.get(part)) == back_link)
    )
    return HeadingPlan(plan.starts, plan.levels, plan.labelled | added) if added else plan


def _section_ends(headings: list[tuple[int, int, str]]) -> list[int | None]:
    """For each heading, the line of the next heading at its level or above (None: the end)."""
    ends: list[int | None] = [None] * len(headings)
    open_headings: list[int] = []  # indices into `headings`, levels rising
    for k, (index, level, _) in enumerate(headings):
        while open_headings and headings[open_headings[-1]][1] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(k)
    return ends


def _closing_back_link(lines: list[str], index: int, end: int | None) -> str | None:
    """The link back up the page that closes the section of the heading at line `index`
    (its last line with text, before line `end`), as its words; None when it ends otherwise."""
    last = len(lines) if end is None else end
    for k in range(last - 1, index, -1):
        line = lines[k]
        if line.strip():
            if not is_back_link(line):
                return None
            link = _PAGE_LINK_RE.search(line)  # its wrapping (bold, `<sub>`) may vary
            return (link.group(0) if link else " ".join(line.split())).lower()
    return None


_PAGE_LINK_RE = re.compile(r"\[[^\[\]\n]*\]\(#[^()\s]*\)")


def _most_common(counts: Counter[str] | None) -> str | None:
    """The back link most asking sections close with, when STRONG_MIN or more do."""
    if not counts:
        return None
    link, count = counts.most_common(1)[0]
    return link if count >= STRONG_MIN else None


def _words_ask(text: str) -> bool:
    """Whether a heading's words ask: a first word that asks, or a question mark inside it."""
    words = question_title(text).split(" ", 1)
    return (
        bank_word_asks(words[0].lower().rstrip(":,¿"))
        or "? " in text
        or "\uff1f" in text[:-1]
        or bank_text_asks(text)
    )


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
        if len(inner) >= GROUP_MIN and all(_heading_asks_words(level + 1, words) for words in inner):
            groups.append((index + 1, level + 1, end))
    return groups


def _heading_asks_words(level: int, text: str) -> bool:
    """Whether a question heading (`heading_question`) asks in its words: a question mark, or
    a first word that asks (`1. What is the output of below code`), not a bare number."""
    found = heading_question(level, text)
    if found is None:
        return False
    words = question_title(text).split(" ", 1)
    return found.strong or bank_word_asks(words[0].lower())


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
    level = max(every, key=lambda level: (strong[level], every[level], -level))
    return level, strong[level] > 0


def structure(lines: list[str], start: int) -> list[Block]:
    """The blocks of lines[start:] that decide its forms. Parsing the inside of an answer is
    most of the cost and decides nothing, so what is known to be one before parsing is parsed
    as blank: the inside of each `<details>` element opened at the margin (one block whatever
    it holds), and the answer under each question heading (headings at the margin are headings
    wherever they are, outside fences and those elements) unless it holds a multiple choice's
    options, whose blocks are read."""
    return structure_and_plan(lines, start)[0]


structures: KeptByText[tuple[tuple[Block, ...], HeadingPlan]] = KeptByText()
"""The structure and plan of each text read last (`structure_and_plan`)."""


def structure_and_plan(lines: list[str], start: int) -> tuple[list[Block], HeadingPlan]:
    """`structure`, with the plan of the file's question headings (`HeadingPlan`). Both are
    kept by the text of `lines` (split at its line breaks; `kept`): the list is the caller's,
    its blocks and the plan are shared, not to be changed."""
    blocks, plan = structures.get(("\n".join(lines), start), lambda: _structure_and_plan(lines, start))
    return list(blocks), plan


def _structure_and_plan(lines: list[str], start: int) -> tuple[tuple[Block, ...], HeadingPlan]:
    """`structure_and_plan`, worked out."""
    found = margin(lines, start)
    headings = found.headings
    plan = heading_plan([(index, level, text) for index, level, text, _ in headings], lines)
    answers: list[tuple[int, int]] = []
    units: list[Unit] = []
    options: list[int] | None = None
    for n, (index, heading_level, text, in_item) in enumerate(headings):
        if in_item or not plan.asks(index, heading_level, text):
            continue
        level = plan.level_at(index)  # (a continuing heading's answer runs as far as its run's)
        following = (headings[k] for k in range(n + 1, len(headings)))
        closing = (at for at, depth, _, _ in following if depth <= level or at in plan.continuing)
        end = next((at for at in closing if at not in plan.answer_labels), len(lines))
        options = _option_lines(lines) if options is None else options
        k = bisect.bisect_left(options, index + 1)
        if k == len(options) or options[k] >= end:
            answers.append((index + 1, end))
            if (heading := atx_heading(lines[index])) is not None:
                units.append(Unit(index + 1, end, heading))
    outside = [span for span in found.details if not _within(answers, span)]
    units += [Unit(first, end) for first, end in outside]
    found_runs = runs(lines, sorted(units, key=lambda unit: unit.first))
    whole_runs = [(run[0].first, run[-1].end) for run in found_runs]
    blocks = outline(lines, start, _merged(found.details + answers + whole_runs))
    blocks = with_runs(lines, blocks, found_runs) if found_runs else blocks
    starts = {block.start: n for n, block in enumerate(blocks)}
    headings_read = all(
        blocks[starts[first - 1]].kind == "heading" for first, _ in answers if first - 1 in starts
    )
    if (
        headings_read
        and all(first - 1 in starts for first, _ in answers + outside)
        and all(blocks[starts[first - 1]].kind == "html" for first, _ in outside)
    ):
        for first, end in outside:  # each element, seen by the parser as its opening line
            n = starts[first - 1]
            blocks[n] = Block("details", first - 1, end, text=blocks[n].text)
        return tuple(group_details(blocks)), plan
    # A heading or a `<details>` line that CommonMark reads otherwise (inside an HTML block
    # begun on the line before): the lines set aside were not what they seemed, so all are read.
    return tuple(group_details(outline(lines, start))), plan


_OPTION_LINE_RE = re.compile("\n" + OPTION_RE.pattern[1:])
"""`OPTION_RE` after a line break (no part of it crosses one): a search for its first
character, not a try at every position."""


def _option_lines(lines: list[str]) -> list[int]:
    """The indices of the lines `OPTION_RE` matches, in order: one search of the whole text,
    not one match per line of every answer."""
    text = "\n".join(lines)
    found = [0] if lines and OPTION_RE.match(lines[0]) else []
    line = position = 0
    for match in _OPTION_LINE_RE.finditer(text):
        line += text.count("\n", position, match.start() + 1)
        position = match.start() + 1
        found.append(line)
    return found


def _within(ranges: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether `span` lies inside one of `ranges` (in order, not overlapping)."""
    n = bisect.bisect_right(ranges, (span[0], sys.maxsize)) - 1
    return n >= 0 and ranges[n][0] <= span[0] and span[1] <= ranges[n][1]


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, end in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged
