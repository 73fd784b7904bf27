"""An answer block that is never closed, read in linear time (core/answers.py `Lookahead`): the
same topics, findings and line accounting as the line-by-line scan that read every such block
to the end of the file (the oracle below), and files of thousands of such blocks read at once.

The one difference from that scan, by design: a block that is never closed and ends at the
next question or heading reports the fences left open among its own lines only. The scan also
reported those of every later line it had read on to the end of the file, lines that belong to
what follows the block and are read again by its reader, so a fence there was reported twice
(or, in a question's body, by no reader but an unclosed block above it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprep_site.core import answers, canonical
from mlprep_site.core.answers import DETAILS_CLOSE_RE, DETAILS_LINE_RE, AnswerBlock, Report
from mlprep_site.core.dialects import summary
from mlprep_site.core.fences import CodeScanner
from mlprep_site.core.lines import normalize_text
from mlprep_site.core.loader import Reading, read_markdown


def scan_oracle(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: object = None,
) -> AnswerBlock:
    """The scan before `Lookahead`, whole (every block read on to its close or the end of the
    file), except for the one change above: `reported` drops the fences at or after the line
    an unclosed block ends at."""
    head = rest.lstrip()
    scanner = CodeScanner(lines, i, left_open_at=question_at or stop_at)
    segments = itertools.chain([(i - 1, False)], scanner) if head else scanner
    body: list[tuple[int, str]] = []
    depth = 1
    prose: list[tuple[int, str]] = []
    for index, in_code in segments:
        line = lines[index] if index >= i else head
        lineno = index + 1
        if in_code:
            body.append((lineno, line))
            continue
        if index >= i:
            prose.append((lineno, line))
        for delta, position in answers._tag_balance(line):
            depth += delta
            if depth == 0:
                before, after = line[:position], DETAILS_CLOSE_RE.split(line[position:], 1)[1]
                if before.strip():
                    body.append((lineno, before))
                answers._report_unclosed_fences(scanner.unclosed, report)
                if after.strip():
                    report(lineno, "error", "text after </details> on the same line", "stray-text")
                return answers._block(body, lineno)
        body.append((lineno, line))
    fallback = next((lineno - 1 for lineno, line in prose if stop_at(line)), None)
    reported = scanner.unclosed if fallback is None else [n for n in scanner.unclosed if n < fallback]
    answers._report_unclosed_fences(reported, report)
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    if fallback is not None:
        body = [(n, text) for n, text in body if n <= fallback]
        return answers._block(body, fallback)
    return answers._block(body, len(lines))


def read_answer_oracle(
    lines: Sequence[str],
    start: int,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: object = None,
) -> AnswerBlock:
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    i, rest = answers._summary_rest(lines, start, lines[start][opener.end() :], report)
    return scan_oracle(lines, start, i, rest, report, stop_at, question_at)


@contextmanager
def the_oracle() -> Iterator[None]:
    with (
        mock.patch.object(canonical, "read_answer", read_answer_oracle),
        mock.patch.object(summary, "read_details_body", scan_oracle),
    ):
        yield


def outcome(reading: Reading) -> tuple[object, ...]:
    return reading.topic, reading.findings, reading.ledger.claims


LINES = st.sampled_from(
    [
        "",
        "",
        "text",
        "1. **Question?**",
        "2. **Another?**",
        "<!-- mlprep: {id: q} -->",
        "## Heading",
        "# Title",
        "<details>",
        "<details>",
        "<details open>",
        "<details><summary>Answer</summary>",
        "<details><summary>Hint</summary>",
        "<summary>Answer</summary>",
        "<summary>What is X?</summary>",
        "<details><summary>What is X?</summary>",
        "<details><summary>Q?</summary>A.</details>",
        "</details>",
        "</details>",
        "</detail>",
        "</DETAILS>",
        "text </details>",
        "</details> after",
        "`</details>` in code",
        "    </details>",
        "    indented",
        "- item",
        "```",
        "```",
        "```python",
        "```a",
        "~~~",
        "  ```",
        "> ```",
        "# comment?",
    ]
)


@st.composite
def files(draw: st.DrawFn) -> str:
    """Lines that make and break answer blocks, sometimes around a whole canonical question."""
    pieces = draw(
        st.lists(
            st.one_of(
                LINES,
                st.just("1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>"),
                st.just("3. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</detail>"),
                # an indented line after a blank one is code unless it goes on with a list (a
                # question line is a list item): whether its tags count depends on the line before
                st.builds(
                    "\n{}\n\n    {}".format,
                    st.sampled_from(["4. **Q?**", "## Part", "- item", "text"]),
                    st.sampled_from(["<details>", "</details>", "<details><summary>Hint</summary>"]),
                ),
            ),
            max_size=24,
        )
    )
    return "\n".join(pieces)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.sampled_from(["canonical", "summary"]), st.sampled_from([0, 1, 3, answers.PLAIN_LINES]))
def test_blocks_are_read_as_the_whole_scan_reads_them(text: str, dialect: str, plain_lines: int) -> None:
    """Topics, findings and claims as the oracle's, also when the answer shortcut gives up
    after fewer lines (`PLAIN_LINES`) than an answer of a few lines holds."""
    with mock.patch.object(answers, "PLAIN_LINES", plain_lines):
        ours = read_markdown(text, "t.md", dialect)
    with the_oracle():
        expected = read_markdown(text, "t.md", dialect)
    assert outcome(ours) == outcome(expected)
    assert ours.ledger.problems(normalize_text(text).split("\n")) == []


def question(k: int, close: str = "</details>", answer: str = "") -> str:
    return f"{k}. **Question {k}?**\n\n<details>\n<summary>Answer</summary>\n\n{answer or f'Answer {k}.'}\n\n{close}\n"


def lines_of(findings: list[object], code: str) -> list[int]:
    return [f.line for f in findings if f.code == code]  # type: ignore[attr-defined]


# Numbers of blocks for which the old scan, which read each unclosed block to the end of the
# file, takes minutes (2,000 such questions: 21 s, 4x per doubling); read here at once. No
# clock in the tests: a reader that is quadratic again stalls the suite.
MANY = 10_000


def test_many_answers_closed_with_a_typo() -> None:
    text = "# T\n\n" + "\n".join(question(k, "</detail>") for k in range(1, MANY + 1))
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    questions = reading.topic.questions
    assert len(questions) == MANY and questions[-1].answer == f"Answer {MANY}.\n\n</detail>"
    assert lines_of(reading.findings, "unclosed-details") == [5 + 9 * k for k in range(MANY)]
    assert len(reading.findings) == MANY


def test_typos_between_answers_that_close() -> None:
    """Every block that is left open has closing tags after it (those of the blocks that do
    close), so knowing that none is left to come is not enough; nor may the answer shortcut
    read on to the end of the file."""
    text = "\n".join(question(k, "</detail>" if k % 2 else "</details>") for k in range(1, MANY + 1))
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    assert [q.answer for q in reading.topic.questions[:2]] == ["Answer 1.\n\n</detail>", "Answer 2."]
    assert len(lines_of(reading.findings, "unclosed-details")) == MANY // 2


def test_sections_of_unclosed_blocks_before_a_question() -> None:
    """Each block ends at the next heading, and the first question is the same stretch away
    from all of them."""
    section = "## Section {}\n\n<details>\n<summary>Answer</summary>\n\ntext\n\n</detail>\n"
    text = "# T\n\n" + "".join(section.format(k) for k in range(MANY)) + "\n" + question(1)
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None and [q.answer for q in reading.topic.questions] == ["Answer 1."]
    assert len([f for f in reading.findings if f.code == "ignored-section"]) == MANY


def test_many_summary_blocks_closed_with_a_typo() -> None:
    text = "# T\n\n" + "".join(
        f"<details>\n<summary>Q {k}?</summary>\n\nA {k}.\n\n</detail>\n\n" for k in range(MANY)
    )
    reading = read_markdown(text, "t.md", "summary")
    assert reading.topic is not None
    assert [q.question for q in reading.topic.questions] == [f"Q {k}?" for k in range(MANY)]
    assert lines_of(reading.findings, "unclosed-details") == [3 + 7 * k for k in range(MANY)]


def test_an_unclosed_block_that_closes_far_down_still_swallows_what_is_before() -> None:
    """A stray `</details>` further down closes the block, as it did: the lookahead finds it."""
    text = question(1, "</detail>") + "\n" + question(2) + "\n</details>\n\n" + question(3)
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    assert [q.number for q in reading.topic.questions] == [1, 3]
    assert lines_of(reading.findings, "unclosed-details") == []
