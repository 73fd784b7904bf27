"""Answer HTML as the site renders it, for exports run next to an mkdocs.yml: the site is built
headless (MkDocs' own machinery, into a temporary folder) and the answers its pages hold are
read from the mlprep plugin, so a deck exported here has the site's deck's card backs."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import NamedTuple

import click

from mlprep_site.core.model import Topic


class SiteAnswers(NamedTuple):
    html: dict[str, dict[str, str | None]]
    """Topic slug → its answers' HTML as the site's page holds them (question id → HTML)."""
    sanitize: bool
    """Whether the site cleans answers (its plugin's `sanitize` option)."""

    def answers(self, topic: Topic) -> dict[str, str | None]:
        """`topic`'s answers as the site's page of the topic with its slug holds them."""
        return self.html.get(topic.slug, {})


def site_answer_html(config_file: Path) -> SiteAnswers | None:
    """The answers of a headless build of the site of `config_file`; None when that site does
    not use the mlprep plugin."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from mlprep_site.site.plugin import MlprepPlugin

    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)  # the site's own build reports its warnings
    try:
        with tempfile.TemporaryDirectory(prefix="mlprep-export-") as site_dir:
            config = load_config(config_file=str(config_file), site_dir=site_dir)
            plugins = [p for p in config.plugins.values() if isinstance(p, MlprepPlugin)]
            if not plugins:
                return None
            build(config)
            plugin = plugins[0]
            answers = {topic.slug: plugin.rendered.answers(topic) for topic in plugin.bank.topics}
            return SiteAnswers(answers, plugin.config.sanitize)
    except (MkDocsException, OSError) as error:
        raise click.ClickException(f"cannot build the site of {config_file}: {error}") from error
    finally:
        mkdocs_log.setLevel(level)
