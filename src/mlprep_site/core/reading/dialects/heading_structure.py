"""The block structure of a file read with the plan of its question headings
(`structure_and_plan`): the outline `dialects.forms` reads, with what is known to be an answer
set aside unparsed."""

from __future__ import annotations

import bisect
import re
import sys

from mlprep_site.core.reading.blocks import Block, group_details, margin, outline
from mlprep_site.core.reading.dialects.asking import OPTION_RE
from mlprep_site.core.reading.dialects.heading_plan import HeadingPlan, heading_plan
from mlprep_site.core.reading.dialects.heading_words import NUMBERED_LABEL_RE
from mlprep_site.core.reading.question_runs import Unit, atx_heading, runs, with_runs
from mlprep_site.core.text.kept import KeptByText


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
        if in_item or not plan.asks(index, heading_level, text) or NUMBERED_LABEL_RE.match(text):
            continue  # (under a numbered label, the question's own paragraph is read)
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
