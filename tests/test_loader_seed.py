"""The seed document, exactly as the project was created from it."""

from __future__ import annotations

from mlprep_site.core.loader import parse_markdown

from .conftest import SEED


def load_seed(text: str):
    topic, findings = parse_markdown(text, "seed.md")
    assert topic is not None
    return topic, findings


def test_seed_has_twelve_questions_two_answered(seed_text: str) -> None:
    topic, findings = load_seed(seed_text)
    assert [q.number for q in topic.questions] == list(range(1, 13))
    assert [q.number for q in topic.questions if q.answered] == [1, 2]
    assert topic.title == "Model Deployment and Monitoring"
    assert topic.slug == "seed"
    assert all(f.severity == "warning" for f in findings)


def test_seed_question_texts(seed_text: str) -> None:
    topic, _ = load_seed(seed_text)
    texts = [q.question for q in topic.questions]
    assert texts[0] == "What is model deployment, and why is it challenging?"
    assert texts[2] == "What is a REST API, and how do you use it to deploy models?"
    assert texts[10] == "What are the key considerations for scaling a machine learning model?"
    assert texts[11] == "How do you ensure the security of your deployed models?"
    assert not any("template" in t.lower() for t in texts)


def test_seed_answers_are_byte_exact(seed_text: str) -> None:
    topic, _ = load_seed(seed_text)
    lines = seed_text.split("\n")
    first, second = topic.questions[0], topic.questions[1]
    # Lines 8-16 and 24-30 (1-based) are the answers between <summary> and </details>.
    assert first.answer == "\n".join(lines[7:16])
    assert second.answer == "\n".join(lines[23:30])
    assert first.answer.splitlines()[0].endswith("usecase). ")  # trailing space kept
    assert (first.line, first.answer_line) == (3, 8)
    assert (second.line, second.answer_line) == (19, 24)


def test_seed_references(seed_text: str) -> None:
    topic, _ = load_seed(seed_text)
    assert [(r.index, r.line) for r in topic.references] == [(1, 77), (2, 78), (3, 79)]
    assert topic.references[1].url == "https://www.datacamp.com/blog/mlops-interview-questions"
    assert all(r.url.startswith("https://") and not r.url.endswith("\\") for r in topic.references)


def test_seed_warnings_with_line_numbers(seed_text: str) -> None:
    _, findings = load_seed(seed_text)
    by_code: dict[str, list[int]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f.line)
    assert by_code == {
        "unanswered": [34, 39, 44, 49, 55, 60, 62, 64, 66, 68],
        "doubled-number": [66],
        "ignored-section": [71],
    }


def test_crlf_and_bom_give_the_same_bank(seed_text: str) -> None:
    plain, plain_findings = load_seed(seed_text)
    crlf, crlf_findings = load_seed("\ufeff" + seed_text.replace("\n", "\r\n"))
    assert crlf == plain
    assert [q.line for q in crlf.questions] == [q.line for q in plain.questions]
    assert [str(f) for f in crlf_findings] == [str(f) for f in plain_findings]


def test_fixture_is_the_unchanged_seed() -> None:
    # Guards against "fixing" the fixture: its quirks are what the loader must handle.
    text = SEED.read_text(encoding="utf-8")
    assert "11. **11. What are the key considerations" in text
    assert "## template :" in text
