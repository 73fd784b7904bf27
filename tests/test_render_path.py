"""The one rendering path: every answer is parsed inside its own question's block, and the HTML
the page shows is the HTML that search, JSON-LD, the quiz data and the deck get."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.site.page_questions import PageQuestions
from mlprep_site.site.pages import topic_page
from mlprep_site.site.render_path import QuestionBlocksExtension
from tests.render_helpers import (
    CONFIGS,
    EXTENSIONS,
    LINKS,
    QuestionBlocks,
    make_topic,
    page_body,
    render_alone,
    render_topic,
)
from tests.site_helpers import build_site, quiz_answers, write_site
from tests.test_anki import read_apkg

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def topic_file(*answers: str, slug: str = "fences") -> str:
    """A content file with one question per answer."""
    parts = [f"---\ntitle: Fences\nslug: {slug}\n---\n# Fences\n"]
    for number, answer in enumerate(answers, start=1):
        parts.append(
            f"{number}. **Question {number}?**\n<!-- mlprep: {{id: {slug}-q{number}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(parts)


# Answer 1 opens a fence with three backticks and closes it with four (CommonMark takes that as
# its close, as GitHub shows it; superfences alone did not); answer 2 has `***` inside a fence.
MISMATCHED_CLOSER = "First answer.\n\n```python\nprint('one')\n````\n\nStill answer one."
BREAK_IN_FENCE = "Second answer.\n\n```text\n***\n```\n\nEnd of two."


def test_mismatched_fence_closer_and_break_in_fence_stay_in_their_answers(tmp_path: Path) -> None:
    """The issue's regression. A fence closed by a longer fence is closed, as on GitHub (the
    page is given the fence's own closer: `answers.commonmark`), so the text after it is the
    answer's text, not code; and every answer stays under its own question."""
    content = {"fences.md": topic_file(MISMATCHED_CLOSER, BREAK_IN_FENCE)}
    config = write_site(tmp_path, content=content, plugin={"anki": True})
    site = build_site(config, strict=True)
    html = (site / "fences" / "index.html").read_text(encoding="utf-8")
    blocks = QuestionBlocks(html[html.index("<article") : html.index("</article>")])
    assert blocks.order == ["fences-q1", "fences-q2"]
    one, two = blocks.answers["fences-q1"], blocks.answers["fences-q2"]
    assert one.startswith("<p>First answer.</p>") and "print" in one
    assert one.endswith("<p>Still answer one.</p>") and one.count("<pre") == 1
    assert "Second answer" not in one and "End of two" not in one
    assert two.startswith("<p>Second answer.</p>") and "***" in two and "End of two." in two
    assert "First answer" not in two
    # The same strings everywhere else.
    assert quiz_answers(site) == {"fences-q1": one, "fences-q2": two}
    (script,) = JSONLD_RE.findall(html.split("</head>")[0])
    jsonld = [q["acceptedAnswer"]["text"] for q in json.loads(script)["mainEntity"]]
    assert "Still answer one." in jsonld[0] and "Second answer" not in jsonld[0]
    assert jsonld[1].startswith("<p>Second answer.</p>") and "End of two." in jsonld[1]
    deck = read_apkg(site / "assets" / "mlprep" / "mlprep-deck.apkg")
    backs = {note["fields"]["Id"]: note["fields"]["Answer"] for note in deck["notes"].values()}
    assert backs == {"fences-q1": one, "fences-q2": two}


# -- property: whatever the answers hold, each block holds exactly its own -----------------


@st.composite
def fence(draw: st.DrawFn, tag: str) -> str:
    char = draw(st.sampled_from("`~"))
    opener = char * draw(st.integers(3, 6))
    body = draw(
        st.lists(st.sampled_from(["***", "---", "___", "# not a heading", "<b>inline</b>", tag]), max_size=3)
    )
    closer = draw(
        st.one_of(
            st.just(opener),
            st.builds(lambda c, n: c * n, st.sampled_from("`~"), st.integers(3, 6)),
            st.just(""),  # left open
        )
    )
    language = draw(st.sampled_from(["", "python", "text"]))
    return "\n".join([opener + language, *body, closer]).rstrip("\n")


def piece(tag: str) -> st.SearchStrategy[str]:
    """One block of an answer; `tag` makes its text (and any heading id) its own."""
    return st.one_of(
        fence(tag),
        st.sampled_from(["***", "---", "___", "* * *", "<hr>", "<hr />"]),
        st.just(f"Words {tag} with *emphasis* and `code`."),
        st.just(f"Setext {tag}\n---"),
        st.just(f"## Heading {tag}"),
        st.just(f"<div>\n\nRaw {tag} with **bold**.\n\n</div>"),
        st.just(f"<p>raw paragraph {tag}</p>"),
        st.just(f"<details>\n<summary>Hint</summary>\n\nHint {tag}.\n\n</details>"),
        st.just(f'!!! note "Note {tag}"\n    Admonition {tag}.'),
        st.just(f"- item {tag}\n- other {tag}"),
        st.just(f"Footnote {tag}[^{tag}].\n\n[^{tag}]: the note {tag}"),
    )


@st.composite
def answer(draw: st.DrawFn, number: int) -> str:
    pieces = [draw(piece(f"a{number}p{index}")) for index in range(draw(st.integers(1, 4)))]
    separators = [draw(st.sampled_from(["\n\n", "\n"])) for _ in pieces]
    return "".join(p + s for p, s in zip(pieces, separators, strict=True)).strip("\n")


NOTE_ID_RE = re.compile(r'<li id="fn:([^"]+)"')
DEDUPLICATED_ID_RE = re.compile(r'((?:id="|href="#)[^"]*?)_\d+"')


def page_ids(html: str) -> str:
    """`html` with the suffixes `toc` gives an id a page already holds (`-_1` for a second
    heading `---`) taken off: ids are unique page-wide, not answer by answer."""
    return DEDUPLICATED_ID_RE.sub(r'\1"', html)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_block_holds_exactly_its_own_answer(data: st.DataObject) -> None:
    answers = [data.draw(answer(n), label=f"answer {n}") for n in range(1, data.draw(st.integers(2, 4)) + 1)]
    topic = make_topic(*answers)
    html, state = render_topic(topic)
    blocks = QuestionBlocks(html)
    assert blocks.order == [q.id for q in topic.questions]
    for question in topic.questions:
        assert question.answer is not None
        alone = page_ids(render_alone(question.answer))
        assert page_ids(blocks.answers[question.id]) == alone
        assert page_ids(state.answers[question.id] or "") == alone
        for other in topic.questions:
            if other is not question:
                assert f"a{other.number}p" not in alone
    assert state.problems == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_with_footnotes_every_block_holds_its_own_answer_and_notes(data: st.DataObject) -> None:
    """With footnotes on, notes are numbered page-wide, so an answer is not what it renders
    alone; but each block holds its own answer's text and notes, and nothing of another's."""
    answers = [data.draw(answer(n), label=f"answer {n}") for n in range(1, data.draw(st.integers(2, 4)) + 1)]
    topic = make_topic(*answers)
    html, state = render_topic(topic, extra=("footnotes",))
    blocks = QuestionBlocks(html)
    assert blocks.order == [q.id for q in topic.questions] and blocks.answers == state.answers
    assert 'class="footnote"' not in html[html.rindex("</details>") :]
    for question in topic.questions:
        held = state.answers[question.id] or ""
        alone = markdown.Markdown(extensions=[*EXTENSIONS, "footnotes"], extension_configs=CONFIGS).convert(
            page_markdown(question.answer or "")
        )
        own = [f"{question.id}:{label}" for label in re.findall(NOTE_ID_RE, alone)]
        assert re.findall(NOTE_ID_RE, held) == own  # the notes it defines, labelled as its own
        assert not any(f"a{other.number}p" in held for other in topic.questions if other is not question)
    assert state.problems == []


def test_unanswered_question_gets_the_wanted_note_and_no_answer_element() -> None:
    html, state = render_topic(make_topic("Answered.", None))
    blocks = QuestionBlocks(html)
    assert blocks.order == ["q1", "q2"] and list(blocks.answers) == ["q1"]
    assert state.answers == {"q1": "<p>Answered.</p>", "q2": None}
    assert 'class="mlprep-wanted-note"' in html


def test_an_answer_cannot_take_a_question_anchor() -> None:
    html, state = render_topic(make_topic("## Mine {#q2}\n\nText.", "Two.", "### q1"))
    ids = re.findall(r'\sid="([^"]*)"', html)
    assert ids.count("q1") == 1 and ids.count("q2") == 1
    assert '<h2 id="q2_1">Mine' in html
    assert [line for line, _ in state.problems] == [1]
    assert "renamed to 'q2_1'" in state.problems[0][1]
    assert '<h3 id="q1_1">' in html  # toc gives a generated id another name by itself


def test_raw_html_or_a_question_body_cannot_take_a_question_anchor_unreported() -> None:
    """Raw HTML is stashed text, which cannot be renamed: a question's anchor there is a
    problem (a strict build fails). A question body's element is renamed like an answer's."""
    topic = make_topic('Text <span id="q2">raw</span>.\n\n<div id="q1">block</div>', "Two.")
    topic = replace(
        topic,
        questions=(topic.questions[0], replace(topic.questions[1], question_body="Body\n{: #q1 }")),
    )
    html, state = render_topic(topic)
    messages = [message for _, message in state.problems]
    assert [line for line, _ in state.problems] == [2, 1, 1]
    assert "the answer of question q1 gives raw HTML the id 'q1'" in messages[1]
    assert "the answer of question q1 gives raw HTML the id 'q2'" in messages[2]
    assert (
        "the body of question q2 gives an element the id 'q1', which is a question's anchor; renamed"
        in messages[0]
    )
    assert '<p id="q1_1">Body</p>' in html
    _, clean = render_topic(make_topic('<span id="mine">ok</span> and id="q2" as text', "Two."))
    assert clean.problems == []


def test_answers_that_define_the_same_footnote_label_each_keep_their_own_note() -> None:
    """A page has one footnote store, but each answer's labels are its own (`answers.labels`):
    two answers that both define `[^1]` each show their own note, numbered on the page, and
    nothing is reported."""
    topic = make_topic(
        "One[^1].\n\n[^1]: Note one.", "Two[^1].\n\n[^1]: Note two.", "Three[^x].\n\n[^x]: Own."
    )
    html, state = render_topic(topic, extra=("footnotes",))
    assert state.problems == []
    assert QuestionBlocks(html).answers == state.answers
    notes = (("q1", "1", "Note one.", 1), ("q2", "1", "Note two.", 2), ("q3", "x", "Own.", 3))
    for qid, label, note, number in notes:
        held = state.answers[qid] or ""
        assert [n for _, _, n, _ in notes if n in held] == [note]
        assert f'<a class="footnote-ref" href="#fn:{qid}:{label}">{number}</a>' in held
    assert html.count('id="fn:q1:1"') == html.count('id="fn:q2:1"') == 1


def test_answers_that_define_the_same_link_reference_label_each_lead_to_their_own_target() -> None:
    """Link references are scoped to their answer too: answer one's `[the paper][1]` leads to
    its own `[1]:`, answer two's to its own, shortcut and collapsed forms alike."""
    topic = make_topic(
        "See [the paper][1] and [docs].\n\n[1]: https://alpha.example/paper\n[docs]: https://alpha.example/d",
        "See [the docs][1] and [docs][].\n\n[1]: https://beta.example/docs\n[docs]: https://beta.example/d",
        "An undefined [1] stays text.",
    )
    _, state = render_topic(topic)
    assert state.problems == []
    assert state.answers["q1"] == (
        '<p>See <a href="https://alpha.example/paper">the paper</a> and <a href="https://alpha.example/d">docs</a>.</p>'
    )
    assert state.answers["q2"] == (
        '<p>See <a href="https://beta.example/docs">the docs</a> and <a href="https://beta.example/d">docs</a>.</p>'
    )
    assert state.answers["q3"] == render_alone("An undefined [1] stays text.")


def test_each_answer_keeps_its_own_footnotes_with_their_page_numbers() -> None:
    """An answer's notes close its own answer (so its search entry, quiz card and deck card
    carry them), each numbered as its reference on the page is; nothing is left at the foot of
    the page, and the notes are footnotes' own rendering."""
    topic = make_topic(
        "One[^a] and[^b].\n\n[^a]: Note A.\n[^b]: Note *B*.", "Two.", "Three[^c].\n\n[^c]: Note C."
    )
    html, state = render_topic(topic, extra=("footnotes",))
    assert state.problems == []
    assert QuestionBlocks(html).answers == state.answers
    assert state.answers["q2"] == "<p>Two.</p>"
    assert "Note" not in html[html.rindex("</details>") :]
    alone = markdown.Markdown(extensions=["footnotes"]).convert(
        "One[^a] and[^b] and three[^c].\n\n[^a]: Note A.\n[^b]: Note *B*.\n[^c]: Note C."
    )
    expected = re.findall(r"<li id=.*?</li>", alone, re.S)
    own = [re.findall(r"<li id=.*?</li>", state.answers[q], re.S) for q in ("q1", "q2", "q3")]
    assert [len(items) for items in own] == [2, 0, 1]
    unscoped = [re.sub(r'( value="\d+"|(?<=fn:)q\d:|(?<=fnref:)q\d:)', "", item) for item in own[0] + own[2]]
    assert unscoped == expected
    assert [re.search(r'value="(\d+)"', item)[1] for item in own[0] + own[2]] == ["1", "2", "3"]  # type: ignore[index]
    assert '<a class="footnote-ref" href="#fn:q3:c">3</a>' in state.answers["q3"]


def test_a_note_defined_in_one_answer_is_not_cited_by_another() -> None:
    """An answer's note is its own: another answer's `[^a]` shows as written, as it does when
    that answer is shown alone (on GitHub, in the deck, in `render --out`)."""
    html, state = render_topic(
        make_topic("One[^a].\n\n[^a]: Note A.", "Two cites[^a]."), extra=("footnotes",)
    )
    assert "Note A." in state.answers["q1"] and "Note A." not in state.answers["q2"]
    assert state.answers["q2"] == "<p>Two cites[^a].</p>"
    assert html.count('id="fn:q1:a"') == 1


def test_questions_sharing_an_id_each_keep_their_own_answer() -> None:
    """Two questions with one id (a loader error, so a strict build fails) still show each
    its own answer in a lenient build, and no marker line is left on the page."""
    topic = make_topic("First answer.", "Second answer.")
    first, second = topic.questions
    topic = replace(topic, questions=(first, replace(second, id="q1", question_body="Second body.")))
    html, state = render_topic(topic)
    assert "mlprep:" not in html and state.problems == []
    assert re.findall(r"Question \d\?|(?:First|Second) (?:answer|body)\.", html) == [
        "Question 1?",
        "First answer.",
        "Question 2?",
        "Second body.",
        "Second answer.",
    ]


def test_a_forged_marker_is_only_text() -> None:
    forged = "Before.\n\n<!-- mlprep:0123456789abcdef:end -->\n\nAfter."
    html, state = render_topic(make_topic(forged, "Two."), nonce="fedcba9876543210")
    blocks = QuestionBlocks(html)
    assert blocks.answers["q1"] == render_alone(forged)
    assert "After." in blocks.answers["q1"] and blocks.answers["q2"] == "<p>Two.</p>"


def test_an_answer_id_guard_is_a_strict_build_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = {"fences.md": topic_file("## Taken {#fences-q2}\n\nText.", "Two.")}
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(write_site(tmp_path, content=content), strict=True)
    assert "content/fences.md:" in caplog.text and "renamed to 'fences-q2_1'" in caplog.text


# -- search: the same entries as the page written by hand ----------------------------------

SEARCH_ANSWERS = (
    "Plain **answer** with `code`.\n\n- a list\n- of items",
    "Intro text.\n\n### A heading inside\n\nAfter the heading.\n\n```python\nprint('x')\n```",
    "<details>\n<summary>Hint</summary>\n\nHidden hint words.\n\n</details>\n\nVisible words.",
)


def hand_written_page() -> str:
    parts = ["---\ntitle: Fences\n---\n# Fences {#fences}\n"]
    for number, text in enumerate(SEARCH_ANSWERS, start=1):
        hint = text.replace("<details>", '<details markdown="1">')
        parts.append(f"## {number}. Question {number}? {{#fences-q{number}}}\n\n{hint}\n")
    return "\n".join(parts)


def search_docs(site: Path, prefix: str) -> list[dict[str, Any]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [
        {k: d[k] for k in ("location", "title", "text")} for d in docs if d["location"].startswith(prefix)
    ]


def test_search_entries_match_the_same_content_written_by_hand(tmp_path: Path) -> None:
    content = {"fences.md": topic_file(*SEARCH_ANSWERS)}
    docs = {"hand.md": hand_written_page()}
    site = build_site(write_site(tmp_path, content=content, docs=docs, plugin={"edit_uri": ""}), strict=True)
    generated = search_docs(site, "fences/")
    by_hand = [
        {**d, "location": d["location"].replace("hand/", "fences/", 1)} for d in search_docs(site, "hand/")
    ]
    assert [d["location"] for d in generated] == [
        "fences/",
        "fences/#fences-q1",
        "fences/#fences-q2",
        "fences/#a-heading-inside",
        "fences/#fences-q3",
    ]
    assert generated[1:] == by_hand[1:]  # the page's own top entry has the counts line
    assert "Hidden hint words" in generated[4]["text"]


def material_sections(html: str) -> list[tuple[str | None, str, str]]:
    """What Material's search parser makes of `html`: each section's id, title and text."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data]


def test_search_view_drops_only_what_the_search_parser_would_drop() -> None:
    """`search_view` leaves permalinks, source links and wanted notes out of what the parser
    reads; the sections are those of the view with only the disclosure tags taken out."""
    from mlprep_site.site.search_sections import search_view

    wanted = '<a class="headerlink" href="#x" title="t">kept: not in a heading</a>'
    html, _ = render_topic(make_topic(*SEARCH_ANSWERS, None, f"<p>{wanted}</p>"))
    assert 'class="headerlink"' in html
    assert html.count('class="mlprep-question-foot"') == 5 and html.count('class="mlprep-wanted-note"') == 1
    view = search_view(html)
    assert view.count('class="headerlink"') == 1
    assert "mlprep-question-foot" not in view and "mlprep-wanted-note" not in view
    with_tags = re.sub(r"</?(?:details|summary)\b[^>]*>", "", html)
    sections = material_sections(view)
    assert sections == material_sections(with_tags)
    assert [s[0] for s in sections] == [None, "q1", "q2", "a-heading-inside", "q3", "q4", "q5"]
    assert "kept: not in a heading" in sections[-1][2]


def test_page_markdown_carries_answers_for_other_plugins_to_edit() -> None:
    from mlprep_site.site.pages import topic_page
    from tests.render_helpers import LINKS

    page = topic_page(make_topic("The {{ version }} answer."), LINKS, "n0nce")
    marked = "<!-- mlprep:n0nce:question q1 -->\nThe {{ version }} answer.\n<!-- mlprep:n0nce:end -->\n"
    assert marked in page


def _configured_markdown() -> Any:
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    from tests.render_helpers import CONFIGS, EXTENSIONS

    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    _RawHTMLPreprocessor()._register(md)  # as MkDocs' Page.render does
    return md


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\x02\x03"), max_size=40), max_size=8))
def test_preprocessors_skipped_without_their_marks_would_change_nothing(lines: list[str]) -> None:
    """`render_path.PREPROCESSOR_MARKS`: a preprocessor skipped for an answer without its marks
    returns such text unchanged."""
    from mlprep_site.site.render_path import PREPROCESSOR_MARKS

    md = _configured_markdown()
    text = "\n".join(lines)
    checked = 0
    for name, marks in PREPROCESSOR_MARKS.items():
        if name not in md.preprocessors or any(mark in text for mark in marks):
            continue
        md.reset()
        assert md.preprocessors[name].run(text.split("\n")) == text.split("\n"), name
        checked += 1
    assert checked or any(m in text for marks in PREPROCESSOR_MARKS.values() for m in marks)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x02\x03"), max_size=200))
def test_postprocessors_skipped_without_their_marks_would_change_nothing(text: str) -> None:
    """`render_path.POSTPROCESSOR_MARKS`: a postprocessor skipped for an answer's HTML
    without its marks returns such text unchanged, with the stash holding HTML."""
    from mlprep_site.site.answer_capture import POSTPROCESSOR_MARKS
    from tests.render_helpers import CONFIGS, EXTENSIONS

    md = markdown.Markdown(extensions=[*EXTENSIONS, "footnotes"], extension_configs=CONFIGS)
    md.convert("Text <b>raw</b> and a footnote[^1] &amp; more.\n\n[^1]: Note.")  # fills the stash
    checked = 0
    for name in POSTPROCESSOR_MARKS:
        if name in md.postprocessors:
            assert md.postprocessors[name].run(text) == text, name
            checked += 1
    assert checked == len(POSTPROCESSOR_MARKS)


def test_rendered_answers_unpack_a_topic_at_a_time() -> None:
    """`site.rendered`: what the plugin holds between a page's conversion and the deck."""
    from mlprep_site.core.domain.model import Topic
    from mlprep_site.site.rendered import RenderedAnswers

    first, second = make_topic("One.", None), make_topic("Three.")
    second = Topic(
        slug="u", title="U", source="content/u.md", questions=(replace(second.questions[0], id="u1"),)
    )
    unrendered = Topic(
        slug="v", title="V", source="content/v.md", questions=(replace(first.questions[0], id="v1"),)
    )
    held = RenderedAnswers()
    held.put(first, "t/", {"q1": "<p>One.</p>", "q2": None})
    held.put(second, "u/", {"u1": "<p>Three.</p>"})
    assert held.url(first) == "t/" and held.url(unrendered) is None
    assert held.answers(first) == {"q1": "<p>One.</p>", "q2": None} and held.answers(unrendered) == {}
    assert held.answers(second) == {"u1": "<p>Three.</p>"}


def test_an_answers_abbreviations_are_its_own() -> None:
    """An abbreviation an answer defines marks that answer only; one the site defines (its
    glossary) marks every answer, with an answer's own title where it defines it again, and
    none where it forgets it (`*[X]: ""`), as each answer shows alone."""
    answers = (
        "Uses HTML.\n\n*[HTML]: Hyper Text",
        "Also HTML and CSS.",
        "Mine: HTML and CSS.\n\n*[CSS]: My own title",
        'Forgot CSS.\n\n*[CSS]: ""',
        "In code:\n\n```text\n*[HTML]: not a definition\n```",
    )
    glossary = {"abbr": {"glossary": {"CSS": "Cascading Style Sheets"}}}
    state = PageQuestions(make_topic(*answers), LINKS, "0123456789abcdef")
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "abbr", QuestionBlocksExtension(lambda: state)],
        extension_configs={**CONFIGS, **glossary},
    )
    md.convert(page_body(topic_page(state.topic, LINKS, "0123456789abcdef")))
    alone = markdown.Markdown(extensions=[*EXTENSIONS, "abbr"], extension_configs={**CONFIGS, **glossary})
    for question, answer in zip(state.topic.questions, answers, strict=True):
        assert state.answers[question.id] == alone.reset().convert(page_markdown(answer)), question.id
    assert "Hyper Text" not in str(state.answers["q2"])  # q1's HTML is q1's
    assert state.problems == []


def test_a_page_conversion_is_let_go_of_once_its_answers_are_taken() -> None:
    """`PageQuestions.release` (the plugin calls it in `on_page_content`): the page's Markdown
    is reset, so its stash no longer holds the answers' HTML, and the answers' lines and
    elements go; the answers' HTML taken before stays as it was."""
    html, state = render_topic(make_topic("First *answer*.", "Second answer[^1].\n\n[^1]: Its note."))
    md = state.markdown
    assert md is not None and md.htmlStash.html_counter > 0 and state.cut and state.blocks
    answers = dict(state.answers)
    state.release()
    assert md.htmlStash.html_counter == 0 and md.htmlStash.rawHtmlBlocks == []
    assert state.markdown is None and not state.cut and not state.blocks and not state.note_labels
    assert state.answers == answers and "<em>answer</em>" in str(answers["q1"]) and "Its note." in html
