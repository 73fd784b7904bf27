"""A question's own references: read from its metadata comment and from `[[src]]` links on a
heading, kept by the store, written back, shown at the end of its block, and link-checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlprep_site.core.domain.model import Bank, Question, Reference, Topic
from mlprep_site.core.loader import parse_markdown
from mlprep_site.core.storage.bank_data import dump_json, parse_yaml_bank
from mlprep_site.core.storage.canonical_markdown import render_markdown
from mlprep_site.links.collect import Citation, collect_links
from mlprep_site.site.pages import topic_page
from tests.render_helpers import LINKS, QuestionBlocks, render_topic
from tests.site_helpers import build_site, quiz_answers, write_site


def canonical(meta: str, answer: str = "A.") -> str:
    return f"# T\n\n1. **Q?**\n<!-- mlprep: {meta} -->\n\n<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"


def read(text: str) -> tuple[Question, list[tuple[int, str, str]]]:
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    return topic.questions[0], [(f.line, f.severity, f.code) for f in findings]


def test_refs_in_the_metadata_comment_become_the_questions_references() -> None:
    meta = "{id: q, refs: [{url: 'https://example.org/a', title: src}, 'https://example.org/b', {url: 'https://example.org/c', index: 7}]}"
    question, findings = read(canonical(meta))
    assert findings == []
    assert question.references == (
        Reference(1, "https://example.org/a", "src"),
        Reference(2, "https://example.org/b"),
        Reference(7, "https://example.org/c"),
    )
    assert {r.line for r in question.references} == {4}  # the comment's line


@pytest.mark.parametrize(
    ("meta", "code", "says"),
    [
        (
            "{id: q, refs: [{url: 'https://example.org/a', titel: src}]}",
            "question-meta",
            "unknown key `titel`",
        ),
        ("{id: q, refs: ['javascript:alert(1)']}", "bad-url", "only http(s) URLs"),
        ("{id: q, refs: [{url: 'https://exa mple.org'}]}", "bad-url", "whitespace"),
        ("{id: q, refs: [{title: src}]}", "question-meta", "needs a `url`"),
        ("{id: q, refs: 'https://example.org/a'}", "question-meta", "must be a list"),
        ("{id: q, refs: [[1, 2]]}", "question-meta", "write a URL or"),
        ("{id: q, refs: [{url: 'https://example.org/a', index: 1.5}]}", "question-meta", "whole number"),
        ("{id: q, refs: [{url: 'https://example.org/a', title: \"a\\nb\"}]}", "question-meta", "one line"),
    ],
)
def test_bad_refs_are_errors_on_the_comments_line(meta: str, code: str, says: str) -> None:
    topic, findings = parse_markdown(canonical(meta), "t.md")
    assert [(f.line, f.severity, f.code) for f in findings] == [(4, "error", code)]
    assert says in findings[0].message
    assert topic is not None and topic.questions[0].references == ()


def test_headings_links_are_the_questions_references_titled_with_their_text() -> None:
    text = (
        "# T\n\n### 1) What is X? [[src](https://example.org/x)] [[paper]](https://example.org/p)\n\nX is.\n\n"
        "### 1) What is Y? [[src](ftp://example.org/y)]\n\nY is.\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.references == ()
    x, y = topic.questions
    assert (x.question, y.question) == ("What is X?", "What is Y?")
    assert x.references == (
        Reference(1, "https://example.org/x", "src"),
        Reference(2, "https://example.org/p", "paper"),
    )
    assert [r.line for r in x.references] == [3, 3]
    assert y.references == ()
    assert [(f.line, f.code) for f in findings] == [(7, "bad-url")]


def test_render_writes_refs_compactly_and_reads_them_back() -> None:
    refs = (
        Reference(1, "https://example.org/a", "src"),
        Reference(2, "https://example.org/b"),
        Reference(5, "https://example.org/c", "it's: #3 -->"),
    )
    topic = Topic("t", "T", "t.md", (Question("q", 1, "Q?", "A.", references=refs),))
    text = render_markdown(topic)
    assert (
        "<!-- mlprep: {id: q, refs: [{url: 'https://example.org/a', title: src}, 'https://example.org/b', "
        "{url: 'https://example.org/c', title: 'it''s: #3 -->', index: 5}]} -->\n"
    ) in text
    again, findings = parse_markdown(text, "t.md")
    assert findings == [] and again == topic
    # A question without references keeps the fast, plain comment.
    plain = Topic("t", "T", "t.md", (Question("q", 1, "Q?", "A.", tags=("a",)),))
    assert "<!-- mlprep: {id: q, tags: [a]} -->" in render_markdown(plain)


def test_store_keeps_question_references_and_checks_them_at_their_yaml_line() -> None:
    refs = (Reference(1, "https://example.org/a", "src", line=4),)
    bank = Bank((Topic("t", "T", "t.md", (Question("q", 1, "Q?", references=refs),)),))
    data = json.loads(dump_json(bank))
    assert data["topics"][0]["questions"][0]["references"] == [
        {"index": 1, "url": "https://example.org/a", "title": "src", "line": 4}
    ]
    assert parse_yaml_bank(dump_json(bank), "bank.json") == (bank, [])
    text = (
        "schema: 2\ntopics:\n- slug: t\n  title: T\n  questions:\n  - id: q\n    number: 1\n    question: Q?\n"
        "    references:\n    - index: 1\n      url: javascript:x\n    - index: 2\n      url: https://example.org/ok\n"
    )
    loaded, findings = parse_yaml_bank(text, "bank.yaml")
    assert [(f.line, f.code) for f in findings] == [(11, "bank-shape")]
    assert "topics[0].questions[0].references[0].url" in findings[0].message
    assert loaded is not None and [r.url for r in loaded.questions[0].references] == [
        "https://example.org/ok"
    ]


def test_store_question_reference_titles_are_one_line_as_the_comment_needs() -> None:
    ref = {"index": 1, "url": "https://example.org/a", "title": "two\nlines"}
    question = {"id": "q", "number": 1, "question": "Q?", "references": [ref]}
    data = {
        "schema": 2,
        "topics": [{"slug": "t", "title": "T", "questions": [question], "references": [ref]}],
    }
    bank, findings = parse_yaml_bank(json.dumps(data), "bank.json")
    assert [f.message.split(":")[0] for f in findings] == ["topics[0].questions[0].references[0].title"]
    assert bank is not None and bank.questions[0].references == (Reference(1, "https://example.org/a"),)
    assert bank.topics[0].references[0].title == "two\nlines"  # a topic's references: as before


def test_a_schema_1_bank_without_question_references_loads() -> None:
    text = "schema: 1\ntopics:\n- slug: t\n  title: T\n  questions:\n  - id: q\n    number: 1\n    question: Q?\n"
    loaded, findings = parse_yaml_bank(text, "bank.yaml")
    assert findings == [] and loaded is not None and loaded.questions[0].references == ()


REFS = (Reference(1, "https://example.org/a?x=1&y=<2>", 'src "one"'), Reference(2, "https://example.org/b"))
EXPECTED_REFS = (
    '<p class="mlprep-question-refs"><span data-search-exclude>Sources:</span> '
    '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;">src &quot;one&quot;</a>, '
    '<a href="https://example.org/b">https://example.org/b</a></p>'
)


def refs_topic() -> Topic:
    return Topic(
        "t",
        "T",
        "content/t.md",
        (
            Question("q1", 1, "One?", "The answer.", line=3, references=REFS),
            Question("q2", 2, "Two?", None, line=9, references=REFS[1:]),
            Question("q3", 3, "Three?", "Plain.", line=12),
        ),
    )


def block(html: str, qid: str) -> str:
    """The HTML of question `qid`'s block (blocks do not nest here)."""
    rest = html[html.index(f'data-qid="{qid}"') :]
    return rest[: rest.index("</details>")]


def assert_references_follow_the_answers(html: str) -> None:
    q1, q2, q3 = (block(html, qid) for qid in ("q1", "q2", "q3"))
    answer_and_refs = (
        "<p>The answer.</p>" + ("</div>" if "mlprep-answer" in q1 else "") + "\n" + EXPECTED_REFS + "\n"
    )
    assert answer_and_refs in q1
    footer = q1[q1.index(answer_and_refs) + len(answer_and_refs) :]  # then only the source link
    assert footer.count("<p") == 1 and 'class="mlprep-source"' in footer and footer.endswith("</p>\n")
    assert q2.index("mlprep-wanted-note") < q2.index('<p class="mlprep-question-refs">')  # unanswered
    assert "mlprep-question-refs" not in q3


def test_plugin_render_path_shows_references_after_the_answer_and_outside_it() -> None:
    html, state = render_topic(refs_topic())
    assert_references_follow_the_answers(html)
    assert QuestionBlocks(html).answers["q1"] == "<p>The answer.</p>"  # balanced; only the answer
    assert state.answers["q1"] == "<p>The answer.</p>"  # what the quiz data, the deck and JSON-LD get


def test_contained_page_shows_references_after_the_answer() -> None:
    import markdown

    from tests.render_helpers import CONFIGS, EXTENSIONS

    page = topic_page(refs_topic(), LINKS).split("---\n", 2)[2]
    assert_references_follow_the_answers(
        markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(page)
    )


def test_site_shows_question_references_and_keeps_them_out_of_answer_html(tmp_path: Path) -> None:
    content = {
        "t.md": "# T\n\n### What is X? [[src](https://example.org/x)]\n\nX is a thing.\n\n### What is Y?\n\nY.\n"
    }
    site = build_site(write_site(tmp_path, content=content, plugin={"edit_uri": ""}), strict=True)
    page = (site / "t" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/x">src</a></p>' in page
    assert quiz_answers(site)["what-is-x"] == "<p>X is a thing.</p>"  # the references are not in it
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    (entry,) = [d for d in docs if d["location"].endswith("#what-is-x")]
    assert "src" in entry["text"] and "Sources:" not in entry["text"]


def test_link_checker_collects_question_references_with_file_and_line() -> None:
    text = canonical(
        "{id: q, refs: [{url: 'https://example.org/a', title: src}]}", "See https://example.org/b."
    )
    topic, _ = parse_markdown(text, "content/t.md")
    assert topic is not None
    links = {link.url: link for link in collect_links(Bank((topic,)))}
    assert links["https://example.org/a"].citations == (Citation("content/t.md", 4),)
    assert links["https://example.org/b"].citations == (Citation("content/t.md", 9),)
