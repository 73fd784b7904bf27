"""The check behind `import --sanitize`: markdown cleaned as text is rendered with the site's
markdown extensions (and footnotes), and the HTML compared with what `sanitize_html` keeps of
it. Reading markdown with patterns keeps missing forms that the renderer reads as HTML or links
(a 4-space-indented `<img onerror>` line that continues a paragraph, `[x](java` + newline +
`script:…)`, a footnote holding a `javascript:` link); the renderer cannot be outflanked by its
own syntax. When the cleaned HTML lacks an element, attribute or value that the rendering has,
the answer is replaced by the cleaned HTML, which renders as itself."""

from __future__ import annotations

import functools
from collections import Counter
from html.parser import HTMLParser

import markdown

from mlprep_site.core.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.sanitize import sanitize_html

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
