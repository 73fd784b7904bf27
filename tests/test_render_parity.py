"""Answers look on the site as they do on GitHub (issue 20, item 1), in the style of
pymdown-extensions' tests: markdown in, the structure GitHub's renderer (cmark-gfm) gives it,
and ours side by side (tests/parity.py: list items, list depth, code blocks, tables and rows,
visible text).

Each case is one way Python-Markdown reads CommonMark otherwise, found on the corpus of issue
20 (bench/bench_parity.py). Each case also shows the difference is real: the answer's markdown
rendered without `answers.commonmark` has another structure than GitHub's.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlprep_site.answers.commonmark import normalise, page_markdown, unlike_shapes
from mlprep_site.answers.markup import answer_markdown
from mlprep_site.answers.render import PAGE_MARKDOWN, AnswerRenderer
from mlprep_site.answers.unlike import unlike_findings
from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank
from tests.parity import Structure, code_texts, github_html, structure
from tests.render_helpers import QuestionBlocks
from tests.site_helpers import build_site, quiz_answers, write_site

RENDERER = AnswerRenderer()


def cause(markdown_text: str, **github: int) -> tuple[str, dict[str, int]]:
    return textwrap.dedent(markdown_text).strip("\n"), github


# Name → (answer markdown, what GitHub shows of it: the counts that Python-Markdown got wrong).
CAUSES: dict[str, tuple[str, dict[str, int]]] = {
    "list right after a paragraph line": cause(
        """
        Examples
         - Ridge (L2 norm)
         - Lasso (L1 norm)
        """,
        items=2,
        depth=1,
    ),
    "two-space nested list": cause(
        """
        - the more predictors you add the higher R^2 becomes.
          - hence use adjusted R^2
          - or train error metrics
        - done
        """,
        items=4,
        depth=2,
    ),
    "fence interrupting a paragraph": cause(
        """
        Run it:
        ```python
        print("hi")
        ```
        Then look.
        """,
        code=1,
        in_paragraph=0,
    ),
    "fence closed by a longer fence": cause(
        """
        ```python
        print('one')
        ````

        Still the answer's text.
        """,
        code=1,
    ),
    "list line right after a table row": cause(
        """
        | Rule | Why |
        |------|-----|
        | escape | XSS |
        - and check the rendered HTML
        """,
        tables=1,
        rows=2,
        items=1,
    ),
    "fence in a 1. item indented by three": cause(
        """
        1. **Function Components:** pure functions:

           ```jsx harmony
           function Greeting({ message }) {
             return <h1>{message}</h1>;
           }
           ```

        2. **Class Components:** classes.
        """,
        items=2,
        code=1,
    ),
    "fence info string with bare words": cause(
        """
        ```js live
        console.log(1);
        ```
        """,
        code=1,
    ),
    "indented fence with a line indented less": cause(
        """
        - Hashes:

         ```
         my %capital_cities = (
          'Madrid' => 'Spain'
        );
         ```
        """,
        items=1,
        code=1,
    ),
    "HTML block left open before markdown": cause(
        """
        <details><summary><b>Answer</b></summary>
        <p>

        #### Answer: D

        Within the function, we first declare the `name` variable.

        </p>
        </details>
        """,
    ),
    "indented HTML lines in an element with markdown": cause(
        """
        <details>
            <summary><b>See deep-dive answer</b></summary>
            The evolution of React:

        **2010-2011: The Origins**
        - The journey began with **XHP**
        </details>
        """,
        items=1,
        code=0,
    ),
    "backslash escapes only CommonMark knows": cause(
        """
        The thread doesn\\'t wait \\/ a line\\
        broken here.
        """,
    ),
    "emphasis marks CommonMark cannot pair": cause("24C5*(1+5(24-5))/24C5*24C5 = 4/1771 and {X*,S*}"),
    "a < that opens no tag": cause("without needing to wrap it in a <Context.Consumer> component."),
    "escaped pipes in a table's code span": cause(
        """
        | Operator | Example |
        |----------|---------|
        | Logical OR | `true \\|\\| false` |
        """,
        tables=1,
        rows=2,
    ),
    "ordered list with )": cause(
        """
        1) Data sets have errors.
        2) Data is cheap.
        """,
        items=2,
    ),
    "empty list item": cause(
        """
        - Improved testing: concepts like CI
        -
        """,
        items=2,
    ),
    "list after a paragraph in a blockquote": cause(
        """
        > **Cluster vs Worker Threads:**
        > - **Cluster** forks processes.
        > - **Worker Threads** share memory.
        """,
        items=2,
    ),
    "ATX heading indented under a paragraph": cause(
        """
        The usage involves three steps:
         #### **Step 1 : Create the Context**
        Use `React.createContext()`.
        """,
    ),
    "Unicode digits are no list number": cause(
        """
        Here are a few examples:

        𝟭. 𝗪𝗵𝗲𝗻 the right table holds the data.
        """,
        items=0,
    ),
    "link destination with spaces": cause("Quoting [Kubernetes.io](Labels can be used to select objects)."),
    "link destination with a quote and parentheses": cause(
        "Send [mail](mailto:a@b.c?subject=Re%20'SJIQ'&body=x%20(e.g.%20y)). I promise, the pigeons fly."
    ),
    "code span with a space at one end": cause("Not in `for...in` loops or` Object.keys()`."),
    "setext heading in a list item": cause(
        """
        - Two kinds
          ---
        - of headings
          ===
        """,
        items=2,
    ),
    "ordered list with ) in a blockquote": cause(
        """
        > 1) Data sets have errors.
        > 2) Data is cheap.
        """,
        items=2,
    ),
    "task list": cause(
        """
        - [x] `git stash`
        - [ ] `git reset`
        - [ ]
        """,
        items=3,
    ),
}


@pytest.mark.parametrize("name", sorted(CAUSES))
def test_answer_looks_as_on_github(name: str) -> None:
    source, expected = CAUSES[name]
    theirs = structure(github_html(source))
    for field, value in expected.items():
        assert getattr(theirs, field) == value, f"GitHub's {field}"
    html = RENDERER.render(source).html
    assert structure(html) == theirs
    assert code_texts(html) == code_texts(github_html(source))
    # Python-Markdown on the answer as it was written: another structure (the cause is real).
    assert structure(unnormalised_html(source)) != theirs


def unnormalised_html(source: str) -> str:
    md = markdown.Markdown(
        extensions=list(PAGE_MARKDOWN.extensions),
        extension_configs={name: dict(options) for name, options in PAGE_MARKDOWN.configs.items()},
    )
    return md.convert(answer_markdown(source))


def test_what_already_reads_alike_is_left_as_written() -> None:
    for source in (
        "Plain words, `code`, **bold** and a [link](https://example.com/a_(b)).",
        "-   one\n-   two\n\n        indented code",
        "Text.\n\n```python\nx = 1\n```\n\nMore.",
        "snake_case and __init__ stay, as does an abbreviation\n\n*[NN]: neural network",
    ):
        assert normalise(source) == source


def test_math_keeps_its_tex() -> None:
    """Escapes that text around it gets (an unpaired `*`, `\\'`) never reach the TeX the math
    extension reads: the page draws, and the deck carries, the formula as written."""
    source = "Energy $a_b * c_d$ at 5*(x), and it doesn\\'t:\n\n$$\n\\frac{a_1}{b_2} * c\n$$"
    normalised = normalise(source)
    assert "$a_b * c_d$" in normalised and "$$\n\\frac{a_1}{b_2} * c\n$$" in normalised
    assert "5\\*(x)" in normalised and "doesn't" in normalised
    deck = RENDERER.render(source).deck_html
    assert "\\(a_b * c_d\\)" in deck and "\\[\n\\frac{a_1}{b_2} * c\n\\]" in deck
    assert "5*(x)" in deck and "doesn't" in deck


def test_code_keeps_its_text_when_its_fence_is_rewritten() -> None:
    source = "1. step:\n\n   ```sh live\n   echo '\\'' *a* <b>\n     two\n   ````\n"
    tokens = MarkdownIt("commonmark").parse
    before = [t.content for t in tokens(source) if t.type in ("fence", "code_block")]
    after = [t.content for t in tokens(normalise(source)) if t.type in ("fence", "code_block")]
    assert before == after == ["echo '\\'' *a* <b>\n  two\n"]


# -- property: answers made of these lines look as on GitHub ---------------------------------

LINES = st.sampled_from(
    [
        "Some text with *emphasis* and `code`",
        "a line\\",
        "It doesn\\'t matter",
        "- item",
        "  - nested item",
        "1. first",
        "1) paren",
        "   continued",
        "```js live",
        "```",
        "````",
        "    indented",
        # A table: head and a row (Python-Markdown adds an empty row to a table without one).
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "| 3 | 4 |",
        "<div>",
        "</div>",  # (a raw <p> that holds markdown: the case above; a browser reads the HTML it
        # gives like GitHub's, but not element for element)
        "> quoted",
        "> - quoted item",
        " ### heading",
        "x*(y)*z",
        "<Tag.Name> here",
        "[a link](with spaces)",
        "[mail](mailto:a?s='x'&b=(y)) and more",
        "or` Object.keys()` and ` both `",
        "- [x] checked",
        "- [ ]",
        "-",
        "",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=14))
def test_answers_of_these_lines_look_as_on_github(lines: list[str]) -> None:
    source = "\n".join(lines)
    html = RENDERER.render(source).html
    assert structure(html) == structure(github_html(source))
    assert code_texts(html) == code_texts(github_html(source))


# -- the built site ---------------------------------------------------------------------------

# Canonical questions (each answer inside <details>), one per cause that an answer block can hold.
SITE_CAUSES = [name for name in sorted(CAUSES) if "</details>" not in CAUSES[name][0]]


def topic_file(answers: list[str]) -> str:
    parts = ["---\ntitle: Parity\nslug: parity\n---\n# Parity\n"]
    for number, answer in enumerate(answers, start=1):
        parts.append(
            f"{number}. **Question {number}?**\n<!-- mlprep: {{id: parity-q{number}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(parts)


def test_topic_page_answers_look_as_on_github(tmp_path: Path) -> None:
    """A small bank with these cases, built by the plugin: each answer on its topic page (and
    in the quiz data, the same string) has GitHub's structure, and the bank still holds each
    answer as it is written."""
    answers = [CAUSES[name][0] for name in SITE_CAUSES]
    config = write_site(tmp_path, content={"parity.md": topic_file(answers)}, plugin={"study": True})
    bank, _ = load_bank([tmp_path / "content"])
    (topic,) = bank.topics
    assert [q.answer for q in topic.questions] == answers  # the stored text is not normalised
    site = build_site(config, strict=True)
    page = (site / "parity" / "index.html").read_text(encoding="utf-8")
    blocks = QuestionBlocks(page[page.index("<article") : page.index("</article>")])
    assert quiz_answers(site) == blocks.answers
    differing: dict[str, tuple[Structure, Structure]] = {}
    for number, (name, answer) in enumerate(zip(SITE_CAUSES, answers, strict=True), start=1):
        ours, theirs = structure(blocks.answers[f"parity-q{number}"]), structure(github_html(answer))
        if ours != theirs:
            differing[name] = (theirs, ours)
    assert differing == {}
    assert page_markdown(answers[0]) != answers[0]  # what the page was given is normalised


# -- what cannot be made alike: a warning at the answer's line ---------------------------------

UNLIKE = {
    "a list nested in a list inside a blockquote": ("> Steps:\n>\n> - one\n>   - one's part\n> - two", 3),
    "a setext heading ending in '#' inside a list item": ("- Why C#\n  ---\n- and F#", 0),
}


@pytest.mark.parametrize("shape", sorted(UNLIKE))
def test_what_cannot_be_made_alike_is_a_warning_at_its_line(shape: str, tmp_path: Path) -> None:
    """Shapes `answers.commonmark` cannot make alike: the site shows them otherwise than GitHub
    (cmark-gfm, side by side), and `validate` says so at the line in the answer's file."""
    source, offset = UNLIKE[shape]
    assert structure(RENDERER.render(source).html) != structure(github_html(source))
    assert unlike_shapes(source) == [(offset, shape)]
    topic = topic_file(["Plain words.", source])
    (tmp_path / "parity.md").write_text(topic, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    line = topic.split("\n").index(source.split("\n")[0]) + 1 + offset
    assert topic.split("\n")[line - 1] == source.split("\n")[offset]
    expected = f"parity.md:{line}:1: warning: {shape}: the site shows it otherwise than GitHub"
    assert expected in result.output
    assert result.output.count("[unlike-github]") == 1
    assert result.exit_code == 0, result.output  # a warning, not an error


def test_what_reads_alike_gives_no_warning(tmp_path: Path) -> None:
    """No warning for what the site shows as GitHub does: the causes it rewrites, and a bank."""
    assert [name for name, (source, _) in CAUSES.items() if unlike_shapes(source)] == []
    (tmp_path / "parity.md").write_text(topic_file([CAUSES[n][0] for n in SITE_CAUSES]), encoding="utf-8")
    bank, _ = load_bank([tmp_path])
    assert unlike_findings(bank.topics) == []


def test_raw_paragraph_holding_text_then_a_fence() -> None:
    """GitHub leaves a raw `<p>` open over the text after it and the fence that follows: a
    browser ends that paragraph at the fence, so a reader sees the text, then the code, as on
    the site (reactjs-interview-questions' "See Class" answers). A block that breaks a
    paragraph counts only with words after it (`Structure.in_paragraph`)."""
    source = "Intro.\n\n<details><summary><b>See Class</b></summary>\n<p>\nThe class, in `constructor`.\n\n```jsx harmony\nclass App {}\n```\n\n</p>\n</details>"
    assert structure(RENDERER.render(source).html) == structure(github_html(source))
    assert structure("<p>words<pre>x</pre></p>").in_paragraph == 0
    assert structure("<p>words<pre>x</pre>more words</p>").in_paragraph == 1
    assert structure("<p>words<div><pre>x</pre></div>\nmore</p>").in_paragraph == 1
