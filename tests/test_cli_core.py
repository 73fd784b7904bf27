"""`mlprep-site validate` and `export`, run as a contributor or CI would run them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.common import published_sources
from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank

from .conftest import SEED

FINDING_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (error|warning): .+ \[[a-z-]+\]$")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlprep_site", *args], capture_output=True, text=True, check=False
    )


def test_validate_seed_exits_zero_with_warnings_only() -> None:
    result = run("validate", str(SEED))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert all(FINDING_RE.match(line) for line in lines[:-1])
    assert ":66:1: warning: question number 11 is written twice" in result.stdout
    assert lines[-1] == "1 topics, 12 questions (2 answered): 0 errors, 12 warnings"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"1. **Q?**\n<details>\n<summary>Answer</summary>\nnever closed\n", "bad.md:2:1: error: unclosed"),
        (b"\xff\xfe1. **Q?**\n", "bad.md:1:1: error: not UTF-8"),
        (b"", "bad.md:1:1: warning: empty file"),  # and nothing else: no question found
        (b"---\ntitle: [x\n---\n1. **Q?**\n", "bad.md:2:1: error: invalid YAML"),
    ],
)
def test_validate_errors_exit_one_with_file_line(tmp_path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert expected in result.stdout.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_errors_exit_two(tmp_path) -> None:
    assert run("validate", str(tmp_path / "missing.md")).returncode == 2
    assert run("export", str(SEED), "--format", "xml").returncode == 2
    assert run("export", str(SEED), "--format", "anki").returncode == 2


def test_validate_defaults_to_content_folder(tmp_path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("1. **Q?**\n<details><summary>Answer</summary>A</details>\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.output.strip() == "1 topics, 1 questions (1 answered): 0 errors, 0 warnings"


def test_export_json_then_yaml_source_gives_the_same_bank(tmp_path) -> None:
    result = run("export", str(SEED), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["schema"] == 2 and len(data["topics"][0]["questions"]) == 12
    out = tmp_path / "bank.yaml"
    assert run("export", str(SEED), "--format", "yaml", "-o", str(out)).returncode == 0
    from_yaml, findings = load_bank([out])
    from_markdown, _ = load_bank([SEED])
    assert findings == [] and from_yaml == published_sources(from_markdown, [SEED])
    assert from_yaml.topics[0].source == SEED.relative_to(Path.cwd()).as_posix()
    validated = run("validate", str(out))
    assert validated.returncode == 0 and "0 errors, 0 warnings" in validated.stdout


def test_export_writes_a_bank_with_errors_and_exits_one(tmp_path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("1. **A?**\n\n1. **B?**\n<details><summary>Answer</summary>b</details>\n")
    result = run("export", str(path), "--format", "json")
    assert result.returncode == 1
    assert [q["question"] for q in json.loads(result.stdout)["topics"][0]["questions"]] == ["A?", "B?"]
    assert "bad.md:3:1: error: question number 1 already used on line 1" in result.stderr


def test_console_script_runs_the_same_entry_point_as_python_m() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="mlprep-site")
    assert script.value == "mlprep_site.cli.main:entry_point"
    assert "entry_point()" in (Path(__file__).parents[1] / "src" / "mlprep_site" / "__main__.py").read_text()


def test_exported_sources_are_never_absolute(tmp_path, monkeypatch) -> None:
    """A bank exported from absolute paths carries paths relative to the current folder, or,
    for files outside it, to the folder holding the PATH given: not where the exporter keeps
    their files."""
    repo = tmp_path / "repo"
    (repo / "content" / "deep").mkdir(parents=True)
    answer = "1. **Q?**\n<details><summary>Answer</summary>A</details>\n"
    (repo / "content" / "a.md").write_text(answer, encoding="utf-8")
    (repo / "content" / "deep" / "b.md").write_text(answer.replace("Q?", "R?"), encoding="utf-8")
    sources = {
        "inside": ("content/a.md", "content/deep/b.md"),
        "outside": ("content/a.md", "content/deep/b.md"),
        "file": ("b.md",),
    }
    for where, paths, cwd in [
        ("inside", [repo / "content"], repo),
        ("outside", [repo / "content"], tmp_path / "elsewhere"),
        ("file", [repo / "content" / "deep" / "b.md"], tmp_path / "elsewhere"),
    ]:
        cwd.mkdir(exist_ok=True)
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, ["export", *map(str, paths), "--format", "json"])
        assert result.exit_code == 0, result.output
        topics = json.loads(result.output)["topics"]
        assert tuple(t["source"] for t in topics) == sources[where]


def test_a_file_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("1. **Q?**\n<details><summary>Answer</summary>A</details>\n")
    missing = tmp_path / "no" / "such" / "bank.yaml"
    result = run("export", str(tmp_path / "in"), "-o", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{missing}: No such file or directory" in result.stderr
    (tmp_path / "out" / "a.md").mkdir(parents=True)  # where import would write its file
    imported = run("import", str(tmp_path / "in" / "a.md"), "--out", str(tmp_path / "out"))
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    assert "Is a directory" in imported.stderr


def test_validate_warns_where_the_strict_build_fails_on_an_answers_raw_html(tmp_path) -> None:
    """A `</div>` an answer never opened fails `build --strict`; validate says so at its line.
    JSX whose `<div` CommonMark reads as text, and a `<Header />`, fail neither."""
    jsx = "    <div\n      onKeyDown={(e) => {}}\n    >\n      <Header user={user} />\n    </div>"
    (tmp_path / "t.md").write_text(
        "# T\n\n### What is A?\n\nText\n</div>\n\n### What is B?\n\nfunction B() {\n" + jsx + "\n}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "t.md")])
    assert result.exit_code == 0, result.output
    warned = [
        line.replace(str(tmp_path) + "/", "") for line in result.output.splitlines() if "[raw-html]" in line
    ]
    assert warned == [
        "t.md:5:1: warning: the answer of question what-is-a has a </div> with no <div> of its own to close "
        "(dropped): its raw HTML must stay inside it [raw-html]"
    ]
