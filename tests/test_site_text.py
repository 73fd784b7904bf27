"""A built site of titles full of markup, read where a reader looks (no browser): headings, the
table of contents, navigation, <title>, the search index, the quiz data and the JSON-LD show the
words, never literal `<code>`, `**`, `[x](y)` or `<a name>`; the pages render the markup."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.site_helpers import build_site, write_site

CONTENT = {
    "git.md": (
        "# Git <b>basics</b> :rocket:\n\n"
        "Notes on **git**: see [the book](https://git-scm.com/book).\n\n"
        '## <a name="basics"></a>Basics with `git`\n\n'
        "### What does <code>git status</code> do?\n\nIt shows the state of the work tree.\n\n"
        "### How to implement [connected components](http://aishack.in/tutorials/cc) in **Python**?\n\n"
        "Use union-find.\n\n"
        '### What is <a name="q3"></a>a <b>bare</b> repository?<br>\n\nOne without a work tree.\n'
    ),
    "linux.md": (
        "# Linux\n\n## Files\n\n"
        "<details>\n<summary>What does <code>ls -al</code> print? :eyes:</summary><br><b>\n\n"
        "A long listing, hidden files included.\n</b></details>\n\n"
        "<details>\n<summary>What is <b>~~the~~ a</b> <i>hard link</i>?</summary><br><b>\n\n"
        "Another name for the same inode.\n</b></details>\n"
    ),
    "python.md": (
        "---\ntitle: Python from [python.org](https://python.org)\n"
        "description: |\n  - [Basics](#basics)\n  - [Types](#types)\n---\n"
        "# Python\n\n"
        "**What does `x < y` compare in [Python](https://python.org)?**\n\nIt compares values.\n\n"
        "**What is the difference between `is` and `==`?**\n\nIdentity against equality.\n"
    ),
}
# Tags, emphasis, links, code, and emoji shortcodes (CONTENT's own two are taken out first).
LITERAL_MARKUP_RE = re.compile(r"</?(?:code|b|i|a|br|strong|em|del)\b|\*\*|~~|\]\(|`|:\w+:")
TAG_RE = re.compile(r"<[^>]*>")
PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub("", PERMALINK_RE.sub("", fragment))).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("marked")
    return build_site(write_site(root, content=CONTENT), strict=True)


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def shown_texts(site: Path) -> list[tuple[str, str]]:
    """(kind of place, text) of every place a title is text for the reader."""
    found: list[tuple[str, str]] = []
    for page in pages(site).values():
        for match in re.finditer(r"<h([1-6])\b[^>]*>(.*?)</h\1>", page, re.DOTALL):
            found.append(("heading", text_of(match.group(2))))
        found += [("<title>", html.unescape(t)) for t in re.findall(r"<title>(.*?)</title>", page)]
        found += [
            ("nav/toc", text_of(t)) for t in re.findall(r'class="md-ellipsis">(.*?)</span>', page, re.DOTALL)
        ]
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL):
            found += [("JSON-LD", e["name"]) for e in json.loads(script.replace("<\\/", "</"))["mainEntity"]]
        found += [
            ("meta", html.unescape(d))
            for d in re.findall(r'<meta name="description" content="([^"]*)"', page)
        ]
    for entry in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]:
        found.append(("search", entry["title"]))
    quiz = site / "assets" / "mlprep" / "quiz"
    for topic in json.loads((quiz / "index.json").read_text(encoding="utf-8"))["topics"]:
        found.append(("quiz", topic["title"]))
        questions = json.loads((quiz / f"{topic['slug']}.json").read_text(encoding="utf-8"))["questions"]
        found += [("quiz", text) for text, _ in questions.values()]
    return found


def test_no_title_shows_literal_markup(site: Path) -> None:
    texts = shown_texts(site)
    assert {kind for kind, _ in texts} == {
        "heading",
        "<title>",
        "nav/toc",
        "JSON-LD",
        "meta",
        "search",
        "quiz",
    }
    # Emoji shortcodes stay as the source shows them; nothing else of the markup does.
    literal = [
        (where, text)
        for where, text in texts
        if LITERAL_MARKUP_RE.search(text.replace(":rocket:", "").replace(":eyes:", ""))
    ]
    assert literal == []
    words = {text for _, text in texts}
    assert "3. What is a bare repository?" in words
    assert "2. How to implement connected components in Python?" in words
    assert "Python from python.org" in words


def test_pages_render_the_markup_and_ids_come_from_the_words(site: Path) -> None:
    git = (site / "git" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="what-does-git-status-do">1. What does <code>git status</code> do?' in git
    assert (
        '<h2 id="how-to-implement-connected-components-in-python">2. How to implement '
        '<a href="http://aishack.in/tutorials/cc">connected components</a> in <strong>Python</strong>?'
    ) in git
    assert '<h2 id="what-is-a-bare-repository">3. What is a <b>bare</b> repository?' in git
    assert "Git <b>basics</b> :rocket:" in git and 'name="basics"' not in git and 'name="q3"' not in git
    assert "Notes on <strong>git</strong>: see" in git
    linux = (site / "linux" / "index.html").read_text(encoding="utf-8")
    assert "What is <b><del>the</del> a</b> <i>hard link</i>?" in linux
    home = (site / "index.html").read_text(encoding="utf-8")
    # A description that is a README's table of contents shows its words, not its markdown.
    assert '<span class="mlprep-topic-description">Basics · Types</span>' in home
