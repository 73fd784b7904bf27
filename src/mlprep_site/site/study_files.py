"""The files a build writes once every answer is rendered: the quiz data and the Anki deck,
each a topic at a time, unpacking one topic's answers at once. A plain build writes them in a
forked child beside the page templates (`background`); `serve` from what it keeps
(`page_cache`)."""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.exceptions import PluginError

from mlprep_site.core.domain.model import Bank
from mlprep_site.core.storage.paths import contained
from mlprep_site.site.page_cache import ServeCache
from mlprep_site.site.quiz_data import ASSETS_URI, QUIZ_DATA_DIR, write_quiz_data
from mlprep_site.site.rendered import RenderedAnswers

DECK_URI = f"{ASSETS_URI}/mlprep-deck.apkg"


def write_study_files(
    site_dir: Path,
    bank: Bank,
    rendered: RenderedAnswers,
    cache: ServeCache | None,
    *,
    quiz: bool,
    deck: bool,
    sanitize: bool,
) -> None:
    """Write the quiz data (`quiz`) and the deck (`deck`) of `bank` into `site_dir`."""
    if quiz:
        made = None if cache is None else lambda topic: cache.quiz_topic(topic, rendered)
        write_quiz_data(contained(site_dir, QUIZ_DATA_DIR), bank, rendered.answers, rendered.url, made)
    if deck:
        write_deck(contained(site_dir, DECK_URI), bank, rendered, cache, sanitize)


def write_deck(
    path: Path, bank: Bank, rendered: RenderedAnswers, cache: ServeCache | None, sanitize: bool
) -> None:
    try:
        from mlprep_site.exports.anki import write_apkg  # genanki: only for a site with a deck
    except ImportError as error:
        message = f"mlprep: the Anki export is not available ({error}); set anki: false"
        raise PluginError(message) from error
    write = functools.partial(write_apkg, bank, answer_html=rendered.answers, sanitize=sanitize)
    if cache is None:
        write(path)
    else:  # only the topics that changed make their notes again
        cache.write_deck(path, list(bank.topics), rendered, sanitize, write)
