"""Math in answers: `$…$` and `$$…$$` TeX, rendered to MathML at build time, checked with
`file:line` findings. The deck gives Anki's own MathJax the TeX of the markdown instead
(`answers.render.with_tex`).

Our math element is `<math class="mlprep-math" display="inline|block">` whose `<semantics>`
holds the MathML and, last, `<annotation encoding="application/x-tex">` with the TeX as
written.

latex2mathml is lenient (it draws `\\frac{1}` with one part, and an unknown `\\foo` as its own
name), so `tex_problem` adds the checks a reader would otherwise meet as a garbled formula.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from mlprep_site.core.domain.diagnostics import Finding, Severity
from mlprep_site.core.text.code import code_lines
from mlprep_site.core.text.tex_plain import is_plainly_valid

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from mlprep_site.core.domain.model import Topic

# pymdownx.arithmatex's smart-dollar inline and dollar-block patterns (tests/test_math.py keeps
# them equal), copied so that checking a bank does not import markdown. Smart dollars: no space
# just inside the dollars, so "$5 and $10" stays text. Group 1: escaped backslashes before a `$`.
_DOLLAR_SPAN = r"(\$)(?!\s)((?:\\.|[^\\$\x02\x03])+?)(?<!\s)(?:\$)"  # `$TeX$`: groups 2 and 3 below
INLINE_MATH = rf"(?:(?<!\\)((?:\\{{2}})+)(?=\$)|(?<!\\){_DOLLAR_SPAN})"
BLOCK_MATH = r"(?P<dollar>[$]{2})(?P<math>((?:\\.|[^\\])+?))(?P=dollar)"
INLINE_MATH_RE = re.compile(INLINE_MATH)
# INLINE_MATH's math at a `$` that follows escaped backslashes (no lookbehind); group 1 empty.
MATH_AFTER_ESCAPES_RE = re.compile(rf"(){_DOLLAR_SPAN}")
BLOCK_MATH_RE = re.compile(rf"(?s)^(?:{BLOCK_MATH})[ ]*$")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)

MATH_CLASS = "mlprep-math"
INVALID_CLASS = "mlprep-math-invalid"
DISPLAY_CLASS = "mlprep-math-display"
TEX_ENCODING = "application/x-tex"
# What latex2mathml's exceptions mean to someone who wrote the formula.
_ERROR_MESSAGES = {
    "NumeratorNotFoundError": "a fraction is missing its numerator",
    "DenominatorNotFoundError": "a fraction is missing its denominator",
    "ExtraLeftOrMissingRightError": "\\left and \\right do not pair up",
    "MissingSuperScriptOrSubscriptError": "^ or _ has nothing after it",
    "DoubleSubscriptsError": "double subscript (use braces: x_{a_b})",
    "DoubleSuperscriptsError": "double superscript (use braces: x^{a^b})",
    "NoAvailableTokensError": "a command is missing its argument, or the formula is empty",
    "MissingEndError": "\\begin{…} without its matching \\end{…}",
    "InvalidAlignmentError": "invalid column alignment",
    "InvalidWidthError": "invalid width",
    "InvalidStyleForGenfracError": "invalid \\genfrac style",
    "LimitsMustFollowMathOperatorError": "\\limits must follow an operator such as \\sum",
}
# MathML elements with a fixed number of parts: one missing means a command lost an argument.
_ARITY = {
    "mfrac": 2,
    "mroot": 2,
    "msub": 2,
    "msup": 2,
    "msubsup": 3,
    "munder": 2,
    "mover": 2,
    "munderover": 3,
}
_UNKNOWN_COMMAND_RE = re.compile(r"\\[A-Za-z]+")
_CHAR_REF_RE = re.compile(r"&#x([0-9A-Fa-f]+);")
_BRACE_TOKEN_RE = re.compile(r"\\.|[{}]", re.DOTALL)


class TexError(ValueError):
    """TeX that cannot be drawn as written."""


@dataclass(frozen=True, slots=True)
class MathSpan:
    tex: str
    display: bool
    line: int
    """0-based line of the span's opening `$` within the markdown it was found in."""
    source: str
    """The span as written, dollars included."""


# -- TeX to MathML ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # the check and the page render the same formulas
def _mathml_tree(tex: str, display: bool) -> Element:
    from latex2mathml.converter import convert_to_element

    if _brace_depth_error(tex):
        raise TexError(_brace_depth_error(tex))
    try:
        math = convert_to_element(tex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml signals every problem by an exception
        name = type(error).__name__
        raise TexError(_ERROR_MESSAGES.get(name, f"cannot be read ({name})")) from None
    for element in math.iter():
        parts = _ARITY.get(element.tag)
        if parts is not None and len(element) != parts:
            raise TexError(
                f"a command is missing an argument ({element.tag}: {len(element)} of {parts} parts)"
            )
        if element.text and "&#x" in element.text:
            # latex2mathml writes symbols as character references inside the text; make them
            # characters, so serialising escapes everything else (`\text{<b>}` stays text).
            element.text = _CHAR_REF_RE.sub(lambda m: chr(int(m.group(1), 16)), element.text)
    return math


def is_balanced(tex: str) -> bool:
    """Whether the braces of a `$…$` span pair up. One that does not is not read as math at
    all: in code-like text or prices (`$city (keys %h) {`, `$5 … $10 {`) a dollar is a dollar."""
    return _brace_depth_error(tex) is None


def _brace_depth_error(tex: str) -> str | None:
    depth = 0
    for token in _BRACE_TOKEN_RE.findall(tex):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "a } without its {"
    return "a { without its }" if depth else None


def tex_to_mathml(tex: str, display: bool) -> str:
    """The formula as our MathML element (see the module docstring); raises TexError."""
    from xml.etree.ElementTree import tostring

    math = _mathml_tree(tex, display)
    body = "".join(tostring(child, encoding="unicode") for child in math)
    if len(math) != 1:  # <semantics> takes one presentation element before its annotation
        body = f"<mrow>{body}</mrow>"
    mode = "block" if display else "inline"
    return (
        f'<math class="{MATH_CLASS}" display="{mode}"><semantics>{body}'
        f'<annotation encoding="{TEX_ENCODING}">{escape(tex, quote=False)}</annotation></semantics></math>'
    )


def math_html(tex: str, display: bool, source: str) -> str:
    """The HTML a page shows for a formula: MathML, or the source as written when it is not
    valid TeX (the build reports it with its line; the page stays readable)."""
    try:
        mathml = tex_to_mathml(tex, display)
    except TexError as error:
        title = escape(f"invalid TeX: {error}")
        return f'<code class="{INVALID_CLASS}" title="{title}">{escape(source, quote=False)}</code>'
    return f'<div class="{DISPLAY_CLASS}">{mathml}</div>' if display else mathml


def tex_problem(tex: str, display: bool) -> tuple[Severity, str] | None:
    """What is wrong with a formula: an error when it cannot be drawn, a warning when it draws
    a command latex2mathml does not know as its name (`\\foo`); None when it is fine. A
    formula valid on its face (`tex_plain`) is fine without drawing it."""
    return None if is_plainly_valid(tex) else drawn_problem(tex, display)


def drawn_problem(tex: str, display: bool) -> tuple[Severity, str] | None:
    """`tex_problem` as latex2mathml's drawing of the formula tells it."""
    try:
        math = _mathml_tree(tex, display)
    except TexError as error:
        return "error", str(error)
    for element in math.iter():
        if element.text and element.tag != "mtext":
            unknown = _UNKNOWN_COMMAND_RE.match(element.text)
            if unknown:
                return "warning", f"{unknown.group(0)} is not a TeX command the site can draw"
    return None


# -- finding the math in an answer ------------------------------------------------------------


def find_math(markdown: str) -> Iterator[MathSpan]:
    """The `$…$` and `$$…$$` spans that the page's markdown renders as math: display math is a
    paragraph of its own, inline math is not inside fenced code or a code span (which markdown
    reads first, so math cannot cross one)."""
    lines = markdown.split("\n")
    visible = ["" if code else line for line, code in zip(lines, code_lines(lines), strict=True)]
    start = 0
    for index, line in enumerate([*visible, ""]):
        if line.strip():
            continue
        if index > start:
            yield from _block_math("\n".join(visible[start:index]), start)
        start = index + 1


def _block_math(block: str, first_line: int) -> Iterator[MathSpan]:
    if "$" not in block:
        return
    text = _dedent(block)
    whole = BLOCK_MATH_RE.match(text)
    if whole:
        yield MathSpan(whole.group("math"), True, first_line, text.rstrip(" "))
        return
    if "`" in text:  # a code span is one unit for markdown: blank it, keep its extent
        text = CODE_SPAN_RE.sub(lambda m: "\x02" + re.sub(r"[^\n]", " ", m.group(0)[1:-1]) + "\x03", text)
    position = counted = 0
    line = first_line  # of text[counted]: lines are counted on from the last formula, not from 0
    escaped = False  # text[position] is a `$` after escaped backslashes
    while True:
        # Escaped backslashes are text, and the `$` after them may open math, which the
        # lookbehind of INLINE_MATH_RE would refuse: that `$` is tried on its own first.
        match = MATH_AFTER_ESCAPES_RE.match(text, position) if escaped else None
        match = match or INLINE_MATH_RE.search(text, position + escaped)
        if match is None:
            return
        position = match.end()
        escaped = bool(match.group(1))
        if escaped:
            continue
        if not is_balanced(match.group(3)):
            continue  # text, as the page's InlineMathProcessor leaves it
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield MathSpan(match.group(3), False, line, match.group(0))


def _dedent(block: str) -> str:
    """The block as markdown sees it inside a list item or other indented container."""
    lines = block.split("\n")
    indent = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) if indent else block


MAX_DRAWN_FORMULAS = 5_000
"""Distinct formulas outside `tex_plain`'s grammar that one check draws (~0.12 ms each): a
bank of dense hostile math must not make `validate` cost seconds per MB. Real banks draw a few
hundred; past this, the rest are counted in one warning, and the page still draws each."""


def math_findings(topics: Iterable[Topic]) -> list[Finding]:
    """A finding at the formula's line for every `$…$` or `$$…$$` that is not valid TeX."""
    findings: list[Finding] = []
    drawn: dict[tuple[str, bool], tuple[Severity, str] | None] = {}
    unchecked: list[tuple[str, int]] = []
    for topic in topics:
        for question in topic.questions:
            if question.answer is None or "$" not in question.answer:
                continue
            first = question.answer_line if question.answer_line is not None else question.line
            for span in find_math(question.answer):
                key = span.tex, span.display
                if is_plainly_valid(span.tex):
                    continue
                if key not in drawn and len(drawn) >= MAX_DRAWN_FORMULAS:
                    unchecked.append((topic.source, first + span.line))
                    continue
                if key not in drawn:
                    drawn[key] = drawn_problem(span.tex, span.display)
                if (problem := drawn[key]) is not None:
                    findings.append(_math_finding(topic, first + span.line, span, problem))
    if unchecked:
        path, line = unchecked[0]
        message = (
            f"{len(unchecked)} formulas from here on were not checked: the check draws at most "
            f"{MAX_DRAWN_FORMULAS} distinct formulas outside plain TeX per bank; the pages still draw them"
        )
        findings.append(Finding(path, line, "warning", message, "math-unchecked"))
    return findings


def _math_finding(topic: Topic, line: int, span: MathSpan, problem: tuple[Severity, str]) -> Finding:
    severity, message = problem
    shown = span.source if len(span.source) <= 60 else span.source[:57] + "..."
    code = "invalid-math" if severity == "error" else "unknown-math-command"
    text = f"{'invalid' if severity == 'error' else 'questionable'} TeX {shown}: {message}"
    return Finding(topic.source, line, severity, text, code)


def math_as_text(markdown: str) -> tuple[str, list[MathSpan]]:
    """`markdown` with each inline `$…$` that is not valid TeX written with escaped dollars
    (`\\$…\\$`), which GitHub and the site both show as written, not as math; and those
    formulas. For `import`: a source's broken formula is a warning there, never an error in what
    it writes. Display math is left as it is (its finding stays an error to fix by hand)."""
    broken = [s for s in find_math(markdown) if not s.display and _is_error(tex_problem(s.tex, False))]
    if not broken:
        return markdown, []
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    parts: list[str] = []
    escaped: list[MathSpan] = []
    position = 0
    for span in broken:
        found = markdown.find(span.source, max(position, starts[span.line]))
        if found < 0:
            continue
        parts += [markdown[position:found], "\\$", span.source[1:-1], "\\$"]
        position = found + len(span.source)
        escaped.append(span)
    return "".join(parts) + markdown[position:], escaped


def _is_error(problem: tuple[Severity, str] | None) -> bool:
    return problem is not None and problem[0] == "error"
