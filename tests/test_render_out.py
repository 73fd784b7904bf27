"""`mlprep-site render --out` is self-contained: with the study tools, its pages, script, style
and quiz data work in a plain MkDocs site (no mlprep plugin) wired as `assets.yml` says; without
them, no page has a study control. Never a button that does nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.cli.main import main
from tests.browser_fixtures import browser, fresh_tab, serve_directory  # noqa: F401 (pytest fixture)
from tests.site_helpers import SAMPLE_CONTENT, build_site

CONTROL_MARKS = ("mlprep-study-controls", "mlprep-progress", "data-action=", "mlprep-quiz")


def render(tmp_path: Path, *options: str) -> Path:
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in SAMPLE_CONTENT.items():
        (content / name).write_text(text, encoding="utf-8")
    out = tmp_path / "docs"
    result = CliRunner().invoke(main, ["render", str(content), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


def plain_mkdocs_site(tmp_path: Path, docs: Path, wiring: dict[str, Any] | None) -> Path:
    """The rendered pages built by MkDocs with Material and the extensions the pages are
    written for, and nothing of mlprep-site but what `render` wrote."""
    config: dict[str, Any] = {
        "site_name": "rendered",
        "site_url": "http://127.0.0.1/",
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "font": False},
        "nav": yaml.safe_load((docs / "nav.yml").read_text(encoding="utf-8"))["nav"],
        "markdown_extensions": [*MARKDOWN_EXTENSIONS, "toc"],
        **(wiring or {}),
    }
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    return build_site(config_file)


def test_without_study_tools_no_page_has_a_control(tmp_path: Path) -> None:
    docs = render(tmp_path, "--no-study")
    assert not (docs / "assets").exists() and not (docs / "quiz.md").exists()
    for page in docs.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not [mark for mark in CONTROL_MARKS if mark in text], page.name
    site = plain_mkdocs_site(tmp_path, docs, None)
    assert 'data-qid="compare-values"' in (site / "sample" / "index.html").read_text(encoding="utf-8")


def test_study_files_are_written_and_wired(tmp_path: Path) -> None:
    docs = render(tmp_path)
    assets = docs / "assets" / "mlprep"
    wiring = yaml.safe_load((assets / "assets.yml").read_text(encoding="utf-8"))
    assert wiring == {
        "extra_css": ["assets/mlprep/mlprep.min.css"],
        "extra_javascript": [{"path": "assets/mlprep/mlprep.min.js", "defer": True}],
    }
    assert sorted(p.name for p in (assets / "quiz").iterdir()) == ["index.json", "sample.json", "second.json"]
    quiz = (docs / "quiz.md").read_text(encoding="utf-8")
    assert (
        'data-data="../assets/mlprep/quiz/index.json"' in quiz or "../assets/mlprep/quiz/index.json" in quiz
    )


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("render-out")
    docs = render(tmp_path)
    wiring = yaml.safe_load((docs / "assets" / "mlprep" / "assets.yml").read_text(encoding="utf-8"))
    with serve_directory(plain_mkdocs_site(tmp_path, docs, wiring)) as base_url:
        yield base_url


@pytest.mark.browser
def test_rendered_study_tools_work_without_the_plugin(browser: Any, rendered_site: str) -> None:  # noqa: F811
    with fresh_tab(browser, rendered_site) as page:
        page.goto("sample/")
        page.get_by_role("group", name="Study tools").get_by_role("button", name="Expand all").click()
        assert page.locator("details.mlprep-question[open]").count() == 3
        page.goto("quiz/")
        card = page.locator(".mlprep-quiz-card")
        card.wait_for()
        assert card.locator("h2, .mlprep-quiz-question").first.inner_text().strip()
        assert page.js_errors == []
