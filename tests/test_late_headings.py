"""Topic pages written for late headings (the MkDocs plugin's form) render to the same HTML,
table of contents and search index as the contained form any md_in_html generator renders."""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.model import Question, Topic
from mlprep_site.site.blocks import HeadingStyle, SourceLinks, stands_alone, writes_late_headings
from mlprep_site.site.pages import topic_page
from mlprep_site.site.site_html import expand_separators
from tests.site_helpers import HOSTILE, SAMPLE_CONTENT, build_site, write_site

REPO_ROOT = Path(__file__).resolve().parents[1]
LINKS = SourceLinks("https://github.com/o/r/edit/main/content/", "content")
TOC = {"toc": {"permalink": True}}


class Normalised(HTMLParser):
    """HTML as a list of events, blind to attribute order, quoting, entity spelling and
    whitespace between elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = sorted(f"{k}={'' if v in (None, k) else v}" for k, v in attrs)
        self.events.append(("start", tag, *shown))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.split():
            self.events.append(("text", " ".join(data.split())))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))


def body(page: str) -> str:
    return page.split("---\n", 2)[2]


def render_both(topic: Topic) -> tuple[str, str]:
    """The topic page rendered contained, and rendered late then expanded."""
    contained = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"], extension_configs=TOC)
    late = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"], extension_configs=TOC)
    html_late = late.convert(body(topic_page(topic, LINKS, late=True)))
    expanded = expand_separators(html_late, topic, LINKS, HeadingStyle())
    assert expanded is not None
    return contained.convert(body(topic_page(topic, LINKS))), expanded


def make_topic(*answers: str | None, text: str = "What is it?") -> Topic:
    questions = tuple(
        Question(id=f"q{n}", number=n, question=f"{text} {n}", answer=a, tags=("t",), difficulty="easy")
        for n, a in enumerate(answers, start=1)
    )
    return Topic(slug="t", title="T", source="content/t.md", questions=questions)


PLAIN_ANSWERS = [
    "Because **it** is `x < y` & more.",
    "- one\n- two\n\n    indented continuation",
    "```python\n# not a heading\n<b>not html</b>\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Ends in code:\n\n    x = 1",
    '!!! note\n    An admonition.\n\n??? tip "More"\n    Hidden.',
    "> quoted\n> text",
    "1. first\n2. second\n   - nested",
    'A [link](https://example.org) and ![img](a.png "t").',
]


@pytest.mark.parametrize("answer", PLAIN_ANSWERS)
def test_plain_answers_stand_alone_and_render_the_same(answer: str) -> None:
    topic = make_topic(answer, None, "Last one.", text=HOSTILE)
    assert writes_late_headings(topic)
    contained, late = render_both(topic)
    assert Normalised(late).events == Normalised(contained).events


def test_a_topic_without_questions_renders_the_same() -> None:
    contained, late = render_both(make_topic())
    assert Normalised(late).events == Normalised(contained).events
    assert "details" not in late


@pytest.mark.parametrize(
    "answer",
    [
        "<div>\nopen tag\n",
        "Text <!-- a comment -->",
        "# A heading",
        "Setext\n======",
        "Setext\n---",
        "> # quoted heading",
        "- # listed heading",
        "Para {: #q2 }",
        "```\nnever closed",
        "Above\n\n***\n\nBelow",
        "* * *",
        "- ___",
        "Inline <hr /> rule",
        "Contents:\n\n[TOC]",
        "<details>\n<summary>Hint</summary>\n\nHi.\n\n</details>",
    ],
)
def test_answers_that_could_leak_or_take_an_id_do_not_stand_alone(answer: str) -> None:
    assert not stands_alone(answer)
    assert not writes_late_headings(make_topic("Fine.", answer))


FRAGMENTS = st.sampled_from(
    [
        "word",
        "**bold** and _em_",
        "`code <x>`",
        "a < b & c > d",
        "- item",
        "1. item",
        "    indented",
        "> quote",
        "```",
        "~~~",
        "# heading",
        "<div>",
        "</div>",
        "---",
        "===",
        "| a | b |",
        "|---|---|",
        "!!! note",
        '??? question "Q"',
        "{: #q1 }",
        "[ref]: https://example.org",
        "<!-- c -->",
        "[TOC]",
        "***",
        "- - -",
        "<hr />",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(FRAGMENTS, min_size=1, max_size=6).map("\n".join), min_size=1, max_size=3))
def test_whenever_answers_stand_alone_both_forms_render_the_same(answers: list[str]) -> None:
    topic = make_topic(*answers)
    if not writes_late_headings(topic):
        return
    contained, late = render_both(topic)
    assert Normalised(late).events == Normalised(contained).events


def site_html(root: Path, content: dict[str, str] | None, toc: dict[str, object]) -> Path:
    config = write_site(root, content, markdown_extensions=[*MARKDOWN_EXTENSIONS, {"toc": toc}])
    return build_site(config, strict=True)


def bundled_content() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (REPO_ROOT / "content").glob("*.md")}


def toc_sidebar(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--secondary"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize("content", [None, "bundled"])
def test_plugin_site_is_the_same_as_the_contained_form(tmp_path: Path, content: str | None) -> None:
    """`baselevel` is an option late headings do not reproduce, so the second build keeps
    every page in the contained form; the two sites must not differ."""
    pages = bundled_content() if content else SAMPLE_CONTENT
    late = site_html(tmp_path / "late", pages, {"permalink": True})
    contained = site_html(tmp_path / "contained", pages, {"permalink": True, "baselevel": 1})
    slugs = [p.parent.name for p in late.glob("*/index.html") if p.parent.name not in ("quiz", "search")]
    assert len(slugs) >= 2
    for slug in slugs:
        a = (late / slug / "index.html").read_text(encoding="utf-8")
        b = (contained / slug / "index.html").read_text(encoding="utf-8")
        article_a, article_b = (h[h.index("<article") : h.index("</article>")] for h in (a, b))
        assert Normalised(article_a).events == Normalised(article_b).events, slug
        assert Normalised(toc_sidebar(a)).events == Normalised(toc_sidebar(b)).events, slug
    index_late = json.loads((late / "search" / "search_index.json").read_text(encoding="utf-8"))
    index_contained = json.loads((contained / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index_late["docs"] == index_contained["docs"]


def test_late_pages_are_used_and_keep_permalink_options(tmp_path: Path) -> None:
    toc = {"permalink": "#", "permalink_title": "Link here", "permalink_class": "perma", "toc_depth": 1}
    site = site_html(tmp_path, None, toc)
    html = (site / "second" / "index.html").read_text(encoding="utf-8")
    assert "<!--mlprep" not in html
    assert re.search(
        r'<h2 id="gradient-boosting">1\. What is gradient boosting\?'
        r'<a class="perma" href="#gradient-boosting" title="Link here">#</a></h2>',
        html,
    )
    assert 'href="#gradient-boosting"' not in toc_sidebar(html)  # toc_depth 1: no questions


FOOTNOTE_TOPIC = textwrap.dedent(
    """\
    ---
    title: Footnotes
    slug: notes
    ---
    # Footnotes

    1. **What is a footnote?**
    <!-- mlprep: {id: footnote} -->

    <details>
    <summary>Answer</summary>

    A note at the end of the page.[^1]

    [^1]: Like this one.

    </details>

    2. **And the next question?**
    <!-- mlprep: {id: next-question} -->

    <details>
    <summary>Answer</summary>

    Still in its own block.

    </details>
    """
)


def test_a_page_with_extra_separators_is_rendered_again_contained(tmp_path: Path) -> None:
    """`footnotes` writes a thematic break of its own: the page cannot be matched to its
    questions, so the plugin renders it again in the contained form."""
    extensions = [*MARKDOWN_EXTENSIONS, "footnotes"]
    pages = {"notes.md": FOOTNOTE_TOPIC}
    sites = []
    for name, toc in (("late", {"permalink": True}), ("contained", {"permalink": True, "baselevel": 1})):
        config = write_site(tmp_path / name, pages, markdown_extensions=[*extensions, {"toc": toc}])
        sites.append(build_site(config, strict=True))
    html = [(site / "notes" / "index.html").read_text(encoding="utf-8") for site in sites]
    articles = [h[h.index("<article") : h.index("</article>")] for h in html]
    assert Normalised(articles[0]).events == Normalised(articles[1]).events
    assert articles[0].count('<details class="mlprep-question') == 2
    assert 'class="footnote"' in articles[0]
    assert 'href="#next-question"' in toc_sidebar(html[0])
