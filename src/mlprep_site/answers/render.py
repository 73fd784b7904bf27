"""A topic's answers as HTML, rendered with the site's own markdown configuration.

As Material's blog plugin renders its excerpts, a `Markdown` instance is made from the site's
`markdown_extensions` and `mdx_configs` (MkDocs' `load_config` reads them; `cli.site_markdown`
does that for the commands) and each answer is converted on its own: `Markdown.reset()` before
every answer, so footnotes, abbreviations and link references belong to the answer that
defines them. Nothing is registered into the converter, so no other extension's priority and
no private MkDocs, Python-Markdown or pymdownx attribute is relied on.

Each answer is converted once. Its forms for elsewhere are made beside the HTML from the
answer's markdown: the deck's math is the TeX that `core.text.tex.find_math` finds in the markdown,
put where the math extension drew exactly that formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import markdown

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.text.tex import TexError, find_math, tex_to_mathml

SNIPPETS = "pymdownx.snippets"


@dataclass(frozen=True)
class MarkdownConfig:
    """The markdown a site renders with: MkDocs' `markdown_extensions` (names or extension
    objects) and `mdx_configs` (name → options)."""

    extensions: Sequence[Any]
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def without(self, name: str) -> MarkdownConfig:
        """This configuration without the extension called `name`."""
        kept = [extension for extension in self.extensions if extension != name]
        return MarkdownConfig(kept, {key: value for key, value in self.configs.items() if key != name})


PAGE_MARKDOWN = MarkdownConfig(
    MARKDOWN_EXTENSIONS,
    # Pygments classes, styled by the deck's CSS and the site's: nothing fetched from a CDN.
    {"pymdownx.highlight": {"use_pygments": True}},
)
"""The extensions generated pages are written for (`answers.markup`), as the package's
`defaults.yml` configures them: for callers that have no site configuration."""


@dataclass(frozen=True, slots=True)
class RenderedAnswer:
    html: str
    """The answer's HTML, as the site's markdown renders it (cleaned when the site sanitises)."""
    deck_html: str
    """The same HTML with each formula as `\\(TeX\\)` or `\\[TeX\\]` for Anki's own MathJax
    (the TeX stays HTML-escaped); the very same string when the answer has no math."""


class AnswerRenderer:
    """Answers' markdown to HTML with one site's markdown configuration (see the module's
    docstring). Not thread-safe: one converter, reset before each answer."""

    def __init__(self, config: MarkdownConfig = PAGE_MARKDOWN, sanitize: bool = False) -> None:
        if sanitize:  # content that is not reviewed may not read files into the answer
            config = config.without(SNIPPETS)
        self.config = config
        self.sanitize = sanitize
        self.md = markdown.Markdown(
            extensions=list(config.extensions),
            extension_configs={name: dict(options) for name, options in config.configs.items()},
        )

    def render(self, answer: str) -> RenderedAnswer:
        """One answer's markdown (as the loader holds it) to its HTML and deck HTML."""
        text = page_markdown(answer)
        html: str = self.md.reset().convert(text)
        deck_html = with_tex(html, text) if "$" in text else html
        if self.sanitize:
            from mlprep_site.core.text.sanitize import sanitize_html  # nh3: only when asked for

            cleaned = sanitize_html(html)
            deck_html = cleaned if deck_html is html else sanitize_html(deck_html)
            html = cleaned
        return RenderedAnswer(html, deck_html)

    def topic_answers(self, topic: Topic) -> dict[str, RenderedAnswer | None]:
        """Each of `topic`'s questions by id → its rendered answer (None: unanswered)."""
        return {question.id: self.question_answer(question) for question in topic.questions}

    def question_answer(self, question: Question) -> RenderedAnswer | None:
        return None if question.answer is None else self.render(question.answer)


def with_tex(html: str, text: str) -> str:
    """`html`, rendered from the markdown `text`, with each formula of `text` drawn as MathML
    replaced by its TeX between Anki's delimiters. The TeX and its kind come from the
    markdown; the HTML is only where the math extension put exactly that formula's MathML."""
    for span in find_math(text):
        try:
            mathml = tex_to_mathml(span.tex, span.display)
        except TexError:  # shown as written, in a code span: nothing to give back
            continue
        opening, closing = ("\\[", "\\]") if span.display else ("\\(", "\\)")
        html = html.replace(mathml, f"{opening}{escape(span.tex, quote=False)}{closing}")
    return html
