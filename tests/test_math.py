"""Math in answers: markdown in, MathML out (side by side); invalid TeX as `file:line` findings
from `validate` and the build; the Anki deck gets `\\(…\\)` / `\\[…\\]` back."""

from __future__ import annotations

import logging
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort
from pymdownx import arithmatex

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.answers.render import AnswerRenderer, with_tex
from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank
from mlprep_site.core.text import tex as tex_module
from mlprep_site.core.text.tex import (
    BLOCK_MATH,
    BLOCK_MATH_RE,
    INLINE_MATH,
    INLINE_MATH_RE,
    find_math,
    math_findings,
    tex_problem,
    tex_to_mathml,
)
from mlprep_site.exports.anki import write_apkg
from tests.site_helpers import build_site, write_site
from tests.test_anki import notes_by_id, read_apkg


def render(text: str) -> str:
    html: str = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(text)
    return html


class HtmlText(HTMLParser):
    """The text an HTML fragment shows, its elements in order and their classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.classes.extend(value or "" for name, value in attrs if name == "class")

    def handle_data(self, data: str) -> None:
        self.text += data


def semantics(mode: str, body: str, tex: str) -> str:
    return (
        f'<math class="mlprep-math" display="{mode}"><semantics>{body}'
        f'<annotation encoding="application/x-tex">{tex}</annotation></semantics></math>'
    )


SIGMOID_TEX = r"\sigma(z) = \frac{1}{1+e^{-z}}"
SIGMOID_MATHML = (
    '<mrow><mi>σ</mi><mo stretchy="false">(</mo><mi>z</mi><mo stretchy="false">)</mo><mo>=</mo>'
    "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo>"
    "<mi>z</mi></mrow></msup></mrow></mfrac></mrow>"
)
KL_MATHML = (
    '<mrow><mrow><mi mathvariant="normal">K</mi><mi mathvariant="normal">L</mi></mrow>'
    '<mo stretchy="false">(</mo><mi>P</mi><mo fence="false" stretchy="false">‖</mo><mi>Q</mi>'
    '<mo stretchy="false">)</mo></mrow>'
)
KL_TEX = "\n\\mathrm{KL}(P\\|Q)\n"
HTML_IN_TEX = r"\text{&lt;b&gt;x&lt;/b&gt;}"

CASES = [
    pytest.param(
        f"The sigmoid ${SIGMOID_TEX}$ squashes.",
        f"<p>The sigmoid {semantics('inline', SIGMOID_MATHML, SIGMOID_TEX)} squashes.</p>",
        id="inline",
    ),
    pytest.param(
        "Divergence:\n\n$$\n\\mathrm{KL}(P\\|Q)\n$$\n\nend",
        "<p>Divergence:</p>\n"
        f'<div class="mlprep-math-display">{semantics("block", KL_MATHML, KL_TEX)}'
        "</div>\n<p>end</p>",
        id="display",
    ),
    pytest.param(
        "$a<b$ & $\\text{<b>x</b>}$",
        f"<p>{semantics('inline', '<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>', 'a&lt;b')} &amp; "
        f"{semantics('inline', '<mrow><mtext>&lt;b&gt;x&lt;/b&gt;</mtext></mrow>', HTML_IN_TEX)}</p>",
        id="markup-in-tex-is-text",
    ),
    pytest.param("It costs $5 and $10.", "<p>It costs $5 and $10.</p>", id="prices-are-not-math"),
    pytest.param(
        "for my $city (keys %capital_cities) {\nprint $capital_cities{$city};",
        "<p>for my $city (keys %capital_cities) {\nprint $capital_cities{$city};</p>",
        id="unbalanced-braces-are-not-math",
    ),
    pytest.param(r"Escaped \$x\$ dollars.", "<p>Escaped $x$ dollars.</p>", id="escaped-dollars"),
    pytest.param(
        "Code `$x$` and `a $b` c$.", "<p>Code <code>$x$</code> and <code>a $b</code> c$.</p>", id="code-spans"
    ),
    pytest.param(
        r"Bad $\frac{1}$ here.",
        '<p>Bad <code class="mlprep-math-invalid" title="invalid TeX: a command is missing an argument '
        '(mfrac: 1 of 2 parts)">$\\frac{1}$</code> here.</p>',
        id="invalid-shows-source",
    ),
]


class Shape(HTMLParser):
    """HTML as the events that matter: elements, their attributes and text. Inside
    `<semantics>` (latex2mathml's MathML) attributes are its own choices (`stretchy`, `fence`)
    and are left out; our wrapper's, the annotation's and everything outside are kept."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.depth_in_mathml = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ours = self.depth_in_mathml == 0 or tag == "annotation"
        self.events.append(("start", tag, *(sorted(f"{k}={v}" for k, v in attrs) if ours else ())))
        if tag == "semantics" or self.depth_in_mathml:
            self.depth_in_mathml += 1

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        if self.depth_in_mathml:
            self.depth_in_mathml -= 1

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


@pytest.mark.parametrize(("source", "html"), CASES)
def test_markdown_to_mathml(source: str, html: str) -> None:
    assert Shape(render(source)).events == Shape(html).events


def test_dollars_in_fenced_code_stay_code() -> None:
    """Pygments' markup is its own (its quoting changed in 2.21): compared by structure."""
    code = HtmlText()
    code.feed(render('```python\nprice = "$x$"\n```'))
    assert code.text == 'price = "$x$"\n'
    assert code.tags[:2] == ["div", "pre"] and "code" in code.tags and "math" not in code.tags
    assert code.classes[0] == "highlight"  # the class our style sheet and Material's rely on


def test_patterns_are_arithmatex_smart_dollar_and_dollar_block() -> None:
    # Copied so that validating a bank does not import markdown; they must not drift apart.
    assert INLINE_MATH == arithmatex.RE_SMART_DOLLAR_INLINE
    assert BLOCK_MATH == arithmatex.RE_DOLLAR_BLOCK


@pytest.mark.parametrize(
    ("tex", "problem"),
    [
        (r"\frac{a}{b} + \sqrt{x} + \sum_{i=1}^n x_i^2", None),
        (r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", None),
        (r"\frac{1}", ("error", "a command is missing an argument (mfrac: 1 of 2 parts)")),
        (r"x^", ("error", "^ or _ has nothing after it")),
        (r"\left( x", ("error", "\\left and \\right do not pair up")),
        (r"\begin{matrix} a", ("error", "\\begin{…} without its matching \\end{…}")),
        (r"x^{2", ("error", "a { without its }")),
        (r"x}", ("error", "a } without its {")),
        (r"\{ x \}", None),
        (r"\foo x", ("warning", "\\foo is not a TeX command the site can draw")),
    ],
)
def test_tex_problem(tex: str, problem: tuple[str, str] | None) -> None:
    assert tex_problem(tex, display=False) == problem


def test_unbalanced_spans_are_text_for_validate_and_the_page_alike() -> None:
    """Perl in a public repository read as TeX was an error that failed the build."""
    answer = "for my $city (keys %h) {\n  print $h{$city};\n}\n\nThen $x^2$ is math, $a}b$ is not."
    assert [s.tex for s in find_math(answer)] == ["x^2"]
    assert render(answer).count("<math") == 1 and "$a}b$" in render(answer)


def test_find_math_lines_skip_code_and_follow_markdown() -> None:
    answer = textwrap.dedent(
        r"""
        First $a$ and `$not$` then $b +
        c$ across lines.

        ```
        $fenced$
        ```

        $$
        c
        $$

        - item

            $$d$$

        \\$e$ after an escaped backslash; \$f\$ escaped dollars.
        """
    ).strip("\n")
    spans = [(s.tex, s.display, s.line) for s in find_math(answer)]
    assert spans == [
        ("a", False, 0),
        ("b +\nc", False, 0),
        ("\nc\n", True, 7),
        ("d", True, 13),
        ("e", False, 15),
    ]
    # the spans found are the ones markdown draws: as many <math> elements on the page
    assert render(answer).count("<math ") == len(spans)


MATH_TOPIC = textwrap.dedent(
    """\
    ---
    title: Math topic
    slug: math
    ---
    # Math topic

    1. **What is the sigmoid?**
    <!-- mlprep: {id: sigmoid} -->

    <details>
    <summary>Answer</summary>

    $\\sigma(z) = \\frac{1}{1+e^{-z}}$, and the divergence is

    $$
    \\mathrm{KL}(P\\|Q)
    $$

    A broken one: $\\frac{1}$.

    </details>
    """
)
BROKEN_LINE = MATH_TOPIC.split("\n").index("A broken one: $\\frac{1}$.") + 1


def test_a_paragraph_of_many_formulas_is_read_at_once() -> None:
    """Each formula's line was counted from the paragraph's start: 300,000 formulas took
    minutes. No clock: a quadratic count stalls the suite."""
    paragraph = "$x$ and $y$\n" * 150_000
    spans = list(find_math(paragraph))
    assert len(spans) == 300_000 and (spans[-2].line, spans[-1].line) == (149_999, 149_999)


def test_validate_reports_invalid_tex_with_file_line(tmp_path: Path) -> None:
    (tmp_path / "math.md").write_text(MATH_TOPIC, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    expected = f"{tmp_path / 'math.md'}:{BROKEN_LINE}:1: error: invalid TeX $\\frac{{1}}$: "
    assert expected in result.output
    bank, findings = load_bank([tmp_path])
    assert findings == []  # loading alone does not draw formulas: export and check-links skip it
    assert [(f.line, f.code) for f in math_findings(bank.topics)] == [(BROKEN_LINE, "invalid-math")]


def test_build_fails_with_file_line_and_keeps_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(tmp_path, content={"math.md": MATH_TOPIC})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="BuildError"):
        build_site(config_file, strict=True)
    assert f"content/math.md:{BROKEN_LINE}: invalid TeX $\\frac{{1}}$" in caplog.text
    assert "mlprep: 1 content error (listed above as file:line)" in caplog.text
    site = build_site(config_file, content_errors=True)  # the page is built, the formula shown as written
    page = (site / "math" / "index.html").read_text(encoding="utf-8")
    assert page.count('<math class="mlprep-math"') == 2
    assert '<code class="mlprep-math-invalid"' in page and "$\\frac{1}$</code>" in page


def test_the_deck_takes_each_formula_as_its_tex_from_the_markdown() -> None:
    """The page's answer HTML with each formula's MathML replaced by the TeX of the markdown it
    was drawn from, between Anki's delimiters (HTML-escaped); MathML it did not draw stays."""
    answer = f"Inline ${SIGMOID_TEX}$ and $a<b$.\n\n$$\nx^2\n$$\n"
    html = AnswerRenderer().render(answer).html
    assert with_tex(html, page_markdown(answer)) == (
        f"<p>Inline \\({SIGMOID_TEX}\\) and \\(a&lt;b\\).</p>\n"
        '<div class="mlprep-math-display">\\[\nx^2\n\\]</div>'
    )
    other = "<p>no math: <math><mi>x</mi></math></p>"
    assert with_tex(other, "no math: $y$") == other


def test_anki_deck_carries_tex_for_anki_mathjax(tmp_path: Path) -> None:
    (tmp_path / "math.md").write_text(MATH_TOPIC.replace(" A broken one: $\\frac{1}$.", ""), encoding="utf-8")
    bank, _ = load_bank([tmp_path])
    site_html = {"sigmoid": AnswerRenderer().render(bank.questions[0].answer or "").html}
    for answers in (lambda topic: site_html, None):  # the page's answer HTML, or rendered by the export
        write_apkg(bank, tmp_path / "deck.apkg", answer_html=answers)
        answer = notes_by_id(read_apkg(tmp_path / "deck.apkg"))["sigmoid"]["fields"]["Answer"]
        assert f"\\({SIGMOID_TEX}\\)" in answer
        assert "\\[\n\\mathrm{KL}(P\\|Q)\n\\]" in answer
        assert "<math" not in answer


def test_tex_to_mathml_wraps_several_top_level_elements_in_one_row() -> None:
    mathml = tex_to_mathml("x", display=True)
    assert mathml.startswith('<math class="mlprep-math" display="block"><semantics><mrow>')


def _old_inline_spans(text: str) -> list[tuple[str, str]]:
    """The inline scan before it went linear: the text rebuilt after each run of escaped
    backslashes (the oracle of the test below)."""
    spans, position = [], 0
    while match := INLINE_MATH_RE.search(text, position):
        position = match.end()
        if match.group(1):
            text = text[: match.start()] + "\x03" * len(match.group(1)) + text[position:]
            continue
        spans.append((match.group(3), match.group(0)))
    return spans


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(["\\", "\\\\", "$", "$$", "a", " ", "b c"]), max_size=24).map(
        lambda parts: "a" + "".join(parts)
    )
)
def test_escaped_backslashes_before_dollars_are_read_as_before(line: str) -> None:
    spans = list(find_math(line))
    if spans and spans[0].display:
        assert len(spans) == 1 and BLOCK_MATH_RE.match(line)
    else:
        assert [(s.tex, s.source) for s in spans] == _old_inline_spans(line)


def test_a_paragraph_of_many_escaped_backslashes_is_read_at_once() -> None:
    """Each run of escaped backslashes rebuilt the paragraph: 200,000 of them took minutes."""
    paragraph = "\\\\$a$ " * 200_000
    spans = list(find_math(paragraph))
    assert len(spans) == 200_000 and {s.tex for s in spans} == {"a"}


def test_dollars_in_a_title_or_question_stay_text() -> None:
    """Titles and questions are shown as written: `$L_1$` there is not drawn (from the
    entities that escape `_`, it would come out garbled)."""
    from dataclasses import replace

    from tests.render_helpers import make_topic, render_topic

    topic = make_topic("A $x$ answer.")
    topic = replace(topic, title="Regularisation with $L_1$")
    topic = replace(topic, questions=(replace(topic.questions[0], question="Why $L_1$ and `$x`?"),))
    html, _ = render_topic(topic, extra=("mlprep_site.answers.math_markdown",))
    h1 = html[html.index("<h1") : html.index("</h1>")]
    assert "<math" not in h1 and "Regularisation with &#36;L&#95;1&#36;" in h1
    h2 = html[html.index("<h2") : html.index("</h2>")]
    assert "<math" not in h2 and "Why &#36;L&#95;1&#36; and <code>&#36;x</code>?" in h2
    assert html.count("<math") == 1  # the answer's


def _dense_math_topic(slug: str, first: int, count: int, broken: str = "") -> str:
    """A topic of `count` answers, each one distinct formula outside the plain grammar."""
    questions = "".join(
        f"{n - first + 1}. **Question {n}?**\n<!-- mlprep: {{id: q{n}}} -->\n\n"
        f"<details>\n<summary>Answer</summary>\n\n$\\left(x_{{{n}}}\\right)${broken if n == first else ''}\n\n</details>\n\n"
        for n in range(first, first + count)
    )
    return f"---\ntitle: {slug}\nslug: {slug}\n---\n# {slug}\n\n{questions}"


def test_the_check_draws_a_bounded_number_of_formulas_and_says_what_it_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formulas outside `tex_plain`'s grammar are drawn to be checked. Spread over topics, each
    within its topic's math limit, they would make validate cost seconds per MB: the check draws
    at most MAX_DRAWN_FORMULAS distinct ones, and one warning counts the rest at the first."""
    per_topic, topics = 2_000, 3
    for t in range(topics):
        broken = " and $\\frac{1}$" if t == 0 else ""  # checked: within the budget
        (tmp_path / f"t{t}.md").write_text(
            _dense_math_topic(f"t{t}", t * per_topic, per_topic, broken), "utf-8"
        )
    drawn: list[str] = []
    real = tex_module.drawn_problem

    def counting(tex: str, display: bool) -> tuple[str, str] | None:
        drawn.append(tex)
        return real(tex, display)

    monkeypatch.setattr(tex_module, "drawn_problem", counting)
    bank, _ = load_bank([tmp_path])
    findings = math_findings(bank.topics)
    assert len(drawn) == len(set(drawn)) == tex_module.MAX_DRAWN_FORMULAS
    assert [f.code for f in findings] == ["invalid-math", "math-unchecked"]
    unchecked = findings[-1]
    assert unchecked.severity == "warning"
    distinct = topics * per_topic + 1  # and the broken one
    assert unchecked.message.startswith(f"{distinct - tex_module.MAX_DRAWN_FORMULAS} formulas")
    source = (tmp_path / Path(unchecked.path).name).read_text(encoding="utf-8").split("\n")
    first_left = tex_module.MAX_DRAWN_FORMULAS - 1  # numbers start at 0; the broken one was drawn
    assert source[unchecked.line - 1] == f"$\\left(x_{{{first_left}}}\\right)$"


def test_a_formula_repeated_is_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t.md").write_text(_dense_math_topic("t", 0, 1) + "", "utf-8")
    text = (
        (tmp_path / "t.md")
        .read_text(encoding="utf-8")
        .replace("$\\left(x_{0}\\right)$", "$\\left(x_{0}\\right)$ " * 50)
    )
    (tmp_path / "t.md").write_text(text, "utf-8")
    drawn: list[str] = []
    real = tex_module.drawn_problem
    monkeypatch.setattr(
        tex_module, "drawn_problem", lambda tex, display: drawn.append(tex) or real(tex, display)
    )
    bank, _ = load_bank([tmp_path])
    assert math_findings(bank.topics) == [] and drawn == ["\\left(x_{0}\\right)"]
