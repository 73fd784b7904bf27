"""Where a question's body ends: the lines (a snippet, a list) between a question's line and
its answer block, read with the same code as answers (`core.text.code`, via the file's `Lookahead`)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from mlprep_site.core.reading.answer_blocks import DETAILS_LINE_RE, Lookahead, Report, is_details_open
from mlprep_site.core.reading.detect import answer_summary_at, continued_summary_label, summary_left_open


def body_end(
    lines: Sequence[str],
    i: int,
    ends_body: Callable[[str], bool],
    is_question: Callable[[str], bool],
    report: Report,
    ahead: Lookahead | None = None,
) -> int:
    """The index of the first line from `i` on that ends a body outside code (`ends_body`:
    an answer block's `<details>`, the next question, a heading), or the end of `lines`.

    Code in a body is code: a `<details>` line in it (a body can show HTML) does not end the
    body, unless its summary labels an answer (`opens_answer`): a fence cannot swallow the
    answer. A fence left open at a question line (`is_question`) or an answer block is
    reported, as in answers, and the body runs on to that line. `ahead` is the file's
    `Lookahead`.
    """
    if ahead is None:
        ahead = Lookahead(lines, ends_body, is_question)
    code_map = ahead.code
    code = code_map.lines
    unclosed = code_map.unclosed  # in order
    at = bisect.bisect_left(unclosed, i)
    left_open = unclosed[at] if at < len(unclosed) else -1
    start = i
    while i < len(lines):
        line = lines[i]
        if i == left_open:  # the body runs on to where the fence was left open
            i += 1
            while i < len(lines) and not (is_question(lines[i]) or is_details_open(lines[i])):
                i += 1
            break
        if code[i]:
            if is_details_open(line) and opens_answer(lines, i):
                break
        elif ends_body(line):
            break
        i += 1
    ahead.report_unclosed(start, i, report)
    return i


def opens_answer(lines: Sequence[str], index: int) -> bool:
    """Whether the `<details>` line at `index` has an answer's summary, on its line or on the
    next line that is not blank."""
    rest = DETAILS_LINE_RE.sub("", lines[index], count=1)
    following = index + 1
    while not rest.strip() and following < len(lines):
        rest, following = lines[following], following + 1
    if summary_left_open(rest):  # `<summary>`, then its label on a line of its own
        return continued_summary_label(lines, following)
    return answer_summary_at(rest)


def opens_answer_block(lines: Sequence[str], index: int) -> bool:
    """Whether `lines[index]` is a `<details>` line with an answer's summary: a fence in a
    question's body is cut there, so it cannot swallow the answer."""
    return is_details_open(lines[index]) and opens_answer(lines, index)
