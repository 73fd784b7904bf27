"""Issue 20, item 6: what `import` writes can be published. Slugs and ids unique across the
output folder, markup GitHub reads its own way rewritten so the site reads it alike, linked
files copied (or a finding naming what is missing), and a multi-file import that validates and
builds with `--strict`. Fixtures: tests/fixtures/publish/ (written for these tests)."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.cli.main import main
from mlprep_site.core.importer.portable import portable_markdown, rewritten
from mlprep_site.core.importer.publishable import distinct_slugs
from mlprep_site.core.loader import load_bank
from mlprep_site.core.text.code import PARSER

PUBLISH = Path(__file__).parent / "fixtures" / "publish"
BANK = PUBLISH / "bank"
LINKED = PUBLISH / "linked"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def ids(folder: Path) -> dict[str, list[str]]:
    bank, findings = load_bank([folder])
    assert not [f for f in findings if f.severity == "error"], findings
    return {t.slug: [q.id for q in t.questions] for t in bank.topics}


def test_same_named_pages_in_two_folders_get_their_folders_names(tmp_path: Path) -> None:
    code, output = run("import", str(BANK / "questions"), "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event-bubbling.md", "event-capturing.md"]
    assert ids(tmp_path) == {
        "event-bubbling": ["explain-event-bubbling"],
        "event-capturing": ["explain-event-capturing"],
    }


def test_same_named_files_with_a_name_of_their_own_keep_it_after_the_folder(tmp_path: Path) -> None:
    code, output = run("import", str(BANK / "python"), str(BANK / "javascript"), "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["javascript-quiz.md", "python-quiz.md"]


def test_distinct_slugs_rule() -> None:
    """Only slugs made from file names change; the folder parts the files do not share name
    them; two names that slugify alike in one folder end with a hash of their path."""
    paths = [
        Path("r/a/x.md"),
        Path("r/b/c/x.md"),
        Path("r/y.md"),
        Path("r/d/README.md"),
        Path("r/e/README.md"),
    ]
    slugs = distinct_slugs(paths, ["x", "x", "y", "d", "e"])
    assert slugs == ["a-x", "b-c-x", "y", "d", "e"]
    assert distinct_slugs([Path("r/a/x.md"), Path("r/b/x.md")], ["kept", "x"]) == ["kept", "x"]
    alike = distinct_slugs([Path("r/a_b.md"), Path("r/a-b.md")], ["a-b", "a-b"])
    assert alike[0] != alike[1] and all(re.fullmatch(r"a-b-[0-9a-f]{8}", s) for s in alike)
    assert distinct_slugs([Path("r/a_b.md"), Path("r/a-b.md")], ["a-b", "a-b"]) == alike  # stable


def test_ids_that_collide_across_files_are_made_unique_and_stay_so(tmp_path: Path) -> None:
    code, output = run("import", str(BANK), "--out", str(tmp_path / "one"))
    assert code == 0, output
    first = ids(tmp_path / "one")
    assert first["javascript-quiz"][0] == "what-is-the-output-of-this-code"
    assert first["python-quiz"][0] == "what-is-the-output-of-this-code-python-quiz"
    validate = CliRunner().invoke(main, ["validate", str(tmp_path / "one")])
    assert validate.exit_code == 0 and " 0 errors" in validate.output, validate.output
    # A topic added later in the order asking the same question moves; they do not (the rule
    # of ids.separate_derived_ids: the first topic in import order keeps an id).
    source = tmp_path / "source"
    shutil.copytree(BANK, source)
    (source / "zz").mkdir()
    zig = "# Zig\n\n## What is the output of this code?\n\nNothing.\n"
    (source / "zz" / "zig.md").write_text(zig, encoding="utf-8")
    code, output = run("import", str(source), "--out", str(tmp_path / "two"))
    assert code == 0, output
    second = ids(tmp_path / "two")
    assert {k: v for k, v in second.items() if k != "zig"} == first
    assert second["zig"] == ["what-is-the-output-of-this-code-zig"]


def test_ids_stay_unique_against_the_files_already_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("import", str(BANK / "javascript"), "--out", str(out))[0] == 0
    zig = tmp_path / "zig.md"
    zig.write_text("# Zig\n\n## What is the output of this code?\n\nNothing.\n", encoding="utf-8")
    code, output = run("import", str(zig), "--out", str(out))
    assert code == 0, output
    assert ids(out) == {
        "quiz": ["what-is-the-output-of-this-code", "which-keyword-declares-a-constant"],
        "zig": ["what-is-the-output-of-this-code-zig"],
    }


def test_markup_github_reads_its_own_way_is_rewritten_with_a_warning_at_its_line(tmp_path: Path) -> None:
    source = BANK / "react.md"
    code, output = run("import", str(source), "--out", str(tmp_path))
    assert code == 0, output
    for line, text in [
        (7, "a fence indented 1, closed by another marker or indentation"),
        (16, "a </details> that closes no <details> is left out"),
        (18, "a [text](words) GitHub shows as text is escaped"),
        (24, "a fence with 'jsx harmony' after its marker"),
    ]:
        assert f"  {line}: warning: {text}" in output
    bank, findings = load_bank([tmp_path])
    assert not findings
    answers = [q.answer for q in bank.topics[0].questions]
    assert answers == [
        "- Hashes:\n\n```\nmy %h = (a => 1);\nforeach my $k (keys %h) { print $k; }\n```",
        "The source closed a toggle it never opened.\n\n\nSee [Kubernetes.io]\\(Labels can be used to select objects) for more.",
        "A syntax extension: markup inside JavaScript.\n\n```jsx\nconst element = <h1>Hello</h1>;\n```",
    ]


def _shown(markdown: str) -> list[tuple[str, str]]:
    """What GitHub shows, by block: each code block's language and code, each other block's
    kind (markdown-it's CommonMark rules)."""
    shown = []
    for token in PARSER.parse(markdown):
        if token.type in ("fence", "code_block"):
            shown.append(("code " + token.info.split(" ")[0], token.content.rstrip("\n")))
        elif token.type.endswith("_open") or token.type == "html_block":
            shown.append((token.type, ""))
    return shown


def test_rewritten_fences_show_on_github_as_before() -> None:
    cases = [
        "Text.\n\n```jsx harmony\nconst a = 1;\n```\n",
        "- Hashes:\n \n ```\n my %h = (\n  'M' => 1,\n);\n\n# comment\n```\n",
        "Para line\n```js\ncode\n```",
        "```\nleft open\n\n",
        "1. item\n\n   ```js live\n   x\n   ```",
        "2. item\n ```jsx\n   code\n\n    ```",  # closed by nothing: its 4-space line is code
    ]
    for source in cases:
        written, changes = portable_markdown(source)
        assert changes, source
        assert _shown(written) == _shown(source), source
        assert _shown(portable_markdown(written)[0]) == _shown(source), source  # and stays so
    untouched = (
        'Text.\n\n```python\nok\n```\n\n````\n```\nnested\n```\n````\n\n[a](http://x "t") and `[c](a b)`'
    )
    assert portable_markdown(untouched) == (untouched, [])


LINE = st.sampled_from(
    [
        "",
        "text",
        "```",
        "```js",
        "```jsx harmony",
        " ```",
        "   ```",
        "````",
        "~~~",
        "    code",
        "- item",
        "  ```js",
        "> ```",
        "</details>",
        "<details>",
        "[a](b c)",
        "[a](b)",
        "`[a](b c)`",
        "# h",
        "1. x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, max_size=14))
def test_the_quick_scan_skips_only_answers_the_parse_leaves_alone(lines: list[str]) -> None:
    text = "\n".join(lines)
    written, changes = portable_markdown(text)
    assert (written, changes) == rewritten(text)
    assert (written == text) == (not changes)


def test_linked_files_are_copied_and_their_links_kept_working(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run("import", str(LINKED), "--out", str(out))
    assert code == 0, output
    copied = out / "topic" / "images" / "diagram.png"
    assert copied.read_bytes() == (LINKED / "topic" / "images" / "diagram.png").read_bytes()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "notes.md",
        "other.md",
        "topic/images/diagram.png",
    ]
    answers = {q.id: q.answer for q in load_bank([out])[0].questions}
    assert answers["what-does-the-diagram-show"] == (
        '![diagram](topic/images/diagram.png)\n\n<img src="topic/images/diagram.png" width="40">'
    )
    assert answers["where-is-the-other-topic"] == "In [the other topic](other.md)."
    notes = LINKED / "topic" / "notes.md"
    report = output[output.index(f"{notes} (headings)") :]
    assert "  2 linked files not copied:\n" in report
    assert (
        "  11: warning: links to images/missing.png, which is not in the source folder: written as text"
        in report
    )
    assert (
        "  11: warning: links to ../../outside.png, outside the source folder: not copied: written as text"
        in report
    )
    assert "into " + str(out) + ", with 1 linked file" in output
    assert answers["what-is-missing-here"] == "gone and elsewhere."


def test_links_that_cannot_work_on_the_site_are_written_as_their_text(tmp_path: Path) -> None:
    """A `#fragment` naming a heading of the source page, or a path from the repository's top
    that names no file (a page of the author's own site): their text stays, with a warning;
    a fragment naming a question of the topic stays a link."""
    code, output = run("import", str(LINKED / "topic" / "notes.md"), "--out", str(tmp_path))
    assert code == 0, output
    assert "  2 links that cannot work on the site written as text:" in output
    assert (
        "  19: warning: links to #contents, a heading of the source that the topic page does not have"
        in output
    )
    assert (
        "  19: warning: links to /questions/quiz/other-page, a page of another site: written as text"
        in output
    )
    answers = {q.id: q.answer for q in load_bank([tmp_path])[0].questions}
    assert answers["where-do-these-links-go"] == (
        "Back to the contents, to a page of the author's site,\n"
        "and to [the diagram question](#what-does-the-diagram-show)."
    )


def test_a_symbolic_link_out_of_the_source_folder_is_not_followed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(LINKED, source)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the site")
    os.symlink(secret, source / "topic" / "images" / "secret.png")
    notes = source / "topic" / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n![s](images/secret.png)\n", encoding="utf-8")
    code, output = run("import", str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert (
        "links to images/secret.png, outside the source folder: not copied: written as text [linked-file-outside]"
        in output
    )
    assert not (tmp_path / "out" / "topic" / "images" / "secret.png").exists()
    assert b"not for the site" not in b"".join(
        p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()
    )


def test_a_linked_file_never_replaces_a_users_file_unasked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    mine = out / "topic" / "images" / "diagram.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own picture")
    code, output = run("import", str(LINKED), "--out", str(out))
    assert code == 1
    assert "topic/images/diagram.png would replace an existing file (give --force to replace it)" in output
    assert mine.read_bytes() == b"my own picture"
    code, output = run("import", str(LINKED), "--out", str(out), "--force")
    assert code == 0, output
    assert mine.read_bytes() == (LINKED / "topic" / "images" / "diagram.png").read_bytes()
    assert not [p for p in mine.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_multi_file_import_validates_and_builds_strictly(tmp_path: Path) -> None:
    out = tmp_path / "bank"
    code, output = run("import", str(BANK), "--out", str(out))
    assert code == 0, output
    assert output.count(" -> ") == 5
    code, output = run("validate", str(out))
    assert code == 0 and "5 topics, 9 questions (9 answered): 0 errors, 0 warnings" in output, output
    code, output = run("build", str(out), "--strict", "--quiet", "--out", str(tmp_path / "site"))
    assert code == 0, output
    page = (tmp_path / "site" / "react" / "index.html").read_text(encoding="utf-8")
    assert "Labels can be used to select objects" in page and 'href="Labels' not in page
    jsx = re.search(r'data-qid="what-is-jsx".*?</details>', page, re.DOTALL)
    assert (
        jsx is not None
        and '<div class="highlight"><pre>' in jsx.group()
        and '<span class="nt">h1</span>' in jsx.group()
    )


def test_the_files_a_page_links_to_are_named_for_the_site_to_publish(tmp_path: Path) -> None:
    """`page_files`: what the site publishes for an imported topic's page (each linked file's
    path in the content folder → the file), so that its links keep working; a symbolic link out
    of the folder and a markdown page are not files to publish."""
    from mlprep_site.core.importer.linked_files import page_files

    out = tmp_path / "out"
    assert run("import", str(LINKED), "--out", str(out))[0] == 0
    (out / "topic" / "images" / "elsewhere.png").symlink_to(PUBLISH / "outside.png")
    notes = load_bank([out])[0].topic("notes")
    diagram = (out / "topic" / "images" / "diagram.png").resolve()
    assert page_files(notes, out) == {"topic/images/diagram.png": diagram}
    first = replace(
        notes.questions[0],
        answer="![a](topic/images/elsewhere.png) [b](other.md) ![c](./topic/images/diagram.png)",
    )
    assert page_files(replace(notes, questions=(first,)), out) == {"topic/images/diagram.png": diagram}


def test_a_link_to_a_folder_leads_to_the_topic_of_its_readme(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "aws").mkdir(parents=True)
    (source / "empty").mkdir()
    (source / "aws" / "README.md").write_text("# AWS\n\n## What is S3?\n\nStorage.\n", encoding="utf-8")
    (source / "main.md").write_text(
        "# Main\n\n## Where is more?\n\nIn [AWS](aws/), not in [this](empty).\n", encoding="utf-8"
    )
    code, output = run("import", str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "  5: warning: links to empty, a folder with no imported page: written as text" in output
    answers = {q.id: q.answer for q in load_bank([tmp_path / "out"])[0].questions}
    assert answers["where-is-more"] == "In [AWS](aws.md), not in this."


def test_urls_and_hostile_fragments_are_no_files(tmp_path: Path) -> None:
    """A scheme a browser would read (`java&#x09;script:`), a fragment that is no heading's
    (`--sanitize` leaves `#javascript:…` of a hostile URL), a protocol-relative URL: left as
    written, with no finding. A destination with parentheses is read whole."""
    from mlprep_site.core.importer.linked_files import Links, relink

    (tmp_path / "f(x).png").write_bytes(b"png")
    links = Links(tmp_path.resolve(), {}, {})
    text = (
        "![i](java&#x09;script:alert(4)) [c](#javascript:alert(3)) [p](//cdn.example.org/x.png) "
        "![f](f(x).png) [gone](#gone)"
    )
    assert relink(text, 3, tmp_path / "a.md", links) == text.replace("[gone](#gone)", "gone")
    assert [(f.line, f.code) for f in links.problems] == [(3, "link-anchor")]
    assert links.copies == {"f(x).png": (tmp_path / "f(x).png").resolve()}


def test_a_link_to_a_question_follows_the_id_import_made_unique(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.md").write_text("# A\n\n## What is X?\n\nAn x.\n", encoding="utf-8")
    (source / "b.md").write_text(
        "# B\n\n## What is X?\n\nA b x.\n\n## And Y?\n\nSee [X](#what-is-x).\n", encoding="utf-8"
    )
    code, output = run("import", str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    b = load_bank([tmp_path / "out"])[0].topic("b")
    assert [q.id for q in b.questions] == ["what-is-x-b", "and-y"]
    assert b.questions[1].answer == "See [X](#what-is-x-b)."


def test_a_folder_of_pages_named_by_their_questions_imports_as_the_loader_reads_it(tmp_path: Path) -> None:
    """In a folder whose files are named by their questions, a file whose name does not ask
    (`Enum.md`) is still a question named by it: import reads each file as the loader does."""
    source = tmp_path / "kotlin"
    source.mkdir()
    names = [
        "What is a data class",
        "What is a sealed class",
        "What's a companion object",
        "How do lambdas work",
    ]
    for name in [*names, "Enum"]:
        (source / f"{name}.md").write_text(f"## About it\n\n{name} is explained here.\n", encoding="utf-8")
    read, _ = load_bank([source])
    code, output = run("import", str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    imported, findings = load_bank([tmp_path / "out"])
    assert not [f for f in findings if f.severity == "error"], findings
    questions = sorted(q.question for t in imported.topics for q in t.questions)
    assert questions == sorted(q.question for t in read.topics for q in t.questions)
    assert "Enum" in questions and len(questions) == 5


def test_a_details_an_answer_leaves_open_is_closed_at_its_end(tmp_path: Path) -> None:
    """reactjs-interview-questions, question 72: its `<details>` closes inside a fence GitHub
    reads as code, so GitHub closes it at the end of the page. Written into a canonical answer
    block it would swallow the block's own `</details>`: it is closed at the answer's end, with
    a warning, and the question is carried over."""
    source = tmp_path / "react.md"
    source.write_text(
        "# React\n\n1. ### How to export components?\n\n"
        "    Use default.\n\n"
        "    <details><summary><b>See Class</b></summary>\n"
        "    <p>\n\n    ```\n    </p>\n    </details>\n\n    The end.\n    ```\n\n"
        "2. ### What is JSX?\n\n    A syntax.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, output = run("import", str(source), "--out", str(out))
    assert code == 0, output
    assert "warning: a <details> the answer leaves open is closed at its end, as GitHub closes it" in output
    bank, findings = load_bank([out])
    assert not [f for f in findings if f.severity == "error"]
    answers = [q.answer or "" for q in bank.topics[0].questions]
    assert len(answers) == 2 and answers[0].endswith("```\n\n</details>") and answers[1] == "A syntax."
