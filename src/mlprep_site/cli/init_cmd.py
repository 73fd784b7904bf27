"""`mlprep-site init [DIR]`: a starter site (a mkdocs.yml that uses the defaults, a sample topic,
the GitHub Pages workflow and a .gitignore) written into a folder, never over a file there."""

from __future__ import annotations

import os
import secrets
from importlib.resources import files
from pathlib import Path

import click

STARTER = files("mlprep_site.cli") / "starter"
STARTER_FILES = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("sample-topic.md", "sample-topic.md"),
    ("site.yml", ".github/workflows/site.yml"),
    ("gitignore", ".gitignore"),
)
"""Starter file → where it goes in DIR."""
SAMPLE = "sample-topic.md"


def has_questions(folder: Path) -> bool:
    """Whether the folder already holds question files: then no sample topic joins them."""
    from mlprep_site.core.loader import load_bank

    bank, _ = load_bank([folder])
    return bool(bank.questions)


def stays_inside(folder: Path, target: Path) -> bool:
    """Whether writing `target` stays in `folder`: its nearest existing folder, resolved (links
    followed), is `folder` or below it. A `.github` that links elsewhere is refused."""
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    base = folder.resolve()
    resolved = existing.resolve()
    return resolved == base or base in resolved.parents


def create_new(path: Path, text: str) -> bool:
    """Write `text` to `path` only if nothing is there: written whole beside it, then linked in
    place, which fails if a file (or a link, even a broken one) appeared there meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as stream:  # the umask's mode
            stream.write(text)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive creation, not atomic
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]")
def init(folder: Path) -> None:
    """Write a starter site into DIR (default: this folder); existing files are kept.

    The starter is a mkdocs.yml that uses mlprep-site's defaults, a sample topic (unless DIR
    already holds questions), .github/workflows/site.yml (validate, build, link check and
    publish to GitHub Pages) and a .gitignore. Then `mlprep-site serve DIR` shows the site.
    """
    folder.mkdir(parents=True, exist_ok=True)
    skip_sample = has_questions(folder)
    for name, target in STARTER_FILES:
        path = folder / target
        if name == SAMPLE and skip_sample:
            click.echo(f"skip   {path}: {folder} already has questions")
            continue
        if os.path.lexists(path):
            click.echo(f"kept   {path} (exists)")
            continue
        if not stays_inside(folder, path):
            raise click.ClickException(f"{path.parent}: a link out of {folder}; nothing written there")
        written = create_new(path, (STARTER / name).read_text(encoding="utf-8"))
        click.echo(f"{'wrote' if written else 'kept'}  {path}{'' if written else ' (exists)'}")
    click.echo(f"next: mlprep-site serve {folder}   (the site, with live reload)")
