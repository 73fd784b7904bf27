"""The markdown configuration of a study site, for commands that render answers without
building the site (`export --format anki`): MkDocs' own `load_config` reads the configuration
`site.site_config` composes for the content (the package's defaults, the folder's facts, the
user's mkdocs.yml key by key, as `mlprep-site build` uses it), and its `markdown_extensions`
and `mdx_configs` are handed to `answers.render`. Nothing is built: plugins are loaded and
their options checked, but no plugin event runs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

import click

from mlprep_site.answers.render import MarkdownConfig


class SiteMarkdown(NamedTuple):
    config: MarkdownConfig
    sanitize: bool
    """Whether the site cleans answers (the mlprep plugin's `sanitize` option)."""


def site_markdown(content: Path, config_file: Path | None) -> SiteMarkdown:
    """The markdown configuration of the site of `content` configured by `config_file` (the
    package's defaults alone when it is None and `content`'s folder has no mkdocs.yml)."""
    from mkdocs.exceptions import MkDocsException

    from mlprep_site.site.plugin import MlprepPlugin
    from mlprep_site.site.site_config import ComposedConfig, SiteConfigError

    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)  # the site's own build reports its configuration warnings
    try:
        config = ComposedConfig(content, config_file).load()
    except (MkDocsException, SiteConfigError, OSError) as error:
        where = config_file if config_file is not None else content
        raise click.ClickException(f"cannot read the site configuration of {where}: {error}") from error
    finally:
        mkdocs_log.setLevel(level)
    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, MlprepPlugin)]
    sanitize = bool(plugins and plugins[0].config.sanitize)
    return SiteMarkdown(MarkdownConfig(list(config.markdown_extensions), dict(config.mdx_configs)), sanitize)
