"""Many questions with one text, many lines of docs-site markup: ids and claims in linear time,
the same ids as trying every suffix from 2 again for each question (the oracle below). No clock
in the tests: each input is large enough that the quadratic reader took a minute or more."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import load_bank, read_markdown
from mlprep_site.core.text.ids import slugify
from mlprep_site.core.text.lines import normalize_text

MANY = 40_000


def ids_oracle(texts: list[str]) -> list[str]:
    """The rule: a text's slug, or the slug with the first of -2, -3… that no earlier question
    of the topic has."""
    taken: set[str] = set()
    ids = []
    for text in texts:
        base = qid = slugify(text)
        n = 2
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        taken.add(qid)
        ids.append(qid)
    return ids


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["What is X?", "What is X 2?", "What is X 2 2?", "What is X 3?", "Why?"]), max_size=12
    )
)
def test_ids_of_repeated_questions_are_the_first_free_suffix(texts: list[str]) -> None:
    text = "# T\n\n" + "".join(f"- {question}\n" for question in texts)
    reading = read_markdown(text, "t.md", "lists")
    assert (reading.topic is None) == (not texts)  # no question: not a topic
    questions = reading.topic.questions if reading.topic is not None else ()
    assert [q.id for q in questions] == ids_oracle(texts)


def test_one_question_asked_many_times() -> None:
    """Each id was found by trying every suffix taken before it (40,000 questions: minutes)."""
    reading = read_markdown("# T\n\n" + "- What is X?\n" * MANY, "t.md", "lists")
    assert reading.topic is not None
    assert [q.id for q in reading.topic.questions] == ["what-is-x"] + [
        f"what-is-x-{n}" for n in range(2, MANY + 1)
    ]


def test_many_lines_of_docs_site_markup() -> None:
    """Each claim looked at every line set aside (100,000 imports: minutes)."""
    text = "import X from 'x';\n" * 100_000 + "\n### What is X?\n\nAn answer.\n"
    reading = read_markdown(text, "t.mdx")
    assert reading.topic is not None and [q.question for q in reading.topic.questions] == ["What is X?"]
    assert reading.ledger.problems(normalize_text(text).split("\n")) == []


def test_a_derived_id_taken_in_another_topic_many_times(tmp_path: Path) -> None:
    """Each question of b.md asks what a.md asks: each id gives way with the next free suffix
    (30,000 questions: about a minute)."""
    count = 30_000
    answer = "\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n\n"
    tmp_path.joinpath("a.md").write_text(f"# A\n\n1. **What is X?**{answer}", encoding="utf-8")
    questions = "".join(f"{k}. **What is X?**{answer}" for k in range(1, count + 1))
    tmp_path.joinpath("b.md").write_text(f"# B\n\n{questions}", encoding="utf-8")
    bank, _ = load_bank([tmp_path])
    b = next(topic for topic in bank.topics if topic.slug == "b")
    assert [q.id for q in b.questions] == ["what-is-x-b"] + [f"what-is-x-b-{n}" for n in range(2, count + 1)]
