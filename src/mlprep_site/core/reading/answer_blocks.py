"""The answer block: `<details>`, `<summary>…</summary>`, markdown, the matching `</details>`.

Nested `<details>` (hints) are balanced, and tags inside code (`core.text.code`: what GitHub shows
as code) or inline code spans do not count, so an answer that shows HTML in a code sample is
read whole.

A block that is never closed ends before the next question (or heading); where each block
closes is known from the file's `Lookahead`, which reads the file's code and tags once, so a
file of many unclosed blocks is read in linear time, not each block to the end of it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlprep_site.core.reading.detect import SUMMARY_CLOSE_RE, TAG_RE, answer_summary_at, summary_left_open
from mlprep_site.core.reading.syntax import DETAILS_CLOSE_RE
from mlprep_site.core.text.code import Code, shared_code
from mlprep_site.core.text.code_spans import blank_code_spans
from mlprep_site.core.text.kept import KeptByText

Report = Callable[..., None]

DETAILS_LINE_RE = re.compile(r"^ {0,3}<details(?:\s[^>]*)?>", re.IGNORECASE)
SUMMARY_RE = re.compile(r"^\s*<summary\b[^>]*>.*?</summary>", re.IGNORECASE | re.DOTALL)
CANONICAL_SUMMARY = "<summary>Answer</summary>"
"""The summary `canonical_markdown` writes, a label."""
UNCLOSED_FENCE = (
    "code fence not closed before the next question: GitHub shows it running over the questions "
    "after it; close it with a line of the same backticks or tildes"
)
_FENCE_START_RE = re.compile(r"`{3,}|~{3,}")
# `_DETAILS_TAG_RE` in a whole text: a tag within its line.
_TEXT_TAG_RE = re.compile(r"<(?:(/)details[^\S\n]*|details(?:[^\S\n][^>\n]*)?)>", re.IGNORECASE)
_DETAILS_TAG_RE = re.compile(r"<(?:(/)details\s*|details(?:\s[^>]*)?)>", re.IGNORECASE)
"""`DETAILS_OPEN_RE` or `DETAILS_CLOSE_RE` (group 1), in one pass."""


@dataclass(frozen=True, slots=True)
class AnswerBlock:
    text: str | None
    """The answer's lines without leading and trailing blank lines; None when blank."""
    first_line: int | None
    end: int
    """Index of the first line after the block."""


def is_details_open(line: str) -> bool:
    return "<" in line and DETAILS_LINE_RE.match(line) is not None


def _tag_balance(line: str) -> list[tuple[int, int]]:
    """(+1 | -1, position) for each details tag outside inline code, in order."""
    # Most lines: skip the regexes. Tags are case-insensitive, so a line with `<` is lowered.
    if "<" not in line or "etails" not in line.lower():
        return []
    return [(-1 if m.group(1) else 1, m.start()) for m in _DETAILS_TAG_RE.finditer(blank_code_spans(line))]


def _summary_rest(lines: Sequence[str], i: int, rest: str, report: Report) -> tuple[int, str]:
    """Consume the summary after `<details>`: returns (next index, text after `</summary>`)."""
    if rest.strip():
        match = SUMMARY_RE.match(rest)
        if match:
            _check_label(match.group(0), i, report)
            return i + 1, rest[match.end() :]
        closed = _summary_close(lines, i) if summary_left_open(rest) else None
        if closed is not None:  # `<details><summary>`, its label on the next lines
            _check_label(
                " ".join([rest.strip(), *(line.strip() for line in lines[i + 1 : closed[0] + 1])]), i, report
            )
            return closed[0] + 1, closed[1]
        report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
        return i + 1, rest
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines):
        if lines[j] == CANONICAL_SUMMARY:  # as `render` writes it: a label, alone on its line
            return j + 1, ""
        match = SUMMARY_RE.match(lines[j])
        if match:
            _check_label(match.group(0), j, report)
            return j + 1, lines[j][match.end() :]
        closed = _summary_close(lines, j) if summary_left_open(lines[j]) else None
        if closed is not None:  # `<summary>` alone on its line, its label on the next lines
            _check_label(" ".join(line.strip() for line in lines[j : closed[0] + 1]), j, report)
            return closed[0] + 1, closed[1]
    report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
    return i + 1, ""


SUMMARY_LINES_MAX = 5
"""Lines a summary written over lines (`<summary>`, `Answer`, `</summary>`) may take."""


def _summary_close(lines: Sequence[str], j: int) -> tuple[int, str] | None:
    """The line that closes a summary whose line `j` ends with its `<summary>` tag, and the
    text after its `</summary>`; None when it is not closed within SUMMARY_LINES_MAX lines."""
    for k in range(j + 1, min(len(lines), j + SUMMARY_LINES_MAX)):
        close = SUMMARY_CLOSE_RE.search(lines[k])
        if close is not None:
            return k, lines[k][close.end() :]
    return None


def _check_label(summary: str, index: int, report: Report) -> None:
    """An answer block's summary is a label ("Answer"): the site shows the question there, so
    other text in it would be lost without a word."""
    if summary != CANONICAL_SUMMARY and not answer_summary_at(summary):
        text = " ".join(TAG_RE.sub("", summary).split())
        message = f"the summary {text!r} is not shown (an answer block's summary is a label, like Answer): "
        report(
            index + 1, "warning", message + "move the text into the question or the answer", "summary-text"
        )


def read_answer(
    lines: Sequence[str],
    start: int,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: Lookahead | None = None,
) -> AnswerBlock:
    """Read the block that opens on `lines[start]`.

    Tags count outside code only (`core.text.code`: what GitHub shows as code). When the block is
    never closed, it ends before the first line, outside code, for which `stop_at` holds (the
    next question or heading), so an unclosed tag costs one finding, not the rest of the file.
    A fence at the top level that runs over the next question (`question_at`) was left open:
    it costs a finding, and its opening line is read as text. `ahead` is the file's
    `Lookahead` for these `lines` and predicates, shared by its blocks.
    """
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    i, rest = _summary_rest(lines, start, lines[start][opener.end() :], report)
    return read_details_body(lines, start, i, rest, report, stop_at, question_at, ahead)


def read_details_body(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: Lookahead | None = None,
) -> AnswerBlock:
    """The body of the `<details>` block opened on `lines[start]`, from `rest` (the text after
    its `</summary>`, on the line before `lines[i]`) to its matching `</details>`; `stop_at`,
    `question_at` and `ahead` as for `read_answer`."""
    if ahead is None:
        ahead = Lookahead(lines, stop_at, question_at or stop_at)
    head = rest.lstrip()
    fence = _FENCE_START_RE.match(head)
    if fence is not None:  # GitHub shows it as text of the HTML block
        message = f"a code fence cannot open on the <details> line: put {fence.group()} on a line of its own"
        report(i, "error", message, "fence-on-details-line")
    # Text after </summary> is the answer's first line: `<details><summary>…</summary>A.</details>`.
    depth = 1
    for delta, position in _tag_balance(head):
        depth += delta
        if depth == 0:
            before, after = head[:position], DETAILS_CLOSE_RE.split(head[position:], 1)[1]
            if after.strip():
                report(i, "error", "text after </details> on the same line", "stray-text")
            return _lines_block([before], 0, 1, i, i)
    close = ahead.close(i, depth)
    if close is not None:
        last, position = close
        tail, after = lines[last][:position], _after_close(lines[last], position)
        ahead.report_unclosed(i, last, report)
        if after.strip():
            report(last + 1, "error", "text after </details> on the same line", "stray-text")
        if not head and not tail.strip():  # the canonical block
            return _lines_block(lines, i, last, i + 1, last + 1)
        texts = [head, *lines[i:last], tail] if head else [*lines[i:last], tail]
        return _lines_block(texts, 0, len(texts), i if head else i + 1, last + 1)
    end = ahead.stop(i)
    ahead.report_unclosed(i, end, report)
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    texts = [head, *lines[i:end]] if head else list(lines[i:end])
    return _lines_block(texts, 0, len(texts), i if head else i + 1, end)


@dataclass(frozen=True, slots=True)
class TagLines:
    """The lines of a text outside code that hold details tags (+1 `<details>`, -1
    `</details>`), in order, with what `Lookahead.close` needs of each."""

    indices: list[int]
    sums: list[int]
    """The sum of each line's tags."""
    lows: list[int]
    """The lowest running sum from each line on, from 0 before it."""
    line_lows: list[int]
    """The lowest running sum of each line's own tags, from 0."""
    positions: list[int]
    """Where each line's tag starts in the text when it holds one, else -1."""

    @classmethod
    def of(cls, text: str, lines: Sequence[str], code: Sequence[bool]) -> TagLines:
        indices, sums, line_lows, positions = _details_tag_lines(text, lines, code)
        lows = list(line_lows)
        after = 0
        for k in range(len(indices) - 1, -1, -1):
            after = lows[k] = min(lows[k], sums[k] + after)
        return cls(indices, sums, lows, line_lows, positions)


file_codes: KeptByText[Code] = KeptByText()
"""Each file's code for its reader's predicates (`Lookahead.code`), kept for the files read
last: `serve` reads the whole bank again on each change, and a file that did not change is
not parsed again (its text is the key, with the predicates)."""
file_tags: KeptByText[TagLines] = KeptByText()
"""Each file's details tags outside code, kept as `file_codes` keeps its code."""


class Lookahead:
    """What the readers of one file need to know ahead of a line, worked out once per file:
    which lines are code (`core.text.code`, with top-level fences left open at `left_open_at`
    lines, or cut at `cut_at` ones),
    where each answer block closes (the running sum of details tags outside code: +1
    `<details>`, -1 `</details>`), and where one that never closes stops (the first
    `stop_at` line outside code)."""

    def __init__(
        self,
        lines: Sequence[str],
        stop_at: Callable[[str], bool],
        left_open_at: Callable[[str], bool],
        cut_at: Callable[[Sequence[str], int], bool] | None = None,
        text: str | None = None,
    ) -> None:
        self.lines = lines
        self._text = text
        """The lines joined (given by a reader that has them, else joined when first asked)."""
        self.stop_at = stop_at
        self.left_open_at = left_open_at
        self.cut_at = cut_at
        """Where a top-level fence is cut without a finding (`core.text.code`), by line index."""
        self._code: Code | None = None
        self._tags: TagLines | None = None
        self.reported: set[int] = set()

    @property
    def text(self) -> str:
        """The file's lines joined."""
        if self._text is None:
            self._text = "\n".join(self.lines)
        return self._text

    @property
    def code(self) -> Code:
        """The file's code (shared with every reading of the same text: not to be changed)."""
        if self._code is None:
            text, lines, left_open_at, cut_at = self.text, self.lines, self.left_open_at, self.cut_at
            self._code = file_codes.get(
                (text, left_open_at, cut_at), lambda: shared_code(text, lines, left_open_at, cut_at)
            )
        return self._code

    def _tag_lines(self) -> TagLines:
        """The file's details tags outside code (shared with every reading of the same text)."""
        if self._tags is None:
            text, lines, code = self.text, self.lines, self.code
            self._tags = file_tags.get(
                (text, self.left_open_at, self.cut_at), lambda: TagLines.of(text, lines, code.lines)
            )
        return self._tags

    def close(self, i: int, depth: int) -> tuple[int, int] | None:
        """(line, position) of the `</details>` that brings `depth` to 0 from `lines[i]` on."""
        tags = self._tag_lines()
        indices, sums, lows, line_lows = tags.indices, tags.sums, tags.lows, tags.line_lows
        k = bisect.bisect_left(indices, i)
        if k == len(indices) or depth + lows[k] > 0:
            return None
        while depth + line_lows[k] > 0:  # the close is on the first line whose tags reach 0
            depth += sums[k]
            k += 1
        at = tags.positions[k]
        if at >= 0:  # the line's one tag: a `</details>`, at depth 1
            return indices[k], at - self.text.rfind("\n", 0, at) - 1
        for delta, position in _tag_balance(self.lines[indices[k]]):
            depth += delta
            if depth == 0:
                return indices[k], position
        raise AssertionError("the running sum reaches 0 on this line")

    def closes(self, index: int, depth: int) -> bool:
        """Whether a block at `depth` after `lines[index]` closes further down."""
        return self.close(index + 1, depth) is not None

    def stop(self, i: int) -> int:
        """The first line from `i` on, outside code, where `stop_at` holds, else the end."""
        code = self.code.lines
        stop_at = self.stop_at
        for index in range(i, len(self.lines)):
            if not code[index] and stop_at(self.lines[index]):
                return index
        return len(self.lines)

    def report_unclosed(self, first: int, end: int, report: Report) -> None:
        """Report each fence left open on a line of [first, end), once."""
        for index in (self._code or self.code).unclosed:
            if first <= index < end and index not in self.reported:
                self.reported.add(index)
                report(index + 1, "error", UNCLOSED_FENCE, "unclosed-fence")


def _after_close(line: str, position: int) -> str:
    """The text after the `</details>` that `close` found at `position` in `line`: the first one
    from there; else (a tag only with a code span in it blanked, `</details `x`>`) that one."""
    closer = DETAILS_CLOSE_RE.search(line, position)
    if closer is not None:
        return line[closer.end() :]
    blanked = _DETAILS_TAG_RE.match(blank_code_spans(line), position)
    return line[blanked.end() :] if blanked is not None else ""


def _details_tag_lines(
    text: str, lines: Sequence[str], code: Sequence[bool]
) -> tuple[list[int], list[int], list[int], list[int]]:
    """(the lines outside code with details tags, the sum of each one's tags, the lowest running
    sum of each one's own tags from 0, where its tag starts in `text` when it holds one or
    else -1) of `text`, whose `lines` and `code` are given."""
    indices: list[int] = []
    sums: list[int] = []
    lows: list[int] = []
    positions: list[int] = []
    spanned: set[int] = set()
    """Lines with backticks whose tags were counted from the line (`_tag_balance`)."""
    count = text.count
    last = -1  # the last line in `indices`
    line = position = 0
    for match in _TEXT_TAG_RE.finditer(text):
        start = match.start()
        line += count("\n", position, start)
        position = start
        if code[line]:
            continue
        if line != last and "`" not in lines[line]:  # most tags: alone on their line so far
            indices.append(line)
            positions.append(start)
            if text[start + 1] == "/":
                sums.append(-1)
                lows.append(-1)
            else:
                sums.append(1)
                lows.append(0)
            last = line
            continue
        if line == last and line in spanned:
            continue
        if "`" in lines[line]:  # tags in code spans do not count: the line's own
            deltas = [delta for delta, _ in _tag_balance(lines[line])]
            spanned.add(line)
        else:
            deltas = [-1 if match.group(1) else 1]
        if line == last:
            total, low = sums.pop(), lows.pop()
            indices.pop()
            positions.pop()
        else:
            total = low = 0
        for delta in deltas:
            total += delta
            low = min(low, total)
        if deltas:
            indices.append(line)
            sums.append(total)
            lows.append(low)
            positions.append(-1)
        last = indices[-1] if indices else -1
    return indices, sums, lows, positions


def _lines_block(texts: Sequence[str], first: int, last: int, number: int, end: int) -> AnswerBlock:
    """`_block` of the lines `texts[first:last]`, the first of them line `number`: the same
    block, without pairing each line with its number."""
    start = first
    while first < last and not texts[first].strip():
        first += 1
    while last > first and not texts[last - 1].strip():
        last -= 1
    if first == last:
        return AnswerBlock(None, None, end)
    return AnswerBlock("\n".join(texts[first:last]), number + first - start, end)
