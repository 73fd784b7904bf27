"""Bounded work (issue 23): each small answer that made the build take minutes is refused by the
loader with a `too-large` error at its line, before Python-Markdown sees it; an answer at the
limit is kept; a topic's answers together are bounded too; tags, numbers and NUL bytes get
findings, never a traceback. Big inputs are made here; small ones are in fixtures/hostile/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.domain import tags
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.loader import load_bank, parse_markdown, read_markdown
from mlprep_site.core.reading import limits

from .site_helpers import build_site, write_site

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def topic_text(*answers: str) -> str:
    blocks = ["# Hostile\n"]
    for number, answer in enumerate(answers, 1):
        blocks.append(
            f"{number}. **Question {number}?**\n<!-- mlprep: {{id: q{number}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(blocks)


def nested_list(levels: int) -> str:
    return "\n".join("    " * depth + "- x" for depth in range(levels))


def nested_details(levels: int) -> str:
    return "<details><summary>x</summary>\n" * levels + "</details>\n" * levels


def footnotes(count: int) -> str:
    return " ".join(f"[^{n}]" for n in range(count)) + "\n\n" + "\n".join(f"[^{n}]: n" for n in range(count))


def reference_links(count: int) -> str:
    uses = " ".join(f"[a][r{n}]" for n in range(count))
    return uses + "\n\n" + "\n".join(f"[r{n}]: https://example.org/{n}" for n in range(count))


def images(count: int) -> str:
    return " ".join(f"![a](x{n}.png)" for n in range(count))


# name: (the issue's repro, the largest the limits keep, one past it, the reason past it)
Shape = tuple[Callable[[int], str], int, int, int, str]
CASES: dict[str, Shape] = {
    "unclosed-a-30000": (
        lambda n: "<a " * n,
        30_000,
        limits.MAX_TAGS_HTML,
        limits.MAX_TAGS_HTML + 1,
        "HTML tags",
    ),
    "div-20000": (
        lambda n: "<div>" * n,
        20_000,
        limits.MAX_HTML_DEPTH,
        limits.MAX_HTML_DEPTH + 1,
        "nests HTML",
    ),
    "code-spans-200000": (
        lambda n: "`x` " * n,
        200_000,
        limits.MAX_CODE_SPANS,
        limits.MAX_CODE_SPANS + 1,
        "code spans",
    ),
    "reference-links-50000": (reference_links, 50_000, limits.MAX_LINKS // 3, limits.MAX_LINKS, "links"),
    "math-100000": (lambda n: "$x^2$ " * n, 100_000, limits.MAX_MATH, limits.MAX_MATH + 1, "math spans"),
    "footnotes-20000": (footnotes, 20_000, limits.MAX_LINKS // 2, limits.MAX_LINKS, "footnotes"),
    "images-2000": (images, 2_000, limits.MAX_LINKS, limits.MAX_LINKS + 1, "links, images"),
    "backslashes-99000": (lambda n: "\\" * n, 99_000, 20_000, 23_000, "escapes, entities and emphasis"),
    "list-2000-levels": (nested_list, 2_000, limits.MAX_DEPTH, limits.MAX_DEPTH + 1, "lists or quotes"),
    "details-500-levels": (
        nested_details,
        500,
        limits.MAX_HTML_DEPTH - 1,  # each level's <summary> is one more inside it
        limits.MAX_HTML_DEPTH,
        "nests HTML",
    ),
}


def only_answer(text: str) -> tuple[Question, list[str]]:
    reading = read_markdown(topic_text(text), "hostile.md")
    assert reading.topic is not None
    refused = [f"{f.line}: {f.message}" for f in reading.findings if f.code == "too-large"]
    return reading.topic.questions[0], refused


@pytest.mark.parametrize("name", CASES)
def test_the_issues_repro_is_refused_at_its_answer(name: str) -> None:
    make, count, _, _, _ = CASES[name]
    question, refused = only_answer(make(count))
    assert question.answer is None  # not handed to the page renderer
    assert len(refused) == 1 and "not rendered (Python-Markdown's time grows" in refused[0]
    assert int(refused[0].split(":")[0]) >= 9  # the answer's first line or later


@pytest.mark.parametrize("name", CASES)
def test_one_past_the_limit_is_refused_for_that_reason(name: str) -> None:
    make, _, _, past, why = CASES[name]
    question, refused = only_answer(make(past))
    assert question.answer is None and len(refused) == 1 and why in refused[0], refused


@pytest.mark.parametrize("name", CASES)
def test_an_answer_at_the_limit_is_kept(name: str) -> None:
    make, _, at_limit, _, _ = CASES[name]
    question, refused = only_answer(make(at_limit))
    assert refused == [] and question.answer == make(at_limit).strip("\n")


def test_an_answer_longer_than_the_limit_is_refused() -> None:
    question, refused = only_answer("word " * (limits.MAX_ANSWER_CHARS // 5 + 1))
    assert question.answer is None and "longer than 100,000 characters" in refused[0]


def test_a_topics_answers_together_are_bounded() -> None:
    """Each answer within its own limits, but 20 of them: the later ones are refused, at the
    question where the topic's budget runs out."""
    reading = read_markdown(topic_text(*[images(limits.MAX_LINKS)] * 20), "hostile.md")
    assert reading.topic is not None
    kept = [q for q in reading.topic.questions if q.answer is not None]
    refused = [f for f in reading.findings if f.code == "too-large"]
    assert 0 < len(kept) < 20 and len(kept) + len(refused) == 20
    assert all("takes the topic past its limit of links and raw tags" in f.message for f in refused)
    assert [q.answer_line for q in reading.topic.questions[len(kept) :]] == [f.line for f in refused]


def test_the_line_is_where_the_limit_is_crossed() -> None:
    answer = "Fine.\n\n" + nested_list(limits.MAX_DEPTH + 5)
    _, refused = only_answer(answer)
    assert refused[0].startswith(f"{9 + 2 + limits.MAX_DEPTH}: ")  # the 17th level's line


def test_code_is_not_counted() -> None:
    fenced = "```html\n" + "<a " * 10_000 + "\n```"
    question, refused = only_answer(fenced)
    assert refused == [] and question.answer == fenced


def test_a_yaml_bank_answer_is_bounded_too(tmp_path: Path) -> None:
    answer = "<div>" * 100
    (tmp_path / "bank.yaml").write_text(
        "schema: 1\ntopics:\n- slug: a\n  title: A\n  questions:\n"
        f"  - {{id: q, number: 1, question: Q, answer: '{answer}'}}\n",
        encoding="utf-8",
    )
    bank, findings = load_bank([tmp_path])
    assert bank.questions[0].answer is None
    assert [f.code for f in findings] == ["too-large"]


def test_the_plugin_builds_a_topic_of_every_repro_without_rendering_them(tmp_path: Path) -> None:
    answers = [make(count) for make, count, *_ in CASES.values()]
    config = write_site(tmp_path, content={"hostile.md": topic_text(*answers, "A fine answer.")})
    site = build_site(config, content_errors=True)  # 500 nested <details> raised RecursionError here
    page = (site / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "A fine answer." in page and page.count('data-qid="q') >= len(answers) + 1
    assert "&lt;a &lt;a" not in page and "x0.png" not in page


def test_import_reports_a_refused_answer(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "t.md").write_text(topic_text("<a " * 30_000), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "src"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[too-large]" in result.output


# -- tags --------------------------------------------------------------------------------------


def test_300000_tags_on_one_question_are_an_error_and_cut() -> None:
    many = ", ".join(f"tag-{n}" for n in range(300_000))
    text = f"# T\n\n1. **Q?**\n<!-- mlprep: {{id: q, tags: [{many}]}} -->\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None
    assert len(reading.topic.questions[0].tags) == limits.MAX_TAGS_PER_QUESTION
    assert [f.line for f in reading.findings if f.code == "too-many-tags"] == [3]


def test_similar_tags_are_compared_within_buckets_not_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 tags one letter apart all share deletions: all pairs would be 200 million
    comparisons and as many warnings."""
    calls = 0
    one_edit_apart = tags._one_edit_apart

    def counted(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return one_edit_apart(a, b)

    monkeypatch.setattr(tags, "_one_edit_apart", counted)
    names = [f"abcdef{n:05d}" for n in range(20_000)]
    topics = [
        Topic(
            "t",
            "T",
            "t.md",
            tuple(Question(f"q{i}", i + 1, "Q?", tags=(name,)) for i, name in enumerate(names)),
        )
    ]
    findings = [f for f in tags.tag_findings(topics) if f.code == "similar-tags"]
    assert calls < 20 * len(names)  # each tag's few buckets, once each
    assert len({f.subject for f in findings}) == len(findings)  # a tag is reported once at most
    assert len(findings) == tags.MAX_SIMILAR_WARNINGS + 1  # then one says there are more
    assert "more tags look like others than the 100 listed" in findings[-1].message


# -- numbers and NUL bytes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("long-number.yaml", 5),
        ("long-number.json", 1),
        ("long-number-front-matter.md", 2),
        ("long-number-meta.md", 4),
        ("hex-number.yaml", 5),
    ],
)
def test_a_5000_digit_number_is_a_finding_and_the_other_files_still_load(
    tmp_path: Path, name: str, line: int
) -> None:
    (tmp_path / name).write_bytes((HOSTILE / name).read_bytes())
    (tmp_path / "fine.md").write_text(topic_text("A fine answer."), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert f"{tmp_path / name}:{line}:1: error:" in result.output
    assert "1 questions (1 answered)" in result.output or "2 questions" in result.output
    export = CliRunner().invoke(main, ["export", "--format", "json", str(tmp_path)])
    assert export.exception is None or isinstance(export.exception, SystemExit), export.output


def test_a_nul_byte_in_an_answer_is_shown_as_commonmark_shows_it_with_a_note() -> None:
    reading = read_markdown((HOSTILE / "nul-byte.md").read_text(encoding="utf-8"), "nul-byte.md")
    assert reading.topic is not None and reading.topic.questions[0].answer == "Before\ufffdafter."
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(9, "info", "nul-character")]
    assert "NUL character" in reading.findings[0].message


def test_a_refused_title_or_description_never_reaches_the_topic() -> None:
    """A 60,000-character heading was refused by the title rule and published all the same: the
    site spent 20 s drawing it. The file's name stands in; a refused description is left out."""
    line = "`<*_{&" * 10_000
    text = f"# {line}\n\n{line}\n\n1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
    topic, findings = parse_markdown(text, "big-topic.md")
    assert topic is not None and topic.title == "Big Topic" and topic.description is None
    assert {(f.line, f.code) for f in findings} >= {(1, "title"), (3, "description")}


def test_a_question_longer_than_the_limit_is_cut_with_an_error() -> None:
    long = "Why " + "very " * 300 + "long?"
    topic, findings = parse_markdown(f"# T\n\n1. **{long}**\n", "t.md")
    assert topic is not None and len(topic.questions[0].question) == limits.MAX_QUESTION_CHARS + 1
    assert [(f.line, f.code) for f in findings if f.code == "too-large"] == [(3, "too-large")]
