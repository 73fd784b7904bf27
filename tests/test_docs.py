"""The docs agree with the code: CONTRIBUTING's example validates, the site's contribute page is
CONTRIBUTING.md itself, the README's quick start and deployment steps are there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank
from tests.site_helpers import build_site

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTING = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
REFERENCES_HEADING = "## References and Reading Materials"


def complete_question_example() -> str:
    """The ````markdown block that follows "A complete question" in CONTRIBUTING.md."""
    after = CONTRIBUTING[CONTRIBUTING.index("A complete question") :]
    match = re.search(r"^````markdown\n(.*?)^````$", after, re.DOTALL | re.MULTILINE)
    assert match, "no ````markdown block after 'A complete question'"
    return match.group(1)


def test_contributing_example_validates_in_a_copy_of_the_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", content)
    topic = content / "canary-and-ab-testing.md"
    text = topic.read_text(encoding="utf-8")
    example = complete_question_example()
    # where a contributor adds it: after the last question, before the references
    head, references = text.split(REFERENCES_HEADING)
    topic.write_text(f"{head.rstrip()}\n\n{example}\n{REFERENCES_HEADING}{references}", encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": 0 errors, 0 warnings\n"), result.output
    bank, _ = load_bank([content])
    added = bank.topic("canary-and-ab-testing").questions[-1]
    assert f"**{added.question}**" in example and added.answered
    assert f"id: {added.id}," in example


def test_site_contribute_page_is_contributing_md(tmp_path: Path) -> None:
    page_source = (REPO_ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert '--8<-- "CONTRIBUTING.md"' in page_source
    # only front matter, a comment and the include: nothing to drift from CONTRIBUTING.md
    assert "[1]." not in page_source and "mlprep-site validate" not in page_source
    site = build_site(REPO_ROOT / "mkdocs.yml", strict=True, site_dir=str(tmp_path / "site"))
    page = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"^\d+\. \[(.+?)\]\(#", CONTRIBUTING, re.MULTILINE)  # its contents list
    assert len(headings) >= 8
    for heading in headings:
        assert f">{heading}<" in page
    # the in-page table of contents of CONTRIBUTING.md resolves on the site (strict build: anchors)
    for anchor in re.findall(r"\]\(#([a-z0-9-]+)\)", CONTRIBUTING):
        assert f'id="{anchor}"' in page


def test_readme_quick_start_uses_a_virtual_environment() -> None:
    quick_start = README[README.index("## Quick start") :].split("\n## ", 1)[0]
    assert "3.11" in quick_start
    commands = re.search(r"```sh\n(.*?)```", quick_start, re.DOTALL)
    assert commands
    lines = [line.split("#")[0].strip() for line in commands.group(1).splitlines() if line.strip()]
    assert lines[0] == "python3 -m venv .venv && . .venv/bin/activate"
    assert lines[1:] == ["pip install -e . && mkdocs serve", "pip install -e '.[test]' && pytest"]
    assert ".venv/" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split("\n")


def test_readme_deployment_matches_the_workflow() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(uses.startswith("actions/deploy-pages") for uses in steps)
    deployment = README[README.index("## Deployment") :].split("\n## ", 1)[0]
    assert '"GitHub Actions"' in deployment
    assert "MLPREP_SITE_URL" in deployment and "MLPREP_SITE_URL" in (REPO_ROOT / "mkdocs.yml").read_text()
    assert "--strict" in deployment
