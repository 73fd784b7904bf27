"""The wheel carries everything a site needs: it is built from a copy of the source tree, installed
into a fresh virtual environment outside it, and its `mlprep-site` builds the site of a folder
in another convention (the headings dialect) and of an `init` starter, with no mkdocs.yml and
nothing of the source tree in reach.

The fresh environment takes its dependencies (MkDocs, Material, …) from the environment running
the tests, through a `.pth` line naming that environment's site-packages: a `.pth` line adds a
folder to the path without running the `.pth` files inside it, so the editable install of this
repository is not active there, and `mlprep_site` comes from the wheel alone (asserted)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "src" / "mlprep_site"
HEADINGS = REPO_ROOT / "tests" / "fixtures" / "dialects" / "headings"
QUESTION_RE = re.compile(r'<details class="mlprep-question[^"]*"[^>]*data-qid="([^"]+)"')


def package_files() -> set[str]:
    """Every file of the package as the wheel names it (`mlprep_site/…`), caches left out."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built by pip from a copy of the files a source distribution holds."""
    tree = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, tree)
    shutil.copytree(PACKAGE, tree / "src" / "mlprep_site", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(tree)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tree)
    assert result.returncode == 0, result.stderr
    (built,) = dist.glob("mlprep_site-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)]
    result = subprocess.run(install, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


def clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_the_wheel_carries_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert package_files() <= names, sorted(package_files() - names)
    for needed in (
        "mlprep_site/site/defaults.yml",
        "mlprep_site/site/overrides/main.html",
        "mlprep_site/site/overrides/partials/source.html",
        "mlprep_site/site/assets/study.js",
        "mlprep_site/cli/starter/site.yml",
    ):
        assert needed in names


def test_the_installed_wheel_builds_a_folder_of_another_convention(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import mlprep_site; print(mlprep_site.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parent) and not Path(where).is_relative_to(REPO_ROOT)

    folder = tmp_path / "questions"
    shutil.copytree(HEADINGS, folder)
    out = tmp_path / "site"
    command = [str(installed / "mlprep-site"), "build", str(folder), "--strict", "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    page = (out / "deep-learning" / "index.html").read_text(encoding="utf-8")
    assert len(QUESTION_RE.findall(page)) == 4
    assert re.search(r'\.min\.js" defer></script>', page)  # overrides/main.html from the wheel
    for bundle in ("mlprep.min.js", "mlprep.min.css"):  # the study assets, from the wheel's assets/
        assert (out / "assets" / "mlprep" / bundle).stat().st_size > 1000
    assert (out / "quiz" / "index.html").is_file()
    assert str(REPO_ROOT) not in result.stderr


def test_the_installed_wheel_inits_and_builds_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    for args in (["init", str(folder)], ["build", str(folder), "--strict"]):
        result = subprocess.run(
            [str(installed / "mlprep-site"), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=clean_env(),
        )
        assert result.returncode == 0, result.stderr
    page = (folder / ".site" / "sample-topic" / "index.html").read_text(encoding="utf-8")
    assert QUESTION_RE.findall(page) == ["what-is-overfitting", "detect-overfitting"]
