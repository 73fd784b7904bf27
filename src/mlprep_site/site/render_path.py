"""The one rendering path of a topic page: a markdown extension that builds each question's
block inside the page's own conversion.

The page's markdown (`pages.topic_page(nonce=…)`) carries each answer between marker lines
(`blocks.marked_question`) that hold a per-build random nonce, so content cannot forge one,
while hooks and plugins that edit page markdown still see and edit the answers' text. Then:

0. `SnippetsCheck` (`snippets_check`, first of all) writes a pymdownx.snippets line whose file
   is missing as text, with a finding at its line, so snippets never raises.
1. `AnswerCutter` (a preprocessor after whitespace normalising and snippets, before fences and
   raw HTML are stashed) cuts each marked answer out of the page and leaves one placeholder
   block per question. Placeholders hold STX/ETX, which markdown strips from the source. It
   also collects the anchors of the page's raw HTML (`core.text.html_anchors`), each answer read
   alone, which the plugin adds to the page's for MkDocs' link validation.
2. `QuestionBlockProcessor` turns each placeholder into the question's element
   (`<details>`, `<summary>` with the `<h2 id=ID>`, the answer in a `div.mlprep-answer`) and
   parses the answer inside that element on its own: its footnote and link reference labels
   are renamed into the question's id and its abbreviations kept for it alone
   (`answers.labels`), then the preprocessors still to come
   run over the answer's lines alone and the block parser parses them into the element, so
   nothing in one answer (an unclosed fence, a raw `<div>`, a label, a thematic break) can
   reach past its end. `toc`, `attr_list` and MkDocs' link rewriting then treat the page as
   one document.
3. `AnswerNotes` (`answer_notes`, after every other tree processor) moves each answer's footnotes to the end
   of its own answer.
4. `AnswerIdGuard` (`answer_capture`, after `attr_list`, before `toc`) renames an id inside an
   answer that is a question's anchor on the page, with a warning.
5. `AnswerCapture` (`answer_capture`, last) serialises each answer once, as `Markdown.convert`
   does, keeps its raw HTML inside it (or cleans it, with `sanitize`), records it and puts
   exactly that HTML back in place: the page shows the very string that search, JSON-LD, the
   quiz data and the deck get.

The page's state (`page_questions.PageQuestions`) carries the questions in and the answers'
HTML and problems out.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from mlprep_site.answers.labels import own_abbreviations, scoped_labels
from mlprep_site.core.domain.model import Question
from mlprep_site.core.text.html_anchors import raw_html_anchors
from mlprep_site.core.text.inline import attr
from mlprep_site.site.answer_capture import AnswerCapture, AnswerIdGuard, with_marks
from mlprep_site.site.answer_notes import AnswerNotes, page_footnotes
from mlprep_site.site.blocks import (
    TOC_QUESTIONS_MAX,
    end_marker,
    question_attributes,
    question_footer_html,
    question_heading_html,
    summary_extras,
    wanted_note,
)
from mlprep_site.site.far_groups import FAR_GROUPS_PRIORITY, FarGroups
from mlprep_site.site.page_questions import PageQuestions
from mlprep_site.site.snippets_check import FIRST_PRIORITY, SnippetsCheck

ANSWER_CLASS = "mlprep-answer"
BODY_CLASS = "mlprep-question-body"
PLACEHOLDER_PREFIX = f"{STX}mlprep-question:"
# After normalize_whitespace (30) and pymdownx.snippets (32), so that the markers are found in
# the text as it will be parsed; before superfences (25), MkDocs' raw HTML anchors (21) and
# html_block (20), which must see each answer on its own.
CUTTER_PRIORITY = 29
BLOCK_PRIORITY = 200  # before every block processor: a placeholder is ours alone
ID_GUARD_PRIORITY = 6  # after attr_list (8) gave answer elements their ids; before toc (5)
CAPTURE_PRIORITY = -1000
# After every other tree processor (footnotes made, numbered and reordered the page's notes),
# just before the answers are captured.
NOTES_PRIORITY = CAPTURE_PRIORITY + 1
PERMALINKS_PRIORITY = 4  # after toc (5) added the permalinks and tokens
# Preprocessors that leave text without these marks as it is: superfences' fences start with
# three backticks or tildes; raw HTML (markdown's html_block, MkDocs' anchor collector) with `<`.
PREPROCESSOR_MARKS: dict[str, tuple[str, ...]] = {
    "fenced_code_block": ("```", "~~~"),
    "html_block": ("<",),
    "mkdocs_raw_html": ("<",),
}
BODY_SCOPE = ".body"
"""A question body's labels are its own, apart from its answer's (ids never hold a dot)."""


class QuestionBlocksExtension(Extension):
    """Registered once in `markdown_extensions`; MkDocs builds a Markdown instance per page, and
    the processors are registered only on topic pages (`page_questions` returns None
    elsewhere), so other pages convert exactly as without this plugin."""

    def __init__(self, page_questions: Callable[[], PageQuestions | None]) -> None:
        super().__init__()
        self.page_questions = page_questions

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  # Python-Markdown's name
        state = self.page_questions()
        if state is None:
            return
        state.markdown = md
        check = SnippetsCheck(md, state.topic, state.problems)
        md.preprocessors.register(check, "mlprep_snippets_check", FIRST_PRIORITY)
        md.preprocessors.register(AnswerCutter(md, state), "mlprep_answers", CUTTER_PRIORITY)
        md.parser.blockprocessors.register(
            QuestionBlockProcessor(md.parser, md, state), "mlprep_question", BLOCK_PRIORITY
        )
        md.treeprocessors.register(AnswerNotes(md, state), "mlprep_answer_notes", NOTES_PRIORITY)
        md.treeprocessors.register(AnswerIdGuard(md, state), "mlprep_answer_ids", ID_GUARD_PRIORITY)
        md.treeprocessors.register(AnswerCapture(md, state), "mlprep_answer_capture", CAPTURE_PRIORITY)
        if len(state.topic.questions) > TOC_QUESTIONS_MAX:
            md.treeprocessors.register(
                FarQuestionHeadings(md, state), "mlprep_far_headings", PERMALINKS_PRIORITY
            )
            md.treeprocessors.register(FarGroups(md), "mlprep_far_groups", FAR_GROUPS_PRIORITY)


class FarQuestionHeadings(Treeprocessor):
    """On a page past TOC_QUESTIONS_MAX, the question headings lose `toc`'s permalink (study.js
    puts a link to the question after its answer when it is opened). Material's script rewrites
    every relative link of a page when it loads: with 341 permalinks, that and the styles it
    invalidates were a third of the page's blocking time (bench/lighthouse.py).

    They also leave `toc`'s tokens, from which MkDocs makes `page.toc`, with the headings inside
    their answers: such a page's table of contents lists its sections (front matter
    `mlprep_toc`, `overrides/partials/toc.html`), so the entries were never shown, yet a build
    held one per question, and Material's search looked each section up among them (a section
    not listed gets the same location, `#id`)."""

    def __init__(self, md: Markdown, state: PageQuestions) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for details in root.iter("details"):
            summary = details.find("summary")
            heading = None if summary is None else summary.find("h2")
            if heading is None or "mlprep-question" not in details.get("class", "").split():
                continue
            for link in heading.findall("a"):
                if link.get("class") == "headerlink":
                    heading.remove(link)
        tokens = getattr(self.md, "toc_tokens", None)
        if isinstance(tokens, list):  # the list MkDocs reads after the conversion
            tokens[:] = _without_questions(tokens, self.state.anchors())


def _without_questions(tokens: list[dict[str, Any]], questions: set[str]) -> list[dict[str, Any]]:
    """`toc` tokens without those of question headings (and the headings within them)."""
    return [
        {**token, "children": _without_questions(token.get("children", []), questions)}
        for token in tokens
        if token.get("id") not in questions
    ]


class AnswerCutter(Preprocessor):
    def __init__(self, md: Markdown, state: PageQuestions) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        state = self.state
        # Questions by their markers' id, in page order: two questions that share an id (an
        # error the loader reports) still each get their own answer, marker by marker.
        by_marker: dict[str, list[Question]] = {}
        for q in state.topic.questions:
            by_marker.setdefault(attr(q.id), []).append(q)
        cut: set[tuple[str, int]] = set()  # (part, question) already cut
        start = f"<!-- mlprep:{state.nonce}:"
        end = end_marker(state.nonce)
        kept: list[str] = []
        region: list[str] | None = None  # the lines of the answer or body being cut
        owner: Question | None = None  # … and its question
        for line in lines:
            marker = line.rstrip()
            if region is not None:
                if marker == end:
                    region = None
                else:
                    region.append(line)
                continue
            part, _, marked = marker[len(start) : -len(" -->")].partition(" ")
            named = by_marker.get(marked, []) if marker.startswith(start) and marker.endswith(" -->") else []
            question = next(
                (
                    q
                    for q in named
                    if (part, id(q)) not in cut and (part != "body" or q.question_body is not None)
                ),
                None,
            )
            if question is not None and part in ("body", "question"):
                cut.add((part, id(question)))
                region, owner = [], question
                if part == "body":
                    state.bodies[id(question)] = region
                else:
                    state.answers.setdefault(question.id, None)
                    kept += ["", f"{PLACEHOLDER_PREFIX}{len(state.cut)}{ETX}", ""]
                    state.cut.append((question, region))
                continue
            kept.append(line)
        if region is not None and owner is not None:
            message = f"the answer of question {owner.id} has no end marker"
            state.problems.append((owner.line, message))
        # The anchors of raw HTML, each answer and body read alone as it is parsed: MkDocs
        # validates links to them; the plugin adds them to the page's (`present_anchor_ids`).
        texts = (
            ["\n".join(kept)]
            + ["\n".join(cut) for _, cut in state.cut]
            + ["\n".join(b) for b in state.bodies.values()]
        )
        state.raw_anchors = set().union(*map(raw_html_anchors, texts))
        return kept


class QuestionBlockProcessor(BlockProcessor):
    def __init__(self, parser: BlockParser, md: Markdown, state: PageQuestions) -> None:
        super().__init__(parser)
        self.md = md
        self.state = state
        self.answer_preprocessors: list[tuple[Preprocessor, tuple[str, ...] | None]] | None = None
        self.reads: tuple[bool, bool] | None = None
        """Whether the page reads footnotes and abbreviations (known once every extension of
        the page is registered: at the first question)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(PLACEHOLDER_PREFIX)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        placeholder, _, rest = blocks.pop(0).partition("\n")
        if rest:
            blocks.insert(0, rest)
        index = placeholder[len(PLACEHOLDER_PREFIX) :].rstrip(ETX)
        question, lines = self.state.cut[int(index)]
        topic, links = self.state.topic, self.state.links
        stash = self._stash
        details = etree.SubElement(parent, "details", question_attributes(topic, question))
        summary = etree.SubElement(details, "summary")
        heading = etree.SubElement(summary, "h2", {"id": question.id})
        # Plain HTML already (see `inline_text`): stashed, so that markdown reads nothing in it.
        heading.text = stash(question_heading_html(question))
        extras = summary_extras(question)
        heading.tail = stash(extras) if extras else None
        body = self.state.bodies.get(id(question))
        if body is not None:
            body_element = etree.SubElement(details, "div", {"class": BODY_CLASS})
            self.state.body_blocks.append((question, body_element))
            self._parse_into(body_element, body, f"{question.id}{BODY_SCOPE}")
        if not question.answered:
            etree.SubElement(details, "p").text = stash(wanted_note(topic, question, links))
        else:
            answer = etree.SubElement(details, "div", {"class": ANSWER_CLASS})
            self.state.blocks.append((question, answer))
            self._parse_into(answer, lines, question.id)
        footer = question_footer_html(question, topic, links)
        if footer:  # after the answer's div, outside the answer's HTML
            etree.SubElement(details, "p").text = stash(footer)

    def _stash(self, html: str) -> AtomicString:
        """`html` kept out of the rest of the conversion: a stash placeholder, in a string that
        the inline patterns pass over (it is HTML already, and with 10,000 questions each
        pattern tried on each placeholder would cost a tenth of a second)."""
        return AtomicString(self.md.htmlStash.store(html))

    def _parse_into(self, element: etree.Element, lines: list[str], scope: str) -> None:
        """Parse `lines` inside `element` on their own: the preprocessors still to come, then
        the block parser. Their footnote and link reference labels are renamed into `scope`
        first (`answers.labels`): a page's conversion has one store of each, and a label two
        answers define would give one answer's note, or link, to the other."""
        text = "\n".join(lines)
        if "<" in text:
            self.state.tagged.add(id(element))
        if self.reads is None:
            extensions = self.md.registeredExtensions
            abbreviations = any(isinstance(e, AbbrExtension) for e in extensions)
            self.reads = (page_footnotes(self.md) is not None, abbreviations)
        footnotes, abbreviations = self.reads
        if abbreviations:  # applied to this element alone (`AnswerCapture`)
            text, own = own_abbreviations(text)
            if own:
                self.state.abbreviations[id(element)] = own
                lines = text.split("\n")
        scoped = scoped_labels(text, scope, footnotes=footnotes)
        if scoped.markdown is not text:
            text, lines = scoped.markdown, scoped.markdown.split("\n")
        if scoped.footnotes:  # AnswerNotes moves them to the end of the answer
            self.state.note_labels.append((element, scoped.footnotes))
        for preprocessor, marks in self._answer_preprocessors():
            if marks is not None and not any(mark in text for mark in marks):
                continue  # it would return the lines as they are
            lines = preprocessor.run(lines)
            text = "\n".join(lines)
        self.parser.parseChunk(element, text)

    def _answer_preprocessors(self) -> list[tuple[Preprocessor, tuple[str, ...] | None]]:
        """The page's preprocessors that run after the cutter: what each answer goes through,
        each with the marks without which it returns an answer's lines unchanged (None: it
        always runs). With 10,000 one-line answers, running them all costs a third of the
        build (bench/bench_site.py --short); tests/test_render_path.py checks the marks."""
        if self.answer_preprocessors is None:
            after = self.md.preprocessors.get_index_for_name("mlprep_answers") + 1
            marked = with_marks(self.md.preprocessors, PREPROCESSOR_MARKS)
            self.answer_preprocessors = marked[after:]
        return self.answer_preprocessors
