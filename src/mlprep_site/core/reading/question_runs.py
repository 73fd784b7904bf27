"""Runs of questions whose answers are set aside unparsed (`dialects.heading_structure.structure`),
parsed as the first question's line and one blank line.

Each question there is one line the parser reads as a block of its own, then its answer,
parsed as one blank line: a heading that asks (its answer runs to the next heading at its
level or above), or the opening line of a `<details>` element at the margin (its inside is one
block whatever it holds). Between two questions of a run there are only blank lines. Once the
parser has read the first line of a run as such a block at the top level, each next line is
one too, whatever the parser would make of the lines set aside: it follows a blank line at the
top level, where an ATX heading is a heading and a line opening with `<details` then a blank
line is an HTML block of one line. So the blocks of those lines are written here as the parser
writes them, and a long list of questions costs one parse of a line, not one per question.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.syntax import ATX_MARK_RE


@dataclass(frozen=True, slots=True)
class Unit:
    """A question line (`head`) and its answer, lines [first, end) (first == head + 1)."""

    first: int
    end: int
    heading: tuple[int, str] | None = None
    """A heading's level and text as the parser reads them; None for a `<details>` line."""


@functools.lru_cache(maxsize=32768)  # a file read again (`serve`) asks about the same lines
def atx_heading(line: str) -> tuple[int, str] | None:
    """The level and text markdown-it gives the ATX heading `line` (at most three spaces before
    its `#`s; its closing `#`s cut), or None when it is none, or when its text ends in
    whitespace other than spaces and tabs (which markdown-it's releases trim differently)."""
    heading = ATX_MARK_RE.match(line)
    if heading is None or "\0" in line or "\r" in line:  # (the parser reads those otherwise)
        return None
    text = line[heading.end() :].rstrip(" \t")
    opened = text.rstrip("#")  # a closing sequence counts after a blank only
    if opened[-1:] in (" ", "\t"):
        text = opened
    trimmed = text.strip(" \t")
    return (len(heading.group(1)), trimmed) if trimmed == text.strip() else None


def runs(lines: Sequence[str], units: Sequence[Unit]) -> list[list[Unit]]:
    """The runs of two or more `units` (in order) with only blank lines between them; a unit
    whose line cannot be written here (`atx_heading`, a `\\0` in a `<details>` line) starts a
    run."""
    found: list[list[Unit]] = []
    run: list[Unit] = []
    for unit in units:
        head = unit.first - 1
        if (
            run
            and head >= run[-1].end
            and (unit.heading is not None or "\0" not in lines[head])
            and all(not lines[k].strip(" \t") for k in range(run[-1].end, head))
        ):
            run.append(unit)
            continue
        if len(run) > 1:
            found.append(run)
        run = [unit]
    if len(run) > 1:
        found.append(run)
    return found


def with_runs(lines: Sequence[str], blocks: list[Block], found: list[list[Unit]]) -> list[Block]:
    """`blocks`, parsed with each run of `found` set aside after its first line, with the block
    of each next question line added as the parser reads it alone; `blocks` as they are when
    the parser did not read a run's first line as such a block (then the caller, finding the
    question lines missing, parses again)."""
    starts = {block.start: n for n, block in enumerate(blocks)}
    for run in found:
        head = run[0].first - 1
        n = starts.get(head)
        kind = "html" if run[0].heading is None else "heading"
        if n is None or blocks[n].kind != kind or blocks[n].end != head + 1:
            return blocks
    added = {starts[run[0].first - 1]: [_block(lines, unit) for unit in run[1:]] for run in found}
    expanded: list[Block] = []
    for n, block in enumerate(blocks):
        expanded.append(block)
        expanded += added.get(n, ())
    return expanded


def _block(lines: Sequence[str], unit: Unit) -> Block:
    head = unit.first - 1
    if unit.heading is None:  # an HTML block of one line: the line and its line break
        return Block("html", head, head + 1, text=lines[head] + "\n")
    level, text = unit.heading
    return Block("heading", head, head + 1, level, text)
