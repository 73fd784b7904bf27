"""One topic page's conversion as the rendering path (`render_path`) fills it in: the questions
found, their elements, their answers' HTML and what went wrong."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.site.blocks import SourceLinks

if TYPE_CHECKING:
    from markdown import Markdown


@dataclass
class PageQuestions:
    """One topic page's conversion: its questions in, their answers' HTML and problems out."""

    topic: Topic
    links: SourceLinks
    nonce: str
    sanitize: bool = False
    """Clean each answer's HTML with the allow-list of `core.text.sanitize` once it is rendered: the
    cleaned fragment is what the page and everything else gets, and a fragment cleaned on its
    own cannot close its question's block early."""
    cut: list[tuple[Question, list[str]]] = field(default_factory=list)
    """Each question found, in page order, with its answer's lines as the page has them."""
    bodies: dict[int, list[str]] = field(default_factory=dict)
    """`id()` of a question → the lines of its question body (a snippet or list of its own)."""
    blocks: list[tuple[Question, etree.Element]] = field(default_factory=list)
    """Each answered question with its answer's element."""
    body_blocks: list[tuple[Question, etree.Element]] = field(default_factory=list)
    """Each question with a body, with the body's element."""
    answers: dict[str, str | None] = field(default_factory=dict)
    """Question id → the answer's HTML as on the page (None: unanswered)."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(source line, message) for what the page's markdown or its answers did wrong."""
    notices: list[tuple[int, str]] = field(default_factory=list)
    """(source line, message) for what was mended as a browser and GitHub mend it."""
    note_labels: list[tuple[etree.Element, list[str]]] = field(default_factory=list)
    """Each answer or body element that defined footnotes, with their labels."""
    abbreviations: dict[int, dict[str, str]] = field(default_factory=dict)
    """`id()` of an answer or body element → the abbreviations its markdown defines."""
    raw_anchors: set[str] = field(default_factory=set)
    """The anchors of the page's raw HTML (`core.text.html_anchors`), for MkDocs' link validation."""
    tagged: set[int] = field(default_factory=set)
    """`id()` of each answer or body element whose markdown has a `<`: only these can hold
    raw HTML that is not balanced (what markdown and its extensions write is)."""
    markdown: Markdown | None = None
    """The page's `Markdown` instance, which converted it."""

    def release(self) -> None:
        """Let go of the page's conversion once its results are taken: the answers' lines and
        elements, and the page's `Markdown` state (`reset`: its stash holds every answer's HTML).
        MkDocs drops the instance after the conversion, but its processors refer to it, so it
        would stay in memory until Python's cycle collector ran; a build converting one page
        after another would hold several pages' at once."""
        for kept in (self.cut, self.blocks, self.body_blocks, self.note_labels):
            kept.clear()
        self.bodies.clear()
        self.abbreviations.clear()
        if self.markdown is not None:
            self.markdown.reset()
            self.markdown = None

    def report(self, shown: str) -> list[tuple[int, str]]:
        """(logging level, `shown:line: message`) of what went wrong, or was mended, on the
        page; `shown` is the topic's source as contributors know it."""
        report = [(logging.WARNING, f"{shown}:{line}: {message}") for line, message in self.problems]
        report += [(logging.INFO, f"{shown}:{line}: {message}") for line, message in self.notices]
        missing = (q for q in self.topic.questions if q.id not in self.answers)
        return report + [
            (
                logging.WARNING,
                f"{shown}:{q.line}: question {q.id} is missing from its page: a hook or plugin "
                "removed its marker lines from the page's markdown",
            )
            for q in missing
        ]

    def anchors(self) -> set[str]:
        """The question anchors of the page: no element of an answer or body may take one."""
        return {question.id for question, _ in self.cut}
