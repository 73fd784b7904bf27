"""Formulas valid on their face skip latex2mathml in the TeX check (issue 23: dense math
validated at seconds per MB): the grammar of `core.text.tex_plain` never says valid where
latex2mathml would refuse a formula, or draw a part missing or a command as its name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.text import tex
from mlprep_site.core.text.tex_plain import _ONE_ARGUMENT, _SYMBOLS, is_plainly_valid

PIECES = [
    *"xy2+-=<>()[]|,.!:;*/ ^_{}'&",
    *(
        "{x}",
        "^2",
        "_i",
        "_{ij}",
        "^{n-1}",
        "10",
        "\\frac",
        "\\sqrt",
        "\\,",
        "\\;",
        "\\\\",
        "\\left(",
        "\\right)",
    ),
    *(
        "\\text{a}",
        "\\text{a b}",
        "\\text{}",
        "\\text",
        "\n",
        "\t",
        "\\foo",
        "\\begin{matrix}",
        "\\end{matrix}",
        "é",
    ),
    *(f"\\{name}" for name in sorted(_SYMBOLS | _ONE_ARGUMENT)),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))
def test_a_formula_valid_on_its_face_is_one_latex2mathml_draws_whole(pieces: list[str]) -> None:
    formula = "".join(pieces)
    if is_plainly_valid(formula):
        for display in (False, True):
            assert tex.drawn_problem(formula, display) is None, formula


@pytest.mark.parametrize(
    ("formula", "plain"),
    [
        ("x_{123} + \\frac{1}{n}", True),
        ("\\sum_{i=1}^{n} x_i^2", True),
        ("\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1", True),
        ("\\hat{y} = \\mathbf{W} x + b", True),
        ("\\text{Var}(\\bar{X}) = \\frac{\\text{Var}(X)}{n}", True),
        ("\n    \\sigma(z) = (1 + \\exp(-z))^{-1}\n", True),
        ("\\text{a_b}", False),
        ("x_a_b", False),  # a double subscript: latex2mathml's error to give
        ("\\frac{1}", False),  # a missing part
        ("x^{}", False),
        ("\\foo", False),  # unknown: latex2mathml's warning to give
        ("\\sqrt[3]{x}", False),  # outside the grammar, valid all the same
        ("\\left( x \\right)", False),
        ("", False),
        ("}x{", False),
    ],
)
def test_the_grammar(formula: str, plain: bool) -> None:
    assert is_plainly_valid(formula) is plain


def test_distinct_formulas_valid_on_their_face_are_not_drawn_by_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []
    real = tex._mathml_tree

    def counted(formula: str, display: bool) -> object:
        drawn.append(formula)
        return real(formula, display)

    monkeypatch.setattr(tex, "_mathml_tree", counted)
    answer = " ".join(f"$x_{{{n}}} + \\frac{{{n}}}{{k}}$" for n in range(500)) + " $\\frac{1}$ $\\sqrt[3]{8}$"
    topic = Topic("t", "T", "t.md", (Question("q", 1, "Q?", answer=answer, answer_line=3),))
    findings = tex.math_findings([topic])
    assert [(f.line, f.code) for f in findings] == [(3, "invalid-math")]
    assert drawn == ["\\frac{1}", "\\sqrt[3]{8}"]
