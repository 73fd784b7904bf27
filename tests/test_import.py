"""`mlprep-site import`: golden canonical output per dialect, idempotence, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"
EXPECTED = DIALECTS / "expected"
CASES = [
    ("summary", "ml-basics"),
    ("headings", "deep-learning"),
    ("lists", "system-design"),
    ("docsite", "intro"),
    ("canonical", "evaluation"),
]


def run_import(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(("dialect", "slug"), CASES)
def test_import_writes_the_golden_canonical_file(tmp_path: Path, dialect: str, slug: str) -> None:
    code, output = run_import(str(DIALECTS / dialect), "--out", str(tmp_path))
    assert code == 0, output
    assert [p.name for p in tmp_path.iterdir()] == [f"{slug}.md"]
    assert (tmp_path / f"{slug}.md").read_bytes() == (EXPECTED / f"{slug}.md").read_bytes()


def test_importing_the_imported_files_changes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    sources = [str(DIALECTS / d) for d, _ in CASES]
    assert run_import(*sources, "--out", str(first))[0] == 0
    code, output = run_import(str(first), "--out", str(second))
    assert code == 0, output
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(f"{slug}.md" for _, slug in CASES)
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    assert output.count("(canonical)") == len(CASES)


def test_answers_survive_byte_for_byte(tmp_path: Path) -> None:
    from mlprep_site.core.loader import load_bank

    run_import(str(DIALECTS / "headings"), "--out", str(tmp_path))
    before, _ = load_bank([DIALECTS / "headings"])
    after, _ = load_bank([tmp_path])
    assert [q.answer for q in after.questions] == [q.answer for q in before.questions]
    assert after.topics[0].questions == before.topics[0].questions


def test_report_counts_and_what_was_not_carried_over(tmp_path: Path) -> None:
    code, output = run_import(str(DIALECTS / "docsite"), str(DIALECTS / "summary"), "--out", str(tmp_path))
    assert code == 0
    lines = output.splitlines()
    intro = next(line for line in lines if "intro.mdx" in line)
    assert intro.endswith("2 questions, 2 answered, 0 unanswered; 1 not carried over:")
    assert "(headings)" in intro
    assert any(line.startswith("  7: warning: 9 lines of docs-site markup") for line in lines)
    basics = next(line for line in lines if "ml-basics.md" in line and "->" in line)
    assert basics.endswith("5 questions, 3 answered, 2 unanswered")


def test_two_sources_with_one_name_get_their_folders_names(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    (src / "a" / "x.md").write_text("- What is A?\n", encoding="utf-8")
    (src / "b" / "x.md").write_text("- What is B?\n", encoding="utf-8")
    code, output = run_import(str(src / "a"), str(src / "b"), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "What is A?" in (tmp_path / "out" / "a-x.md").read_text(encoding="utf-8")
    assert "What is B?" in (tmp_path / "out" / "b-x.md").read_text(encoding="utf-8")


def test_two_sources_that_name_one_slug_are_an_error(tmp_path: Path) -> None:
    """A slug the source wrote (front matter) is kept: two of them that are equal collide."""
    src = tmp_path / "src"
    for name, question in (("a", "What is A?"), ("b", "What is B?")):
        (src / name).mkdir(parents=True)
        (src / name / f"{name}.md").write_text(f"---\nslug: x\n---\n- {question}\n", encoding="utf-8")
    code, output = run_import(str(src), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "not imported: x.md would be same slug as" in output
    assert "What is A?" in (tmp_path / "out" / "x.md").read_text(encoding="utf-8")


def test_a_file_without_questions_is_not_imported(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Just some notes.\n", encoding="utf-8")
    code, output = run_import(str(tmp_path / "notes.md"), "--out", str(tmp_path / "out"))
    assert code == 1 and "not imported" in output and "no-questions" in output
    assert not (tmp_path / "out").exists()


def test_an_answer_the_canonical_form_cannot_hold_is_left_out_with_an_error(tmp_path: Path) -> None:
    """A `</details>` inside code, closing a `<details>` opened inside a paragraph of the
    answer, would end its canonical `<details>` block: the import leaves that question out, says
    which at its source line, and exits 1; the rest is written and validates. (One opened as
    an HTML block of its own is closed at the answer's end: `test_import_publish`.)"""
    source = tmp_path / "h1.md"
    source.write_text(
        "## What is X?\n\nX is a thing. <details><summary>More</summary>\n\n```\ncode\n</details>\n```\n\n"
        "More about X.\n\n## What is Y?\n\nY is another.\n",
        encoding="utf-8",
    )
    code, output = run_import(str(source), "--out", str(tmp_path / "out"), "--dialect", "headings")
    assert code == 1
    assert f"{source}:1: error: question what-is-x is left out" in output
    assert "what-is-y" not in output
    validate = CliRunner().invoke(main, ["validate", str(tmp_path / "out")])
    assert validate.exit_code == 0 and "1 questions (1 answered): 0 errors" in validate.output


def test_a_stray_closing_tag_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """A `</details>` that closes nothing shows as nothing on GitHub: left out, with a warning
    at its line (it used to make the question unwritable)."""
    source = tmp_path / "h1.md"
    source.write_text(
        "## What is X?\n\nX is a thing.\n\n</details>\n\nMore about X.\n\n## What is Y?\n\nY is another.\n",
        encoding="utf-8",
    )
    code, output = run_import(str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "  5: warning: a </details> that closes no <details> is left out [rewritten]" in output
    written = (tmp_path / "out" / "h1.md").read_text(encoding="utf-8")
    assert "X is a thing.\n\n\nMore about X." in written


def test_a_formula_that_is_not_tex_is_imported_as_text_and_the_output_validates(tmp_path: Path) -> None:
    """Issue 20: an unparseable formula in a source is a warning on import, shown as written,
    and never an error in what import writes. Valid math and code stay as they were."""
    source = tmp_path / "ml.md"
    source.write_text(
        "# ML\n\n## What is X?\n\nBad $\\frac{1}$ here, $\\sqrt{x}$ fine, `$\\frac{1}$` code.\n\n"
        "## What is Y?\n\nAlso $x^$ broken.\n",
        encoding="utf-8",
    )
    code, output = run_import(str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "5: warning: invalid TeX $\\frac{1}$" in output and "9: warning: invalid TeX $x^$" in output
    written = (tmp_path / "out" / "ml.md").read_text(encoding="utf-8")
    assert "Bad \\$\\frac{1}\\$ here, $\\sqrt{x}$ fine, `$\\frac{1}$` code." in written
    assert "Also \\$x^\\$ broken." in written
    validate = CliRunner().invoke(main, ["validate", str(tmp_path / "out")])
    assert validate.exit_code == 0 and "0 errors, 0 warnings" in validate.output
    code, output = run_import(str(tmp_path / "out" / "ml.md"), "--out", str(tmp_path / "out"))
    assert code == 0 and "kept as text" not in output  # importing again changes nothing


def test_dollars_in_code_like_text_are_not_tex(tmp_path: Path) -> None:
    """Issue 20: `$` in shell text or prices is not TeX. What GitHub shows as text (a closing
    `$` a letter follows, an HTML tag inside) is written with escaped dollars and a warning;
    an HTML block is left as it is (neither reads markdown there); real math stays math."""
    source = tmp_path / "sh.md"
    source.write_text(
        "# Shell\n\n## How do you extend the path?\n\n"
        'Add to your $PATH <code>PATH="$PATH":/bin</code>, not $a$b.\n\n'
        "<table>\n<tr><td>$1</td><td>x</td>$ y</tr>\n</table>\n\n"
        "It costs $5 and $10, and $x^2$ is math.\n",
        encoding="utf-8",
    )
    code, output = run_import(str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert '  5: warning: code, not TeX $PATH <code>PATH="$: written as text' in output
    assert "  5: warning: code, not TeX $a$: written as text" in output
    assert "2 formulas kept as text" in output
    answer = load_bank_answers(tmp_path / "out")[0]
    assert answer == (
        'Add to your \\$PATH <code>PATH="\\$PATH":/bin</code>, not \\$a\\$b.\n\n'
        "<table>\n<tr><td>$1</td><td>x</td>$ y</tr>\n</table>\n\n"
        "It costs $5 and $10, and $x^2$ is math."
    )
    validate = CliRunner().invoke(main, ["validate", str(tmp_path / "out")])
    assert validate.exit_code == 0 and "0 errors, 0 warnings" in validate.output, validate.output


def load_bank_answers(folder: Path) -> list[str | None]:
    from mlprep_site.core.loader import load_bank

    return [q.answer for q in load_bank([folder])[0].questions]


def test_tags_with_the_same_letters_are_imported_as_one(tmp_path: Path) -> None:
    """A repository's `pid-1` on one page and `pid1` on two: one tag to a reader, written as
    the more used spelling with a note, so the output validates without a warning; tags that
    differ otherwise (`namespace`, `namespaces`) stay the author's."""
    for name, tags in (("a", "[pid-1, namespace]"), ("b", "[pid1]"), ("c", "[pid1, namespaces]")):
        (tmp_path / "src" / name).mkdir(parents=True)
        (tmp_path / "src" / name / "page.md").write_text(
            f"---\ntitle: What is {name}?\ntags: {tags}\n---\n\nIt is {name}.\n", encoding="utf-8"
        )
    code, output = run_import(str(tmp_path / "src"), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "info: tag 'pid-1' written as 'pid1': the same letters [similar-tags]" in output
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").glob("*.md")}
    assert not any("pid-1" in text for text in written.values())
    validate = CliRunner().invoke(main, ["validate", str(tmp_path / "out")])
    assert validate.exit_code == 0, validate.output
    assert "'pid-1'" not in validate.output and "singular and plural" in validate.output


def test_an_answer_with_unfenced_imports_is_carried(tmp_path: Path) -> None:
    """An `import` line in an answer is text in a plain `.md` file: the canonical file, which
    holds it in its first lines, reads back as written instead of losing it as docs-site markup
    (the question was left out, and import failed)."""
    source = tmp_path / "angular.md"
    source.write_text(
        "### Q1: How do you convert an Observable to a Signal?\n\n"
        "**Code Example:**\nimport { toSignal } from '@angular/core/rxjs-interop';\n\n"
        "// Observable to Signal\nconst count = toSignal(this.count$);\n\n"
        "### Q2: What is a pipe?\n\nA transform.\n",
        encoding="utf-8",
    )
    code, output = run_import(str(source), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "not-carried" not in output
    from mlprep_site.core.loader import load_bank

    bank, findings = load_bank([tmp_path / "out"])
    assert [q.answer for q in bank.questions][0].startswith(
        "**Code Example:**\nimport { toSignal } from '@angular/core/rxjs-interop';\n\n// Observable"
    )
    assert [f.code for f in findings if f.severity != "info"] == []
