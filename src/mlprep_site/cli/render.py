"""`mlprep-site render --out DIR`: the site's pages as plain markdown files plus a nav snippet,
for generators without a plugin API (MkDocs 2, Zensical, …). Same pages as the plugin.

Self-contained either way, so no page has a button that does nothing: with `--study` (the
default) it also writes the study script and style and the quiz data the pages refer to, and a
snippet (`assets.yml`) saying how to load them; with `--no-study` the pages have no study
controls and there is no quiz page."""

from __future__ import annotations

import posixpath
from pathlib import Path

import click
import yaml

from mlprep_site.cli.common import dialect_option
from mlprep_site.core.domain.model import Bank, Topic
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.pages import site_pages
from mlprep_site.site.plugin import QUIZ_INDEX_URI
from mlprep_site.site.quiz_data import ASSETS_URI

QUIZ_DATA_URL = f"../{QUIZ_INDEX_URI}"  # from the quiz page, one folder down


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
@click.option(
    "--study/--no-study",
    default=True,
    show_default=True,
    help="Write the study tools (controls, quiz page, their script, style and quiz data) "
    "or pages without them.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace files in --out that render did not write (or that changed since it wrote them).",
)
@dialect_option
def render(
    paths: tuple[Path, ...],
    out: Path,
    prefix: str,
    edit_base: str | None,
    study: bool,
    force: bool,
    dialect: str | None,
) -> None:
    """Write the study site's pages for the bank under PATHS (default: content/) into --out."""
    from mlprep_site.cli.common import content_paths, load_or_exit
    from mlprep_site.core.storage.paths import OutputFolder, OutsideFolder

    sources = content_paths(paths)
    bank = load_or_exit(sources, dialect)
    content_root = str(sources[0]) if len(sources) == 1 and sources[0].is_dir() else ""
    links = SourceLinks.at(edit_base, content_root)
    if edit_base is not None and links.repo is None:
        raise click.BadParameter("not an absolute http(s) URL", param_hint="--edit-base")
    prefix = prefix.strip("/")
    generated = site_pages(bank, links, prefix, quiz_data_url=QUIZ_DATA_URL if study else None, study=study)
    files: dict[str, str] = dict(generated.pages)
    if study:
        files.update(study_files(bank, prefix))
    files["nav.yml"] = yaml.safe_dump(
        {"nav": generated.nav}, sort_keys=False, allow_unicode=True, width=10**9
    )
    folder = OutputFolder(out, force, manifest=True)
    try:  # every path is checked before anything is written
        foreign = [uri for uri, text in files.items() if folder.foreign(uri, text)]
    except OutsideFolder as error:
        raise click.ClickException(f"refusing to write outside --out: {error}") from None
    if foreign:
        shown = ", ".join(str(out / uri) for uri in foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise click.ClickException(
            f"refusing to replace {len(foreign)} file{'s' if len(foreign) != 1 else ''} render did not "
            f"write (or that changed since): {shown}; move them away or give --force"
        )
    for uri, text in files.items():
        folder.write(uri, text)
    folder.save()
    click.echo(f"wrote {len(generated.pages)} pages and nav.yml to {out}", err=True)
    if study:
        click.echo(
            f"wrote the study tools under {out / ASSETS_URI}; load them on every page as "
            f"{ASSETS_URI}/assets.yml says (mkdocs.yml: `extra_css` and a deferred `extra_javascript`)",
            err=True,
        )


def study_files(bank: Bank, prefix: str) -> dict[str, str]:
    """The study tools' files the pages refer to, by path under --out: the minified script and
    style, the quiz data (answers rendered with the extensions the pages are written for), and
    `assets.yml`, the snippet that loads them."""
    from mlprep_site.answers.render import AnswerRenderer
    from mlprep_site.site.bundle import bundles
    from mlprep_site.site.quiz_data import QUIZ_DATA_DIR, quiz_data_files

    files = {f"{ASSETS_URI}/{name}": text for name, text in bundles(study=True).items()}
    renderer = AnswerRenderer()  # the package's page markdown, which the pages are written for
    pages = {topic.slug: posixpath.join(prefix, topic.slug) + "/" for topic in bank.topics}

    def answers(topic: Topic) -> dict[str, str | None]:
        rendered = renderer.topic_answers(topic)
        return {key: None if answer is None else answer.html for key, answer in rendered.items()}

    data = quiz_data_files(bank, answers, lambda t: pages[t.slug])
    files.update({f"{QUIZ_DATA_DIR}/{name}": text for name, text in data})
    wiring = {
        "extra_css": [uri for uri in files if uri.endswith(".css")],
        "extra_javascript": [{"path": uri, "defer": True} for uri in files if uri.endswith(".js")],
    }
    files[f"{ASSETS_URI}/assets.yml"] = yaml.safe_dump(wiring, sort_keys=False)
    return files
