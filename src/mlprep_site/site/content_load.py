"""The plugin's content folder: its bank, loaded (again only when its files change), its
findings logged with their paths as contributors know them (relative to mkdocs.yml), and its
edit and source links on the repository's host."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from mlprep_site.answers.unlike import unlike_findings
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Bank
from mlprep_site.core.loader import forget_read_files, iter_sources, load_bank
from mlprep_site.core.text.tex import math_findings
from mlprep_site.site.repo_links import RepoLinks, content_links

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from mlprep_site.site.page_cache import ServeCache

log = get_plugin_logger("mlprep_site.site.plugin")

BankState = tuple[Bank, list[Finding]]

# Findings the site itself answers for: an unanswered question is published as "wanted",
# an invitation to contribute, so it must not fail `mkdocs build --strict`.
# Docs-site markup (MDX imports, components) is set aside by design, with a finding that names it.
# Information, not a fault: a strict build passes. A file without questions (a README that
# introduces the topics, a CONTRIBUTING, an awesome list, an empty placeholder) is simply not a topic.
# Tags that look alike (`pid-1`, `pid1`) are the author's to tidy (`validate` warns, `import`
# writes one spelling): each spelling still has its tag page, and another repository's own tags
# must not fail its site.
INFORMATIONAL_CODES = frozenset(
    {
        "unanswered",
        "docs-markup",
        "no-questions",
        "not-questions",
        "empty-file",
        "similar-tags",
        "too-many-tags",
    }
)


def content_signature(content_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """The bank files the loader would read, with their mtimes and sizes."""
    files, _ = iter_sources([content_dir])
    stats = ((str(path), path.stat()) for path in files)
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def load_content(content_dir: Path, dialect: str | None, cache: ServeCache | None) -> BankState:
    """The bank of `content_dir` and its findings, with the formulas the pages draw and the
    answers they cannot show as GitHub does; with `serve`'s cache, only the files that changed
    are read again. A bank that cannot be loaded at all is a `PluginError`."""
    if not content_dir.exists():  # a folder, or one topic file
        raise PluginError(f"mlprep: content folder not found: {content_dir}")
    try:
        if cache is None:
            bank, findings = load_bank([content_dir], dialect)
        else:
            with cache.files.loading() as load:
                bank, findings = load_bank([content_dir], dialect, load)
        state = bank, [*findings, *math_findings(bank.topics), *unlike_findings(bank.topics)]
        forget_read_files()  # a build loads once; serve keeps each file's load (`page_cache`)
    except Exception as error:  # a loader bug must still be a message, not a traceback
        raise PluginError(f"mlprep: cannot load {content_dir}: {error}") from error
    return state


def shown_path(path: str, config_dir: Path) -> str:
    """A source path as contributors know it: relative to the folder of mkdocs.yml."""
    return os.path.relpath(path, config_dir) if Path(path).is_absolute() else path


def report_findings(findings: list[Finding], content_dir: Path, config_dir: Path) -> int:
    """Log each finding as `file:line: message [code]`: errors as errors, information (and the
    codes the site answers for) as information, the rest as warnings. Returns the errors."""
    shown_dir = shown_path(str(content_dir), config_dir)
    for finding in sorted(findings, key=lambda f: (f.path, f.line, f.col)):
        # A message may name another file (a duplicate id's first use): shown alike.
        said = finding.message.replace(f"{content_dir}{os.sep}", f"{shown_dir}/")
        message = f"{shown_path(finding.path, config_dir)}:{finding.line}: {said} [{finding.code}]"
        if finding.severity == "error":
            log.error(message)
        elif finding.severity == "info" or finding.code in INFORMATIONAL_CODES:
            log.info(message)
        else:
            log.warning(message)
    return sum(1 for f in findings if f.severity == "error")


def content_repo_links(
    config: MkDocsConfig, edit_uri: str | None, config_dir: Path, content_dir: Path
) -> RepoLinks | None:
    """The content folder's links on its repository (`repo_links.content_links`), from the
    site's `repo_url` and `edit_uri` and the plugin's `edit_uri`; None, with a note or a
    warning that says why, when there are none."""
    if config.edit_uri_template and edit_uri is None:
        # MkDocs ignores its (defaulted) edit_uri then; that branch may not exist.
        log.info("edit_uri_template is set: set the plugin's edit_uri for edit and source links")
        return None

    def relative(folder: Path) -> str:  # POSIX, from the folder of mkdocs.yml
        return Path(os.path.relpath(folder.resolve(), config_dir)).as_posix()

    try:
        return content_links(
            config.repo_url, edit_uri, config.edit_uri, relative(Path(config.docs_dir)), relative(content_dir)
        )
    except ValueError as error:
        log.warning(f"{error}: topic pages get no edit or source links")
        return None
