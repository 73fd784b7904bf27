"""Code spans of one line of markdown, found in linear time.

A span opens at a run of backticks and closes at the next run of the same length (CommonMark);
a run with no partner is literal text, and so is a backtick escaped by a backslash (the rest of
its run may open a span; inside a span a backslash is text, so it escapes no closing run).
Spans are found within a line (a span that a paragraph continues on its next line is not), and
an HTML tag or autolink that starts first does not hide one. A backtracking regular expression
for this takes cubic time on a line of backticks (2,000 of them: a minute); this pass looks at
each run once.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

BACKTICKS_RE = re.compile(r"`+")


def code_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, backticks) of each code span in `text`, left to right: `text[start:end]` is
    the span with its backticks, `backticks` the length of the run on each side."""
    if "`" not in text:
        return
    runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(text)]
    later: dict[int, deque[int]] = {}  # run length -> indexes of the runs of that length
    for index, (start, end) in enumerate(runs):
        later.setdefault(end - start, deque()).append(index)
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if _escaped(text, start):  # its first backtick is text; the rest may open a span
            start += 1
        same = later.get(end - start)
        while same and same[0] <= index:  # each index leaves its queue once: linear overall
            same.popleft()
        if not same or start == end:
            index += 1
            continue
        close = same.popleft()
        yield start, runs[close][1], end - start
        index = close + 1


def _escaped(text: str, position: int) -> bool:
    """Whether the character at `position` follows an odd number of backslashes (each
    backslash is counted for the one run it touches: linear overall)."""
    count = 0
    while position - count > 0 and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def blank_code_spans(text: str) -> str:
    """`text` with each code span replaced by as many spaces: what is left is outside code."""
    if "`" not in text:  # most lines: nothing to blank
        return text
    parts: list[str] = []
    position = 0
    for start, end, _ in code_spans(text):
        parts += [text[position:start], " " * (end - start)]
        position = end
    parts.append(text[position:])
    return "".join(parts)
