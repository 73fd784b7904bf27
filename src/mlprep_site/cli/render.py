"""`mlprep-site render --out DIR`: the site's pages as plain markdown files plus a nav snippet,
for generators without a plugin API (MkDocs 2, Zensical, …). Same pages as the plugin."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from mlprep_site.cli.common import dialect_option
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.pages import site_pages

QUIZ_DATA_URL = "../assets/mlprep/quiz/index.json"


@click.command("render")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the pages and nav.yml into (e.g. your docs folder).",
)
@click.option("--prefix", default="", help="Sub-folder of --out for the home and topic pages.")
@click.option(
    "--edit-base",
    default=None,
    help="URL that content file names are appended to for edit links, "
    "e.g. https://github.com/OWNER/REPO/edit/main/content/",
)
@click.option("--quiz/--no-quiz", default=True, show_default=True, help="Write the quiz page.")
@dialect_option
def render(
    paths: tuple[Path, ...], out: Path, prefix: str, edit_base: str | None, quiz: bool, dialect: str | None
) -> None:
    """Write the study site's pages for the bank under PATHS (default: content/) into --out."""
    from mlprep_site.cli.common import content_paths, load_or_exit
    from mlprep_site.core.paths import OutsideFolder, contained

    sources = content_paths(paths)
    bank = load_or_exit(sources, dialect)
    content_root = str(sources[0]) if len(sources) == 1 and sources[0].is_dir() else ""
    links = SourceLinks.at(edit_base, content_root)
    if edit_base is not None and links.repo is None:
        raise click.BadParameter("not an absolute http(s) URL", param_hint="--edit-base")
    generated = site_pages(
        bank,
        links,
        prefix.strip("/"),
        quiz_data_url=QUIZ_DATA_URL if quiz else None,
    )
    try:  # every path is checked before anything is written
        targets = {contained(out, uri): markdown for uri, markdown in generated.pages.items()}
    except OutsideFolder as error:
        raise click.ClickException(f"refusing to write outside --out: {error}") from None
    for path, markdown in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    nav = yaml.safe_dump({"nav": generated.nav}, sort_keys=False, allow_unicode=True, width=10**9)
    (out / "nav.yml").write_text(nav, encoding="utf-8")
    click.echo(f"wrote {len(generated.pages)} pages and nav.yml to {out}", err=True)
