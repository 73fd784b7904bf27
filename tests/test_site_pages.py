"""The pure page builders (mlprep_site.site.pages): model in, markdown out; markdown in, HTML out."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.cli.main import main
from mlprep_site.core.domain.model import Bank, Question, Reference, Topic
from mlprep_site.core.text.inline import inline_html
from mlprep_site.site.blocks import TOC_QUESTIONS_MAX, SourceLinks
from mlprep_site.site.home import page_url
from mlprep_site.site.pages import QUIZ_URI, site_pages, topic_page
from mlprep_site.site.site_html import faq_jsonld
from tests.site_helpers import SAMPLE_CONTENT

EXTENSIONS = [*MARKDOWN_EXTENSIONS, "toc"]
LINKS = SourceLinks.at("https://github.com/o/r/edit/main/content/", "content")


def to_html(page_markdown: str) -> str:
    body = page_markdown.split("---\n", 2)[2] if page_markdown.startswith("---\n") else page_markdown
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return md.convert(body)


def question(qid: str = "q", text: str = "What?", answer: str | None = "Because.", **kw: object) -> Question:
    return Question(id=qid, number=kw.pop("number", 1), question=text, answer=answer, **kw)  # type: ignore[arg-type]


def topic(*questions: Question, **kw: object) -> Topic:
    values: dict[str, object] = {"slug": "t", "title": "T", "source": "content/t.md", "questions": questions}
    values.update(kw)
    return Topic(**values)  # type: ignore[arg-type]


class Elements(HTMLParser):
    """Every element (tag, attributes) in a fragment of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def heading_html(html: str, qid: str) -> str:
    match = re.search(rf'<h2 id="{qid}">(.*?)</h2>', html, re.DOTALL)
    assert match, html
    return match.group(1)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            '<script>alert(1)</script> "quoted" & `code`',
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; <code>code</code>",
        ),
        (
            "What does `</h2></summary><b>` do?",
            "What does <code>&lt;/h2&gt;&lt;/summary&gt;&lt;b&gt;</code> do?",
        ),
        (
            "*em* and **strong** and `a*b*_c_`",
            "<em>em</em> and <strong>strong</strong> and <code>a&#42;b&#42;&#95;c&#95;</code>",
        ),
        # A link to anything but the web keeps its words; attribute lists stay text.
        (
            "[link](javascript:alert(1)) *x*{: onclick=alert(1)}",
            "link <em>x</em>&#123;: onclick=alert(1)&#125;",
        ),
        ("`` a`b `` &amp; \\*", "<code>a&#96;b</code> &amp; &#42;"),
        ("snake_case_name is not emphasis", "snake&#95;case&#95;name is not emphasis"),
    ],
)
def test_inline_html(text: str, shown: str) -> None:
    assert inline_html(text) == shown


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'`*_[](){}:#|\\!/=-\t")), max_size=40))
def test_question_text_can_never_become_markup(text: str) -> None:
    """Whatever the question says, its heading holds only inline formatting (code, em, strong,
    `<b>`), without attributes, and the question block keeps its structure."""
    page = topic_page(topic(question("hostile", text), question("next", "Next?", number=2)), LINKS)
    html = to_html(page)
    inner = heading_html(html, "hostile")
    elements = Elements(inner).found
    assert {tag for tag, _ in elements} <= {"code", "em", "strong", "b", "a"}
    assert all(attrs == {} for tag, attrs in elements if tag != "a")
    assert [attrs for tag, attrs in elements if tag == "a"] == [
        {"class": "headerlink", "href": "#hostile", "title": "Permanent link"}
    ]
    details = [attrs["data-qid"] for tag, attrs in Elements(html).found if tag == "details"]
    assert details == ["hostile", "next"]
    assert html.count("<p>Because.</p>") == 2


def test_topic_page_markup_follows_the_contract() -> None:
    q = question("compare", "Compare?", difficulty="easy", tags=("a", "b"), line=12)
    html = to_html(topic_page(topic(q), LINKS))
    (details,) = [attrs for tag, attrs in Elements(html).found if tag == "details"]
    assert details == {
        "class": "mlprep-question",
        "data-difficulty": "easy",
        "data-qid": "compare",
        "data-tags": "a b",
        "data-topic": "t",
    }
    # The question's source line is linked after its answer, outside the answer's HTML.
    source = '<a class="mlprep-source" href="https://github.com/o/r/blob/main/content/t.md#L12">source</a>'
    assert html.count(source) == 1
    assert html.index("</details>") > html.index(source) > html.index("Because.")
    summary = html[html.index("<summary>") : html.index("</summary>")]
    assert '<h2 id="compare">1. Compare?' in summary
    # Nothing but the question in the summary: a tap anywhere on it opens the question.
    assert "<a " not in summary.replace('<a class="headerlink"', "")


def test_nested_details_hint_renders_as_markdown_but_not_inside_code() -> None:
    answer = (
        "Text.\n\n<details>\n<summary>Hint</summary>\n\n**bold**\n\n</details>\n\n```html\n<details>\n```"
    )
    page = topic_page(topic(question(answer=answer)), LINKS)
    assert '<details markdown="1">\n<summary>Hint</summary>' in page
    assert "```html\n<details>\n```" in page  # the fenced sample stays a sample
    html = to_html(page)
    assert "<p><strong>bold</strong></p>" in html
    assert '<span class="nt">details</span>' in html
    assert "<p>Text.</p>" in html


def test_nested_hint_in_uppercase_renders_as_markdown_too() -> None:
    page = topic_page(
        topic(question(answer="Text.\n\n<DETAILS>\n<SUMMARY>Hint</SUMMARY>\n\n**bold**\n\n</DETAILS>")), LINKS
    )
    assert '<DETAILS markdown="1">\n<SUMMARY>Hint</SUMMARY>' in page
    assert "<strong>bold</strong>" in to_html(page)


def test_faq_jsonld_cannot_end_its_script_early() -> None:
    q = question("x", "Is </script><script>alert(1)</script> safe?", answer="<!-- no -->")
    script = faq_jsonld(topic(q), {"x": "<p>a</script>b & c</p>"})
    assert script is not None
    body = script[len('<script type="application/ld+json">') : -len("</script>")]
    assert not re.search(r"<[/!sS]", body)
    data = json.loads(body)
    assert data["mainEntity"][0]["name"] == "Is </script><script>alert(1)</script> safe?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "<p>a</script>b & c</p>"
    assert faq_jsonld(topic(question(answer=None)), {}) is None
    script = faq_jsonld(topic(q), {"x": "<p>x <!-- <script>alert(1)</script> --></p>"})
    assert script is not None and "<!--" not in script and script.count("</script>") == 1


def test_faq_jsonld_holds_only_answers_the_page_shows() -> None:
    """Never the answer's markdown: with `sanitize`, an answer cleaned down to nothing (or
    a question a hook removed from the page) is left out, not filled in unsanitised."""
    shown, cleaned, missing = (question(q, answer="<script>alert(1)</script>") for q in ("a", "b", "c"))
    script = faq_jsonld(topic(shown, cleaned, missing), {"a": "<p>A.</p>", "b": ""})
    assert script is not None and "alert" not in script
    data = json.loads(script[len('<script type="application/ld+json">') : -len("</script>")])
    assert [entity["acceptedAnswer"]["text"] for entity in data["mainEntity"]] == ["<p>A.</p>"]
    assert faq_jsonld(topic(cleaned), {"b": ""}) is None


def test_faq_jsonld_answers_keep_their_text_without_highlighting_spans() -> None:
    code = '<code><span class="k">def</span> f(): pass</code>'
    script = faq_jsonld(
        topic(question("x")), {"x": f'<div class="highlight"><pre><span></span>{code}</pre></div>'}
    )
    assert script is not None
    data = json.loads(script[len('<script type="application/ld+json">') : -len("</script>")])
    text = data["mainEntity"][0]["acceptedAnswer"]["text"]
    assert text == '<div class="highlight"><pre><code>def f(): pass</code></pre></div>'


def test_site_pages_skip_taken_uris_and_keep_bank_order() -> None:
    first = topic(question(), slug="b-first", title="First <T> & **co**", order=1)
    second = topic(question("q2"), slug="a-second", title="Second", order=2)
    quiz_topic = topic(question("q3"), slug="quiz", title="Quiz topic")
    index_url = "../assets/mlprep/quiz/index.json"
    pages = site_pages(Bank((first, second, quiz_topic)), LINKS, quiz_data_url=index_url)
    assert list(pages.pages) == ["index.md", "b-first.md", "a-second.md", QUIZ_URI]
    assert pages.nav == [
        {"Home": "index.md"},
        {"First &lt;T&gt; &amp; co": "b-first.md"},  # plain text, escaped
        {"Second": "a-second.md"},
        {"Quiz": "quiz.md"},
    ]
    assert f'data-index="{index_url}"' in pages.pages[QUIZ_URI]
    taken = site_pages(Bank((first,)), LINKS, skip={"index.md"}, quiz_data_url=None)
    assert list(taken.pages) == ["b-first.md"]


def test_tags_page_only_with_tags_and_yields_to_a_topic_of_its_name() -> None:
    tagged = topic(question(tags=("x", "y")), question("q2", tags=("x",)), slug="a")
    pages = site_pages(Bank((tagged,)), LINKS, prefix="topics", quiz_data_url="index.json")
    assert list(pages.pages) == ["topics/index.md", "topics/a.md", QUIZ_URI, "topics/tags.md"]
    home = pages.pages["topics/index.md"]
    # Shared tags (x: two questions) on the home page, linking the quiz; every tag on tags.md.
    assert '<a class="mlprep-tag" href="../quiz/?tag=x">x</a>' in home and "tag=y" not in home
    assert "[every tag](tags.md)" in home
    assert '<a class="mlprep-tag" href="../../quiz/?tag=y">y</a>' in pages.pages["topics/tags.md"]
    named_tags = topic(question(tags=("x",)), slug="tags")
    pages = site_pages(Bank((named_tags,)), LINKS)
    assert pages.topic_uris == {"tags.md": named_tags} and "every tag" not in pages.pages["index.md"]


@pytest.mark.parametrize(
    ("directory_urls", "hrefs"),
    [(True, ["../a/", "../b/"]), (False, ["a.html", "b.html"])],
)
def test_tags_page_topic_links_are_the_urls_mkdocs_gives_the_topic_pages(
    directory_urls: bool, hrefs: list[str]
) -> None:
    # Raw HTML (Python-Markdown would scan the item again after each markdown link), so the
    # URLs are the ones MkDocs writes for the topic pages, next to the tags page.
    first = topic(question(tags=("x",)), slug="a", title="First *one*")
    second = topic(question("q2", tags=("x",)), question("q3", tags=("x",)), slug="b", title="Second")
    pages = site_pages(Bank((first, second)), LINKS, "topics", "index.json", directory_urls=directory_urls)
    html = to_html(pages.pages["topics/tags.md"])
    item = html[html.index(">x</a>") :].split("</li>")[0]
    assert f'<a href="{hrefs[0]}">First <em>one</em></a>: 1, <a href="{hrefs[1]}">Second</a>: 2' in item
    quiz = "../../quiz/" if directory_urls else "../quiz.html"
    assert f'<a class="mlprep-tag" href="{quiz}?tag=x">x</a>' in html


@pytest.mark.parametrize(
    ("link", "from_uri", "directory_urls", "url"),
    [
        ("a.md", "tags.md", True, "../a/"),
        ("index.md", "tags.md", True, "../"),
        ("a.md", "t/tags.md", True, "../a/"),
        ("../b.md", "t/tags.md", True, "../../b/"),
        ("a.md", "t/index.md", True, "a/"),
        ("a.md", "t/tags.md", False, "a.html"),
        ("index.md", "tags.md", False, "index.html"),
        ("../b.md", "t/tags.md", False, "../b.html"),
    ],
)
def test_page_url_is_the_relative_url_mkdocs_writes(
    link: str, from_uri: str, directory_urls: bool, url: str
) -> None:
    assert page_url(link, from_uri, directory_urls) == url


def test_tag_links_are_percent_encoded_and_escaped() -> None:
    odd = topic(question(tags=("a b&[c]",)), question("q2", tags=("a b&[c]",)))
    home = site_pages(Bank((odd,)), LINKS, quiz_data_url="index.json").pages["index.md"]
    assert '<a class="mlprep-tag" href="quiz/?tag=a%20b%26%5Bc%5D">a b&amp;&#91;c&#93;</a>' in home
    without_quiz = site_pages(Bank((odd,)), LINKS).pages["index.md"]
    assert '<span class="mlprep-tag">a b&amp;[c]</span>' in without_quiz


def test_references_keep_source_numbers_and_only_link_http() -> None:
    refs = (Reference(2, "https://example.org/a", "A & B"), Reference(5, "ftp://example.org/x"))
    html = to_html(topic_page(topic(question(), references=refs), LINKS))
    assert '<li value="2"><a href="https://example.org/a">A &amp; B</a></li>' in html
    assert '<li value="5">ftp://example.org/x</li>' in html


def test_front_matter_is_escaped_for_the_page_head() -> None:
    page = topic_page(topic(question(), title='A <T> "T" `x`', description="x</title>"), LINKS)
    front = page.split("---\n")[1]
    assert 'title: "A &lt;T&gt; &quot;T&quot; x"' in front
    assert 'description: "x&lt;/title&gt;"' in front


def test_a_big_page_lists_its_sections_and_references_in_the_front_matter() -> None:
    """Past TOC_QUESTIONS_MAX the theme's toc partial lists `mlprep_toc`: each section's anchor
    and title (plain words, HTML-escaped, as MkDocs' own toc titles are), then the references'."""
    many = TOC_QUESTIONS_MAX + 1
    sections = ["Basics of `git`", "A & <b>B</b>\u2028"]
    questions = [
        question(f"q{n}", number=n, section=sections[n * 2 // (many + 1)]) for n in range(1, many + 1)
    ]
    refs = (Reference(1, "https://example.org/a"),)
    page = topic_page(topic(*questions, references=refs), LINKS)
    _, meta = get_data(page)
    assert meta["mlprep_toc"] == [
        ["section-basics-of-git", "Basics of git"],
        ["section-a-b", "A &amp; B\u2028"],  # a line separator is a character (core.text.lines)
        ["references", "References"],
    ]
    small = topic_page(topic(*questions[:TOC_QUESTIONS_MAX], references=refs), LINKS)
    assert "mlprep_toc" not in get_data(small)[1]


def test_render_command_writes_pages_and_nav(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name, text in SAMPLE_CONTENT.items():
        (content / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(content),
            "--out",
            str(out),
            "--edit-base",
            "https://github.com/o/r/edit/main/content/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".mlprep-written.json",  # what render wrote, so a later run replaces only its own files
        "assets",
        "index.md",
        "nav.yml",
        "quiz.md",
        "sample.md",
        "second.md",
        "tags.md",
    ]
    assert (out / "nav.yml").read_text(encoding="utf-8") == (
        "nav:\n- Home: index.md\n- Sample topic: sample.md\n- Second topic: second.md\n- Quiz: quiz.md\n"
        "- Tags: tags.md\n"
    )
    sample = (out / "sample.md").read_text(encoding="utf-8")
    assert 'data-qid="compare-values"' in sample
    assert 'href="https://github.com/o/r/blob/main/content/sample.md#L' in sample


def test_render_command_fails_on_content_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    bad = "# Bad\n\n1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\nNever closed.\n"
    (content / "bad.md").write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(content), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "bad.md:5:1: error: unclosed <details>" in result.output
    assert not (tmp_path / "out").exists()


def test_root_mkdocs_yml_enables_the_extensions_pages_are_written_for() -> None:
    from pathlib import Path

    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).parent.parent / "mkdocs.yml"))
    assert set(MARKDOWN_EXTENSIONS) <= set(config["markdown_extensions"])
