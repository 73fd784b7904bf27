"""The check behind `import --sanitize`: markdown cleaned as text is rendered with the site's
markdown extensions (and footnotes), and the HTML compared with what `sanitize_html` keeps of
it. Reading markdown with patterns keeps missing forms that the renderer reads as HTML or links
(a 4-space-indented `<img onerror>` line that continues a paragraph, `[x](java` + newline +
`script:…)`, a footnote holding a `javascript:` link); the renderer cannot be outflanked by its
own syntax. When the cleaned HTML lacks an element, attribute or value that the rendering has,
the answer is replaced by the cleaned HTML, which renders as itself. It renders with
Python-Markdown, so it lives beside the renderer, outside the core, which cleans the markup as
text (`core.importer.clean_markup.clean_markup`)."""

from __future__ import annotations

import functools
from collections import Counter
from html.parser import HTMLParser

import markdown

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.domain.model import Topic
from mlprep_site.core.importer.clean_markup import clean_markup
from mlprep_site.core.importer.publishable import map_texts
from mlprep_site.core.text.sanitize import sanitize_html

Start = tuple[str, tuple[tuple[str, str], ...]]


class _StartTags(HTMLParser):
    """Each start tag of a fragment with its attributes (values decoded), counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[Start] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[(tag, tuple(sorted((name, value or "") for name, value in attrs)))] += 1


def start_tags(html: str) -> Counter[Start]:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.found


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter (reset between uses): building one costs more than converting."""
    return markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "footnotes"])


def rendered_html(text: str) -> str:
    """The answer's markdown as the site renders it: the page renders `page_markdown`'s form,
    which reads some text otherwise than the answer as written (an HTML block left open holds
    the markdown after it, as on GitHub)."""
    # The one answer form of the pages is the renderer's (answers sit above the core); the
    # import check is the one place in core that renders, as its markdown import says.
    from mlprep_site.answers.commonmark import page_markdown

    html: str = _converter().reset().convert(page_markdown(text))
    return html


def cleaned_rendering(text: str) -> str | None:
    """None when the rendering of `text` is clean already (the cleaner takes nothing out of its
    start tags); else the cleaned rendering, on lines of its own, to stand for the answer."""
    if not any(mark in text for mark in ("<", "[", "{", ":")):
        return None
    html = rendered_html(text)
    clean = sanitize_html(html)
    if not start_tags(html) - start_tags(clean):
        return None
    return clean.strip()


def sanitize_markdown(text: str) -> str:
    """`text` with its raw HTML and link URLs cleaned (`clean_markup`), then checked by what
    it renders to: if the page's HTML of the result still holds anything `sanitize_html` takes
    out, markdown syntax got past the cleaning (an indented line that is not code, a URL split
    over two lines, a footnote), and the answer becomes that HTML, cleaned."""
    cleaned = clean_markup(text)
    return cleaned_rendering(cleaned) or cleaned


def sanitized_topic(topic: Topic) -> tuple[Topic, int]:
    """The topic with each question's answer and body cleaned (`sanitize_markdown`), and how
    many questions that changed."""
    cleaned = map_texts(topic, lambda text, _: sanitize_markdown(text))
    changed = sum(new != old for new, old in zip(cleaned.questions, topic.questions, strict=True))
    return cleaned, changed
