"""What the commands share: the content paths, printing findings, loading or exiting."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlprep_site.core.domain.diagnostics import Finding, has_errors, summarize
from mlprep_site.core.domain.model import DIALECT_NAMES as DIALECT_NAMES  # import_cmd's too

if TYPE_CHECKING:
    from mlprep_site.core.domain.model import Bank

DEFAULT_CONTENT = "content"
paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def content_paths(paths: Sequence[Path]) -> list[Path]:
    if paths:
        return list(paths)
    default = Path(DEFAULT_CONTENT)
    if not default.is_dir():
        raise click.UsageError(f"no PATH given and ./{DEFAULT_CONTENT} does not exist")
    return [default]


def published_sources(bank: Bank, sources: Sequence[Path]) -> Bank:
    """`bank` with each topic's `source` as an exported file may carry it: relative to the
    current folder when the file is under it, else to the folder holding the content path
    (of `sources`, which the bank was loaded from) it was found under:
    `/home/me/repo/content/a.md`, found under `/home/me/repo/content`, is `content/a.md`.
    Never an absolute path, which would publish where the exporter keeps their files."""
    from dataclasses import replace

    here = Path.cwd().resolve()
    roots = [path.resolve() for path in sources]

    def shown(source: str) -> str:
        path = Path(source).resolve()
        if path.is_relative_to(here):
            return path.relative_to(here).as_posix()
        for root in roots:
            if path == root or path.is_relative_to(root):
                return path.relative_to(root.parent).as_posix()
        return Path(source).name

    return replace(bank, topics=tuple(replace(t, source=shown(t.source)) for t in bank.topics))


def print_findings(findings: Sequence[Finding], err: bool = False) -> None:
    for finding in sorted(findings, key=lambda f: (f.path, f.line, f.col)):
        click.echo(str(finding), err=err)


dialect_option = click.option(
    "--dialect",
    type=click.Choice(DIALECT_NAMES),
    help="Read every markdown file in this dialect (default: each file's own, detected).",
)


def load_or_exit(paths: Sequence[Path], dialect: str | None = None) -> Bank:
    """The bank under `paths`; on content errors, print every finding and exit 1."""
    from mlprep_site.core.loader import load_bank  # not needed for --help (it pulls in yaml)

    bank, findings = load_bank(content_paths(paths), dialect)
    print_findings(findings, err=True)
    if has_errors(findings):
        click.echo(f"mlprep-site: {summarize(findings)}; fix the errors first", err=True)
        sys.exit(1)
    return bank
