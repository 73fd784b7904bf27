"""Raw HTML in an answer stays inside the answer: `balance` side by side (HTML in, HTML out and
what is reported), then through the rendering path."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mlprep_site.site.balanced_html import balance
from tests.render_helpers import QuestionBlocks, make_topic, render_topic

CASES = [
    ("<p>plain</p>", "<p>plain</p>", [], []),
    ("<p>A</p>\n</div>\n<p>B</p>", "<p>A</p>\n\n<p>B</p>", ["div"], []),
    ("<table><tr><td>x", "<table><tr><td>x</td></tr></table>", [], ["table"]),
    ("<div><p>x</p>", "<div><p>x</p></div>", [], ["div"]),
    ("<p>one <p>two</p>", "<p>one <p>two</p>", [], []),  # <p> is the browser's to pair
    ("</p></br>", "</p></br>", [], []),
    # formatting is counted, not nested: a browser carries <b> over the paragraph's end
    ("<b><i>x</b></i>", "<b><i>x</b></i>", [], []),
    ("<p><b>start</p>\n<p>end</b> normal</p>", "<p><b>start</p>\n<p>end</b> normal</p>", [], []),
    ("<p>Some <b>bold text</p>", "<p>Some <b>bold text</p></b>", [], ["b"]),
    ("x</em>", "x</em>", [], []),  # a spare end tag the browser ignores
    ("a <br> b <img src=x> <hr/>", "a <br> b <img src=x> <hr/>", [], []),
    ("<div/>x", "<div/>x</div>", [], ["div"]),  # `<div/>` opens a div in HTML
    ("<svg><g/><a href='#'/></svg>", "<svg><g/><a href='#'/></svg>", [], []),
    ("<math><mspace width='1em'/></math>", "<math><mspace width='1em'/></math>", [], []),
    ("<!-- </div> --><code>&lt;/div&gt;</code>", "<!-- </div> --><code>&lt;/div&gt;</code>", [], []),
    ("<script>if (a</div>) {}</script>", "<script>if (a</div>) {}</script>", [], []),
    ("</details></article>x", "x", ["details", "article"], []),
    ("<section>\n<div>x</div>", "<section>\n<div>x</div></section>", [], ["section"]),
    # `</div>` in a cell closes nothing outside it; the table's own end tags do
    (
        "<div><table><tr><td>cell</div>",
        "<div><table><tr><td>cell</td></tr></table></div>",
        ["div"],
        ["div", "table"],
    ),
    ("<table><tr><td><div>x</td></tr></table>", "<table><tr><td><div>x</td></tr></table>", [], []),
]


@pytest.mark.parametrize(("html", "expected", "stray", "unclosed"), CASES)
def test_balance(html: str, expected: str, stray: list[str], unclosed: list[str]) -> None:
    assert balance(html) == (expected, stray, unclosed)


def test_an_answer_that_closes_its_block_early_stays_in_it_and_is_reported() -> None:
    topic = make_topic("ALPHA\n\n</div>\n\nALPHA2", "<table><tr><td>x\n\nmore", "BETA")
    html, state = render_topic(topic)
    blocks = QuestionBlocks(html)
    assert blocks.order == ["q1", "q2", "q3"] and blocks.answers == state.answers
    assert state.answers["q1"] == "<p>ALPHA</p>\n\n<p>ALPHA2</p>"
    assert state.answers["q2"].endswith("</table>") and state.answers["q3"] == "<p>BETA</p>"
    # q2's <table> left open is closed where its answer ends by the page's markdown
    # (answers.commonmark, as GitHub closes it): nothing to report; q1's stray </div> is.
    assert state.problems == [
        (
            1,
            "the answer of question q1 has a </div> with no <div> of its own to close (dropped): its raw HTML must stay inside it",
        ),
    ]


def test_a_question_body_is_kept_in_its_block_and_cleaned_with_sanitize() -> None:
    """The body (lines between a question and its answer) goes the answer's way: balanced,
    and with `sanitize`, cleaned by the same allow-list."""
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[x](javascript:alert(3))\n\n</div>'
    topic = make_topic("Fine.", "Two.")
    topic = replace(topic, questions=(replace(topic.questions[0], question_body=hostile), topic.questions[1]))
    html, state = render_topic(topic, sanitize=True)
    assert QuestionBlocks(html).order == ["q1", "q2"]
    body = html[html.index('<div class="mlprep-question-body">') : html.index('<div class="mlprep-answer">')]
    assert "onerror" not in body and "<script" not in body and "javascript:" not in body
    assert '<img src="x">' in body
    _, lenient = render_topic(topic)
    assert lenient.problems == [
        (
            1,
            "the body of question q1 has a </div> with no <div> of its own to close (dropped): its raw HTML must stay inside it",
        )
    ]


def test_a_formatting_element_left_open_is_closed_with_a_notice_not_a_problem() -> None:
    """`elements <a> to <img>` as text (a public repository's answer): the <a> is closed at the
    answer's end, as a browser and GitHub carry it only through the text after it; that is
    information, while a <div> left open is still a problem."""
    topic = make_topic("The diffing compares elements <a> to <img>.", "Text <div>open", "BETA")
    _, state = render_topic(topic)
    assert list(state.answers) == ["q1", "q2", "q3"]
    assert state.answers["q1"] is not None and state.answers["q1"].endswith("</p></a>")  # a browser's way
    assert state.notices == [(1, "the answer of question q1 leaves <a> open: closed at its end")]
    assert [message for _, message in state.problems] == [
        "the answer of question q2 leaves <div> open (closed at its end): its raw HTML must stay inside it"
    ]
