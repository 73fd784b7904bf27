"""Metadata in its plainest forms is read without the YAML loader: a question's comment as `render`
writes it (`meta._WRITTEN_META_RE`), front matter of `key: word`, `key: 12` and `key: [a, b]`
lines (`meta._simple_block_mapping`). The same metadata written any other way YAML allows reads
the same, and what the plain forms cannot hold (YAML words, values past a rule) goes the
general way, with its findings."""

from __future__ import annotations

import pytest

from mlprep_site.core.loader import read_markdown
from mlprep_site.core.storage.canonical_markdown import render_question


def read_one(comment: str) -> tuple[object, list[tuple[int, str, str]]]:
    text = f"1. **What is X?**\n<!-- mlprep: {comment} -->\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    q = reading.topic.questions[0]
    return (q.id, q.tags, q.difficulty, q.id_derived), [
        (f.line, f.severity, f.code) for f in reading.findings
    ]


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("{id: q-1, tags: [a, b-c], difficulty: easy}", "{ id: q-1 ,tags: [ a,b-c ], difficulty:  easy }"),
        ("{id: q-1, tags: [a, b-c], difficulty: easy}", "{id: 'q-1', tags: [a, 'b-c'], difficulty: easy}"),
        ("{id: q-1, tags: [a]}", "{id: q-1,\n  tags: [a]}"),
        ("{id: q-1, difficulty: hard}", "{difficulty: hard, id: q-1}"),
        ("{id: q-1}", '{id: "q-1"}'),
    ],
)
def test_the_written_form_reads_as_any_other_form(written: str, other: str) -> None:
    assert read_one(written) == read_one(other)
    assert read_one(written)[1] == []


@pytest.mark.parametrize(
    ("comment", "expected", "codes"),
    [
        ("{id: no, tags: [a]}", ("what-is-x", ("a",), None, True), ["question-meta"]),
        ("{id: q-1, tags: [on, b]}", ("q-1", ("b",), None, False), ["question-meta", "question-meta"]),
        ("{id: q-1, tags: [" + "a" * 41 + "]}", ("q-1", (), None, False), ["question-meta"]),
        ("{id: " + "a" * 101 + "}", ("what-is-x", (), None, True), ["question-meta"]),
        ("{id: q-1, difficulty: extreme}", ("q-1", (), None, False), ["question-meta"]),
    ],
)
def test_what_the_written_form_cannot_hold_is_read_with_its_findings(
    comment: str, expected: tuple[object, ...], codes: list[str]
) -> None:
    metadata, findings = read_one(comment)
    assert metadata == expected
    assert [code for _, _, code in findings] == codes
    assert all(line == 2 for line, _, _ in findings)


def test_what_render_writes_reads_back() -> None:
    text = "1. **What is X?**\n<!-- mlprep: {id: x-1, tags: [ml, stats], difficulty: medium} -->\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
    topic = read_markdown(text, "t.md").topic
    assert topic is not None
    question = topic.questions[0]
    assert (question.id, question.tags, question.difficulty) == ("x-1", ("ml", "stats"), "medium")
    assert (
        render_question(question).split("\n")[1]
        == "<!-- mlprep: {id: x-1, tags: [ml, stats], difficulty: medium} -->"
    )


def read_front_matter(front: str) -> tuple[object, list[tuple[int, str, str]]]:
    text = f"---\n{front}\n---\n1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    t = reading.topic
    return (t.title, t.slug, t.order, t.tags), [(f.line, f.severity, f.code) for f in reading.findings]


@pytest.mark.parametrize(
    ("plain", "other"),
    [
        ("title: Topic 0\norder: 3\ntags: [a, b-c]", "title: 'Topic 0'\norder: 0x3\ntags:\n  - a\n  - b-c"),
        ("title: Big  O\nslug: big-o", 'title: "Big  O"\nslug: big-o  # a comment'),
        ("order: 0\ntitle: T", "{order: 0, title: T}"),
    ],
)
def test_plain_front_matter_reads_as_yaml_reads_it(plain: str, other: str) -> None:
    assert read_front_matter(plain) == read_front_matter(other)
    assert read_front_matter(plain)[1] == []


@pytest.mark.parametrize(
    ("front", "expected", "codes"),
    [
        ("title: Yes", ("T", "t", None, ()), ["front-matter"]),  # YAML reads true
        ("title: T\norder: 012", ("T", "t", 10, ()), []),  # YAML 1.1 reads octal
        ("title: T\ntags: [on]", ("T", "t", None, ()), ["front-matter", "front-matter"]),
        ("title: T\ntitle: U", ("U", "t", None, ()), []),  # the last of a repeated key
    ],
)
def test_what_plain_front_matter_cannot_hold_is_read_by_yaml(
    front: str, expected: tuple[object, ...], codes: list[str]
) -> None:
    metadata, findings = read_front_matter(front)
    assert metadata == expected
    assert [code for _, _, code in findings] == codes
