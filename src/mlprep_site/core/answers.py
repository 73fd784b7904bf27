"""The answer block: `<details>`, `<summary>…</summary>`, markdown, the matching `</details>`.

Nested `<details>` (hints) are balanced, and tags inside fenced code or inline code spans do
not count, so an answer that shows HTML in a code sample is read whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlprep_site.core.code_spans import blank_code_spans
from mlprep_site.core.fences import CodeScanner, fence_extent, opening_fence
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
            return i + 1, rest[match.end() :]
        report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
        return i + 1, rest
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines):
        match = SUMMARY_RE.match(lines[j])
        if match:
            return j + 1, lines[j][match.end() :]
    report(i + 1, "error", "<details> without <summary>Answer</summary>", "missing-summary")
    return i + 1, ""


def _plain_close(
    lines: Sequence[str], start: int, left_open_at: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The index of the block's `</details>` line and the text before that tag on it, when
    nothing on the way needs the full scan: fences that close, details tags on lines that
    cannot be indented code (the common answer, with its code samples and nested hints), and
    nothing after the closing tag. None: use the scan.

    Same rule as the scan: a fence line is found by `opening_fence` and runs to its closing
    line (`fence_extent`), and only a line indented by four spaces or a tab can be indented
    code, so any other line's tags count."""
    depth = 1
    n = start
    count = len(lines)
    while n < count:
        line = lines[n]
        if ("```" in line or "~~~" in line) and (fence := opening_fence(line)) is not None:
            fate, end = fence_extent(lines, n, fence, left_open_at)
            if fate != "close":
                return None
            n = end + 1
            continue
        if "<" in line and "etails" in line.lower():  # tag names in any case
            if line.startswith(("    ", "\t")):
                return None
            for delta, position in _tag_balance(line):
                depth += delta
                if depth == 0:
                    if line.strip().lower() == "</details>":
                        return n, ""
                    if DETAILS_CLOSE_RE.split(line[position:], 1)[1].strip():
                        return None  # text after </details>: the scan reports it
                    return n, line[:position]
        n += 1
    return None


def read_answer(
    lines: Sequence[str],
    start: int,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
) -> AnswerBlock:
    """Read the block that opens on `lines[start]`.

    When the block is never closed, it ends before the first line, outside code, for which
    `stop_at` holds (the next question or heading), so an unclosed tag costs one finding,
    not the rest of the file. A code fence is code up to its closing line (`core.fences`);
    one that is still open at the next question (`question_at`) or at the end of the file
    was left open: it costs a finding, and its opening line is read as text.
    """
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    i, rest = _summary_rest(lines, start, lines[start][opener.end() :], report)
    return read_details_body(lines, start, i, rest, report, stop_at, question_at)


def read_details_body(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
) -> AnswerBlock:
    """The body of the `<details>` block opened on `lines[start]`, from `rest` (the text after
    its `</summary>`, on the line before `lines[i]`) to its matching `</details>`; `stop_at`
    and `question_at` as for `read_answer`."""
    if "etails" not in rest.lower():  # no tag after </summary>: the scan would count none there
        close = _plain_close(lines, i, question_at or stop_at)
        if close is not None:
            last, tail = close
            if not rest.strip() and not tail.strip():  # the canonical block
                return _lines_block(lines, i, last, i + 1, last + 1)
            # The scan's lines: the text after </summary> (if any, on line i), the lines
            # [i, last), the text before </details>; consecutive, as `_block` numbers them.
            head = rest.lstrip()
            texts = [head, *lines[i:last], tail] if head else [*lines[i:last], tail]
            return _lines_block(texts, 0, len(texts), i if head else i + 1, last + 1)
    return scan_details_body(lines, start, i, rest, report, stop_at, question_at)


def scan_details_body(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
) -> AnswerBlock:
    """`read_details_body` line by line, without the shortcut: any block, any finding."""
    # Text after </summary> is the answer's first line: `<details><summary>…</summary>A.</details>`.
    head = rest.lstrip()
    scanner = CodeScanner(lines, i, left_open_at=question_at or stop_at)
    segments = itertools.chain([(i - 1, False)], scanner) if head else scanner
    body: list[tuple[int, str]] = []
    depth = 1
    prose: list[tuple[int, str]] = []  # lines outside code, where an unclosed block may end
    for index, in_code in segments:
        line = lines[index] if index >= i else head
        lineno = index + 1
        if in_code:
            body.append((lineno, line))
            continue
        if index >= i:
            prose.append((lineno, line))
        for delta, position in _tag_balance(line):
            depth += delta
            if depth == 0:
                before, after = line[:position], DETAILS_CLOSE_RE.split(line[position:], 1)[1]
                if before.strip():
                    body.append((lineno, before))
                _report_unclosed_fences(scanner, report)
                if after.strip():
                    report(lineno, "error", "text after </details> on the same line", "stray-text")
                return _block(body, lineno)
        body.append((lineno, line))
    _report_unclosed_fences(scanner, report)
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    fallback = next((lineno - 1 for lineno, line in prose if stop_at(line)), None)
    if fallback is not None:
        body = [(n, text) for n, text in body if n <= fallback]
        return _block(body, fallback)
    return _block(body, len(lines))


def _report_unclosed_fences(scanner: CodeScanner, report: Report) -> None:
    for index in scanner.unclosed:
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
    while body and not body[0][1].strip():
        body.pop(0)
    while body and not body[-1][1].strip():
        body.pop()
    if not body:
        return AnswerBlock(None, None, end)
    return AnswerBlock("\n".join(text for _, text in body), body[0][0], end)
