"""The `mlprep-site` command line."""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path
from typing import Any

import click

from mlprep_site import __version__
from mlprep_site.cli.common import (
    content_paths,
    dialect_option,
    paths_argument,
    print_findings,
    published_sources,
)
from mlprep_site.core.domain.diagnostics import has_errors, summarize


class LazyGroup(click.Group):
    """A group whose commands from other modules are imported only when one of them runs.

    Start-up time is part of every CI run: `check-links` should not pay for importing the site
    renderer, nor `validate` for aiohttp. Each lazy command is registered with its "module:attr"
    and the one-line summary `--help` lists, so listing the commands imports none of them
    (tests/test_cli_core.py checks the summaries match the commands' own help).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, tuple[str, str]] = {}
        """Command name → ("module:attr", short help)."""

    def add_lazy_command(self, name: str, import_path: str, short_help: str) -> None:
        self.lazy_commands[name] = (import_path, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            module_name, attr = self.lazy_commands[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:  # a file that cannot be read or written: a message, exit 1
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from error

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:  # not imported: a stand-in with the summary registered for it
                command = click.Command(name, help=self.lazy_commands[name][1])
                rows.append((name, command.get_short_help_str(limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlprep-site")
def main() -> None:
    """Turn interview question/answer markdown into a searchable study site."""


@main.command()
@paths_argument
@dialect_option
def validate(paths: tuple[Path, ...], dialect: str | None) -> None:
    """Check the question bank under PATHS (default: content/)."""
    from mlprep_site.answers.unlike import unlike_findings
    from mlprep_site.core.loader import load_bank
    from mlprep_site.core.text.tex import math_findings
    from mlprep_site.site.raw_html_check import raw_html_findings

    bank, findings = load_bank(content_paths(paths), dialect)
    # Drawing every formula is not free, so it is checked where the math is used (here
    # and in the site build), not by every command that loads the bank.
    findings.extend(math_findings(bank.topics))
    findings.extend(unlike_findings(bank.topics))  # answers the site cannot show as GitHub does
    findings.extend(raw_html_findings(bank.topics))  # what the strict build repairs, and fails on
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
@click.option(
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The site's mkdocs.yml: Anki card backs are rendered with its markdown extensions "
    "(over the package's defaults, as `mlprep-site build` reads it), without building the site, so "
    "hooks that edit page markdown do not run (the site's own deck has their edits). Default: "
    "./mkdocs.yml when there is one, else the one in PATH's folder, else the package's defaults.",
)
@dialect_option
def export(
    paths: tuple[Path, ...], fmt: str, output: Path | None, config_file: Path | None, dialect: str | None
) -> None:
    """Write the whole bank as YAML, JSON (to stdout or -o) or an Anki deck (-o)."""
    if fmt == "anki" and output is None:
        raise click.UsageError("--format anki writes a binary deck: give -o deck.apkg")
    from mlprep_site.core.loader import load_bank

    sources = content_paths(paths)
    if fmt == "anki":  # a configuration that cannot be read stops the export before it loads
        from mlprep_site.cli.site_markdown import site_markdown

        if config_file is None and Path("mkdocs.yml").is_file():
            config_file = Path("mkdocs.yml")
        site = site_markdown(sources[0], config_file)
    # One broken file does not hold back the others: the topics that loaded are written, and
    # the exit status says there were errors.
    bank, findings = load_bank(sources, dialect)
    print_findings(findings, err=True)
    failed = has_errors(findings)
    if failed:
        click.echo(f"mlprep-site: {summarize(findings)}; wrote the topics that loaded", err=True)
    if not bank.topics:
        sys.exit(1)
    if fmt == "anki":
        from mlprep_site.answers.render import AnswerRenderer
        from mlprep_site.exports.anki import write_apkg

        assert output is not None
        write_apkg(bank, output, renderer=AnswerRenderer(site.config, sanitize=site.sanitize))
        answered = sum(1 for q in bank.questions if q.answered)
        skipped = len(bank.questions) - answered
        click.echo(f"wrote {output} ({answered} notes; {skipped} unanswered skipped)", err=True)
    else:
        from mlprep_site.core.storage.bank_data import dump_json, dump_yaml

        bank = published_sources(bank, sources)
        text = dump_json(bank) if fmt == "json" else dump_yaml(bank)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    sys.exit(1 if failed else 0)


# Commands from other modules register here, one line each: name, "module:attr", the summary
# `mlprep-site --help` shows (the first sentence of the command's docstring).
assert isinstance(main, LazyGroup)
main.add_lazy_command(
    "build",
    "mlprep_site.cli.site_cmds:build",
    "Build the study site of the questions in PATH (default: this folder), no mkdocs.yml needed.",
)
main.add_lazy_command(
    "serve",
    "mlprep_site.cli.site_cmds:serve",
    "Serve the study site of PATH (default: this folder) with live reload, as `mkdocs serve`.",
)
main.add_lazy_command(
    "init",
    "mlprep_site.cli.init_cmd:init",
    "Write a starter site into DIR (default: this folder); existing files are kept.",
)
main.add_lazy_command(
    "check-links",
    "mlprep_site.cli.check_links:check_links",
    "Check every http(s) URL cited in the bank (references and answers).",
)
main.add_lazy_command(
    "import",
    "mlprep_site.cli.import_cmd:import_",
    "Convert Q&A markdown in any dialect under SOURCES to canonical topic files in --out.",
)
main.add_lazy_command(
    "render",
    "mlprep_site.cli.render:render",
    "Write the study site's pages for the bank under PATHS (default: content/) into --out.",
)


def entry_point() -> None:
    """The `mlprep-site` command (and `python -m mlprep_site`): the CLI in a process of its own.

    On the way out the run's objects (the bank, its findings, 1,000 link results) are frozen,
    so that the interpreter's last garbage collection does not walk them all before the
    process ends (a visible share of a short `check-links`, measured by bench/bench_links.py).
    Everything that needs closing is closed by then; the memory goes back with the process.
    """
    try:
        main(prog_name="mlprep-site")
    finally:
        gc.freeze()
