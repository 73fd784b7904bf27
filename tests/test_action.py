"""The composite action (action.yml) and the workflows that use it: the steps run in order
(validate, strict build, link check, upload, deploy), their shell scripts work when run here on
an `init` starter, and every workflow passes only inputs the action has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from mlprep_site.cli.main import main

REPO_ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
STARTER_WORKFLOW = REPO_ROOT / "src" / "mlprep_site" / "cli" / "starter" / "site.yml"
OUR_WORKFLOW = REPO_ROOT / ".github" / "workflows" / "site.yml"
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
ACTION_REF = "mlprep-site/mlprep-site@"


def steps() -> list[dict[str, Any]]:
    return list(ACTION["runs"]["steps"])


def action_uses(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps of a workflow that run this action (`uses: ./` or `mlprep-site/mlprep-site@…`)."""
    found = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            uses = step.get("uses", "")
            if uses == "./" or uses.startswith(ACTION_REF):
                found.append(step)
    return found


def test_the_action_validates_builds_checks_and_deploys_in_that_order() -> None:
    assert ACTION["runs"]["using"] == "composite"
    order = [step.get("name", step.get("uses", "")) for step in steps()]
    wanted = [
        "Validate",
        "Build the site (strict)",
        "Check the links",
        "Upload the site",
        "Deploy to GitHub Pages",
    ]
    positions = [next(i for i, name in enumerate(order) if name.startswith(w)) for w in wanted]
    assert positions == sorted(positions)
    build = next(step for step in steps() if step.get("id") == "build")
    assert "--strict" in build["run"]
    deploy = next(step for step in steps() if step.get("id") == "deploy")
    assert deploy["uses"].startswith("actions/deploy-pages@") and deploy["if"] == "inputs.pages == 'deploy'"


def test_every_workflow_passes_only_the_actions_inputs() -> None:
    readme_blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    workflows = [yaml.safe_load(STARTER_WORKFLOW.read_text(encoding="utf-8"))]
    workflows += [yaml.safe_load(OUR_WORKFLOW.read_text(encoding="utf-8"))]
    workflows += [yaml.safe_load(block) for block in readme_blocks if ACTION_REF in block]
    assert len(workflows) >= 3  # the README shows the lines
    for workflow in workflows:
        uses = action_uses(workflow)
        assert uses
        for step in uses:
            assert set(step.get("with", {})) <= set(ACTION["inputs"]), step
    assert action_uses(workflows[1])[0]["uses"] == "./"  # our site: the action users get


def test_the_actions_scripts_build_an_init_starter(tmp_path: Path) -> None:
    """Each `run:` step of the action, in order, with the environment its `env:` gives it (the
    pip install replaced by this environment, which has mlprep-site on PATH)."""
    repo = tmp_path / "repo"
    assert CliRunner().invoke(main, ["init", str(repo)]).exit_code == 0
    out = tmp_path / "runner-temp" / "mlprep-site"
    github_output = tmp_path / "github-output"
    github_output.touch()
    values = {
        "SITE_PATH": ".",
        "CONTENT": ".",
        "CONFIG_FILE": "",
        "OUT": str(out),
        "PAGES": "upload",
        "CHECK_LINKS": "offline",
        "PAGES_BASE_URL": "https://someone.github.io/questions",
        "MLPREP_REPO_URL": "https://github.com/someone/questions",
        "GITHUB_OUTPUT": str(github_output),
    }
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, **values, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    ran = []
    for step in steps():
        if "run" not in step or step.get("name") == "Install mlprep-site":
            continue
        for name in step.get("env", {}):
            assert name in values, f"{step['name']}: {name} not set by this test"
        result = subprocess.run(
            [shutil.which("bash") or "bash", "-e", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)
        ran.append(step["name"])
    assert ran == ["Check the inputs", "Validate the questions", "Build the site (strict)", "Check the links"]
    assert f"site-dir={out}" in github_output.read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://someone.github.io/questions/sample-topic/" in sitemap
    assert not (repo / ".site").exists() and not (repo / "site").exists()  # built outside the checkout
