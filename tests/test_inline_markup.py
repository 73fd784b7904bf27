"""Text is text: inline markdown and HTML in titles, questions, section headings and descriptions
render on pages (core.text.inline.inline_html) and are plain text wherever a title is text: the table
of contents, navigation, <title>, search, JSON-LD, quiz data, deck names and ids."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.domain.model import Bank, Question, Topic
from mlprep_site.core.text.ids import slugify
from mlprep_site.core.text.inline import _parsed, _read, flat_description, inline_html, plain_text
from mlprep_site.exports.anki import render_question_html, topic_deck_name
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.home import home_page
from mlprep_site.site.pages import site_pages, topic_page
from mlprep_site.site.quiz_data import quiz_data_files
from mlprep_site.site.search_sections import search_view
from mlprep_site.site.site_html import faq_jsonld

LINKS = SourceLinks.at("https://github.com/o/r/edit/main/content/", "content")
# What a reader must never see as text where a title is shown.
LITERAL_MARKUP_RE = re.compile(r"</?(?:code|b|i|a|br|strong|em)\b|\*\*|\]\(|`|<a name")


@pytest.mark.parametrize(
    ("source", "html", "plain"),
    [
        ("What does `ls -al` print?", "What does <code>ls -al</code> print?", "What does ls -al print?"),
        ("What <code>git status</code> does?", "What <code>git status</code> does?", "What git status does?"),
        (
            "Implement [connected components](http://aishack.in/cc) in **Python**",
            'Implement <a href="http://aishack.in/cc">connected components</a> in <strong>Python</strong>',
            "Implement connected components in Python",
        ),
        ("A <b>bold</b> *em* ~~gone~~", "A <b>bold</b> <em>em</em> <del>gone</del>", "A bold em gone"),
        # GitHub's anchors go, with their closing tag; the words stay.
        ('<a name="basics"></a>Basics <a id="x">here</a>', "Basics here", "Basics here"),
        ("Given the matrix:<br>", "Given the matrix:", "Given the matrix:"),
        # Emoji shortcodes stay as written (the site has no emoji extension), on pages and in text.
        ("Deploy :rocket: now", "Deploy :rocket: now", "Deploy :rocket: now"),
        # A link into the source repository (a README's own anchor) leaves its words.
        ("See [Argo](#argo) and [notes](./notes.md)", "See Argo and notes", "See Argo and notes"),
        (
            "<https://example.org/a>",
            '<a href="https://example.org/a">https://example.org/a</a>',
            "https://example.org/a",
        ),
        # Images request nothing: their alt text stays.
        ('![diagram](https://x.org/d.png) <img src="y.png" alt="pic">', "diagram pic", "diagram pic"),
        # A tag that is not HTML (a placeholder) is text, as the author wrote it.
        (
            "Run <code>git branch <BRANCH></code>",
            "Run <code>git branch &lt;BRANCH&gt;</code>",
            "Run git branch <BRANCH>",
        ),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        # A layout tag named as a subject (bare, never closed) is text; one that lays out goes.
        (
            "What is the difference between <div> and <span>?",
            "What is the difference between &lt;div&gt; and &lt;span&gt;?",
            "What is the difference between <div> and <span>?",
        ),
        (
            '<p align="center">Logo</p> <p>Some **text**</p>',
            "Logo Some <strong>text</strong>",
            "Logo Some text",
        ),
        # Tags that do not pair up: the HTML stays balanced, nothing shows as a tag.
        (
            "<code>1>&2 die_hard</code></code>",
            "<code>1&gt;&amp;2 die&#95;hard</code>",
            "1>&2 die_hard",
        ),
        ("a <b>x **y</b> z**", "a <b>x <strong>y</strong></b> z", "a x y z"),
        ("<kbd>Ctrl</kbd> &amp; \\*", "<kbd>Ctrl</kbd> &amp; &#42;", "Ctrl & *"),
        ('<b class="x" onclick="alert(1)">b</b>', "<b>b</b>", "b"),
        ('<a href="javascript:alert(1)">x</a> <!-- note -->', "x", "x"),
    ],
)
def test_inline_markup_renders_and_reads_as_text(source: str, html: str, plain: str) -> None:
    assert inline_html(source) == html
    assert plain_text(source) == plain


def test_inside_a_link_of_its_own_a_title_keeps_link_words_only() -> None:
    title = "From [FullStack.Cafe](https://www.fullstack.cafe) with `code`"
    assert inline_html(title, links=False) == "From FullStack.Cafe with <code>code</code>"


MARKUP_ALPHABET = list("ab `*_~<>/&[]()!:#\\\"'=") + ["<b>", "</b>", "<code>", "</code>", "](http://x.y)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKUP_ALPHABET), max_size=25).map("".join))
def test_shortcuts_read_text_as_the_parser_does(text: str) -> None:
    """Text without markup, or with code spans alone, is not parsed: it must come out the same."""
    _read.cache_clear()
    assert _read(text, True) == _parsed(text, True)


class Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.add(tag)
        self.attributes += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*MARKUP_ALPHABET, "<a name='n'>", "</a>", "<br>", "<i>"]), max_size=30).map(
        "".join
    )
)
def test_html_is_balanced_and_plain_text_has_no_tags(text: str) -> None:
    html = inline_html(text)
    balance = Balance()
    balance.feed(html)
    balance.close()
    assert balance.stack == []
    assert balance.tags <= {"code", "em", "strong", "del", "b", "i", "a"}
    assert all(name == "href" and value == "http://x.y" for name, value in balance.attributes)
    if "`" not in text and "\\" not in text:  # code, or an escaped `<`, shows a tag as text
        assert not re.search(r"</?(?:b|code|i|a)(?:\s[^<>]*)?/?>", plain_text(text))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Implement [connected components](http://aishack.in/tutorials/cc) in Python",
            "implement-connected-components-in-python",
        ),
        ("What <code>git status</code> does?", "what-git-status-does"),
        ("What does `ls -al` print?", "what-does-ls-al-print"),
        ('<a name="q1"></a>What is **Docker**?', "what-is-docker"),
        ("Where is <https://example.org/page> hosted?", "where-is-hosted"),
        ("Rock &amp; roll", "rock-roll"),
        ("Deploy :rocket: at 10:30:45", "deploy-at-10-30-45"),
        (":diamond_shape_with_a_dot_inside: Simple Questions", "simple-questions"),
    ],
)
def test_ids_come_from_the_words(title: str, slug: str) -> None:
    assert slugify(title) == slug


def question(qid: str, text: str, number: int = 1, section: str | None = None) -> Question:
    return Question(id=qid, number=number, question=text, answer="Because.", section=section)


MARKED_TOPIC = Topic(
    slug="git",
    title="Git <b>basics</b> from [the book](https://git-scm.com/book)",
    source="content/git.md",
    description="Topics:\n- [Basics](#basics)\n- [Branches](#branches)\n\n**Note**: see `git help`.",
    questions=(
        question(
            "status", "What does <code>git status</code> do?", section='<a name="b"></a>Basics with `git`'
        ),
        question("cc", "Implement [connected components](http://aishack.in/cc) in **Python**", number=2),
    ),
)


def to_html_and_toc(page: str) -> tuple[str, list[str]]:
    """A page's markdown as the site converts it, and its table of contents' names (all levels)."""
    body = page.split("---\n", 2)[2]
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"])
    html = md.convert(body)
    names: list[str] = []

    def walk(tokens: list[dict[str, object]]) -> None:
        for token in tokens:
            names.append(str(token["name"]))
            walk(token["children"])  # type: ignore[arg-type]

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return html, names


def test_topic_page_renders_markup_and_its_contents_are_text() -> None:
    page = topic_page(MARKED_TOPIC, LINKS)
    html, toc = to_html_and_toc(page)
    assert '<h1 id="git">Git <b>basics</b> from <a href="https://git-scm.com/book">the book</a></h1>' in html
    assert "What does <code>git status</code> do?" in html
    assert (
        'Implement <a href="http://aishack.in/cc">connected components</a> in <strong>Python</strong>' in html
    )
    assert ">Basics with <code>git</code></h2>" in html and "a name" not in html
    assert toc == [
        "Git basics from the book",
        "1. What does git status do?",
        "2. Implement connected components in Python",
    ]
    # The description's list is one line of words, not raw markdown.
    assert (
        '<p class="mlprep-description">Topics: Basics · Branches · <strong>Note</strong>: see <code>git help</code>.</p>'
        in html
    )
    front = page.split("---\n")[1]
    assert 'title: "Git basics from the book"' in front
    assert 'description: "Topics: Basics · Branches · Note: see git help."' in front


def test_section_anchor_and_nav_come_from_the_words() -> None:
    pages = site_pages(Bank((MARKED_TOPIC,)), LINKS)
    assert 'id="section-basics-with-git"' in pages.pages["git.md"]
    assert pages.nav[1] == {"Git basics from the book": "git.md"}
    home = home_page(Bank((MARKED_TOPIC,)), lambda t: f"{t.slug}.md", None)
    # The card's link holds the title without the title's own link.
    assert '<a class="mlprep-topic-link" href="git/">Git <b>basics</b> from the book</a>' in home
    assert "Topics: Basics · Branches" in home and "- [Basics]" not in home


def test_search_quiz_json_ld_and_deck_take_plain_text() -> None:
    view = search_view(
        '<h2 id="status">1. What does <code>git status</code> do?</h2><p>It <code>x</code></p>'
    )
    assert view == '<h2 id="status">1. What does git status do?</h2><p>It <code>x</code></p>'
    answers = {"status": "<p>a</p>", "cc": "<p>b</p>"}
    files = dict(quiz_data_files(Bank((MARKED_TOPIC,)), lambda t: answers, lambda t: "git/"))
    assert json.loads(files["git.json"])["questions"] == {
        "status": ["What does git status do?", "<p>a</p>"],
        "cc": ["Implement connected components in Python", "<p>b</p>"],
    }
    assert json.loads(files["index.json"])["topics"][0]["title"] == "Git basics from the book"
    script = faq_jsonld(MARKED_TOPIC, answers)
    assert script is not None
    names = [e["name"] for e in json.loads(script.split(">", 1)[1].rsplit("<", 1)[0])["mainEntity"]]
    assert names == ["What does git status do?", "Implement connected components in Python"]
    assert topic_deck_name(MARKED_TOPIC) == "mlprep::Git basics from the book"
    assert (
        render_question_html("What does <code>git status</code> do?")
        == "What does <code>git status</code> do?"
    )
    for text in [*names, topic_deck_name(MARKED_TOPIC)]:
        assert not LITERAL_MARKUP_RE.search(text)


def test_flat_description_keeps_every_word() -> None:
    assert (
        flat_description("- [Argo](#argo)\n- [CI/CD](#cicd)\n  continued")
        == "[Argo](#argo) · [CI/CD](#cicd) continued"
    )
    assert (
        flat_description("# Head\n\nOne line\nand the next.\n> quoted")
        == "Head · One line and the next. · quoted"
    )
    assert flat_description("Plain.") == "Plain."
