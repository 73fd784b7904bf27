"""What real files contain beyond the seed, and every malformed input with its finding."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank, parse_markdown


def parse(text: str):
    topic, findings = parse_markdown(textwrap.dedent(text), "t.md")
    return topic, findings


def codes(findings) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.severity) for f in findings]


def test_front_matter_and_question_metadata() -> None:
    topic, findings = parse(
        """\
        ---
        title: Canary releases
        slug: canary
        description: Ship to a few first.
        order: 3
        tags: [release]
        ---
        # Ignored when front matter has a title

        1. **What is a canary?**
        <!-- mlprep: {id: canary-basics, tags: [release, canary], difficulty: easy} -->

        <details open>
        <summary>Answer</summary>

        A small slice of traffic.

        </details>
        """
    )
    assert findings == []
    assert (topic.slug, topic.title, topic.description, topic.order, topic.tags) == (
        "canary",
        "Canary releases",
        "Ship to a few first.",
        3,
        ("release",),
    )
    q = topic.questions[0]
    assert (q.id, q.tags, q.difficulty, q.answer) == (
        "canary-basics",
        ("release", "canary"),
        "easy",
        "A small slice of traffic.",
    )


def test_multiline_metadata_comment() -> None:
    topic, findings = parse(
        """\
        1. **Q?**
        <!-- mlprep:
        id: q-one
        difficulty: hard
        -->
        <details><summary>Answer</summary>
        A.
        </details>
        """
    )
    assert findings == []
    assert (topic.questions[0].id, topic.questions[0].difficulty) == ("q-one", "hard")
    assert topic.questions[0].answer == "A."


def test_code_fences_nested_details_tables_and_indented_code_stay_in_the_answer() -> None:
    answer = textwrap.dedent(
        """\
        Intro with `</details>` in a code span.

        ```html
        <details>
        </details>
        </details>
        ```

        | a | b |
        |---|---|
        | 1 | 2 |

            indented code </details> is code, not a closing tag
            <details>

        <details><summary>Hint</summary>
        Nested hint.
        </details>

        ~~~~
        ``` not a closing fence
        ~~~~"""
    )
    text = "1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n" + answer + "\n\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert topic.questions[0].answer == answer


def test_details_tags_in_any_case_open_and_close_the_answer() -> None:
    """HTML tag names are case-insensitive: `<DETAILS>` opens and `</Details>` closes as the
    lowercase tags do, both for the answer block and for a hint nested in it."""
    answer = "Alpha.\n\n<Details><Summary>Hint</Summary>\n\nInner.\n\n</DETAILS>\n\nBeta."
    text = (
        "1. **First?**\n\n<DETAILS>\n<SUMMARY>Answer</SUMMARY>\n\n" + answer + "\n\n</Details>\n\n"
        "2. **Second?**\n\n<details>\n<summary>Answer</summary>\n\nGamma.\n\n</details>\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert [q.answer for q in topic.questions] == [answer, "Gamma."]
    # Tags that balance only when their case is ignored: each answer ends at its own close.
    text = (
        "1. **Q1**\n\n<details>\n<summary>Answer</summary>\n\nA1\n\n</DETAILS>\n\n"
        "2. **Q2**\n\n<DETAILS>\n<summary>Answer</summary>\n\nA2\n\n<DeTaIlS><summary>Hint</summary>\n"
        "hint\n</details>\n\nMore.\n\n</details>\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert [q.answer for q in topic.questions] == [
        "A1",
        "A2\n\n<DeTaIlS><summary>Hint</summary>\nhint\n</details>\n\nMore.",
    ]


def test_a_metadata_comment_missing_its_end_takes_nothing_after_it() -> None:
    """A missing `-->` is one finding: the comment ends before the blank line, and the next
    question keeps its comment and its answer (it took both, and the first answer was lost)."""
    text = (
        "1. **What is drift?**\n<!-- mlprep: {id: drift, tags: [monitoring]}\n\n"
        "<details>\n<summary>Answer</summary>\n\nDrift answer.\n\n</details>\n\n"
        "2. **What is a canary?**\n<!-- mlprep: {id: canary} -->\n\n"
        "<details>\n<summary>Answer</summary>\n\nCanary answer.\n\n</details>\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert [(q.question, q.id, q.answer) for q in topic.questions] == [
        ("What is drift?", "what-is-drift", "Drift answer."),
        ("What is a canary?", "canary", "Canary answer."),
    ]
    assert codes(findings) == [("question-meta", 2, "error")]
    spread = "1. **Q?**\n<!-- mlprep: {id: q,\n  tags: [a, b]} -->\n\n<details><summary>Answer</summary>A.</details>\n"
    topic, findings = parse_markdown(spread, "t.md")
    assert findings == [] and topic.questions[0].tags == ("a", "b")


def test_markdown_link_references_with_titles() -> None:
    topic, findings = parse(
        """\
        1. **Q?**
        <details><summary>Answer</summary>A.</details>

        ## References
        - [MkDocs](https://www.mkdocs.org/ "MkDocs home")
        - <https://example.org/a>
        [7]. https://example.org/b \\
        """
    )
    assert findings == []
    assert [(r.index, r.url, r.title) for r in topic.references] == [
        (1, "https://www.mkdocs.org/", "MkDocs"),
        (2, "https://example.org/a", None),
        (7, "https://example.org/b", None),
    ]


def test_ids_survive_renumbering_and_reordering() -> None:
    before, _ = parse("1. **Alpha?**\n\n2. **Beta?**\n<!-- mlprep: {id: beta} -->\n")
    after, _ = parse("1. **Beta?**\n<!-- mlprep: {id: beta} -->\n\n5. **Alpha?**\n")
    assert {q.question: q.id for q in before.questions} == {q.question: q.id for q in after.questions}


def test_unclosed_details_costs_one_finding_not_the_rest_of_the_file() -> None:
    topic, findings = parse(
        """\
        1. **First?**
        <details>
        <summary>Answer</summary>
        Half an answer.

        2. **Second?**
        <details><summary>Answer</summary>B.</details>
        """
    )
    assert codes(findings) == [("unclosed-details", 2, "error")]
    assert [q.answer for q in topic.questions] == ["Half an answer.", "B."]


MALFORMED = [
    pytest.param(
        "1. **Q?**\n<details>\nno summary\n</details>\n", ("missing-summary", 2, "error"), id="no-summary"
    ),
    pytest.param(
        "1. **A?**\n\n1. **B?**\n<details><summary>Answer</summary>a</details>\n",
        ("duplicate-number", 3, "error"),
        id="duplicate-number",
    ),
    pytest.param(
        "1. **A?**\n<!-- mlprep: {id: x} -->\n2. **B?**\n<!-- mlprep: {id: x} -->\n",
        ("duplicate-id", 3, "error"),
        id="duplicate-id",
    ),
    pytest.param(
        "1. **A?**\n<details><summary>Answer</summary>a</details>\nstray words\n2. **B?**\n",
        ("stray-text", 3, "error"),
        id="stray-text",
    ),
    pytest.param("---\ntitle: [unclosed\n---\n1. **A?**\n", ("front-matter", 2, "error"), id="bad-yaml"),
    pytest.param("---\ntitle: x\n1. **A?**\n", ("front-matter", 1, "error"), id="front-matter-open"),
    pytest.param(
        "1. **A?**\n<details><summary>Answer</summary>a</details>\n\n## References\n[1]. javascript:alert(1) \\\n",
        ("bad-url", 5, "error"),
        id="js-url",
    ),
    pytest.param(
        "1. **A?**\n<details><summary>Answer</summary>a</details>\n\n## References\n[1]. htp:/x \\\n",
        ("bad-url", 5, "error"),
        id="htp-url",
    ),
    pytest.param(
        "1. **A?**\n<details><summary>Answer</summary>a</details>\n\n## References\nsee the docs\n",
        ("bad-reference", 5, "error"),
        id="bad-ref",
    ),
    pytest.param(
        "1. **A?** trailing\n<details><summary>Answer</summary>a</details>\n",
        ("bad-question", 1, "error"),
        id="bad-question",
    ),
    pytest.param(
        "3. **3. Doubled?**\n<details><summary>Answer</summary>a</details>\n",
        ("doubled-number", 1, "warning"),
        id="doubled",
    ),
    pytest.param(
        "1. **A?**\n<!-- mlprep: {difficulty: extreme} -->\n", ("question-meta", 2, "error"), id="difficulty"
    ),
    pytest.param(
        "1. **A?**\n<!-- mlprep: {id: a, colour: red} -->\n", ("question-meta", 2, "error"), id="meta-key"
    ),
    pytest.param(
        "1. **A?**\n<details><summary>Answer</summary>a</details>\n<details><summary>Answer</summary>b</details>\n",
        ("duplicate-answer", 3, "error"),
        id="two-answers",
    ),
    pytest.param("<details><summary>Answer</summary>a</details>\n1. **A?**\n", ("stray-details", 1, "error")),
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_malformed_input_gets_a_finding(text: str, expected: tuple[str, int, str]) -> None:
    _, findings = parse_markdown(text, "bad.md")
    relevant = [(f.code, f.line, f.severity) for f in findings if f.code != "unanswered"]
    assert expected in relevant
    assert all(str(f).startswith(f"bad.md:{f.line}:") for f in findings)


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_malformed_input_sets_the_exit_code(tmp_path, text: str, expected: tuple[str, int, str]) -> None:
    (tmp_path / "bad.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "bad.md")])
    code, line, severity = expected
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == (1 if severity == "error" else 0)
    assert f"bad.md:{line}:" in result.output and f"[{code}]" in result.output


def test_a_file_without_questions_is_not_a_topic(tmp_path) -> None:
    """A README that introduces the topics (its link list is no question) and a CONTRIBUTING:
    one warning each, no topic, and the folder validates; alone, they leave nothing to read."""
    (tmp_path / "README.md").write_text("# Notes\n\nIntro.\n\n- [A](a.md)\n", encoding="utf-8")
    (tmp_path / "CONTRIBUTING.md").write_text("Just prose.\n\nMore prose.\n", encoding="utf-8")
    alone = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert alone.exit_code == 1 and "[no-questions-found]" in alone.output
    (tmp_path / "a.md").write_text("# A\n\n1. **Q?**\n", encoding="utf-8")
    bank, findings = load_bank([tmp_path])
    assert [t.slug for t in bank.topics] == ["a"]
    assert sorted(
        (Path(f.path).name, f.line, f.severity, f.code) for f in findings if f.code != "unanswered"
    ) == [
        ("CONTRIBUTING.md", 1, "warning", "no-questions"),
        ("README.md", 1, "warning", "no-questions"),
    ]
    assert CliRunner().invoke(main, ["validate", str(tmp_path)]).exit_code == 0
    # Written as questions that did not parse: an error, not a quiet "not a topic".
    (tmp_path / "b.md").write_text(
        "# B\n\nWhat is B\n\n<details>\n<summary>Answer</summary>\n\nB.\n\n</details>\n"
    )
    broken = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert broken.exit_code == 1 and "b.md:1:1: error: no questions found" in broken.output


def test_not_utf8_reports_the_line_of_the_bad_byte(tmp_path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("1. **Caf\u00e9?**\n".encode() + b"\n2. **Na\xefve?**\n")
    bank, findings = load_bank([path])
    assert bank.topics == ()
    assert [(f.code, f.line, f.col) for f in findings] == [("encoding", 3, 8)]


def test_duplicate_ids_across_files(write_file) -> None:
    a = write_file("a.md", "1. **A?**\n<!-- mlprep: {id: same} -->\n")
    write_file("b.md", "1. **B?**\n<!-- mlprep: {id: same} -->\n")
    bank, findings = load_bank([a.parent])
    dupes = [f for f in findings if f.code == "duplicate-id"]
    assert len(dupes) == 1
    assert dupes[0].path.endswith("b.md") and dupes[0].line == 1
    assert "a.md:1" in dupes[0].message


def test_topics_sorted_by_order_then_slug(write_file) -> None:
    write_file("zeta.md", "---\norder: 1\n---\n1. **Z?**\n")
    write_file("alpha.md", "1. **A?**\n")
    beta = write_file("beta.md", "---\norder: 2\n---\n1. **B?**\n")
    bank, _ = load_bank([beta.parent])
    assert [t.slug for t in bank.topics] == ["zeta", "beta", "alpha"]


# Detected as canonical (a `1. **…` line), but written as the headings dialect.
# A bold numbered line before any heading reads as a canonical question, and the next is then
# a malformed one (an error); read as headings, both are the description.
MISDETECTED = (
    "# Steps\n\n1. **Steps**\n<details><summary>Answer</summary>In order.</details>\n\n2. **Is that all?** (no)\n\n"
    "### How do you start?\n\nOpen [the docs](https://example.org/a).\n"
)


@pytest.mark.parametrize(
    "command",
    [["validate"], ["export", "--format", "json"], ["render", "--out", "OUT"], ["check-links", "--offline"]],
)
def test_dialect_option_on_every_command_that_reads_content(tmp_path: Path, command: list[str]) -> None:
    source = tmp_path / "steps.md"
    source.write_text(MISDETECTED)
    args = [str(tmp_path / "out") if arg == "OUT" else arg for arg in command]
    args += ["--no-cache"] if "check-links" in args else []
    detected = CliRunner().invoke(main, [*args, str(source)])
    assert detected.exit_code == 1, detected.output
    forced = CliRunner().invoke(main, [*args, "--dialect", "headings", str(source)])
    assert forced.exit_code == 0, forced.output
    if "render" in args:
        page = (tmp_path / "out" / "steps.md").read_text()
        assert "How do you start?" in page and "the docs" in page
    if "check-links" in args:
        assert (
            forced.output.splitlines()[-1].startswith("1 links:")
            and "1 not checked (offline" in forced.output
        )
    if "export" in args:
        assert "How do you start?" in forced.output


def test_plugin_reads_the_bank_again_when_its_dialect_option_changes(tmp_path: Path) -> None:
    """`mkdocs serve` keeps the plugin instance across rebuilds; the bank it holds must follow
    an edit of the `dialect:` option even when no content file changed."""
    from mlprep_site.site.plugin import MlprepPlugin

    (tmp_path / "steps.md").write_text(MISDETECTED)
    plugin = MlprepPlugin()
    plugin.content_dir = tmp_path

    def questions(dialect: str | None) -> list[str]:
        errors, warnings = plugin.load_config({"dialect": dialect})
        assert errors == []
        bank, _ = plugin._load()
        return [q.question for q in bank.questions]

    assert questions(None) == ["Steps"]  # read as canonical: a malformed question after it
    assert questions("headings") == ["How do you start?"]
    assert questions(None) == ["Steps"]


CANONICAL_TOPIC = """\
1. **What is {name}?**

<details>
<summary>Answer</summary>

{name} is a thing.

</details>
"""


def test_same_named_files_in_different_folders_take_their_slugs_from_the_folders(tmp_path: Path) -> None:
    for folder in ("Abstract-Classes", "Events"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "Introduction.md").write_text(CANONICAL_TOPIC.format(name=folder))
    bank, findings = load_bank([tmp_path])
    assert [f for f in findings if f.severity == "error"] == []
    assert sorted(t.slug for t in bank.topics) == ["abstract-classes-introduction", "events-introduction"]
    assert sorted(q.question for q in bank.questions) == ["What is Abstract-Classes?", "What is Events?"]


def test_equal_slugs_from_front_matter_stay_an_error(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        text = "---\nslug: shared\n---\n" + CANONICAL_TOPIC.format(name=folder)
        (tmp_path / folder / f"{folder}-topic.md").write_text(text)
    bank, findings = load_bank([tmp_path])
    assert [(f.code, f.severity) for f in findings] == [("duplicate-slug", "error")]
    assert [t.slug for t in bank.topics] == ["shared", "shared"]


def test_in_a_folder_of_pages_named_by_their_questions_every_name_is_a_question(tmp_path: Path) -> None:
    """`What is Fragment.md` and five more pages whose names ask, beside `Enum.md`: there the
    name is the question even when it does not ask, once nothing in the file asks. A file that
    holds questions keeps them, and a README is no page."""
    folder = tmp_path / "Kotlin"
    folder.mkdir()
    asking = ("What is Fragment", "What is a coroutine", "How does inline work", "Why sealed classes")
    for name in (*asking, "What is a flow", "Describe scope functions"):
        (folder / f"{name}.md").write_text(f"# Notes\n\nAbout {name.split()[-1]}.\n")
    (folder / "Enum.md").write_text(
        "# Enum in Kotlin\n\nA set of constants.\n\n## Links\nhttps://kotlinlang.org\n"
    )
    (folder / "Generics.md").write_text("# Generics\n\n- What is variance?\n- What is reified?\n")
    (folder / "README.md").write_text("# Kotlin\n\nQuestions about Kotlin.\n")
    bank, findings = load_bank([tmp_path])
    assert [f for f in findings if f.severity == "error"] == []
    by_file = {
        Path(t.source).name: [(q.line, q.question, q.answer) for q in t.questions] for t in bank.topics
    }
    assert by_file["Enum.md"] == [(1, "Enum", "A set of constants.\n\n## Links\nhttps://kotlinlang.org")]
    assert by_file["Generics.md"] == [(3, "What is variance?", None), (4, "What is reified?", None)]
    assert by_file["What is a coroutine.md"] == [(1, "What is a coroutine", "About coroutine.")]
    assert "README.md" not in by_file
    assert len(bank.topics) == 8
    alone = tmp_path / "Other"
    alone.mkdir()
    (alone / "Enum.md").write_text("# Enum in Kotlin\n\nA set of constants.\n")
    bank, _ = load_bank([alone])
    assert bank.topics == ()


def test_an_empty_file_is_not_a_topic(tmp_path) -> None:
    """A placeholder a repository keeps (`recsys.md`, blank): a warning, not an error of the
    bank beside it; alone, it leaves nothing to read."""
    (tmp_path / "empty.md").write_text("   \n\n", encoding="utf-8")
    alone = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert alone.exit_code == 1 and "[no-questions-found]" in alone.output
    assert "empty.md:1:1: warning: empty file" in alone.output
    (tmp_path / "a.md").write_text(
        "1. **Q?**\n<details><summary>Answer</summary>A</details>\n", encoding="utf-8"
    )
    beside = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert beside.exit_code == 0 and "[empty-file]" in beside.output


def test_an_answer_label_written_over_lines_opens_the_answer() -> None:
    """`<summary>`, `Answer`, `</summary>` on lines of their own (or `<details><summary>` then
    the label): the canonical answer block as on one line, its answer after `</summary>`; an
    unclosed summary is still a missing one."""
    text = (
        "1. **What is X?**\n\n<details><summary>\n  Answer\n  </summary>\n\nX is x.\n\n</details>\n\n"
        "2. **What is Y?**\n\n<details>\n<summary>\nShow answer\n</summary>\n\nY.\n\n</details>\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert topic is not None
    assert [(q.question, q.answer, q.answer_line) for q in topic.questions] == [
        ("What is X?", "X is x.", 7),
        ("What is Y?", "Y.", 18),
    ]
    # What the dialect detection reads as an answer's label, the reader opens as one.
    tagged = "1. **Q?**\n\n<details>\n<summary><b>\nAnswer</b>\n</summary>\n\nA.\n\n</details>\n"
    tagged_topic, tagged_findings = parse_markdown(tagged, "b.md")
    assert tagged_findings == [] and tagged_topic is not None
    assert [(q.answer, q.answer_line) for q in tagged_topic.questions] == [("A.", 8)]
    _, unclosed = parse_markdown("1. **Q?**\n<details>\n<summary>\nAnswer\n\nA.\n\n\n\n</details>\n", "u.md")
    assert ("missing-summary", 2) in [(f.code, f.line) for f in unclosed]
