"""A question's body (a snippet, a list between its line and its answer block) and fenced code
in it: markdown in, the question's body and answer out, side by side."""

from __future__ import annotations

import pytest

from mlprep_site.core.loader import parse_markdown

ANSWER = "<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
CASES = [
    pytest.param(
        "1. **What does this show?**\n\n```html\n<details>\n<summary>More</summary>\nx\n</details>\n```\n\n"
        + ANSWER,
        "```html\n<details>\n<summary>More</summary>\nx\n</details>\n```",
        "A.",
        id="code showing a details element stays in the body",
    ),
    pytest.param(
        "1. **Q?**\n\n~~~\n<details open>\n~~~\n\n" + ANSWER,
        "~~~\n<details open>\n~~~",
        "A.",
        id="a details line alone in code",
    ),
    pytest.param(
        "1. **Q?**\n\n```python\n\n<details>\n<summary>Answer</summary>\n\n```\ncode\n```\n\n</details>\n",
        "```python",
        "```\ncode\n```",
        id="a fence closed only inside the answer",
    ),
    pytest.param(
        "1. **Q?**\n\n```\n<details><summary>Show answer</summary>\n\nA.\n\n</details>\n```\n",
        "```",
        "A.",
        id="an answer's block inside a fence is the answer",
    ),
]


@pytest.mark.parametrize(("text", "body", "answer"), CASES)
def test_body_and_answer(text: str, body: str, answer: str) -> None:
    topic, findings = parse_markdown("# T\n\n" + text, "t.md")
    assert topic is not None
    (question,) = topic.questions
    assert (question.question_body, question.answer) == (body, answer)
    assert [f for f in findings if f.severity == "error" and "outside any answer" not in f.message] == []


def test_a_fence_left_open_in_a_body_ends_at_the_next_question() -> None:
    """As in answers: a fence is left open at a question line, so the next question (and its
    answer) is its own, not part of an unanswered question's body; the fence is an error."""
    text = "# T\n\n1. **Q?**\n\n```python\n# a comment\n\n2. **R?**\n\n" + ANSWER
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    assert [(q.id, q.question_body, q.answer) for q in topic.questions] == [
        ("q", "```python\n# a comment", None),
        ("r", None, "A."),
    ]
    assert sorted((f.line, f.code) for f in findings) == [(3, "unanswered"), (5, "unclosed-fence")]


@pytest.mark.parametrize(
    "text",
    [
        "1. **Q?**\n\n```python\nx = 1\n\n" + ANSWER,
        "1. **Fix this markdown:**\n\n```markdown\n2. **Bold item**\n```\n\n" + ANSWER,
    ],
    ids=["never closed", "closed after a question line"],
)
def test_a_fence_left_open_in_a_body_is_an_error(text: str) -> None:
    """A fence in a body that does not close before the next question (a question line inside
    a fence ends it, as in answers) or the answer block is reported at its line: the question
    the content meant would otherwise go wrong without a word."""
    topic, findings = parse_markdown("# T\n\n" + text, "t.md")
    assert topic is not None
    assert (5, "unclosed-fence") in [(f.line, f.code) for f in findings]


def test_metadata_after_a_blank_line_is_read() -> None:
    text = "# T\n\n1. **Q?**\n\n<!-- mlprep: {id: my-id, tags: [ml], difficulty: hard} -->\n\n" + ANSWER
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and findings == []
    (question,) = topic.questions
    assert (question.id, question.tags, question.difficulty, question.question_body) == (
        "my-id",
        ("ml",),
        "hard",
        None,
    )


@pytest.mark.parametrize("between", ["<!-- a note -->", "- a list item"])
def test_metadata_after_other_lines_is_an_error_not_a_body(between: str) -> None:
    """Metadata further down is not read (its id would be lost without a word): an error at its
    line, and the body keeps only what comes before it."""
    text = f"# T\n\n1. **Q?**\n{between}\n<!-- mlprep: {{id: my-id}} -->\n\n" + ANSWER
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.questions[0].question_body == between
    assert [(f.line, f.severity, f.code) for f in findings] == [(5, "error", "misplaced-meta")]


@pytest.mark.parametrize("line", ["2. **What is variance?** (hard)", "2. __Q?__", "**2. Q?**", "2.**Q?**"])
def test_an_answer_after_a_malformed_question_is_nobodys(line: str) -> None:
    """The answer block after a line meant as a question is not the question's before it: both
    lines are reported, and question 1 stays unanswered."""
    text = f"# T\n\n1. **What is bias?**\n\n{line}\n\n" + ANSWER
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    assert [(q.question, q.question_body, q.answer) for q in topic.questions] == [
        ("What is bias?", None, None)
    ]
    assert sorted((f.line, f.code) for f in findings) == [
        (3, "unanswered"),
        (5, "bad-question"),
        (7, "stray-details"),
    ]


def test_a_tag_yaml_reads_as_a_number_is_reported() -> None:
    """`3.10` is 3.1 to YAML (and `12:30` is 750): not the tag as written, so a warning."""
    text = "---\ntitle: T\ntags: [python, 3.10]\n---\n# T\n\n1. **Q?**\n<!-- mlprep: {id: q, tags: [12:30]} -->\n\n"
    topic, findings = parse_markdown(text + ANSWER, "t.md")
    assert topic is not None and topic.tags == ("python", "3.1") and topic.questions[0].tags == ("750",)
    assert [(f.line, f.severity) for f in findings] == [(3, "warning"), (8, "warning")]
    assert "YAML reads a tag as a number, 3.1 (kept as '3.1'): quote it" in findings[0].message


@pytest.mark.parametrize(
    "summary", ["<summary>Important context</summary>", "<summary><b>Context</b> here</summary>"]
)
def test_summary_text_that_is_not_a_label_is_reported(summary: str) -> None:
    """The site shows the question in the summary: text there other than a label is lost."""
    text = f"# T\n\n1. **Q?**\n\n<details>\n{summary}\n\nA\n\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.questions[0].answer == "A"
    assert [(f.line, f.code) for f in findings] == [(6, "summary-text")]
    _, labelled = parse_markdown(text.replace(summary, "<summary>Show answer</summary>"), "t.md")
    assert labelled == []


@pytest.mark.parametrize("body", ["1. __init__\n2. __new__", "1. ____ is used for X", "**1. Note:** text"])
def test_a_list_in_a_body_that_asks_nothing_is_the_body(body: str) -> None:
    text = f"# T\n\n1. **Which runs first?**\n\n{body}\n\n" + ANSWER
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and findings == []
    assert [(q.question_body, q.answer) for q in topic.questions] == [(body, "A.")]


@pytest.mark.parametrize("label", ["Show solution", "💡 Answer", "Answers:", "<b>Show hint</b>"])
def test_answer_labels_are_read_without_case_punctuation_or_symbols(label: str) -> None:
    text = f"# T\n\n1. **Q?**\n\n<details>\n<summary>{label}</summary>\n\nA\n\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.questions[0].answer == "A" and findings == []
