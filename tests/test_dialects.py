"""The foreign dialects, read into exact models, from the fixtures under fixtures/dialects/."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprep_site.core.domain.model import Question, Reference, Topic
from mlprep_site.core.loader import load_bank, parse_markdown, read_markdown
from mlprep_site.core.text.lines import normalize_text

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"


def read(relative: str) -> tuple[Topic, list[str]]:
    path = DIALECTS / relative
    reading = read_markdown(path.read_text(encoding="utf-8"), str(path))
    assert reading.topic is not None
    return reading.topic, [f"{f.line}:{f.code}" for f in reading.findings]


def positions(topic: Topic) -> list[tuple[int, int | None]]:
    return [(q.line, q.answer_line) for q in topic.questions]


def test_summary_dialect() -> None:
    topic, findings = read("summary/ml-basics.md")
    basics, code = "Supervised learning", "Supervised learning / Code"
    assert topic == Topic(
        slug="ml-basics",
        title="ML Basics",
        source=str(DIALECTS / "summary/ml-basics.md"),
        description="Questions about the basics.",
        questions=(
            Question(
                "what-is-overfitting", 1, "What is overfitting?",
                "Overfitting is when a model fits noise.", section=basics,
            ),
            Question(
                "which-of-these-are-regularisers", 2, "Which of these are regularisers?", "All three.",
                section=basics, question_body="- L1\n- L2\n- dropout",
            ),
            Question("what-is-a-validation-set", 3, "What is a validation set?", None, section=basics),
            Question("what-is-a-test-set", 4, "What is a test set?", None, section=basics),
            Question(
                "what-does-this-print", 5, "What does this print?", "It prints `8`:\n\n    8",
                section=code, question_body="```python\nprint(2**3)\n```",
            ),
        ),
    )  # fmt: skip
    assert positions(topic) == [(7, 8), (12, 19), (22, None), (24, None), (28, 33)]
    assert findings == ["22:unanswered", "24:unanswered"]


def test_headings_dialect_with_repeated_numbers_and_src_links() -> None:
    topic, findings = read("headings/deep-learning.md")
    activation = (
        "It adds non-linearity:\n\n```python\n# not a heading\nrelu = max(0, x)\n```\n\n"
        "##### Note\n\nA sub-heading inside the answer."
    )
    neuron = (Reference(1, "https://example.org/neuron", "src"),)
    activation_refs = (Reference(1, "https://example.org/activation", "src"),)
    assert topic.questions == (
        Question(
            "what-is-a-neuron", 1, "What is a neuron?", "A neuron computes a weighted sum.", section="Basics",
            references=neuron,
        ),
        Question(
            "what-is-an-activation-function", 2, "What is an activation function?", activation, section="Basics",
            references=activation_refs,
        ),
        Question("why-use-dropout", 3, "Why use dropout?", None, section="Basics"),
        Question(
            "what-is-backpropagation", 4, "What is backpropagation?",
            "The chain rule, applied to the network.", section="Training",
        ),
    )  # fmt: skip
    assert topic.references == ()  # the [[src]] links are the questions' own, not the topic's
    assert [r.line for q in topic.questions for r in q.references] == [5, 9]
    assert (topic.title, topic.description) == ("Deep Learning", None)
    assert positions(topic) == [(5, 7), (9, 11), (22, None), (26, 28)]
    assert findings == ["22:unanswered"]


def test_lists_dialect_with_nested_sub_questions_difficulty_and_a_table() -> None:
    topic, findings = read("lists/system-design.md")
    warm, scen, table = "Warm-up", "Scenarios", "In a table"
    assert topic.title == "System Design Questions"
    assert topic.questions == (
        Question("what-is-a-load-balancer", 1, "What is a load balancer?", difficulty="easy", section=warm),
        Question(
            "how-would-you-design-a-url-shortener", 2, "How would you design a URL shortener?",
            difficulty="medium", section=warm,
            question_body="- How do you generate short ids?\n- How do you handle collisions?",
        ),
        Question("design-a-rate-limiter", 3, "Design a rate limiter.", difficulty="hard", section=warm),
        Question("how-would-you-scale-a-chat-service", 4, "How would you scale a chat service?", section=scen),
        Question("what-breaks-first-under-10x-load", 5, "What breaks first under 10x load?", section=scen),
        Question(
            "what-is-sharding", 6, "What is sharding?", difficulty="medium", section=table,
            question_body="- **Company:** Acme",
        ),
        Question("what-is-cap", 7, "What is CAP?", difficulty="easy", section=table),
    )  # fmt: skip
    assert [q.line for q in topic.questions] == [5, 6, 9, 13, 14, 20, 21]
    assert findings == [f"{n}:unanswered" for n in (5, 6, 9, 13, 14, 20, 21)]


def test_docsite_dialect_sets_markup_aside_and_reads_the_rest() -> None:
    topic, findings = read("docsite/intro.mdx")
    assert (topic.slug, topic.title) == ("intro", "Intro to ML")
    assert topic.questions == (
        Question(
            "what-is-machine-learning", 1, "What is machine learning?",
            "Learning from data.\n\n\n\n\n```python\nmodel.fit(X, y)\n```",
        ),
        Question("what-is-a-feature", 2, "What is a feature?", "An input variable."),
    )  # fmt: skip
    assert findings == ["7:docs-markup"]  # front matter keys id/sidebar_label/keywords: quietly


def test_canonical_sections_and_question_bodies() -> None:
    topic, findings = read("canonical/evaluation.md")
    assert [(q.section, q.question_body) for q in topic.questions] == [
        (None, None),
        ("Metrics for ranking", "```python\nndcg(scores, k=10)\n```"),
        ("Metrics for ranking", None),
    ]
    assert findings == ["31:unanswered"]


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ("1. **Q?**\n", "canonical"),
        ("<details><summary>What?</summary>A</details>\n", "summary"),
        ("<details><SUMMARY>What?</SUMMARY>A</details>\n", "summary"),
        ("<details><SUMMARY>Answer</SUMMARY>A</details>\n", "canonical"),  # a label in any case
        ("## What is X?\n\nAn answer.\n", "headings"),
        ("- What is X?\n- What is Y?\n", "lists"),
        ("| Question |\n|---|\n| What? |\n", "lists"),
        # A code sample is no evidence: these are headings and list questions.
        (
            "## What does details do?\n\n```html\n<details><summary>More</summary>Hidden</details>\n```\n",
            "headings",
        ),
        ("- What is X?\n\n  ~~~html\n  <summary>More</summary>\n  ~~~\n", "lists"),
    ],
)
def test_detection(text: str, dialect: str) -> None:
    assert read_markdown(text, "t.md").dialect == dialect


def test_front_matter_and_option_force_a_dialect() -> None:
    text = "## What is X?\n\nAn answer.\n"
    assert read_markdown(text, "t.md", dialect="lists").dialect == "lists"
    forced = read_markdown("---\ndialect: canonical\n---\n" + text, "t.md")
    assert forced.dialect == "canonical" and forced.topic is None  # no canonical question: not a topic
    assert [f.code for f in forced.findings] == ["no-questions"]
    _, findings = parse_markdown("---\ndialect: klingon\n---\n1. **Q?**\n", "t.md")
    assert [(f.line, f.code) for f in findings] == [(2, "front-matter"), (4, "unanswered")]


def test_load_bank_reads_every_dialect_folder() -> None:
    bank, findings = load_bank([DIALECTS / name for name in ("summary", "headings", "lists", "docsite")])
    assert [t.slug for t in bank.topics] == ["deep-learning", "intro", "ml-basics", "system-design"]
    assert not [f for f in findings if f.severity == "error"]


def test_a_section_left_out_says_what_it_held() -> None:
    text = "1. **A?**\n\n## Notes\nprose\n<details>\n<summary>Answer</summary>\nx\n</details>\n"
    _, findings = parse_markdown(text, "t.md")
    left_out = [f for f in findings if f.code == "ignored-section"]
    assert [(f.line, "1 question-like block" in f.message) for f in left_out] == [(3, True)]


def test_a_plain_list_before_the_first_question_is_named() -> None:
    text = "Intro:\n1. first thing\n2. second thing\n\n1. **A?**\n<details><summary>Answer</summary>a</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.description == "Intro:\n1. first thing\n2. second thing"
    assert [(f.line, f.code) for f in findings if f.code != "unanswered"] == [(1, "list-in-description")]


def test_every_fixture_line_is_accounted_for_once() -> None:
    files = [
        *DIALECTS.glob("*/*.md"),
        *DIALECTS.glob("*/*.mdx"),
        DIALECTS.parent / "model-deployment-and-monitoring.md",
    ]
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        reading = read_markdown(text, str(path))
        assert reading.ledger.problems(normalize_text(text).split("\n")) == [], path


def test_a_heading_that_mentions_reference_is_no_reading_list_in_any_dialect() -> None:
    """Only a heading that names a reading list ("References", "Further reading") starts one,
    as in the canonical dialect: "Reference architectures" is a section of questions."""
    lists = read_markdown(
        "- What is a feature store?\n- What is drift?\n\n## Reference architectures\n\n"
        "- What is lambda?\n- What is kappa?\n",
        "l.md",
    )
    assert [q.question for q in lists.topic.questions][2:] == ["What is lambda?", "What is kappa?"]
    assert [f.code for f in lists.findings if f.severity == "error"] == []
    headings = read_markdown(
        "# Topic\n\n## Basics\n\n### What is a feature store?\n\nA store.\n\n## Reference architectures\n\n"
        "Common layouts.\n\n### What is a lambda architecture?\n\nBatch plus speed layer.\n",
        "h.md",
    )
    assert [q.section for q in headings.topic.questions] == ["Basics", "Reference architectures"]
    assert [f.code for f in headings.findings if f.severity == "error"] == []


def test_table_cells_beyond_the_header_are_reported() -> None:
    text = "| # | Question |\n|---|---|\n| 1 | What is X? | extra note | more |\n| 2 | What is Y? | |\n"
    topic, findings = parse_markdown(text, "t.md", "lists")
    assert topic is not None and [q.question for q in topic.questions] == ["What is X?", "What is Y?"]
    assert [(f.line, f.code) for f in findings if f.code == "ignored-text"] == [(3, "ignored-text")]


def test_a_title_made_from_a_file_name_follows_the_title_rule() -> None:
    answer = "1. **Q?**\n<details><summary>Answer</summary>A</details>\n"
    _, findings = parse_markdown(answer, "a" * 250 + ".md")
    assert [(f.line, f.code) for f in findings] == [(1, "title")]
    assert "longer than 200 characters (made from the file's name)" in findings[0].message
    topic, clean = parse_markdown(answer, "ok-name.md")
    assert topic is not None and topic.title == "Ok Name" and clean == []


def test_a_description_from_text_is_read_as_front_matter_would_read_it() -> None:
    """Leading blanks of an intro paragraph are dropped, as YAML drops them from front
    matter: the description then reads back the same once `render` writes it there."""
    text = "  Indented intro.\n\n1. **Q?**\n<details><summary>Answer</summary>A</details>\n"
    topic, _ = parse_markdown(text, "t.md")
    assert topic is not None and topic.description == "Indented intro."


IMPORT_IN_ANSWER = "### What is C?\n\nUse it:\nimport { a } from 'b';\n\nconst c = a();\n"


@pytest.mark.parametrize(
    ("text", "source", "set_aside"),
    [
        ("---\ntitle: T\n---\n\nimport X from 'x';\n\n" + IMPORT_IN_ANSWER, "t.md", True),
        ("import X from 'x';\n" + IMPORT_IN_ANSWER, "t.md", True),
        ("# T\n\n" + IMPORT_IN_ANSWER, "t.md", False),
        ("---\ntitle: T\n---\n" + IMPORT_IN_ANSWER, "t.md", False),
        ("# T\n\n" + IMPORT_IN_ANSWER, "t.mdx", True),
    ],
)
def test_a_plain_md_is_a_docsite_page_by_imports_only_before_its_content(
    text: str, source: str, set_aside: bool
) -> None:
    """MDX puts its imports right after the front matter; further down a `.md` file an import
    line is an answer's unfenced code, which GitHub shows."""
    reading = read_markdown(text, source)
    assert reading.topic is not None
    answer = reading.topic.questions[-1].answer
    assert ("import { a } from 'b';" not in (answer or "")) is set_aside
    assert ("docs-markup" in [f.code for f in reading.findings]) is set_aside
