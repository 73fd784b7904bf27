"""The end of a topic page's conversion (`render_path`): no element of an answer takes a
question's anchor (`AnswerIdGuard`), and each answer (and question body) is serialised once,
cleaned or kept inside its block, recorded, and put back as exactly that HTML
(`AnswerCapture`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.extensions.toc import unique
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, Registry

from mlprep_site.core.domain.model import Question
from mlprep_site.site.balanced_html import balance, raw_html_problem, repairs
from mlprep_site.site.page_questions import PageQuestions

ID_ATTRIBUTE_RE = re.compile(r"\sid\s*=", re.IGNORECASE)
# Postprocessors that leave text without these marks as it is: each puts back what an earlier
# step left as an STX…ETX placeholder (stashed raw HTML, `&`, footnote backlinks). A one-line
# answer has none, and running them all on each of 10,000 answers costs a twentieth of a build.
POSTPROCESSOR_MARKS: dict[str, tuple[str, ...]] = {
    "raw_html": (STX,),
    "amp_substitute": (STX,),
    "footnote": (STX,),
}


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    handle_startendtag = handle_starttag


def html_ids(html: str) -> set[str]:
    """The `id` attribute values of the elements of an HTML fragment."""
    collector = _IdCollector()
    collector.feed(html)
    collector.close()
    return collector.ids


def with_marks(
    registry: Registry[Any], marks: dict[str, tuple[str, ...]]
) -> list[tuple[Any, tuple[str, ...] | None]]:
    """The processors of `registry` in the order they run, each with its marks by name."""
    marks_of = {id(registry[name]): value for name, value in marks.items() if name in registry}
    return [(processor, marks_of.get(id(processor))) for processor in registry]


def own_abbreviations_in(md: Markdown, element: etree.Element, own: dict[str, str]) -> None:
    """An answer's own abbreviations (`answers.labels.own_abbreviations`) on its element, as
    `abbr` draws them: an abbreviation the site also defines (its glossary) takes the answer's
    title, or is no abbreviation when the answer forgets it (`*[X]: ""`)."""
    parents = {child: parent for parent in element.iter() for child in parent}
    site: set[str] = set()  # the abbreviations the site's `abbr` drew in the answer
    for abbr in list(element.iter("abbr")):
        site.add(abbr.text or "")
        title = own.get(abbr.text or "")
        if title:
            abbr.set("title", title)
        elif title is not None:  # forgotten: its text goes back into its parent
            parent = parents[abbr]
            index = list(parent).index(abbr)
            text = (abbr.text or "") + (abbr.tail or "")
            if index == 0:
                parent.text = (parent.text or "") + text
            else:
                parent[index - 1].tail = (parent[index - 1].tail or "") + text
            parent.remove(abbr)
    drawn = {name: title for name, title in own.items() if title and name not in site}
    AbbrTreeprocessor(md, drawn).run(element)


class AnswerIdGuard(Treeprocessor):
    """An element of an answer or question body may not take a question's anchor
    (`{#other-question}`): the question's permalink, search entry and table of contents entry
    would lead to it. (Raw HTML is checked once serialised, by `AnswerCapture`.)"""

    def __init__(self, md: Markdown, state: PageQuestions) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        anchors = self.state.anchors()
        taken: set[str] | None = None
        parts = [("answer", q, e) for q, e in self.state.blocks] + [
            ("body", q, e) for q, e in self.state.body_blocks
        ]
        for part, question, element_root in parts:
            for element in element_root.iter():
                anchor = element.get("id")
                if anchor is None or anchor not in anchors:
                    continue
                if taken is None:
                    taken = {str(e.get("id")) for e in root.iter() if e.get("id") is not None}
                renamed = unique(anchor, taken)
                element.set("id", renamed)
                message = (
                    f"the {part} of question {question.id} gives an element the id {anchor!r}, "
                    f"which is a question's anchor; renamed to {renamed!r}"
                )
                self.state.problems.append((question.answer_line or question.line, message))


class AnswerCapture(Treeprocessor):
    def __init__(self, md: Markdown, state: PageQuestions) -> None:
        super().__init__(md)
        self.state = state
        self.postprocessors: list[tuple[Postprocessor, tuple[str, ...] | None]] | None = None

    def run(self, root: etree.Element) -> None:
        for question, answer in self.state.blocks:
            self.state.answers[question.id] = self.capture(question, answer, "answer")
        for question, body in self.state.body_blocks:
            self.capture(question, body, "body")

    def capture(self, question: Question, element: etree.Element, part: str) -> str:
        """Serialise an answer's (or question body's) element once, clean it when asked, keep
        its raw HTML inside it, and put exactly that HTML back in its place."""
        own = self.state.abbreviations.get(id(element))
        if own:
            own_abbreviations_in(self.md, element, own)
        html = self.serialise(element)
        line = question.answer_line or question.line if part == "answer" else question.line
        if self.state.sanitize:
            from mlprep_site.core.text.sanitize import sanitize_html  # nh3: only when asked for

            html = sanitize_html(html)  # a balanced fragment
        elif id(element) in self.state.tagged:
            html = self._balanced(question, html, part, line)
        self._check_raw_ids(question, html, part, line)
        attributes, tail = dict(element.attrib), element.tail
        element.clear()
        element.attrib.update(attributes)
        element.text, element.tail = self.md.htmlStash.store(html), tail
        return html

    def _balanced(self, question: Question, html: str, part: str, line: int) -> str:
        """Raw HTML that closes what the answer did not open (`</div>`) would close the
        question's block early; an element left open (`<table>`) would hold the questions
        after it. Dropped and closed, and reported."""
        balanced = balance(html)
        problems, notices = repairs(balanced)
        for problem in problems:
            self.state.problems.append((line, raw_html_problem(part, question.id, problem)))
        self.state.notices += [(line, f"the {part} of question {question.id} {notice}") for notice in notices]
        return balanced.html

    def _check_raw_ids(self, question: Question, html: str, part: str, line: int) -> None:
        """Raw HTML in an answer (`<span id="other-question">`) is stashed as text, which
        `AnswerIdGuard` cannot rename: a question's anchor taken there is reported."""
        if not ID_ATTRIBUTE_RE.search(html):
            return
        anchors = self.state.anchors()
        for anchor in sorted(html_ids(html) & anchors):
            message = (
                f"the {part} of question {question.id} gives raw HTML the id {anchor!r}, "
                "which is a question's anchor: give that element another id"
            )
            self.state.problems.append((line, message))

    def serialise(self, element: etree.Element) -> str:
        """The inside of `element` as HTML, as `Markdown.convert` writes a document."""
        doc_tag: str = self.md.doc_tag
        holder = etree.Element(doc_tag)
        holder.text = element.text
        holder.extend(element)
        output: str = self.md.serializer(holder)
        start = output.find(f"<{doc_tag}>")
        end = output.rfind(f"</{doc_tag}>")
        output = output[start + len(doc_tag) + 2 : end].strip() if start >= 0 and end >= 0 else ""
        for postprocessor, marks in self._postprocessors():
            if marks is None or any(mark in output for mark in marks):
                output = str(postprocessor.run(output))
        return output.strip()

    def _postprocessors(self) -> list[tuple[Postprocessor, tuple[str, ...] | None]]:
        """The page's postprocessors, each with the marks without which it returns a text
        unchanged (None: it always runs); tests/test_render_path.py checks the marks."""
        if self.postprocessors is None:
            self.postprocessors = with_marks(self.md.postprocessors, POSTPROCESSOR_MARKS)
        return self.postprocessors
