"""`answers.render`: an answer's markdown in, its HTML out, side by side (in the style of
pymdown-extensions' tests), with the site's markdown configuration."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.answers.render import PAGE_MARKDOWN, AnswerRenderer, MarkdownConfig, RenderedAnswer
from mlprep_site.core.domain.model import Question, Topic

# A site whose mkdocs.yml adds footnotes, abbreviations and toc permalinks to the defaults.
SITE = MarkdownConfig(
    [*PAGE_MARKDOWN.extensions, "footnotes", "abbr", "toc"],
    {**PAGE_MARKDOWN.configs, "toc": {"permalink": True}},
)
NOTE_BACKREF = (
    '<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">&#8617;</a>'
)


def check_markdown(
    source: str, expected: str, renderer: AnswerRenderer | None = None, deck: str | None = None
) -> RenderedAnswer:
    """`source` (dedented) rendered is `expected` (dedented, no line breaks of its own at the
    ends); its deck HTML is `deck` (default: the very same string)."""
    rendered = (renderer or AnswerRenderer()).render(textwrap.dedent(source).strip("\n"))
    assert rendered.html == textwrap.dedent(expected).strip("\n")
    if deck is None:
        assert rendered.deck_html is rendered.html
    else:
        assert rendered.deck_html == textwrap.dedent(deck).strip("\n")
    return rendered


def test_paragraphs_lists_and_emphasis() -> None:
    check_markdown(
        """
        **Short answer.**

        - one
        - `two`
        """,
        """
        <p><strong>Short answer.</strong></p>
        <ul>
        <li>one</li>
        <li><code>two</code></li>
        </ul>
        """,
    )


def test_admonition_and_collapsible_note() -> None:
    check_markdown(
        """
        !!! warning
            careful

        ??? note "Hint"
            hidden hint
        """,
        """
        <div class="admonition warning">
        <p class="admonition-title">Warning</p>
        <p>careful</p>
        </div>
        <details class="note">
        <summary>Hint</summary>
        <p>hidden hint</p>
        </details>
        """,
    )


def test_nested_details_hint_renders_as_markdown() -> None:
    check_markdown(
        """
        Main.

        <details>
        <summary>Hint</summary>

        *think*

        </details>
        """,
        """
        <p>Main.</p>
        <details>
        <summary>Hint</summary>
        <p><em>think</em></p>
        </details>
        """,
    )


def test_fence_left_open_ends_with_its_answer() -> None:
    check_markdown(
        """
        Code:

        ```python
        x = 1
        """,
        """
        <p>Code:</p>
        <div class="highlight"><pre><span></span><code><span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>
        </code></pre></div>
        """,
    )


def test_math_is_mathml_on_the_page_and_tex_in_the_deck() -> None:
    check_markdown(
        """
        Inline $a_1$, a price of $5 and $b^2$
        """,
        """
        <p>Inline <math class="mlprep-math" display="inline"><semantics><mrow><msub><mi>a</mi><mn>1</mn></msub></mrow><annotation encoding="application/x-tex">a_1</annotation></semantics></math>, a price of $5 and <math class="mlprep-math" display="inline"><semantics><mrow><msup><mi>b</mi><mn>2</mn></msup></mrow><annotation encoding="application/x-tex">b^2</annotation></semantics></math></p>
        """,
        deck=r"""
        <p>Inline \(a_1\), a price of $5 and \(b^2\)</p>
        """,
    )
    check_markdown(
        """
        $$
        a < b
        $$
        """,
        """
        <div class="mlprep-math-display"><math class="mlprep-math" display="block"><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow><annotation encoding="application/x-tex">
        a &lt; b
        </annotation></semantics></math></div>
        """,
        deck=r"""
        <div class="mlprep-math-display">\[
        a &lt; b
        \]</div>
        """,
    )


def test_invalid_tex_shows_as_written_in_both() -> None:
    check_markdown(
        r"""
        Broken $\frac{1}$.
        """,
        r"""
        <p>Broken <code class="mlprep-math-invalid" title="invalid TeX: a command is missing an argument (mfrac: 1 of 2 parts)">$\frac{1}$</code>.</p>
        """,
    )


def test_math_in_code_stays_code_in_the_deck() -> None:
    check_markdown(
        """
        `$x$` and $x$
        """,
        r"""
        <p><code>$x$</code> and <math class="mlprep-math" display="inline"><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math></p>
        """,
        deck=r"""
        <p><code>$x$</code> and \(x\)</p>
        """,
    )


def test_the_site_configuration_is_used() -> None:
    check_markdown(
        """
        ### A heading

        Text.
        """,
        """
        <h3 id="a-heading">A heading<a class="headerlink" href="#a-heading" title="Permanent link">&para;</a></h3>
        <p>Text.</p>
        """,
        AnswerRenderer(SITE),
    )


def test_footnotes_abbreviations_and_link_references_belong_to_their_answer() -> None:
    renderer = AnswerRenderer(SITE)
    check_markdown(
        """
        One NN[^1], [the docs][d].

        [^1]: First.
        [d]: https://example.com/one
        *[NN]: neural network
        """,
        f"""
        <p>One <abbr title="neural network">NN</abbr><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>, <a href="https://example.com/one">the docs</a>.</p>
        <div class="footnote">
        <hr />
        <ol>
        <li id="fn:1">
        <p>First.&#160;{NOTE_BACKREF}</p>
        </li>
        </ol>
        </div>
        """,
        renderer,
    )
    check_markdown(
        """
        Two NN[^1], [the docs][d].

        [^1]: Second.
        """,
        f"""
        <p>Two NN<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>, [the docs][d].</p>
        <div class="footnote">
        <hr />
        <ol>
        <li id="fn:1">
        <p>Second.&#160;{NOTE_BACKREF}</p>
        </li>
        </ol>
        </div>
        """,
        renderer,
    )


def test_sanitised_site_cleans_and_never_reads_snippets(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    config = MarkdownConfig(
        [*PAGE_MARKDOWN.extensions, "pymdownx.snippets"],
        {"pymdownx.snippets": {"base_path": [str(tmp_path)]}},
    )
    assert "SECRET" in AnswerRenderer(config).render('--8<-- "secret.txt"').html  # read when not sanitised
    source = '<script>alert(1)</script>\n\n<p onclick="x">Hi $x$</p>\n\n--8<-- "secret.txt"'
    rendered = AnswerRenderer(config, sanitize=True).render(source)
    # The raw HTML blocks leave their blank lines; the script and the handler are gone, the
    # snippet marker is text.
    assert rendered.html == '\n\n<p>Hi $x$</p>\n\n<p>--8&lt;-- "secret.txt"</p>'
    assert rendered.deck_html is rendered.html
    assert "pymdownx.snippets" in config.extensions  # the site's configuration is left as it was


def test_topic_answers_by_question_id() -> None:
    topic = Topic(
        slug="t",
        title="T",
        source="t.md",
        questions=(
            Question(id="a", number=1, question="A?", answer="*a*"),
            Question(id="b", number=2, question="B?"),
        ),
    )
    answers = AnswerRenderer().topic_answers(topic)
    assert answers == {"a": RenderedAnswer("<p><em>a</em></p>", "<p><em>a</em></p>"), "b": None}


def test_without_drops_an_extension_and_its_options() -> None:
    config = MarkdownConfig(
        ["toc", "pymdownx.snippets"], {"toc": {}, "pymdownx.snippets": {"base_path": "."}}
    )
    assert config.without("pymdownx.snippets") == MarkdownConfig(["toc"], {"toc": {}})


def test_a_code_span_over_lines_with_an_indented_middle_line_renders() -> None:
    """Jollu8/C-INTERVIEW-QUESTIONS: a fence written with single backticks is a code span over
    three lines, the middle one indented four spaces; written as HTML on one line, it crashed
    the build (the paragraph's lines no longer matched)."""
    paragraph = AnswerRenderer().render("Example:\n`cpp\n    co_await s();\n    `").html
    assert paragraph.startswith("<p>Example: <code>cpp") and "co_await s();" in paragraph, paragraph
    assert "`" not in paragraph and paragraph.count("<code>") == 1
    items = AnswerRenderer().render("- item `a\n      b\n  ` end\n- two").html
    assert items.count("<li>") == 2 and items.count("<code>") == 1 and "`" not in items, items


MARKDOWN_PIECES = [
    "`",
    "``",
    " ",
    "    ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "a",
    "b",
    "*",
    "_",
    "\\",
    "<",
    "|",
    "#",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_any_answer_renders_without_an_exception(markdown: str) -> None:
    """Code spans over lines, list items, quotes, escapes and tables in any order: the page's
    rewriting for Python-Markdown (`page_markdown`) and the render never raise."""
    AnswerRenderer().render(markdown)
