"""The content folder is a boundary: a symbolic link that leads outside it is a finding at its
path for every command and for the plugin, and its target's text reaches nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.loader import iter_sources, load_bank

from .site_helpers import SAMPLE_TOPIC, build_site, published_text, write_site

SECRET = "SECRET-NOTES-7f3a"
SECRET_TOPIC = (
    f"# {SECRET}\n\n1. **What is {SECRET}?**\n<!-- mlprep: {{id: secret-q}} -->\n\n"
    f"<details>\n<summary>Answer</summary>\n\n{SECRET} answer.\n\n</details>\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """content/ with one real topic, a file link and a folder link to ../outside/."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret-notes.md").write_text(SECRET_TOPIC, encoding="utf-8")
    repo = tmp_path / "repo"
    content = repo / "content"
    content.mkdir(parents=True)
    (content / "sample.md").write_text(SAMPLE_TOPIC, encoding="utf-8")
    (content / "innocent.md").symlink_to(outside / "secret-notes.md")
    (content / "notes").symlink_to(outside, target_is_directory=True)
    return repo


def test_links_out_of_the_folder_are_findings_not_files(repo: Path) -> None:
    files, findings = iter_sources([repo / "content"])
    assert [f.name for f in files] == ["sample.md"]
    assert sorted((Path(f.path).name, f.line, f.code) for f in findings) == [
        ("innocent.md", 1, "symlink-outside"),
        ("notes", 1, "symlink-outside"),
    ]


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "real").mkdir(parents=True)
    (content / "real" / "secret.md").write_text(SECRET_TOPIC, encoding="utf-8")
    (content / "alias.md").symlink_to(content / "real" / "secret.md")
    files, findings = iter_sources([content])
    assert findings == [] and {f.name for f in files} == {"alias.md", "secret.md"}


def test_a_file_given_by_itself_is_bounded_by_its_folder(repo: Path) -> None:
    _, findings = iter_sources([repo / "content" / "innocent.md"])
    assert [f.code for f in findings] == ["symlink-outside"]


def test_load_bank_reads_nothing_from_outside(repo: Path) -> None:
    bank, findings = load_bank([repo / "content"])
    assert SECRET not in repr(bank)
    assert any(f.code == "symlink-outside" and f.severity == "error" for f in findings)


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["export", "--format", "json"],
        ["check-links", "--offline", "--no-cache"],
        ["render", "--out", "OUT"],
        ["import", "--out", "OUT"],
    ],
)
def test_every_command_refuses_the_link(repo: Path, command: list[str]) -> None:
    out = repo / "out"
    args = [str(out) if a == "OUT" else a for a in command]
    result = CliRunner().invoke(main, [*args, str(repo / "content")])
    assert result.exit_code == 1, result.output
    assert f"{repo / 'content' / 'innocent.md'}:1:1: error:" in result.output
    assert "[symlink-outside]" in result.output
    assert SECRET not in result.output
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not any(SECRET in p.read_text(encoding="utf-8", errors="replace") for p in written)


def test_the_plugin_refuses_the_link(repo: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_site(repo, content={}, plugin={"anki": True})
    site = build_site(repo / "mkdocs.yml", content_errors=True)
    assert "innocent.md:1: a symbolic link that leads outside the content folder" in caplog.text
    assert SECRET not in published_text(site)
    assert not any(SECRET in p.name for p in site.rglob("*"))
