"""`mkdocs serve` rebuilds: the plugin instance is kept for the process, and a rebuild after an
edit reads and converts only the topic that changed (`site.page_cache`), while the site it
writes is the one a fresh build of the edited content writes."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.site_helpers import SAMPLE_CONTENT, write_site
from tests.test_anki import read_apkg

LINKED_TOPIC = textwrap.dedent(
    """\
    ---
    title: Linked
    slug: linked
    ---
    # Linked

    1. **Where does it link?**
    <!-- mlprep: {id: links-out} -->

    <details>
    <summary>Answer</summary>

    To [a page that is not there](missing.md) and to the [sample](sample.md#compare-values).

    </details>
    """
)
CONTENT = {**SAMPLE_CONTENT, "linked.md": LINKED_TOPIC}
MISSING_LINK = "missing.md"
DECK = "assets/mlprep/mlprep-deck.apkg"


def site_files(site: Path) -> dict[str, str]:
    """Every text file of a built site, by its path in the site."""
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".css", ".xml")
    }


def serve_build(config_file: Path, site_dir: Path) -> Any:
    """One build as `serve` runs it: MkDocs keeps the plugin instance (it defines on_startup)."""
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    build(config)
    return config.plugins["mlprep"]


@pytest.fixture
def serving(tmp_path: Path) -> Any:
    config_file = write_site(tmp_path / "served", content=CONTENT, plugin={"anki": True})
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    yield config_file
    config.plugins.on_shutdown()


def test_a_rebuild_converts_only_the_edited_topic_and_writes_the_site_a_fresh_build_writes(
    serving: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    plugin = serve_build(serving, site)
    cache = plugin.cache
    pages = len(plugin.generated)  # the topics, the home page, the quiz, the tags
    assert pages > 3
    assert (cache.conversions.converted, cache.conversions.reused, cache.files.parsed) == (pages, 0, 3)
    assert (cache.deck_notes_made, cache.deck_collection.decks_written) == (3, 3)  # every topic's
    before = site_files(site)
    second = serving.parent / "content" / "second.md"
    second.write_text(second.read_text(encoding="utf-8").replace("shallow trees", "shallow edited trees"))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        assert serve_build(serving, site) is plugin
    assert (cache.conversions.converted, cache.conversions.reused) == (1, pages - 1)
    assert (cache.files.parsed, cache.topic_markdown.written, cache.deck_notes_made) == (1, 1, 1)
    assert cache.deck_collection.decks_written == 1  # the other decks left in the kept collection
    # MkDocs' own finding on a kept page is logged again (it counts for --strict)
    assert any(MISSING_LINK in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    after = site_files(site)
    assert "shallow edited trees" in after["second/index.html"]
    assert after["sample/index.html"] == before["sample/index.html"]
    assert after["linked/index.html"] == before["linked/index.html"]
    # The same site as a fresh build (serve ended, nothing kept) of the edited content.
    load_config(config_file=str(serving)).plugins.on_shutdown()
    fresh_root = tmp_path / "fresh"
    fresh_config = write_site(
        fresh_root,
        content={**CONTENT, "second.md": second.read_text(encoding="utf-8")},
        plugin={"anki": True},
    )
    fresh = load_config(config_file=str(fresh_config), site_dir=str(tmp_path / "fresh-site"))
    build(fresh)
    assert fresh.plugins["mlprep"].cache is None
    expected = site_files(tmp_path / "fresh-site")
    assert sorted(after) == sorted(expected)
    assert [name for name in after if after[name] != expected[name]] == []
    # The deck: the edited topic's notes made again, the others kept, the notes a fresh build writes.
    deck, fresh_deck = read_apkg(site / DECK), read_apkg(tmp_path / "fresh-site" / DECK)
    assert deck["notes"] == fresh_deck["notes"] and len(deck["notes"]) == 4
    edited = [n for n in deck["notes"].values() if "shallow edited trees" in n["fields"]["Answer"]]
    assert len(edited) == 1


def test_a_rebuild_without_changes_converts_nothing_and_one_without_a_topic_drops_it(
    serving: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    plugin = serve_build(serving, site)
    first = site_files(site)
    deck = (site / DECK).read_bytes()
    serve_build(serving, site)
    pages = len(plugin.generated)
    assert (plugin.cache.conversions.converted, plugin.cache.conversions.reused) == (0, pages)
    assert site_files(site) == first
    # Nothing the deck holds changed: no note is made, the same file is written again.
    assert plugin.cache.deck_notes_made == 0 and (site / DECK).read_bytes() == deck
    (serving.parent / "content" / "linked.md").unlink()
    serve_build(serving, site)
    assert not (site / "linked").exists()
    # No file is read again; the pages are converted again, as their links lead to other files now.
    assert (plugin.cache.files.parsed, plugin.cache.conversions.converted) == (0, pages - 1)


def test_a_plain_build_after_serve_keeps_nothing(serving: Path, tmp_path: Path) -> None:
    config = load_config(config_file=str(serving))
    config.plugins.on_shutdown()  # serve ends
    build(load_config(config_file=str(serving), site_dir=str(tmp_path / "site")))
    assert config.plugins["mlprep"].cache is None
