"""How `core.text.code` reads a text's code: markdown-it-py's CommonMark block rules (with GFM
tables), run only on the stretches of the text that can hold code.

Parsing a whole bank costs about 1 s for 5.7 MB, so only the stretches that can hold code are
parsed. A stretch starts at a reset line: a line at the margin after a blank line, where
nothing that started before can still be open except a fenced block or an HTML block that
ends at a closing string (`<!--`, `<pre>`…); both start on a line the cheap search below
finds. So the stretches around those lines are parsed, all of a text's in one call, each
after a blank line; one whose fenced or HTML block is still open at its end is parsed again
with twice its length until it closes or reaches the end. A stretch that is one closed fence
at the top level is marked by CommonMark's fence rule without the parser.

`left_open_at` and `cut_at` are `core.text.code`'s (see its docstring).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
"""The block parser (no inline parsing: titles and answers keep their markdown)."""

# The lines that may start code: a line that can open a fence (three backticks or tildes, in any
# container), start indented code (four columns or a tab after container markers), or open an
# HTML block that ends at a closing string rather than a blank line (`_code_starts`).
# An HTML block that a closing string ends, not closed on its opening line: markdown-it's
# `HTML_SEQUENCES` 1 to 5 (the closing string looked for after the opening one: a line this
# finds and markdown-it closes at once is only parsed for nothing).
_CLOSING_HTML = (
    r" {0,3}<(?:!--(?![^\n]*-->)|\?(?![^\n]*\?>)|![A-Za-z](?![^\n]*>)|!\[CDATA\[(?![^\n]*\]\]>)"
    r"|(?i:script|pre|style|textarea)(?=[\s>]|$)(?![^\n]*</(?i:script|pre|style|textarea)>))"
)
# Line starts are matched at the line break before them (the text is searched with one before
# its first line): a pattern led by a literal is searched for much faster.
# A reset line (at the margin, after a blank line), matched from the line break before the
# blank line to the reset line's start.
_RESET_RE = re.compile(r"\n[ \t]*\n(?=[^ \t\n])")
# A line that may open or close a fence, in any container: a stretch that holds an odd number of
# them likely ends inside a fence, so it is taken on to a later reset line (a guess, for speed:
# a block still open at a stretch's end is parsed again in any case, dropping the rest of its
# batch, which code samples with blank lines in them made quadratic).
_FENCE_LINE_RE = re.compile(r"\n[ \t>*+\-0-9.)]*(?:```|~~~)")
# The lines that may start code other than by a fence (`_code_starts` finds those with `str.find`:
# a search for either fence run as a pattern looks at each character, several times slower).
_INDENT_OR_HTML_RE = re.compile(r"\n(?=[\t >*+\-0-9.)<])(?:[ >*+\-0-9.)]*?(?:\t|    )|" + _CLOSING_HTML + ")")
_CLOSING_RE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
# A fence opened at the margin (group 1, info string 2) and the first line after it that may
# open or close a fence, if that line is a closing fence (3); then blank lines (4). No `\r`.
_PLAIN_FENCE_RE = re.compile(
    r"(`{3,}|~{3,})([^\n\r]*)"
    r"(?:\n(?![ \t>*+\-0-9.)]*(?:```|~~~))[^\n\r]*)*"
    r"\n {0,3}(`{3,}|~{3,})[ \t]*(?=\n|\Z)"
    r"((?:\n[ \t]*(?=\n|\Z))*)"
)
BATCH_LINES = 4_096
"""Lines of stretches parsed in one call: bounds what a stretch left open costs to parse again."""


class Fence(NamedTuple):  # a tuple, not a frozen dataclass: a bank makes one per code sample
    """A fenced block: lines [start, end), its fences included."""

    start: int
    end: int
    closed: bool
    top: bool
    """At the document's top level (in no list item or quote)."""
    marker: str
    """The backticks or tildes of its opening fence."""
    prefix: str
    """The opening line's text before the marker (indentation, quote markers)."""


@dataclass(slots=True)
class Code:
    """The code of a text's lines."""

    lines: list[bool]
    """For each line, whether it is code (a fenced block's fences too)."""
    fences: list[Fence] = field(default_factory=list)
    unclosed: list[int] = field(default_factory=list)
    """Opening lines of top-level fences left open at a `left_open_at` line (or cut at a
    `cut_at` line and never closed), read as text."""
    cut: list[int] = field(default_factory=list)
    """Opening lines of the other top-level fences cut at a `cut_at` line, read as text."""


def _blank(line: str) -> bool:
    return not line.strip(" \t")


class Reader:
    """The code of `lines`, read stretch by stretch (`read`), into `code`."""

    def __init__(
        self,
        lines: Sequence[str],
        left_open_at: Callable[[int], bool] | None,
        cut_at: Callable[[int], bool] | None,
    ) -> None:
        self.lines = lines
        self.left_open_at = left_open_at
        self.cut_at = cut_at
        self.code = Code([False] * len(lines))
        self.fences: dict[int, Fence] = {}
        self.starts: list[int] = []
        """The lines that may start code, in order (`_code_starts`)..."""
        self.marks: dict[int, int] = {}
        """...and where in `text` each holds what makes it one (`_line_start` finds its start)."""
        self.forced: set[int] = set()
        """Lines read as a reset line though not at the margin: the line after a fence left open."""
        self.forced_order: list[int] = []
        self.text = ""
        """A line break, then the lines joined: what is searched."""
        self.marked: dict[bool, list[int]] = {}
        """The lines where `left_open_at` (True) or `cut_at` (False) holds, once asked."""
        self.shortest_open: dict[str, int] = {}
        """Per marker character, the shortest top-level fence known to reach the end unclosed:
        no line after it closes a fence of that character as long or longer."""

    def is_reset(self, index: int) -> bool:
        lines = self.lines
        if index <= 0 or index >= len(lines) or index in self.forced:
            return True
        return lines[index][:1] not in ("", " ", "\t") and _blank(lines[index - 1])

    def read(self, text: str | None = None) -> None:
        """Read the code of the lines (`text`, when given, is the lines joined)."""
        if self.lines:
            self._parse_from("\n" + ("\n".join(self.lines) if text is None else text))
        self.code.fences = sorted(self.fences.values(), key=lambda fence: fence.start)

    def _next_start(self, line: int) -> int | None:
        """The first line from `line` on that may start code."""
        at = bisect.bisect_left(self.starts, line)
        return self.starts[at] if at < len(self.starts) else None

    def _line_start(self, line: int) -> int:
        """Where line `line`, one of `starts`, starts in `text`."""
        return self.text.rfind("\n", 0, self.marks[line]) + 1

    def _stretch(self, first: int, reset: int) -> tuple[int, int]:
        """The stretch around line `first`: [the reset line at or before it, not before
        `reset`; the next reset line after it)."""
        start = first
        while start > reset and not self.is_reset(start):
            start -= 1
        position = self._line_start(first)
        found = _RESET_RE.search(self.text, position - 1)
        fences = self._fence_lines(position - 1, found)
        while found is not None and fences % 2:
            after = _FENCE_LINE_RE.search(self.text, found.end() - 1)
            if after is None:
                found = None
                break
            found = _RESET_RE.search(self.text, after.end())
            fences += 1 + self._fence_lines(after.end(), found)
        end = first + self.text.count("\n", position, found.end()) if found else len(self.lines)
        forced = bisect.bisect_right(self.forced_order, first)
        if forced < len(self.forced_order):
            end = min(end, self.forced_order[forced])
        return start, end

    def _fence_lines(self, position: int, before: re.Match[str] | None) -> int:
        """The lines that may open or close a fence from `position` in the searched text to
        the reset line `before` (None: to the end)."""
        end = before.end() if before is not None else len(self.text)
        return len(_FENCE_LINE_RE.findall(self.text, position, end))

    def _known_open(self, first: int) -> str | None:
        """The marker of the fence opened by line `first`, a reset line, when it is known to
        run to the end unclosed (`shortest_open`): its line alone is parsed, not the rest."""
        line = self.lines[first]
        rest = line.lstrip(" ")
        if rest[:1] not in self.shortest_open or len(line) - len(rest) > 3:
            return None
        tokens = PARSER.parse(line)
        marker = tokens[0].markup if tokens and tokens[0].type == "fence" else ""
        return marker if marker and len(marker) >= self.shortest_open[marker[0]] else None

    def _parse_from(self, text: str) -> None:
        """Parse the stretches of `text` (a line break, then the lines joined) that may hold
        code, in batches."""
        self.text = text
        self.marks = _code_starts(text)
        self.starts = list(self.marks)
        reset = 0
        forced: tuple[int, int] | None = None
        while True:
            batch: list[tuple[int, int]] = []
            size = 0
            if forced is not None:
                batch.append(forced)
                size, reset = forced[1] - forced[0], forced[1]
                forced = None
            while size < BATCH_LINES and (first := self._next_start(reset)) is not None:
                if self.shortest_open and self.is_reset(first) and (marker := self._known_open(first)):
                    outcome = self._parse_batch(batch) if batch else None
                    if outcome is None:
                        outcome = self._open_to_end(first, marker)
                    batch = []
                    break
                # A stretch still waiting in the batch may hold a block that runs on over this one.
                if not batch and (end := self._plain_fence(first)) is not None:
                    reset = end
                    continue
                start, end = self._stretch(first, reset)
                batch.append((start, end))
                size += end - start
                reset = end
            else:
                if not batch:
                    return
                outcome = self._parse_batch(batch)
            if outcome is not None:
                start, end = outcome  # parse on from `start`, [start, end) first if longer
                reset = start
                forced = (start, end) if end > start else None

    def _plain_fence(self, first: int) -> int | None:
        """Mark the stretch at line `first` without the parser when it is one fenced block at the
        top level, closed, and blank lines after it; its end, else None (left to the parser).
        At a reset line nothing is open, so CommonMark's rule is all there is to it: the opener
        at the margin; the first line of the same character, as long or longer, indented at
        most three spaces, closes it. That closer must be the first line after the opener that
        may open or close a fence, and a reset line (or the end) must follow the blank lines,
        so the stretch is the fence and those lines (`_stretch` ends it there: its fence lines
        are even). A fence a reader's predicate has a say in is left to the parser."""
        lines = self.lines
        if lines[first][:3] not in ("```", "~~~"):
            return None
        if first and first not in self.forced and not _blank(lines[first - 1]):
            return None  # not a reset line (`is_reset`, for a line at the margin)
        text = self.text
        begin = self._line_start(first)
        fence = _PLAIN_FENCE_RE.match(text, begin)
        if fence is None:
            return None
        marker, info, closing = fence.group(1, 2, 3)
        if not closing.startswith(marker) or (marker[0] == "`" and "`" in info):
            return None  # not closed by its first fence line, or not a fence (backticks in its info)
        after, blanks = fence.end(), fence.start(4)
        if after < len(text) and (after == blanks or text[after + 1] in " \t\r"):
            return None  # text right after the fence, or an indented line: not a reset line
        closer = first + text.count("\n", begin, blanks)
        end = closer + text.count("\n", blanks, after) + 1 if after < len(text) else len(lines)
        forced = bisect.bisect_right(self.forced_order, first) if self.forced_order else 0
        if forced < len(self.forced_order) and self.forced_order[forced] < end:
            return None
        if self.left_open_at is not None or self.cut_at is not None:
            fenced = list(range(first, closer + 1))
            if self._reaches(True, fenced) or self._reaches(False, fenced):
                return None
        self.code.lines[first : closer + 1] = [True] * (closer + 1 - first)
        self.fences[first] = Fence(first, closer + 1, True, True, marker, "")  # opened at the margin
        return end

    def _parse_batch(self, batch: list[tuple[int, int]]) -> tuple[int, int] | None:
        """Mark the code of the stretches of `batch`. None; or, when a stretch had to change,
        where to parse on from (the rest of the batch is dropped): (the line, and the end of a
        longer stretch to parse from it, or the same line)."""
        fed: list[str] = []
        real: list[int] = []
        limits: list[int] = []
        """For each stretch, the index of the fed line after its own lines..."""
        bounds: list[int] = []
        """...and after the blank line that may follow them."""
        for start, end in batch:
            part = self.lines[start:end]
            fed += [line.replace("\r", " ") for line in part] if any("\r" in line for line in part) else part
            real += range(start, end)
            limits.append(len(fed))
            if not _blank(fed[-1]):
                fed.append("")  # a blank line before the next stretch, as in the text
                real.append(-1)
            bounds.append(len(fed))
        fed.append("\x01")  # swallowed by a block still open at the last stretch's end
        real.append(-1)
        stretch = 0
        for token in PARSER.parse("\n".join(fed)):
            if token.map is None or token.type not in ("fence", "code_block", "html_block"):
                continue
            first, end = token.map
            while first >= bounds[stretch]:
                stretch += 1
            top = token.level == 0
            if top and token.type != "code_block" and end > limits[stretch]:
                return self._reach_past(batch[stretch], token, real[first])
            if token.type == "html_block":
                continue
            lines = [real[n] for n in range(first, end) if real[n] >= 0]
            if token.type == "fence" and top and self._left_open(lines):
                return lines[0] + 1, lines[0] + 1
            for n in lines:
                self.code.lines[n] = True
            if token.type == "fence":
                closed = len(lines) - 1 - token.content.count("\n") == 1
                self._record(lines[0], lines[-1] + 1, closed, top, token.markup)
        return None

    def _record(self, start: int, end: int, closed: bool, top: bool, marker: str) -> None:
        opener = self.lines[start]
        prefix = opener[: opener.find(marker)] if marker and marker in opener else ""
        self.fences[start] = Fence(start, end, closed, top, marker, prefix)

    def _left_open(self, lines: Sequence[int], never_closes: bool = False) -> bool:
        """Whether the top-level fence over `lines` (its opening line first) reaches a line it
        may not: then it is left open (reported) or cut, and the line after its opening line is
        read as a reset line."""
        reported = self._reaches(True, lines)
        if not reported and not self._reaches(False, lines):
            return False
        (self.code.unclosed if reported or never_closes else self.code.cut).append(lines[0])
        self.forced.add(lines[0] + 1)
        bisect.insort(self.forced_order, lines[0] + 1)
        return True

    def _reaches(self, reported: bool, lines: Sequence[int]) -> bool:
        """Whether a line of `lines` after the first is one where a fence is left open
        (`reported`) or cut. In a fence that closes, a `#` line is code (a shell comment),
        not a heading a reader stops at. A fence to the end asks about every line to the end:
        those lines are found once."""
        at = self.left_open_at if reported else self.cut_at
        if at is None:
            return False
        if not isinstance(lines, range):
            return any(at(n) for n in lines[1:] if self.lines[n].lstrip(" ")[:1] != "#")
        if reported not in self.marked:
            self.marked[reported] = [n for n in range(len(self.lines)) if at(n)]
        marked = self.marked[reported]
        index = bisect.bisect_left(marked, lines.start + 1)
        return index < len(marked) and marked[index] < lines.stop

    def _reach_past(self, stretch: tuple[int, int], token: Token, opener: int) -> tuple[int, int]:
        """A top-level block of `stretch`, opened on line `opener`, is still open at its end
        (the lines before it are marked): parse again from the stretch's start, twice as far;
        or from past the end, when it reaches the end."""
        start, end = stretch
        marker = token.markup
        is_fence = token.type == "fence"
        if is_fence and len(marker) >= self.shortest_open.get(marker[:1], 1 << 62):
            return self._open_to_end(opener, marker)
        if end >= len(self.lines):
            if not is_fence:  # an HTML block to the end: no code in it
                return end, end
            self.shortest_open[marker[:1]] = len(marker)
            return self._open_to_end(opener, marker)
        target = min(len(self.lines), start + 2 * (end - start))
        while target < len(self.lines) and not self.is_reset(target):
            target += 1
        return start, target

    def _open_to_end(self, opener: int, marker: str) -> tuple[int, int]:
        """The top-level fence opened on `opener` runs to the end of the text, unclosed."""
        if self._left_open(range(opener, len(self.lines)), never_closes=True):
            return opener + 1, opener + 1
        for n in range(opener, len(self.lines)):
            self.code.lines[n] = True
        self._record(opener, len(self.lines), False, True, marker)
        end = len(self.lines)
        return end, end


def _code_starts(text: str) -> dict[int, int]:
    """The lines of `text` (a line break, then the lines joined) that may start code, in order,
    each with a position in `text` on it: those holding three backticks or tildes, and those
    `_INDENT_OR_HTML_RE` finds."""
    positions = [match.end() - 1 for match in _INDENT_OR_HTML_RE.finditer(text)]
    for run in ("```", "~~~"):
        at = text.find(run)
        while at >= 0:
            positions.append(at)
            line_end = text.find("\n", at)  # one position a line is enough
            at = text.find(run, line_end) if line_end >= 0 else -1
    positions.sort()
    starts: dict[int, int] = {}
    breaks = searched = 0
    for position in positions:
        before = text.count("\n", searched, position)
        if before:  # a line after the last one found (the text starts with a line break)
            breaks += before
            starts[breaks - 1] = position
        searched = position
    return starts


def closes_fence(line: str, marker: str) -> bool:
    """Whether `line` closes a fence opened by `marker`, by CommonMark's rule: at most three
    spaces, the same character at least as many times, then only spaces or tabs."""
    match = _CLOSING_RE.fullmatch(line)
    return match is not None and match.group(1)[0] == marker[0] and len(match.group(1)) >= len(marker)
