"""No silent overwrite: `import` and `render --out` never replace a file they did not write
unless given --force, in-place import reads everything before writing, every write is atomic
and stays inside its folder (nav.yml included)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.storage.paths import OutputFolder, write_atomic

from .site_helpers import SAMPLE_TOPIC


def topic(slug: str, word: str) -> str:
    return (
        f"---\nslug: {slug}\n---\n# {word}\n\n1. **What is {word}?**\n<!-- mlprep: {{id: {word}-q}} -->\n\n"
        f"<details>\n<summary>Answer</summary>\n\n{word} is the answer.\n\n</details>\n"
    )


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_import_does_not_replace_a_hand_written_file(tmp_path: Path) -> None:
    content, incoming = tmp_path / "content", tmp_path / "incoming"
    content.mkdir()
    incoming.mkdir()
    (content / "security.md").write_text(topic("security", "mine"), encoding="utf-8")
    (incoming / "theirs.md").write_text(topic("security", "theirs"), encoding="utf-8")
    code, output = run("import", str(incoming), "--out", str(content))
    assert code == 1
    assert "security.md would be replacing an existing file (give --force" in output
    assert "mine is the answer" in (content / "security.md").read_text(encoding="utf-8")
    code, output = run("import", str(incoming), "--out", str(content), "--force")
    assert code == 0, output
    assert "theirs is the answer" in (content / "security.md").read_text(encoding="utf-8")


def test_import_again_over_its_own_output_is_allowed_when_nothing_changes(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.md").write_text(topic("a", "alpha"), encoding="utf-8")
    assert run("import", str(tmp_path / "src"), "--out", str(tmp_path / "out"))[0] == 0
    assert run("import", str(tmp_path / "src"), "--out", str(tmp_path / "out"))[0] == 0


def test_in_place_import_reads_every_file_before_writing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(topic("b", "alpha"), encoding="utf-8")  # a.md says it is b
    (content / "b.md").write_text(topic("b", "beta"), encoding="utf-8")
    code, output = run("import", str(content), "--out", str(content))
    assert code == 1, output
    assert "beta is the answer" in (content / "b.md").read_text(encoding="utf-8")
    assert "alpha is the answer" in (content / "a.md").read_text(encoding="utf-8")
    assert "a.md: not imported: b.md would be" in output


def test_a_write_interrupted_at_the_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.md"
    target.write_text("old text\n", encoding="utf-8")

    def killed(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # the run stops between writing the temporary file and renaming it

    monkeypatch.setattr("mlprep_site.core.storage.paths.os.replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new text\n")
    assert target.read_text(encoding="utf-8") == "old text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # the temporary file is gone


def test_an_atomic_write_keeps_the_replaced_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and target.stat().st_mode & 0o777 == 0o640
    write_atomic(tmp_path / "fresh.md", "x")
    assert (tmp_path / "fresh.md").stat().st_mode & 0o777 == 0o644


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE_TOPIC, encoding="utf-8")
    return folder


def test_render_does_not_replace_a_hand_written_page(tmp_path: Path, content: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# My own home page\n", encoding="utf-8")
    code, output = run("render", str(content), "--out", str(docs))
    assert code == 1 and "refusing to replace 1 file render did not write" in output
    assert str(docs / "index.md") in output
    assert (docs / "index.md").read_text(encoding="utf-8") == "# My own home page\n"
    assert sorted(p.name for p in docs.iterdir()) == ["index.md"]  # nothing written at all
    code, output = run("render", str(content), "--out", str(docs), "--force")
    assert code == 0, output
    assert (docs / "index.md").read_text(encoding="utf-8") != "# My own home page\n"


def test_render_replaces_what_it_wrote_but_not_what_was_edited_since(tmp_path: Path, content: Path) -> None:
    docs = tmp_path / "docs"
    assert run("render", str(content), "--out", str(docs))[0] == 0
    assert (docs / OutputFolder.MANIFEST).is_file()
    assert run("render", str(content), "--out", str(docs))[0] == 0  # its own files: replaced
    with (docs / "sample.md").open("a", encoding="utf-8") as page:
        page.write("\nA note of mine.\n")
    code, output = run("render", str(content), "--out", str(docs))
    assert code == 1 and str(docs / "sample.md") in output
    assert (docs / "sample.md").read_text(encoding="utf-8").endswith("A note of mine.\n")


def test_render_nav_yml_through_a_symbolic_link_is_refused(tmp_path: Path, content: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "outside.yml"
    docs.mkdir()
    outside.write_text("precious: true\n", encoding="utf-8")
    (docs / "nav.yml").symlink_to(outside)
    code, output = run("render", str(content), "--out", str(docs), "--force")
    assert code == 1 and "refusing to write outside --out" in output and "nav.yml" in output
    assert outside.read_text(encoding="utf-8") == "precious: true\n"
    assert sorted(p.name for p in docs.iterdir()) == ["nav.yml"]


def test_no_temporary_file_is_left_behind(tmp_path: Path, content: Path) -> None:
    docs = tmp_path / "docs"
    assert run("render", str(content), "--out", str(docs))[0] == 0
    assert not [p for p in docs.rglob("*") if p.name.endswith(".tmp")]
    assert all(os.access(p, os.R_OK) for p in docs.rglob("*"))
