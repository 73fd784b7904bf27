"""The answer block: `<details>`, `<summary>…</summary>`, markdown, the matching `</details>`.

Nested `<details>` (hints) are balanced, and tags inside fenced code or inline code spans do
not count, so an answer that shows HTML in a code sample is read whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Report = Callable[..., None]

DETAILS_OPEN_RE = re.compile(r"<details(?:\s[^>]*)?>", re.IGNORECASE)
DETAILS_CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
DETAILS_LINE_RE = re.compile(r"^ {0,3}<details(?:\s[^>]*)?>", re.IGNORECASE)
SUMMARY_RE = re.compile(r"^\s*<summary\b[^>]*>.*?</summary>", re.IGNORECASE | re.DOTALL)
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")


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
    if "etails" not in line:  # most lines: skip the regexes
        return []
    visible = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
    tags = [(1, m.start()) for m in DETAILS_OPEN_RE.finditer(visible)]
    tags += [(-1, m.start()) for m in DETAILS_CLOSE_RE.finditer(visible)]
    return sorted(tags, key=lambda tag: tag[1])


class FenceTracker:
    def __init__(self) -> None:
        self.fence: str | None = None

    def inside_after(self, line: str) -> bool:
        """Feed a line; True when the line belongs to a fenced code block."""
        match = FENCE_RE.match(line) if ("```" in line or "~~~" in line) else None
        if self.fence is None:
            if match:
                self.fence = match.group(1)
                return True
            return False
        closes = match and match.group(1)[0] == self.fence[0] and len(match.group(1)) >= len(self.fence)
        if closes and not line.strip().strip(self.fence[0]):
            self.fence = None
        return True


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


def _is_indented_code(line: str, previous: str | None) -> bool:
    """Indented code, approximately: 4+ spaces after a blank line or after more such code."""
    if not line.startswith("    ") or not line.strip():
        return False
    return previous is None or not previous.strip() or previous.startswith("    ")


def _plain_close(lines: Sequence[str], start: int) -> int | None:
    """The index of the block's `</details>` line when no line before it can hide or move it
    (no fence, no other details tag): the common answer, found without the full scan."""
    for n in range(start, len(lines)):
        line = lines[n]
        if "etails" in line or "```" in line or "~~~" in line:
            plain = line.strip().lower() == "</details>" and not line.startswith("    ")
            return n if plain else None
    return None


def read_answer(
    lines: Sequence[str], start: int, report: Report, stop_at: Callable[[str], bool]
) -> AnswerBlock:
    """Read the block that opens on `lines[start]`.

    When the block is never closed, it ends before the first line, outside code, for which
    `stop_at` holds (the next question or heading), so an unclosed tag costs one finding,
    not the rest of the file.
    """
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    i, rest = _summary_rest(lines, start, lines[start][opener.end() :], report)
    return read_details_body(lines, start, i, rest, report, stop_at)


def read_details_body(
    lines: Sequence[str], start: int, i: int, rest: str, report: Report, stop_at: Callable[[str], bool]
) -> AnswerBlock:
    """The body of the `<details>` block opened on `lines[start]`, from `rest` (the text after
    its `</summary>`, on the line before `lines[i]`) to its matching `</details>`."""
    if not rest.strip():
        close = _plain_close(lines, i)
        if close is not None:
            return _block([(n + 1, lines[n]) for n in range(i, close)], close + 1)
    # Text after </summary> is the answer's first line: `<details><summary>…</summary>A.</details>`.
    head = [(i, rest.lstrip())] if rest.strip() else []
    segments = itertools.chain(head, ((n + 1, lines[n]) for n in range(i, len(lines))))
    body: list[tuple[int, str]] = []
    fences = FenceTracker()
    depth = 1
    prose: list[tuple[int, str]] = []  # lines outside code, where an unclosed block may end
    previous: str | None = None
    for lineno, line in segments:
        in_code = fences.inside_after(line) or _is_indented_code(line, previous)
        previous = line
        if in_code:
            body.append((lineno, line))
            continue
        if lineno > i:
            prose.append((lineno, line))
        for delta, position in _tag_balance(line):
            depth += delta
            if depth == 0:
                before, after = line[:position], DETAILS_CLOSE_RE.split(line[position:], 1)[1]
                if before.strip():
                    body.append((lineno, before))
                if after.strip():
                    report(lineno, "error", "text after </details> on the same line", "stray-text")
                return _block(body, lineno)
        body.append((lineno, line))
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    fallback = next((lineno - 1 for lineno, line in prose if stop_at(line)), None)
    if fallback is not None:
        body = [(n, text) for n, text in body if n <= fallback]
        return _block(body, fallback)
    return _block(body, len(lines))


def _block(body: list[tuple[int, str]], end: int) -> AnswerBlock:
    while body and not body[0][1].strip():
        body.pop(0)
    while body and not body[-1][1].strip():
        body.pop()
    if not body:
        return AnswerBlock(None, None, end)
    return AnswerBlock("\n".join(text for _, text in body), body[0][0], end)
