"""One rule for what a line break is (core.text.lines): `\\n`, `\\r\\n` or `\\r`, as in Markdown.

U+2028, U+2029, U+0085, `\\f` and `\\v` are line breaks to Python's `splitlines()` (and the
first three to YAML), not to Markdown. Fed into every text field and body, each either stays
the character it is through the loader, the store, canonical markdown and the page writer, or
is a finding at its line; never a changed text or a broken page."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from mlprep_site.core.domain.model import Bank, Question, Reference, Topic
from mlprep_site.core.domain.rules import description_problem, title_problem
from mlprep_site.core.loader import parse_markdown
from mlprep_site.core.storage.bank_data import dump_json, dump_yaml, parse_yaml_bank
from mlprep_site.core.storage.canonical_markdown import render_markdown
from mlprep_site.core.text.inline import attr
from mlprep_site.site.pages import front_matter
from tests.site_helpers import build_site, write_site
from tests.test_roundtrip import banks

SEPARATORS = ["\u2028", "\u2029", "\x85", "\f", "\v"]


def with_separator(text: str | None, separator: str, at: int) -> str | None:
    """`text` with `separator` between two letters of a prose line (one without markup, where
    it cannot split a tag, a fence or a table cell), the `at`-th such place; unchanged when
    there is none."""
    if text is None:
        return None
    places = []
    start = 0
    for line in text.split("\n"):
        if not any(mark in line for mark in "<`|#*_[]") and not line.startswith(" "):
            places += [start + i for i in range(1, len(line)) if line[i - 1].isalpha() and line[i].isalpha()]
        start += len(line) + 1
    if not places:
        return text
    cut = places[at % len(places)]
    return text[:cut] + separator + text[cut:]


def ruled(text: str | None, separator: str, at: int, problem: Callable[[object], str | None]) -> str | None:
    """`text` with `separator` inside it when the field's rule takes that, else as it was
    (the rules' own test below shows which they refuse)."""
    seeded_text = with_separator(text, separator, at)
    return text if seeded_text is not None and problem(seeded_text) is not None else seeded_text


def referenced(references: tuple[Reference, ...], separator: str, at: int) -> tuple[Reference, ...]:
    """Reference titles follow the title rule: one line."""
    return tuple(
        dataclasses.replace(r, title=ruled(r.title, separator, at, title_problem)) for r in references
    )


def seeded(topic: Topic, separator: str, at: int) -> Topic:
    """`topic` with `separator` in every text field a separator may be in, and in its
    description when the description's rule takes it."""

    def question(q: Question) -> Question:
        return dataclasses.replace(
            q,
            question=with_separator(q.question, separator, at) or q.question,
            answer=with_separator(q.answer, separator, at),
            question_body=with_separator(q.question_body, separator, at),
            references=referenced(q.references, separator, at),
        )

    return dataclasses.replace(
        topic,
        description=ruled(topic.description, separator, at, description_problem),
        questions=tuple(question(q) for q in topic.questions),
        references=referenced(topic.references, separator, at),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks(), st.sampled_from(SEPARATORS), st.integers(0, 1000))
def test_separators_in_every_field_survive_the_store_and_canonical_markdown(
    bank: Bank, separator: str, at: int
) -> None:
    seeded_bank = Bank(tuple(seeded(t, separator, at) for t in bank.topics))
    for name, text in (("bank.yaml", dump_yaml(seeded_bank)), ("bank.json", dump_json(seeded_bank))):
        again, findings = parse_yaml_bank(text, name)
        assert findings == [] and again == seeded_bank, name
    for topic in seeded_bank.topics:
        again, findings = parse_markdown(render_markdown(topic), topic.source)
        assert [f for f in findings if f.code != "unanswered"] == []
        assert again == topic


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab <>&\"'-:#\n", max_size=20), st.sampled_from(SEPARATORS), st.integers(0, 100))
def test_page_front_matter_reads_back_as_written(text: str, separator: str, at: int) -> None:
    """The page writer's front matter, read by MkDocs as a page's meta: the same text (the
    original bug: a U+2028 before `---` ended the YAML and the meta was shown as a paragraph)."""
    description = with_separator(text + "--- x", separator, at) or ""
    markdown, meta = get_data(front_matter(title="T", description=description) + "# T {#t}\n")
    assert meta == {"title": "T", "description": attr(description)}
    assert markdown == "# T {#t}\n"


@pytest.mark.parametrize("separator", SEPARATORS)
def test_titles_refuse_them_and_descriptions_keep_or_refuse_them(separator: str) -> None:
    assert title_problem(f"a{separator}b") is not None  # a title is one line of text
    kept = separator in "\u2028\u2029"
    assert (description_problem(f"a{separator}b") is None) == kept  # the rest are control characters


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("where", ["front matter", "question metadata", "bank"])
def test_raw_yaml_breaks_are_a_finding_at_their_line(separator: str, where: str) -> None:
    """In YAML they are line breaks: left raw, YAML would fold them into a space. Written as an
    escape (`\\u2028`, as our writers do) they are the character."""
    if where == "bank":
        text = f'schema: 2\ntopics:\n- slug: t\n  title: T\n  description: "a{separator}b"\n'
        _, findings = parse_yaml_bank(text, "bank.yaml")
        line = 5
    elif where == "front matter":
        text = f'---\ntitle: T\ndescription: "a{separator}b"\n---\n# T\n\n1. **Q?**\n'
        _, findings = parse_markdown(text, "t.md")
        line = 3
    else:
        text = f"# T\n\n1. **Q?**\n<!-- mlprep: {{id: q,\n  refs: ['https://e.org/{separator}']}} -->\n"
        _, findings = parse_markdown(text, "t.md")
        line = 5
    assert [(f.line, f.severity) for f in findings if "line break to YAML" in f.message] == [(line, "error")]
    escaped = json.dumps(f"a{separator}b")  # "a\u2028b": the escape, in the text
    bank, findings = parse_yaml_bank(
        "schema: 2\ntopics:\n- slug: t\n  title: T\n  questions:\n  - id: q\n    number: 1\n"
        f"    question: Q?\n    answer: {escaped}\n",
        "bank.yaml",
    )
    assert findings == [] and bank is not None
    assert bank.topics[0].questions[0].answer == f"a{separator}b"


@pytest.mark.parametrize("separator", SEPARATORS)
def test_markdown_lines_are_counted_by_markdowns_rule(separator: str) -> None:
    """A separator inside an answer or a question does not move the lines of what follows."""
    text = (
        f"# T\n\n1. **What{separator}is it?**\n\n<details>\n<summary>Answer</summary>\n\n"
        f"An{separator}swer\n\n</details>\n\n2. **Next?**\n"
    )
    topic, _ = parse_markdown(text, "t.md")
    assert topic is not None
    assert [q.line for q in topic.questions] == [3, 12]
    assert topic.questions[0].question == f"What{separator}is it?"
    assert topic.questions[0].answer == f"An{separator}swer"


def test_a_site_with_a_line_separator_in_its_description_builds_its_page(tmp_path: Path) -> None:
    """The bug Hypothesis found: the page's front matter broke, showing as `<hr /><p>title: …`,
    and the topic heading showed `T {#t}`."""
    topic = (
        "---\ntitle: T\ndescription: |-\n  Intro text\\u2028--- more\n---\n# T\n\n"
        "1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA\n\n</details>\n"
    ).replace("\\u2028", "\u2028")
    body = "# T\n\nIntro text\u2028--- more\n\n1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA\n\n</details>\n"
    site = build_site(write_site(tmp_path, content={"t.md": body}))
    page = (site / "t" / "index.html").read_text(encoding="utf-8")
    assert 'id="t"' in page and "T {#t}" not in page
    assert "title: " not in page and "<hr" not in page.split("<article", 1)[1].split("</article>", 1)[0]
    assert 'content="Intro text\u2028--- more"' in page  # the description, as the page's meta
    _, findings = parse_markdown(topic, "t.md")  # the same text as raw YAML: refused, with its line
    assert [(f.line, f.code) for f in findings if "line break to YAML" in f.message] == [(4, "front-matter")]
