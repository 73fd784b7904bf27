"""Each question's answer in its own search entry, with Material's search as the judge.

Material's search parser starts a section at a heading with an id and ends it where the
element around the heading ends. A question's heading sits in its `<summary>`, so the answer
after it would fall into the section of the page title. The answer's element therefore
carries `data-search-exclude` (`render_path.ANSWER_CLASS`), the search plugin indexes the page
without the answers, and afterwards each question's entry gets its answer's text, computed by
Material's own parser and entry builder from the answer's HTML as the page holds it, placed
after the question's heading as if the page had been written `## question` + answer.
Nothing here reads or writes `page.content`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


def material_search_index(config: MkDocsConfig) -> Any | None:
    """The index of Material's search plugin of this build, or None (no such plugin: the
    built-in MkDocs search reads a heading's following text as its section by itself)."""
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin.search_index
    return None


def page_entries(index: Any, page: Page) -> list[dict[str, Any]]:
    """The entries the search plugin has just added for `page`: the last ones of the index
    whose location is the page's URL or an anchor on it."""
    entries: list[dict[str, Any]] = index.entries
    start = len(entries)
    while start and _on_page(entries[start - 1]["location"], page.url):
        start -= 1
    return entries[start:]


def _on_page(location: str, url: str) -> bool:
    return location == url or (location.startswith(url) and location[len(url)] == "#")


def fill_question_entries(index: Any, page: Page, answers: Mapping[str, str | None]) -> None:
    """Give each answered question's entry the text of its answer, and each heading inside an
    answer its own entry's title and text, as Material indexes `## question` + answer."""
    from material.plugins.search.plugin import Parser, SearchIndex

    entries = {entry["location"]: entry for entry in page_entries(index, page)}
    scratch = SearchIndex(**index.config)
    for qid, html in answers.items():
        if html is None:
            continue
        parser = Parser()
        parser.feed(f'<h2 id="{escape(qid)}"></h2>{html}')
        parser.close()
        for number, section in enumerate(parser.data[1:]):  # [0]: the empty preface
            if section.is_excluded():
                continue
            scratch.create_entry_for_section(section, page.toc, page.url, page)
            made = scratch.entries.pop()
            entry = entries.get(made["location"])
            if entry is None:
                continue
            entry["text"] = made["text"]
            if number:  # a heading inside the answer: the question's own title stays
                entry["title"] = made["title"]
