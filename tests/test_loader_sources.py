"""Which files a PATH folder holds, partial results, and a PATH with no questions at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.loader import iter_sources, load_bank


def question_file(title: str, qid: str) -> str:
    return (
        f"# {title}\n\n1. **What is {title}?**\n<!-- mlprep: {{id: {qid}}} -->\n\n"
        "<details>\n<summary>Answer</summary>\n\nAn answer.\n\n</details>\n"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


YAML_BANK = yaml.safe_dump(
    {
        "schema": 1,
        "topics": [
            {
                "slug": "from-yaml",
                "title": "From YAML",
                "questions": [{"id": "yaml-q", "number": 1, "question": "Q?", "answer": "A."}],
            }
        ],
    }
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository as people have one: topics in sub-folders, a README per folder, and
    files that are not questions."""
    return write(
        tmp_path / "repo",
        {
            "basics.md": question_file("Basics", "basics-q"),
            "deep/learning/README.md": question_file("Learning", "learning-q"),
            "deep/index.markdown": question_file("Deep", "deep-q"),
            "banks/extra.yaml": YAML_BANK,
            "package.json": json.dumps({"name": "site", "dependencies": {"x": "1"}}),
            "package-lock.json": "{ not json at all",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages: {}\n",
            ".github/workflows/ci.yml": "on: push\n",
            ".hidden/notes.md": "not a topic\n",
            "node_modules/pkg/README.md": "# A package\n",
            "docs/openapi.json": json.dumps({"paths": {"/x": {"schema": {"type": "object"}}}}),
        },
    )


def test_folders_are_searched_recursively_for_markdown_and_banks_only(repo: Path) -> None:
    files, findings = iter_sources([repo])
    assert findings == []
    assert [str(p.relative_to(repo)) for p in files] == [
        "basics.md",
        "banks/extra.yaml",
        "deep/index.markdown",
        "deep/learning/README.md",
    ]


def test_readme_and_index_take_their_folders_name_and_nothing_else_is_an_error(repo: Path) -> None:
    bank, findings = load_bank([repo])
    assert [f for f in findings if f.severity == "error"] == []
    assert sorted(t.slug for t in bank.topics) == ["basics", "deep", "from-yaml", "learning"]


def test_a_broken_bank_file_in_a_folder_is_still_reported(tmp_path: Path) -> None:
    root = write(tmp_path, {"a.md": question_file("A", "a-q"), "bank.yml": "schema: 1\ntopics: [\n"})
    _, findings = load_bank([root])
    assert [(Path(f.path).name, f.severity) for f in findings] == [("bank.yml", "error")]


@pytest.mark.parametrize("command", ["validate", "export", "render", "check-links"])
@pytest.mark.parametrize("layout", ["empty", "no-markdown"])
def test_a_path_without_questions_is_an_error_for_every_command(
    tmp_path: Path, command: str, layout: str
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    if layout == "no-markdown":
        write(folder, {"package.json": "{}", "notes.txt": "hello"})
    args = [command, str(folder)]
    if command == "render":
        args += ["--out", str(tmp_path / "out")]
    if command == "check-links":
        args += ["--offline", "--no-cache"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"no question files found under {folder}" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_writes_the_topics_that_loaded_and_exits_one(tmp_path: Path) -> None:
    content = write(
        tmp_path / "content",
        {
            "good.md": question_file("Good", "good-q"),
            "broken.md": "1. **Q?**\n<details>\n<summary>Answer</summary>\nnever closed\n",
            "latin1.md": "caf\xe9",
        },
    )
    (content / "latin1.md").write_bytes(b"caf\xe9\n")
    out = tmp_path / "bank.json"
    result = CliRunner().invoke(main, ["export", str(content), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert "broken.md:2:1: error: unclosed <details>" in result.output
    assert "latin1.md:1:4: error: not UTF-8" in result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(t["slug"] for t in exported["topics"]) == ["broken", "good"]


def test_export_of_a_clean_bank_exits_zero(tmp_path: Path) -> None:
    content = write(tmp_path / "content", {"good.md": question_file("Good", "good-q")})
    result = CliRunner().invoke(main, ["export", str(content), "--format", "json"])
    assert result.exit_code == 0
    assert [t["slug"] for t in json.loads(result.output)["topics"]] == ["good"]


def test_plugin_reads_folders_by_the_same_rule(tmp_path: Path) -> None:
    from mlprep_site.site.content_load import content_signature
    from tests.site_helpers import build_site, write_site

    content = {
        "ml/README.md": question_file("Machine learning", "ml-q"),
        "ml/deep/trees.md": question_file("Trees", "trees-q"),
        "package.json": '{"name": "x"}',
        "node_modules/pkg/README.md": "# not a topic\n",
        ".cache/notes.md": "not a topic\n",
    }
    site = build_site(write_site(tmp_path, content), strict=True)
    assert (site / "ml" / "index.html").is_file() and (site / "trees" / "index.html").is_file()
    signed = [
        Path(name).relative_to(tmp_path / "content").as_posix()
        for name, *_ in content_signature(tmp_path / "content")
    ]
    assert signed == ["ml/README.md", "ml/deep/trees.md"]
