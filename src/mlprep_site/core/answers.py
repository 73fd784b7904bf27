"""The answer block: `<details>`, `<summary>…</summary>`, markdown, the matching `</details>`.

Nested `<details>` (hints) are balanced, and tags inside fenced code or inline code spans do
not count, so an answer that shows HTML in a code sample is read whole.

A block that is never closed ends before the next question (or heading); whether it closes
further down is known from the file's `Lookahead`, which reads each stretch of the file once,
so a file of many unclosed blocks is read in linear time, not each block to the end of it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlprep_site.core.code_spans import blank_code_spans
from mlprep_site.core.dialects.detect import TAG_RE, answer_summary_at
from mlprep_site.core.fences import CodeScanner, IndentedCode, fence_extent, opening_fence
from mlprep_site.core.fences import FenceTracker as FenceTracker  # the page writer's import

Report = Callable[..., None]

DETAILS_OPEN_RE = re.compile(r"<details(?:\s[^>]*)?>", re.IGNORECASE)
DETAILS_CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
DETAILS_LINE_RE = re.compile(r"^ {0,3}<details(?:\s[^>]*)?>", re.IGNORECASE)
SUMMARY_RE = re.compile(r"^\s*<summary\b[^>]*>.*?</summary>", re.IGNORECASE | re.DOTALL)
UNCLOSED_FENCE = (
    "code fence not closed before the next question or the end of the file: "
    "close it with the same marker, at the same indentation"
)
PLAIN_LINES = 64
"""Lines the answer shortcut reads before it also gives up at the next question or heading:
nearly every answer closes within them, at no cost, and one that never closes costs this many
lines more than its own, not the rest of the file."""


@dataclass(frozen=True, slots=True)
class AnswerBlock:
    text: str | None
    """The answer's lines without leading and trailing blank lines; None when blank."""
    first_line: int | None
    end: int
    """Index of the first line after the block."""


def is_details_open(line: str) -> bool:
    return bool(DETAILS_LINE_RE.match(line))


def _tag_balance(line: str) -> list[tuple[int, int]]:
    """(+1 | -1, position) for each details tag outside inline code, in order."""
    # Most lines: skip the regexes. Tags are case-insensitive, so a line with `<` is lowered.
    if "<" not in line or "etails" not in line.lower():
        return []
    visible = blank_code_spans(line)
    opens = [(1, m.start()) for m in DETAILS_OPEN_RE.finditer(visible)]
    closes = [(-1, m.start()) for m in DETAILS_CLOSE_RE.finditer(visible)]
    if not opens or not closes:  # one kind only: already in order
        return opens or closes
    return sorted(opens + closes, key=lambda tag: tag[1])


def _summary_rest(lines: Sequence[str], i: int, rest: str, report: Report) -> tuple[int, str]:
    """Consume the summary after `<details>`: returns (next index, text after `</summary>`)."""
    if rest.strip():
        match = SUMMARY_RE.match(rest)
        if match:
            _check_label(match.group(0), i, report)
            return i + 1, rest[match.end() :]
        report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
        return i + 1, rest
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines):
        match = SUMMARY_RE.match(lines[j])
        if match:
            _check_label(match.group(0), j, report)
            return j + 1, lines[j][match.end() :]
    report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
    return i + 1, ""


def _check_label(summary: str, index: int, report: Report) -> None:
    """An answer block's summary is a label ("Answer"): the site shows the question there, so
    other text in it would be lost without a word."""
    if not answer_summary_at(summary):
        text = " ".join(TAG_RE.sub("", summary).split())
        message = f"the summary {text!r} is not shown (an answer block's summary is a label, like Answer): "
        report(
            index + 1, "warning", message + "move the text into the question or the answer", "summary-text"
        )


def _plain_close(
    lines: Sequence[str], start: int, left_open_at: Callable[[str], bool], stop_at: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The index of the block's `</details>` line and the text before that tag on it, when
    nothing on the way needs the full scan: fences that close, details tags on lines that
    cannot be indented code (the common answer, with its code samples and nested hints), and
    nothing after the closing tag. None: use the scan, which is also what a block gets that
    reaches a `stop_at` line after its first `PLAIN_LINES` lines (it may never close).

    Same rule as the scan: a fence line is found by `opening_fence` and runs to its closing
    line (`fence_extent`), and only a line indented by four spaces or a tab can be indented
    code, so any other line's tags count."""
    count = len(lines)
    n, depth, close = _plain_run(lines, start, min(count, start + PLAIN_LINES), 1, left_open_at)
    # On from there, stop lines are looked for ahead, each line once, so that the run itself
    # does not ask each line (the common answer closes before).
    while close is None and 0 <= n < count:
        stop = next((k for k in range(n, count) if stop_at(lines[k])), count)
        if stop == n:
            return None
        n, depth, close = _plain_run(lines, n, stop, depth, left_open_at)
    return close


def _plain_run(
    lines: Sequence[str], n: int, limit: int, depth: int, left_open_at: Callable[[str], bool]
) -> tuple[int, int, tuple[int, str] | None]:
    """`_plain_close` from `lines[n]` at `depth` up to `lines[limit]`: (where it goes on, the
    depth there, the close if found); it goes on from -1 when the scan must decide."""
    while n < limit:
        line = lines[n]
        if ("```" in line or "~~~" in line) and (fence := opening_fence(line)) is not None:
            fate, end = fence_extent(lines, n, fence, left_open_at)
            if fate != "close":
                return -1, depth, None
            n = end + 1
            continue
        if "<" in line and "etails" in line.lower():  # tag names in any case
            if line.startswith(("    ", "\t")):
                return -1, depth, None
            for delta, position in _tag_balance(line):
                depth += delta
                if depth == 0:
                    if line.strip().lower() == "</details>":
                        return n, depth, (n, "")
                    if DETAILS_CLOSE_RE.split(line[position:], 1)[1].strip():
                        return -1, depth, None  # text after </details>: the scan reports it
                    return n, depth, (n, line[:position])
        n += 1
    return n, depth, None


def read_answer(
    lines: Sequence[str],
    start: int,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: Lookahead | None = None,
) -> AnswerBlock:
    """Read the block that opens on `lines[start]`.

    When the block is never closed, it ends before the first line, outside code, for which
    `stop_at` holds (the next question or heading), so an unclosed tag costs one finding,
    not the rest of the file. A code fence is code up to its closing line (`core.fences`);
    one that is still open at the next question (`question_at`) or at the end of the file
    was left open: it costs a finding, and its opening line is read as text. `ahead` is the
    file's `Lookahead` for these `lines` and predicates, shared by its blocks.
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
    fence = opening_fence(rest.lstrip())
    if fence is not None:  # the readers take code to start on a line of its own
        message = f"a code fence cannot open on the <details> line: put {fence.marker} on a line of its own"
        report(i, "error", message, "fence-on-details-line")
    if "etails" not in rest.lower():  # no tag after </summary>: the scan would count none there
        close = _plain_close(lines, i, question_at or stop_at, stop_at)
        if close is not None:
            last, tail = close
            if not rest.strip() and not tail.strip():  # the canonical block
                return _lines_block(lines, i, last, i + 1, last + 1)
            # The scan's lines: the text after </summary> (if any, on line i), the lines
            # [i, last), the text before </details>; consecutive, as `_block` numbers them.
            head = rest.lstrip()
            texts = [head, *lines[i:last], tail] if head else [*lines[i:last], tail]
            return _lines_block(texts, 0, len(texts), i if head else i + 1, last + 1)
    return scan_details_body(lines, start, i, rest, report, stop_at, question_at, ahead)


def scan_details_body(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: Lookahead | None = None,
) -> AnswerBlock:
    """`read_details_body` line by line, without the shortcut: any block, any finding.

    A block still open at its first line outside code for which `stop_at` holds ends there
    if it never closes (`Lookahead`); the scan reads on only when it does close further
    down, and the reader then resumes after its end, so each line is read once."""
    left_open_at = question_at or stop_at
    if ahead is None:
        ahead = Lookahead(lines, stop_at, left_open_at)
    # Text after </summary> is the answer's first line: `<details><summary>…</summary>A.</details>`.
    head = rest.lstrip()
    indented = IndentedCode()
    if head:  # the answer's first line: the line after it continues it, as indented code cannot
        indented.inside_after(head)
    scanner = CodeScanner(lines, i, left_open_at, indented)
    segments = itertools.chain([(i - 1, False)], scanner) if head else scanner
    body: list[tuple[int, str]] = []
    depth = 1
    fallback: int | None = None  # the first line outside code where stop_at holds
    closes = False  # known to close further down: read on to the close
    for index, in_code in segments:
        line = lines[index] if index >= i else head
        lineno = index + 1
        if in_code:
            body.append((lineno, line))
            continue
        for delta, position in _tag_balance(line):
            depth += delta
            if depth == 0:
                before, after = line[:position], DETAILS_CLOSE_RE.split(line[position:], 1)[1]
                if before.strip():
                    body.append((lineno, before))
                _report_unclosed_fences(scanner.unclosed, report)
                if after.strip():
                    report(lineno, "error", "text after </details> on the same line", "stray-text")
                return _block(body, lineno)
        body.append((lineno, line))
        if index >= i and not closes and stop_at(line):
            fallback = index if fallback is None else fallback
            # From a line that ends its scan step the scan reads on as the lookahead's does
            # (each stop line of the readers does: no fenced block runs on past one outside code).
            if scanner.resume == index + 1:
                closes = ahead.closes(index, indented.state, depth)
                if not closes:
                    break
    if fallback is None:
        _report_unclosed_fences(scanner.unclosed, report)
        report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
        return _block(body, len(lines))
    # The fences of the block's own lines: the lines after it are read again by what follows.
    _report_unclosed_fences([n for n in scanner.unclosed if n < fallback], report)
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    return _block([(n, text) for n, text in body if n <= fallback], fallback)


class Lookahead:
    """Whether a block still open after a line can close further down a file, for every block
    of the file at once.

    A block's scan is a `CodeScanner`: after a line that ends its step, what the scan reads on
    depends only on the next line and its indented-code state, whichever block it belongs
    to. So the lowest sum of details tags (+1 `<details>`, -1 `</details>`) over the lines
    after such a line, when it is a `stop_at` line outside code, is worked out once for that
    line and state, from the stretch up to the next such line and what is known there: each
    stretch is read once, not once per block that reaches it. A block at depth `d` after the
    line closes further down when `d` plus that lowest sum reaches 0 (tags move the depth by
    one)."""

    def __init__(
        self, lines: Sequence[str], stop_at: Callable[[str], bool], left_open_at: Callable[[str], bool]
    ) -> None:
        self.lines = lines
        self.stop_at = stop_at
        self.left_open_at = left_open_at
        self.lowest: dict[tuple[int, tuple[bool, bool, bool]], int] = {}
        """(index of a stop line, indented-code state after it) -> lowest tag sum after it."""

    def closes(self, index: int, state: tuple[bool, bool, bool], depth: int) -> bool:
        """Whether a block at `depth` after the stop line `lines[index]`, which ends its scan
        step, in `state`, closes further down."""
        return depth + self._lowest(index, state) <= 0

    def _lowest(self, index: int, state: tuple[bool, bool, bool]) -> int:
        stretches: list[tuple[tuple[int, tuple[bool, bool, bool]], int, int]] = []
        key: tuple[int, tuple[bool, bool, bool]] | None = (index, state)
        while key is not None and key not in self.lowest:
            total, low, following = self._stretch(*key)
            stretches.append((key, total, low))
            key = following
        after = 0 if key is None else self.lowest[key]
        for known, total, low in reversed(stretches):
            after = self.lowest[known] = min(low, total + after)
        return after

    def _stretch(
        self, index: int, state: tuple[bool, bool, bool]
    ) -> tuple[int, int, tuple[int, tuple[bool, bool, bool]] | None]:
        """(tag sum, lowest running sum, the next stop line and state) over the lines after
        `lines[index]` up to the next stop line outside code that ends its step, or the end."""
        indented = IndentedCode(state)
        scanner = CodeScanner(self.lines, index + 1, self.left_open_at, indented)
        total = low = 0
        for n, in_code in scanner:
            if in_code:
                continue
            line = self.lines[n]
            for delta, _ in _tag_balance(line):
                total += delta
                low = min(low, total)
            if self.stop_at(line) and scanner.resume == n + 1:
                return total, low, (n, indented.state)
        return total, low, None


def _report_unclosed_fences(unclosed: list[int], report: Report) -> None:
    for index in unclosed:
        report(index + 1, "error", UNCLOSED_FENCE, "unclosed-fence")


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


def _block(body: list[tuple[int, str]], end: int) -> AnswerBlock:
    first, last = 0, len(body)  # trimmed by index: popping each blank line off the front is quadratic
    while first < last and not body[first][1].strip():
        first += 1
    while last > first and not body[last - 1][1].strip():
        last -= 1
    if first == last:
        return AnswerBlock(None, None, end)
    return AnswerBlock("\n".join(text for _, text in body[first:last]), body[first][0], end)
