"""Each question's answer in its own search entry, with Material's search as the judge.

Material's search parser starts a section at a heading with an id and ends it where the
element around the heading ends. A question's heading sits in its `<summary>`, so on the page
as shown, the answer after it would fall into the section of the page title. Topic pages are
therefore kept out of the search plugin's own pass (`page.meta.search.exclude`, set by the
plugin) and indexed once by the same search index from a view of the page in which
`<details>` and `<summary>` tags are left out: each question's heading then stands at the
level of its answer, as if the page had been written `## question` + answer, and Material's
own parser and entry builder make the entries. The view also leaves out what that parser
would read only to drop (permalinks; tests/test_render_path.py compares the sections), and
the tags inside headings: a section's title in the index is the heading's text, as in the table
of contents (Material would keep a `<code>` of a question's title). The view is read from
`page.content` as the other plugins left it, and nothing writes to `page.content`.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# Only the tags go: what is between them stays in the view. A `<details` in code is `&lt;`.
# A heading's permalink goes whole (`toc`'s, whose text the parser ignores), and so do a
# question's source link and wanted note as `blocks` writes them (`data-search-exclude`, which
# the parser skips): with 10,000 questions the parser would read a third of a page's tags only
# to drop them. One that another plugin changed is left to the parser, which drops it alike.
VIEW_DROP_RE = re.compile(
    r"</?(?:details|summary)\b[^>]*>"
    r'|<a class="headerlink" href="#[^"<>]*" title="[^"<>]*">[^<]*</a>(?=</h[1-6]>)'
    r'|<p class="mlprep-question-foot" data-search-exclude><a class="mlprep-source" href="[^"<>]*">'
    r"source</a></p>"
    r'|<p class="mlprep-wanted-note" data-search-exclude>[^<]*(?:<(?!/?p\b)[^<]*)*</p>',
    re.IGNORECASE,
)

# A heading's inside holds no other heading tag, so a heading left unclosed (raw HTML in an
# answer) is given up at the next heading tag: each character is looked at a bounded number of times.
HEADING_RE = re.compile(r"(<h[1-6]\b[^>]*>)([^<]*(?:<(?!/?h[1-6]\b)[^<]*)*)(</h[1-6]>)", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]*>")


def _heading_text(match: re.Match[str]) -> str:
    inner = match.group(2)
    return match.group(1) + TAG_RE.sub("", inner) + match.group(3) if "<" in inner else match.group(0)


def material_search_index(config: MkDocsConfig) -> Any | None:
    """The index of Material's search plugin of this build, or None (no such plugin, or it is
    disabled: the built-in MkDocs search reads a heading's following text by itself)."""
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin.search_index
    return None


def keep_out_of_search_pass(page: Page) -> None:
    """Have the search plugin skip `page` in its own pass: `index_topic_page` indexes it."""
    search = page.meta.get("search")
    page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


class SearchView:
    """What the search index reads of a page (`content`, `toc`, `url`, `title`, `meta`),
    with the content seen through `search_view` and the page's own search settings."""

    def __init__(self, page: Page, meta: dict[str, Any]) -> None:
        self.content = search_view(page.content or "")
        self.toc = page.toc
        self.url = page.url
        self.title = page.title
        self.meta = meta


def search_view(html: str) -> str:
    """A topic page's HTML without its `<details>`/`<summary>` tags and permalinks, its
    headings as text."""
    return HEADING_RE.sub(_heading_text, VIEW_DROP_RE.sub("", html))


def index_topic_page(index: Any, page: Page, meta: dict[str, Any]) -> None:
    """Index a topic page through the search index's own entry point; `meta` is the page's
    metadata as written (without the exclusion `keep_out_of_search_pass` added)."""
    index.add_entry_from_context(SearchView(page, meta))
