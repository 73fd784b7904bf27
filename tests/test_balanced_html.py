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
    ("<div/>x", "<div/>x</div>", [], []),  # `<div/>` opens a div in HTML (`Balanced.empty`)
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
    assert balance(html)[:3] == (expected, stray, unclosed)


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


def test_an_element_left_open_is_closed_at_the_answers_end_with_a_notice_not_a_problem() -> None:
    """`elements <a> to <img>` as text, a quiz option's `<form action={f}>` (public
    repositories' answers): closed at the answer's end, as a browser closes them at the end of
    GitHub's page; nothing reaches the next question, so it is information, not a warning that
    fails --strict. A stray end tag is still a problem."""
    topic = make_topic("The diffing compares elements <a> to <img>.", "Text <div>open", "BETA </div>")
    _, state = render_topic(topic)
    assert list(state.answers) == ["q1", "q2", "q3"]
    assert state.answers["q1"] is not None and state.answers["q1"].endswith("</p></a>")  # a browser's way
    assert state.answers["q2"] is not None and state.answers["q2"].count("</div>") == 1
    assert state.notices == [
        (1, "the answer of question q1 leaves <a> open: closed at its end"),
        (2, "the answer of question q2 leaves <div> open: closed at its end"),
    ]
    assert [message for _, message in state.problems] == [
        "the answer of question q3 has a </div> with no <div> of its own to close (dropped): its raw HTML must stay inside it"
    ]


@pytest.mark.parametrize(
    ("html", "expected", "stray", "shown"),
    [
        # JSX's start tag is no tag to CommonMark (`=>` in an attribute): GitHub shows it as text
        # and drops the end tag; so does the page, without a warning
        ("<p>&lt;div\n  onKeyDown={(e) =&gt; {}}\n&gt;\n  {label}\n</div>\n);</p>", "<p>&lt;div\n  onKeyDown={(e) =&gt; {}}\n&gt;\n  {label}\n\n);</p>", [], ["div"]),
        ("<p>&lt;DIV x</p></div></div>", "<p>&lt;DIV x</p>", ["div"], ["div"]),  # one start tag, one end tag
        ("<p><code>&lt;div</code></p></div>", "<p><code>&lt;div</code></p>", ["div"], []),  # code is no start tag
        ("<pre>&lt;div</pre></div>", "<pre>&lt;div</pre>", ["div"], []),
        ("<p>&lt;span</p></div>", "<p>&lt;span</p>", ["div"], []),
        ("<p>&lt;div</p><div>x</div>", "<p>&lt;div</p><div>x</div>", [], []),  # a real pair
    ],
)  # fmt: skip
def test_an_end_tag_after_its_start_tag_shown_as_text_is_told_apart(
    html: str, expected: str, stray: list[str], shown: list[str]
) -> None:
    balanced = balance(html)
    assert (balanced.html, balanced.stray, balanced.shown) == (expected, stray, shown)


def test_jsx_whose_start_tag_github_shows_as_text_renders_without_a_warning() -> None:
    """sgdevmane/interview-guide's react Q34: unfenced JSX whose `<div` spans lines and holds an
    arrow function, so CommonMark reads no tag; GitHub shows `<div …` and drops `</div>`. The
    page shows the same, with a notice, where it reported a stray `</div>` that failed --strict;
    a start tag over lines that is a tag balances as on one line."""
    jsx = (
        'function AccessibleButton({ onClick, label }) {\n  return (\n    <div\n      role="button"\n'
        "      onKeyDown={(e) => {\n        onClick();\n      }}\n    >\n      {label}\n    </div>\n  );\n}"
    )
    tag = 'Text\n<div\n  role="button"\n  tabIndex={0}>\n  {label}\n</div>'
    topic = make_topic(jsx, tag, "BETA")
    html, state = render_topic(topic)
    assert QuestionBlocks(html).order == ["q1", "q2", "q3"]
    assert state.problems == []
    assert "&lt;div" in state.answers["q1"] and "</div>" not in state.answers["q1"]
    assert state.answers["q2"].count("<div") == state.answers["q2"].count("</div>") == 1
    assert [message for _, message in state.notices] == [
        "the answer of question q1 has a </div> after a <div that CommonMark reads as text "
        "(as GitHub shows it): dropped, as GitHub drops it"
    ]


def test_a_container_written_as_an_empty_element_is_closed_with_a_notice() -> None:
    """JSX's `<Header user={user} />` (sgdevmane/interview-guide, react Q44) is a `<header>` a
    browser leaves open: closed at the answer's end as before, but information, not a warning
    that fails --strict; a `<header>` written open is still a problem."""
    balanced = balance("<p>return (\n<Layout>\n<Header user={user} />\n</Layout>);</p>")
    assert (balanced.stray, balanced.unclosed, balanced.empty) == ([], [], ["header"])
    assert balanced.html.endswith("</Layout>);</p></header>")
    assert balance("<header><div/>x")[2:] == (["header"], [], ["div"])
    jsx = "function App() {\n  return (\n    <Layout>\n      <Header user={user} />\n    </Layout>\n  );\n}"
    _, state = render_topic(make_topic(jsx, "Text <main>open", "BETA"))
    assert [message for _, message in state.notices] == [
        "the answer of question q1 leaves <header> open (written <header />): closed at its end",
        "the answer of question q2 leaves <main> open: closed at its end",
    ]
    assert state.problems == []
