"""An answer block that is never closed, read in linear time (core/reading/answer_blocks.py `Lookahead`): the
same topics, findings and line accounting as a plain scan that reads every block line by line
to its close or the end of the file (the oracle below), and files of thousands of such blocks
read at once. Both take code from the file's one code map (`core.text.code`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import Reading, read_markdown
from mlprep_site.core.reading import answer_blocks as answers
from mlprep_site.core.reading import canonical
from mlprep_site.core.reading.answer_blocks import (
    DETAILS_CLOSE_RE,
    DETAILS_LINE_RE,
    AnswerBlock,
    Lookahead,
    Report,
)
from mlprep_site.core.reading.dialects import summary
from mlprep_site.core.text.lines import normalize_text


def scan_oracle(
    lines: Sequence[str],
    start: int,
    i: int,
    rest: str,
    report: Report,
    stop_at: Callable[[str], bool],
    question_at: Callable[[str], bool] | None = None,
    ahead: Lookahead | None = None,
) -> AnswerBlock:
    """Each block read line by line to its close, or to the end of the file, and then cut at
    its first `stop_at` line outside code."""
    ahead = ahead or Lookahead(lines, stop_at, question_at or stop_at)
    code = ahead.code.lines
    head = rest.lstrip()
    texts: list[str] = []
    depth = 1
    for index in range(i - 1 if head else i, len(lines)):
        line = head if index < i else lines[index]
        if index >= i and code[index]:
            texts.append(line)
            continue
        for delta, position in answers._tag_balance(line):
            depth += delta
            if depth == 0:
                after = DETAILS_CLOSE_RE.split(line[position:], 1)[1]
                ahead.report_unclosed(i, index, report)
                if after.strip():
                    report(index + 1, "error", "text after </details> on the same line", "stray-text")
                texts.append(line[:position])
                first = i if head else i + 1
                return answers._lines_block(texts, 0, len(texts), first, index + 1)
        texts.append(line)
    end = next((n for n in range(i, len(lines)) if not code[n] and stop_at(lines[n])), len(lines))
    ahead.report_unclosed(i, end, report)
    report(start + 1, "error", "unclosed <details>: add </details> after the answer", "unclosed-details")
    texts = texts[: len(texts) - (len(lines) - end)]
    return answers._lines_block(texts, 0, len(texts), i if head else i + 1, end)


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
    # The file's one code map, as the reader built it (with where a fence is cut: `opens_answer_block`).
    return scan_oracle(
        lines, start, i, rest, report, stop_at, question_at, ahead if isinstance(ahead, Lookahead) else None
    )


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
        "</details><details>",
        "</b></details> <details>`</details>`",
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
@given(files(), st.sampled_from(["canonical", "summary"]))
def test_blocks_are_read_as_the_whole_scan_reads_them(text: str, dialect: str) -> None:
    """Topics, findings and claims as the oracle's."""
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


def test_a_close_counted_with_its_code_span_blanked_is_read_without_a_traceback() -> None:
    """`</details `x`>` closes a block only with its code span blanked (as tags are counted):
    the text after it is the line's rest, not an IndexError."""
    text = "1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n<details>\nA\n</details> </details `x`> B\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    assert reading.topic.questions[0].answer == "<details>\nA\n</details> "
    assert [(f.line, f.code) for f in reading.findings] == [(8, "stray-text")]
