"""The `mlprep-site` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from mlprep_site import __version__
from mlprep_site.diagnostics import Finding, has_errors, summarize
from mlprep_site.loader import load_bank
from mlprep_site.model import Bank

DEFAULT_CONTENT = "content"
paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def content_paths(paths: Sequence[Path]) -> list[Path]:
    if paths:
        return list(paths)
    default = Path(DEFAULT_CONTENT)
    if not default.is_dir():
        raise click.UsageError(f"no PATH given and no ./{DEFAULT_CONTENT} folder here")
    return [default]


def print_findings(findings: Sequence[Finding], err: bool = False) -> None:
    for finding in sorted(findings, key=lambda f: (f.path, f.line, f.col)):
        click.echo(str(finding), err=err)


def load_or_exit(paths: Sequence[Path]) -> Bank:
    """The bank under `paths`; on content errors, print every finding and exit 1."""
    bank, findings = load_bank(content_paths(paths))
    print_findings(findings, err=True)
    if has_errors(findings):
        click.echo(f"mlprep-site: {summarize(findings)}; fix the errors first", err=True)
        sys.exit(1)
    return bank


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlprep-site")
def main() -> None:
    """Turn interview question/answer markdown into a searchable study site."""


@main.command()
@paths_argument
def validate(paths: tuple[Path, ...]) -> None:
    """Check the question bank under PATHS (default: content/)."""
    bank, findings = load_bank(content_paths(paths))
    print_findings(findings)
    questions = bank.questions
    answered = sum(1 for q in questions if q.answered)
    click.echo(
        f"{len(bank.topics)} topics, {len(questions)} questions ({answered} answered): {summarize(findings)}"
    )
    sys.exit(1 if has_errors(findings) else 0)


@main.command()
@paths_argument
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "json", "anki"]), default="yaml", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def export(paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Write the whole bank as YAML, JSON (to stdout or -o) or an Anki deck (-o)."""
    if fmt == "anki" and output is None:
        raise click.UsageError("--format anki writes a binary deck: give -o deck.apkg")
    bank = load_or_exit(paths)
    if fmt == "anki":
        from mlprep_site.anki import write_apkg

        assert output is not None
        write_apkg(bank, output)
        click.echo(f"wrote {output} ({len(bank.questions)} questions)", err=True)
        return
    from mlprep_site.store import dump_json, dump_yaml

    text = dump_json(bank) if fmt == "json" else dump_yaml(bank)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


# Commands from other modules register here, one line each.
from mlprep_site.links.command import check_links  # noqa: E402

main.add_command(check_links)
from mlprep_site.render_cli import render  # noqa: E402

main.add_command(render)
