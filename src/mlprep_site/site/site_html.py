"""What the site does with a topic page once markdown has rendered it: put the question
openings into a page written for late headings, cut the answers back out (for bank.json, the
Anki deck and JSON-LD) and write the FAQPage JSON-LD. Pure: HTML in, HTML out; no MkDocs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import unescape

from mlprep_site.core.model import Topic
from mlprep_site.site.blocks import (
    RENDERED_SEPARATOR,
    HeadingStyle,
    SourceLinks,
    question_opening,
    wanted_note,
)

DETAILS_END = "</details>"


def expand_separators(html: str, topic: Topic, links: SourceLinks, style: HeadingStyle) -> str | None:
    """The rendered page of a topic written for late headings (`topic_page(late=True)`), with
    each separator replaced by the end of the question before it and the opening markup of
    the question after it, as the contained form renders them.

    None when the page does not have exactly one separator per question and one after the
    last (a markdown extension of the site wrote a thematic break of its own): the page must
    then be rendered in the contained form.
    """
    pieces = html.split(RENDERED_SEPARATOR)
    if not topic.questions:  # nothing was written between separators
        return html if len(pieces) == 1 else None
    if len(pieces) != len(topic.questions) + 2:
        return None
    parts = [pieces[0]]
    for index, question in enumerate(topic.questions):
        if index:
            parts.append(DETAILS_END)
        parts.append(question_opening(topic, question, links, style))
        if question.answer is None:
            parts.append(f"\n{wanted_note(topic, question, links)}\n")
        parts.append(pieces[index + 1])
    parts += [DETAILS_END, pieces[-1]]
    return "".join(parts)


# In a script element only `</` (it may end the element) and `<!--` (it may start an escaped
# section) are dangerous; `<s` is escaped too, so that no `<script` appears in the page at
# all. Every other `<` stays one byte: answers are HTML, and escaping every tag would
# double the JSON-LD.
SCRIPT_UNSAFE_RE = re.compile(r"<(?=[!sS])")


def _script_json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return SCRIPT_UNSAFE_RE.sub(r"\\u003c", text.replace("</", "<\\/"))


# Search engines show only a few tags of an answer (paragraphs, lists, links, emphasis) and
# ignore the rest; syntax highlighting's spans alone would make the JSON-LD larger than the
# page's content.
SPAN_TAG_RE = re.compile(r"</?span\b[^>]*>")


def faq_jsonld(topic: Topic, answer_html: Mapping[str, str | None]) -> str | None:
    """A FAQPage JSON-LD `<script>` for the topic's answered questions, or None."""
    entities = [
        {
            "@type": "Question",
            "name": " ".join(q.question.split()),
            "acceptedAnswer": {
                "@type": "Answer",
                "text": SPAN_TAG_RE.sub("", answer_html.get(q.id) or q.answer),
            },
        }
        for q in topic.questions
        if q.answer is not None
    ]
    if not entities:
        return None
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
    return f'<script type="application/ld+json">{_script_json(data)}</script>'


# md_in_html sorts attributes, so match data-qid wherever it is in the tag.
QUESTION_OPEN_RE = re.compile(r'<details class="(mlprep-question[^"]*)"[^>]*?\sdata-qid="([^"]*)"')
SUMMARY_END = "</summary>"


@dataclass(frozen=True, slots=True)
class QuestionSpan:
    """Where one question's block is in a rendered topic page."""

    qid: str
    wanted: bool
    start: int
    """The block's `<details`."""
    summary_end: int
    """Just after its `</summary>` (where the answer starts), or -1."""
    end: int
    """Its closing `</details>` (where the answer ends), or -1."""

    def answer(self, html: str) -> str | None:
        """The answer's HTML in `html` (None: unanswered, or the block is cut short)."""
        if self.wanted or self.summary_end < 0 or self.end < 0:
            return None
        return html[self.summary_end + len(SUMMARY_END) : self.end]


def question_spans(html: str) -> Iterator[QuestionSpan]:
    """The question blocks of a rendered topic page, in order. A block runs to the last
    `</details>` before the next question (nested hints close before it)."""
    matches = list(QUESTION_OPEN_RE.finditer(html))
    for index, match in enumerate(matches):
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        summary = html.find(SUMMARY_END, match.end(), limit)
        end = html.rfind(DETAILS_END, summary, limit) if summary >= 0 else -1
        wanted = "mlprep-wanted" in match.group(1).split()
        yield QuestionSpan(unescape(match.group(2)), wanted, match.start(), summary, end)


def answers_from_html(html: str) -> dict[str, str | None]:
    """Each question's answer HTML, cut out of its rendered topic page (None: unanswered)."""
    answers: dict[str, str | None] = {}
    for span in question_spans(html):
        answer = span.answer(html)
        answers[span.qid] = answer.strip() if answer is not None else None
    return answers


HEADING_RE = re.compile(r"<h2\b.*?</h2>", re.DOTALL)


def search_view(html: str) -> str:
    """A rendered topic page as the search index should read it: each question's heading
    followed by its answer, outside the `<details>` and `<summary>`.

    Material's search starts a section at a heading and ends it where the element around the
    heading ends. A question's heading sits in its summary, so on the page as shown the answer
    would fall into the section of the page title: a search for words of an answer would land
    on the top of the page, not on the question.
    """
    parts: list[str] = []
    position = 0
    for span in question_spans(html):
        heading = HEADING_RE.search(html, span.start, span.summary_end) if span.summary_end >= 0 else None
        if heading is None or span.end < 0:
            continue
        parts += [html[position : span.start], heading.group(0), span.answer(html) or ""]
        position = span.end + len(DETAILS_END)
    parts.append(html[position:])
    return "".join(parts)
