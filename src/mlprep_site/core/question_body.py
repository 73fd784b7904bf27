"""Where a question's body ends: the lines (a snippet, a list) between a question's line and
its answer block, read with the same fences as answers (`core.fences`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mlprep_site.core.answers import DETAILS_LINE_RE, UNCLOSED_FENCE, Report, is_details_open
from mlprep_site.core.dialects.detect import answer_summary_at
from mlprep_site.core.fences import fence_extent, opening_fence


def body_end(
    lines: Sequence[str],
    i: int,
    ends_body: Callable[[str], bool],
    is_question: Callable[[str], bool],
    report: Report,
) -> int:
    """The index of the first line from `i` on that ends a body outside code (`ends_body`:
    an answer block's `<details>`, the next question, a heading), or the end of `lines`.

    Fenced code in a body is code: a `<details>` line in it (a body can show HTML) does not
    end the body. But a fence cannot swallow the answer: a `<details>` line in it whose
    summary labels an answer (`opens_answer`) ends the body there, and so does any `<details>`
    line in a fence left open; a fence is left open at a question line (`is_question`), as in
    answers, and the body then ends at that line. A fence left open is reported, as in answers.
    Each line is read a bounded number of times.
    """
    while i < len(lines):
        line = lines[i]
        if ends_body(line):
            return i
        fence = opening_fence(line)
        if fence is None:
            i += 1
            continue
        fate, end = fence_extent(lines, i, fence, is_question)
        if fate == "break":  # superfences gives the block up: its lines are text, none a fence
            found = next((n for n in range(i + 1, end + 1) if ends_body(lines[n])), None)
            if found is not None:
                return found
            i = end + 1
            continue
        details = [n for n in range(i + 1, min(end, len(lines))) if is_details_open(lines[n])]
        if fate == "open":
            report(i + 1, "error", UNCLOSED_FENCE, "unclosed-fence")
            return details[0] if details else end
        answer = next((n for n in details if opens_answer(lines, n)), None)
        if answer is not None:
            return answer
        i = end + 1
    return i


def opens_answer(lines: Sequence[str], index: int) -> bool:
    """Whether the `<details>` line at `index` has an answer's summary, on its line or on the
    next line that is not blank."""
    rest = DETAILS_LINE_RE.sub("", lines[index], count=1)
    following = index + 1
    while not rest.strip() and following < len(lines):
        rest, following = lines[following], following + 1
    return answer_summary_at(rest)
