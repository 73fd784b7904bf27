"""`mlprep-site check-links [PATH...]`: exit 0 all pass, 1 any broken link or content error, 2 usage error.

Start-up is part of every CI run, so this module imports only what `--help` needs; the bank
loader, the cache and (only when something must be fetched) asyncio and aiohttp are imported by
the run itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlprep_site.cli.common import content_paths, dialect_option
from mlprep_site.core.domain.diagnostics import Finding, has_errors
from mlprep_site.core.reading.references import masked
from mlprep_site.links.collect import Citation, collect_links
from mlprep_site.links.config import LinksConfig, LinksConfigError, load_config, parse_duration
from mlprep_site.links.report import FORMATS, Progress, render, summarize
from mlprep_site.links.results import LinkResult, looks_offline

if TYPE_CHECKING:
    import ssl

    from mlprep_site.core.domain.model import Bank


def _duration(value: str | None, option: str) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value, option)
    except LinksConfigError as error:
        raise click.BadParameter(str(error)) from None


def _settings(
    config_file: Path | None, cache: Path | None, no_cache: bool, overrides: dict[str, object]
) -> tuple[LinksConfig, Path | None]:
    """The effective configuration, and the cache file to use (None: no cache)."""
    pyproject = config_file if config_file is not None else Path("pyproject.toml")
    try:
        config = load_config(pyproject).with_overrides(**overrides)
    except LinksConfigError as error:
        raise click.UsageError(str(error)) from None
    if no_cache:
        return config, None
    if cache is not None:
        return config, cache
    if config.cache is None:
        return config, None
    # A relative cache path in pyproject.toml is relative to that file, wherever we run from.
    return config, (pyproject.parent if pyproject.is_file() else Path(".")) / config.cache


def _load(paths: tuple[Path, ...], dialect: str | None = None) -> tuple[Bank, list[Finding]]:
    """The bank and the loader's findings for the files it read (they are reported with the
    links: a file that cannot be read, or an unclosed block, fails the check as in `validate`)."""
    from mlprep_site.core.loader import load_bank

    bank, findings = load_bank(list(paths), dialect)
    return bank, sorted(findings, key=lambda f: (f.path, f.line, f.col))


def unusable_reference_results(findings: list[Finding]) -> list[LinkResult]:
    """The loader drops a reference whose URL is not http(s) (`bad-url`); it is still a broken
    citation, so it is reported here as one (and only as one) rather than silently skipped."""
    return [
        LinkResult(
            url=f.subject,
            state="broken",
            status=None,
            final_url=None,
            detail=f.message.removesuffix(f": {masked(f.subject)}"),
            citations=(Citation(f.path, f.line),),
        )
        for f in findings
        if f.subject is not None and _is_unusable_reference(f)
    ]


def _is_unusable_reference(finding: Finding) -> bool:
    return finding.code == "bad-url" and finding.subject is not None


def _ssl_context(ca_file: Path | None, hint: str) -> ssl.SSLContext | None:
    """The system's trust store plus `ca_file`; None (the checker's default: the system's
    trust store alone) without one. Nothing process-wide is changed."""
    if ca_file is None:
        return None
    import ssl

    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=str(ca_file))
    except (OSError, ssl.SSLError) as error:
        raise click.BadParameter(f"{ca_file}: {error}", param_hint=hint) from None
    return context


@click.command("check-links")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="human", show_default=True, help="Report format."
)
@click.option("--offline", is_flag=True, help="No requests: only syntax, duplicates, excludes.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="pyproject.toml to read [tool.mlprep-site.links] from.",
)
@click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Cache file of passed URLs (default from config: .mlprep-cache/links.json).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--cache-max-age", metavar="DURATION", help="Recheck passes older than this (7d).")
@click.option("--concurrency", type=click.IntRange(min=1), help="Requests in flight overall.")
@click.option("--host-concurrency", type=click.IntRange(min=1), help="Requests in flight per host.")
@click.option("--timeout", metavar="DURATION", help="Total time per URL, retries included.")
@click.option(
    "--ca-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra CA certificates (PEM) to trust for https, besides the system's (config: ca_file).",
)
@dialect_option
def check_links(
    paths: tuple[Path, ...],
    fmt: str,
    offline: bool,
    config_file: Path | None,
    cache: Path | None,
    no_cache: bool,
    cache_max_age: str | None,
    concurrency: int | None,
    host_concurrency: int | None,
    timeout: str | None,
    ca_file: Path | None,
    dialect: str | None,
) -> None:
    """Check every http(s) URL cited in the bank (references and answers)."""
    paths = tuple(content_paths(paths))
    overrides: dict[str, object] = {
        "concurrency": concurrency,
        "host_concurrency": host_concurrency,
        "timeout": _duration(timeout, "--timeout"),
        "cache_max_age": _duration(cache_max_age, "--cache-max-age"),
    }
    config, cache_path = _settings(config_file, cache, no_cache, overrides)
    if ca_file is not None:
        context = _ssl_context(ca_file, "--ca-file")
    else:
        context = _ssl_context(Path(config.ca_file) if config.ca_file else None, "ca_file (configuration)")
    bank, findings = _load(paths, dialect)
    links = collect_links(bank)
    link_cache = None
    if not offline and cache_path is not None:
        from mlprep_site.links.cache import LinkCache

        link_cache = LinkCache(cache_path, config.cache_max_age)
        if link_cache.problem:
            click.echo(f"warning: {link_cache.problem}", err=True)
    from mlprep_site.links.run import check_collected_sync

    progress = Progress(sys.stderr)
    offline_looking: list[bool] = []
    results = check_collected_sync(
        links,
        config,
        offline=offline,
        cache=link_cache,
        ssl_context=context,
        on_result=progress,
        on_fetched=lambda fetched: offline_looking.append(looks_offline(fetched)),
    )
    progress.finish()
    if any(offline_looking):
        click.echo(
            "warning: every host failed at DNS or connect: this machine looks offline; "
            "use --offline to check only syntax, duplicates and excludes",
            err=True,
        )
    results = unusable_reference_results(findings) + results
    if link_cache is not None:
        try:
            link_cache.save()
        except OSError as error:
            click.echo(f"warning: could not write link cache {cache_path}: {error}", err=True)
    summary = summarize(results, offline=offline)
    reported = [f for f in findings if not _is_unusable_reference(f)]
    click.echo(render(fmt, results, summary, reported))
    if summary["broken"] or has_errors(reported):
        raise click.exceptions.Exit(1)
