"""Which sections are references, and ids derived from question text."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprep_site.core.loader import load_bank, parse_markdown
from mlprep_site.core.reading.references import is_references_heading
from mlprep_site.core.text.ids import slugify

ONE_QUESTION = "1. **Q?**\n<!-- mlprep: {id: q} -->\n<details><summary>Answer</summary>A.</details>\n\n"


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "References and Reading Materials",
        "Further reading",
        "Sources",
        "Reading list",
        "Resources",
        "Bibliography",
        "📚 **References:**",
        "Sources & further reading",
    ],
)
def test_reading_list_headings_are_references(heading: str) -> None:
    topic, findings = parse_markdown(f"{ONE_QUESTION}## {heading}\n- [A](https://example.org/a)\n", "t.md")
    assert findings == []
    assert topic is not None and [r.url for r in topic.references] == ["https://example.org/a"]


@pytest.mark.parametrize(
    "heading", ["Any preference for tabs or spaces?", "Reference architectures", "Data sources?"]
)
def test_other_headings_are_not_references(heading: str) -> None:
    assert not is_references_heading(heading)
    topic, findings = parse_markdown(f"{ONE_QUESTION}## {heading}\nSome prose.\n", "t.md")
    assert topic is not None and topic.references == ()
    assert [f.code for f in findings] == ["ignored-section"]


def test_a_references_heading_that_holds_questions_is_questions() -> None:
    text = textwrap.dedent(
        """\
        # Topic

        ## References
        Questions about citing sources.

        1. **How do you cite a paper?**
        <!-- mlprep: {id: cite} -->
        <details><summary>Answer</summary>With its DOI.</details>
        """
    )
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    assert [(q.id, q.answer) for q in topic.questions] == [("cite", "With its DOI.")]
    assert topic.references == ()
    assert "bad-reference" not in [f.code for f in findings]


def long_question(ending: str) -> str:
    return "1. **What is the difference between batch normalisation and layer normalisation " + ending + "**"


def test_long_questions_that_differ_after_the_cut_get_distinct_stable_ids() -> None:
    text = "\n".join(
        f"{long_question(ending).replace('1.', str(n) + '.')}\n<details><summary>Answer</summary>A.</details>\n"
        for n, ending in enumerate(["in transformers?", "in convnets?"], start=1)
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert topic is not None
    ids = [q.id for q in topic.questions]
    assert len(set(ids)) == 2
    assert all(len(qid) <= 60 and re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}", qid) for qid in ids)
    again, _ = parse_markdown("\n\n" + text, "other.md")
    assert again is not None and [q.id for q in again.questions] == ids  # position-independent


def test_short_derived_ids_that_collide_are_told_apart_by_their_text() -> None:
    text = (
        "1. **What is X?**\n<details><summary>Answer</summary>A.</details>\n\n"
        "2. **What is x**\n<details><summary>Answer</summary>B.</details>\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert topic is not None
    first, second = (q.id for q in topic.questions)
    assert first == "what-is-x" and re.fullmatch(r"what-is-x-[0-9a-f]{8}", second)


def test_the_same_question_twice_and_colliding_explicit_ids_stay_errors() -> None:
    same = "1. **What is X?**\n\n2. **What is X?**\n<details><summary>Answer</summary>x</details>\n"
    _, findings = parse_markdown(same, "t.md")
    assert [f.code for f in findings if f.severity == "error"] == ["duplicate-id"]
    explicit = "1. **What is X?**\n<!-- mlprep: {id: x} -->\n\n2. **What is Y?**\n<!-- mlprep: {id: x} -->\n"
    _, findings = parse_markdown(explicit, "t.md")
    assert [(f.code, f.line) for f in findings if f.severity == "error"] == [("duplicate-id", 4)]


@given(st.text(min_size=1, max_size=200))
def test_slugs_are_kebab_case_and_never_longer_than_60(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= 60


def test_every_question_in_content_has_an_explicit_id() -> None:
    content = Path(__file__).resolve().parents[1] / "content"
    for path in sorted(content.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        questions = re.findall(r"^\d+\. \*\*.*\*\*\n(.*)$", text, re.MULTILINE)
        assert questions and all(line.startswith("<!-- mlprep: {id: ") for line in questions), path


def test_derived_ids_that_collide_across_topics_get_the_topic_slug(tmp_path: Path) -> None:
    (tmp_path / "alpha.md").write_text("1. **What is X?**\n\n2. **Why?**\n<!-- mlprep: {id: why} -->\n")
    (tmp_path / "beta.md").write_text("1. **What is X?**\n\n2. **Why?**\n")
    (tmp_path / "gamma.md").write_text("1. **What is X?**\n")
    bank, findings = load_bank([tmp_path])
    assert [f for f in findings if f.severity == "error"] == []
    ids = [[q.id for q in topic.questions] for topic in bank.topics]
    # alpha keeps its ids; beta's derived `why` gives way to alpha's explicit one
    assert ids == [["what-is-x", "why"], ["what-is-x-beta", "why-beta"], ["what-is-x-gamma"]]
    again, _ = load_bank([tmp_path])
    assert [[q.id for q in t.questions] for t in again.topics] == ids  # stable


def test_explicit_ids_yield_to_nobody_across_topics(tmp_path: Path) -> None:
    (tmp_path / "alpha.md").write_text("1. **What is X?**\n")
    (tmp_path / "beta.md").write_text("1. **Other?**\n<!-- mlprep: {id: what-is-x} -->\n")
    (tmp_path / "gamma.md").write_text("1. **Third?**\n<!-- mlprep: {id: what-is-x} -->\n")
    bank, findings = load_bank([tmp_path])
    # the derived id in alpha gives way even though alpha comes first; the two explicit ones collide
    assert [q.id for q in bank.questions] == ["what-is-x-alpha", "what-is-x", "what-is-x"]
    errors = [(f.code, Path(f.path).name) for f in findings if f.severity == "error"]
    assert errors == [("duplicate-id", "gamma.md")]
