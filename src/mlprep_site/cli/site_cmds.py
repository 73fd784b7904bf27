"""`mlprep-site build` and `mlprep-site serve`: the study site of any folder or file, configured by
`site.site_config` (the package's defaults, the folder's facts, the user's mkdocs.yml) and built
or served by MkDocs' own `build` and `serve` commands."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from mlprep_site.site.site_config import ComposedConfig, SiteConfigError

path_argument = click.argument(
    "path", default=".", type=click.Path(exists=True, path_type=Path), metavar="[PATH]"
)
config_file_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mkdocs.yml that overrides the defaults (default: mkdocs.yml in PATH's folder, if any).",
)
strict_option = click.option("--strict", is_flag=True, help="Fail on any warning (content findings too).")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Only warnings and errors.")


class MessageFormatter(logging.Formatter):
    """MkDocs' own layout (`WARNING -  message`), as `mkdocs build` prints it."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<7} -  {record.getMessage()}"


@contextmanager
def mkdocs_log(quiet: bool) -> Iterator[None]:
    """MkDocs' log (content findings are warnings and errors there) on stderr while the command
    runs, as MkDocs' own CLI prints it; the `mkdocs` logger is as it was afterwards."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MessageFormatter())
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def composed_config(path: Path, config_file: Path | None) -> ComposedConfig:
    try:
        return ComposedConfig(path, config_file)
    except SiteConfigError as error:
        raise click.ClickException(str(error)) from error


def mkdocs_failure(error: Exception) -> click.ClickException:
    """An MkDocs error (bad configuration, a plugin's refusal, strict mode's abort): its
    message, exit 1, no traceback."""
    message = str(error) or type(error).__name__
    return click.ClickException(message)


@click.command()
@path_argument
@click.option(
    "--out",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the site to (default: mkdocs.yml's `site_dir`, else site/ in the site's "
    "folder, or .site/ when that folder is the content folder).",
)
@strict_option
@config_file_option
@quiet_option
def build(path: Path, out: Path | None, strict: bool, config_file: Path | None, quiet: bool) -> None:
    """Build the study site of the questions in PATH (default: this folder), no mkdocs.yml needed."""
    composed = composed_config(path, config_file)
    options: dict[str, Any] = {"strict": strict or None}
    if out is not None:
        options["site_dir"] = str(out.resolve())
    with mkdocs_log(quiet):
        config = built(composed, options)
    if not quiet:
        click.echo(f"mlprep-site: the site of {path} is in {config.site_dir}", err=True)


def built(composed: ComposedConfig, options: dict[str, Any]) -> Any:
    """The site built with MkDocs' `load_config` and `build`; its configuration."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    try:
        config = composed.load(**options)
        if composed.site.reads(composed.site.user_nodes(), Path(config.site_dir)):
            raise click.ClickException(
                f"{config.site_dir} is inside the content folder, so the next build would read this "
                "one: give --out a folder outside it, or a hidden one (like .site)"
            )
        mkdocs_build(config)
    except MkDocsException as error:
        raise mkdocs_failure(error) from error
    return config


@click.command()
@path_argument
@click.option(
    "--dev-addr", "-a", metavar="IP:PORT", help="Where to serve the site (default: 127.0.0.1:8000)."
)
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@strict_option
@config_file_option
@quiet_option
def serve(
    path: Path,
    dev_addr: str | None,
    open_in_browser: bool,
    strict: bool,
    config_file: Path | None,
    quiet: bool,
) -> None:
    """Serve the study site of PATH (default: this folder) with live reload, as `mkdocs serve`."""
    composed = composed_config(path, config_file)
    # MkDocs watches the docs folder, the anchor (the config file it was given) and, through the
    # plugin, the content; the user's mkdocs.yml is the anchor when there is one.
    with mkdocs_log(quiet):
        serve_site(composed, dev_addr, strict, open_in_browser)


def serve_site(composed: ComposedConfig, dev_addr: str | None, strict: bool, open_in_browser: bool) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    try:
        mkdocs_serve(
            config_file=composed,  # type: ignore[arg-type]  # any file object, as for build
            config_file_path=composed.name,
            dev_addr=dev_addr,
            strict=strict or None,
            open_in_browser=open_in_browser,
        )
    except MkDocsException as error:
        raise mkdocs_failure(error) from error
