"""core/reading/limits.py lets an answer through on counts of its raw text when they prove it within
every limit, and adds its exact use to the topic's totals only when they come near a limit:
the same findings, at the same offsets, and the same totals as checking every answer exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import parse_markdown
from mlprep_site.core.reading import limits

PIECES = [
    "plain text here",
    "a [link](https://x.org) and [b][c]",
    "<b>bold</b> <i>x</i> <span>y</span>",
    "`code` and ``more``",
    "$x^2$ and $y$",
    "\\$ escaped",
    "- item",
    "  - nested item",
    "> quote",
    "| a | b |",
    "```python",
    "```",
    "    indented code [x] <b>",
    "",
    "**strong** _em_ \\* &amp;",
    "text  ",
    "<details><summary>Hint</summary>",
    "</details>",
    "- `code` at the start",
    "- - - - - - - - - - - - - - - - - - x",
    "> > > > > > > > > > > > > > > > > > x",
    "- `- - - - - - - - - - -` - - - - x",
    "<div><div><div><div>",
    "[" * 30,
    "<a " * 40,
    "$" * 50,
    "`" * 41,
]
ANSWERS = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from([1, 1, 1, 10, 60])).map(lambda p: p[0] * p[1]),
    min_size=1,
    max_size=12,
).map("\n".join)


def exactly(texts: list[str]) -> tuple[list[object], tuple[int, ...]]:
    budget = limits.Budget()
    found: list[object] = []
    for text in texts:
        if len(text) > limits.MAX_ANSWER_CHARS or "\x00" in text:
            found.append(limits.shape_problem(text, budget))
            continue
        budget.settle()
        found.append(limits._exact_problem(text, budget))
    return found, (budget.code_spans, budget.math, budget.inline_work, budget.markup)


def on_bounds(texts: list[str]) -> tuple[list[object], tuple[int, ...]]:
    budget = limits.Budget()
    found: list[object] = [limits.shape_problem(text, budget) for text in texts]
    budget.settle()
    return found, (budget.code_spans, budget.math, budget.inline_work, budget.markup)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANSWERS, min_size=1, max_size=40))
def test_answers_let_through_on_bounds_are_checked_as_exactly(texts: list[str]) -> None:
    assert on_bounds(texts) == exactly(texts)


def test_a_topic_near_its_limit_refuses_the_answer_that_crosses_it() -> None:
    """Each answer alone is within its limits and let through on its bounds, until the topic's
    running total of link work crosses its limit: that answer is refused, at its line."""
    answer = "\n\n".join(["[x](https://example.org) " * 20] * 4)  # 4 paragraphs of 20 links
    per_answer = limits._usage(answer)[2]
    fits = limits.MAX_TOPIC_INLINE_WORK // per_answer
    questions = "\n".join(
        f"{n}. **Q{n}?**\n\n<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        for n in range(1, fits + 3)
    )
    topic, findings = parse_markdown("# T\n\n" + questions, "t.md")
    assert topic is not None
    refused = [q.number for q in topic.questions if q.answer is None]
    assert refused == list(range(fits + 1, fits + 3))
    assert [f.code for f in findings] == ["too-large", "too-large"]
    assert "takes the topic past its limit of links and raw tags" in findings[0].message
