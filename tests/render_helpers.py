"""Rendering topic pages through the plugin's path without a site build, and reading each
question's block back out of rendered HTML with a real HTML parser (no regex)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import markdown

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.page_questions import PageQuestions
from mlprep_site.site.pages import topic_page
from mlprep_site.site.render_path import ANSWER_CLASS, QuestionBlocksExtension

LINKS = SourceLinks.at("https://github.com/o/r/edit/main/content/", "content")
EXTENSIONS: list[Any] = [*MARKDOWN_EXTENSIONS, "toc"]
CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": True}}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_body(page_markdown: str) -> str:
    return page_markdown.split("---\n", 2)[2] if page_markdown.startswith("---\n") else page_markdown


def render_topic(
    topic: Topic, nonce: str = "0123456789abcdef", extra: tuple[str, ...] = (), sanitize: bool = False
) -> tuple[str, PageQuestions]:
    """A topic page as MkDocs converts it: one Markdown instance from the extension list
    (and the `extra` extensions)."""
    state = PageQuestions(topic, LINKS, nonce, sanitize=sanitize)
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, *extra, QuestionBlocksExtension(lambda: state)], extension_configs=CONFIGS
    )
    return md.convert(page_body(topic_page(topic, LINKS, nonce))), state


def render_alone(answer: str) -> str:
    """An answer rendered on its own through the same configuration."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return md.convert(page_markdown(answer))


def make_topic(*answers: str | None) -> Topic:
    questions = tuple(
        Question(id=f"q{n}", number=n, question=f"Question {n}?", answer=a, line=n)
        for n, a in enumerate(answers, start=1)
    )
    return Topic(slug="t", title="T", source="content/t.md", questions=questions)


class QuestionBlocks(HTMLParser):
    """Each question block of a page: its data-qid and the exact HTML inside its answer
    element, located by parsing (element nesting), not by searching the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.stack: list[str] = []
        self.order: list[str] = []
        self.answers: dict[str, str] = {}
        self._question: str | None = None
        self._answer_depth: int | None = None
        self._answer_start = 0
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "details" and "data-qid" in values and self._answer_depth is None:
            self._question = values["data-qid"] or ""
            self.order.append(self._question)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "div" and values.get("class") == ANSWER_CLASS and self._answer_depth is None:
            self._answer_depth = len(self.stack)
            text = self.get_starttag_text() or ""
            self._answer_start = self._offset() + len(text)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:  # `<hr />` is reported as a start and an end
            return
        if not self.stack or self.stack[-1] != tag:
            raise AssertionError(f"unbalanced </{tag}> at {self.getpos()}: open {self.stack[-5:]}")
        if self._answer_depth == len(self.stack) and self._question is not None:
            self.answers[self._question] = self.html[self._answer_start : self._offset()]
            self._answer_depth = None
        self.stack.pop()
