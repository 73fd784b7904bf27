"""A question's block in a topic page: `<details>` with the question heading in its summary,
then the answer.

Page markup (the contract with study.js): each question is a
`<details class="mlprep-question" data-qid data-topic data-difficulty data-tags>` whose
`<summary>` holds an `<h2 id="ID">` with the question text. The heading is what makes each
question its own search section and table-of-contents entry: Material's search splits pages
at headings that carry an id, and a bare `<summary>` is not one.

A block is written in one of two forms. Contained (`question_block`): raw HTML with
`markdown="1"`, which any generator with md_in_html renders (`mlprep-site render`). Marked
(`marked_question`): the answer's markdown between two comment lines, for the MkDocs plugin,
whose markdown extension (`site.render_path`) builds the block around the answer within the
page's own conversion.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.text.inline import attr, inline_text, link
from mlprep_site.site.repo_links import RepoLinks

REFS_CLASS = "mlprep-question-refs"
# A topic page with more questions than this lists only its sections (and references) in the
# table of contents (pages.toc_entries), its question blocks are laid out only near the screen
# (site.css, `content-visibility`, far_groups), and its content is not Material's content
# component (overrides/main.html): a table of contents of 341 questions is no guide, doubles the
# page's elements, and Material measures every heading it lists whenever the page's height
# changes, which forces a layout of each block that is not laid out; the content component sets
# up every block and link when the page loads (bench/lighthouse.py, bench/profile_page.py).
TOC_QUESTIONS_MAX = 60


@dataclass(frozen=True, slots=True)
class SourceLinks:
    """Where a topic's source lives on the repository, for edit and per-question links.

    `repo` is the content folder on its host (see `repo_links`); None: no links at all.
    """

    repo: RepoLinks | None = None
    content_root: str = "content"

    @classmethod
    def at(cls, edit_url: str | None, content_root: str = "content") -> SourceLinks:
        """Links below the content folder whose edit URL is `edit_url`
        (e.g. `https://github.com/o/r/edit/main/content/`); none for None or a non-http(s) URL."""
        return cls(None if edit_url is None else RepoLinks.at(edit_url), content_root)

    def source_path(self, topic: Topic) -> str:
        return self.content_path(topic.source)

    def content_path(self, source: str) -> str:
        """A file's path (as the bank's sources are written) inside the content folder."""
        source = source.replace("\\", "/")
        root = self.content_root.replace("\\", "/").rstrip("/")
        if root and source.startswith(root + "/"):
            return source[len(root) + 1 :]
        return posixpath.basename(source)

    def file_view_url(self, source: str) -> str | None:
        """The URL of a file of the content folder on the repository's host, if known."""
        return None if self.repo is None else self.repo.view_url(self.content_path(source), 0)

    def edit_url(self, topic: Topic) -> str | None:
        return None if self.repo is None else self.repo.edit_url(self.source_path(topic))

    def view_url(self, topic: Topic, line: int) -> str | None:
        return None if self.repo is None else self.repo.view_url(self.source_path(topic), line)


def question_heading_html(question: Question) -> str:
    """The inside of a question's heading: its number and text as plain HTML."""
    return f"{question.number}. {inline_text(question.question)}"


def question_attributes(topic: Topic, question: Question) -> dict[str, str]:
    """The attributes of a question's `<details>` element, in the order they are written. The
    URL of the question's line in the repository is the "source" link after the answer
    (`question_footer_html`), not an attribute: on a page of many questions every byte of a
    block is held, searched and sent once per question."""
    kind = "mlprep-question" if question.answered else "mlprep-question mlprep-wanted"
    return {
        "class": kind + (" mlprep-far" if len(topic.questions) > TOC_QUESTIONS_MAX else ""),
        "data-difficulty": question.difficulty or "",
        "data-qid": question.id,
        "data-tags": " ".join(question.tags),
        "data-topic": topic.slug,
    }


def summary_extras(question: Question) -> str:
    """What follows the question heading in its summary, as HTML: the "wanted" badge. Nothing
    else goes in the summary, so that a tap anywhere on its row opens the question; the source
    link is after the answer (`question_attributes`)."""
    if question.answered:
        return ""
    return ' <span class="mlprep-wanted-badge" data-search-exclude>wanted</span>'


def question_footer_html(
    question: Question, topic: Topic | None = None, links: SourceLinks | None = None
) -> str | None:
    """What follows the answer, outside the answer's HTML (quiz data, deck, JSON-LD): the
    question's own references, then the link to its source line, written in the page so that it
    works without JavaScript. None when there is nothing to write. On a page whose headings have
    no permalink (past TOC_QUESTIONS_MAX) the heading's id is the question's address; study.js
    adds a link to it when the question is opened (a relative link in every block is rewritten
    by the theme's script when the page loads)."""
    parts = [question_references_html(question)] if question.references else []
    source = None if topic is None or links is None else links.view_url(topic, question.line)
    if source:
        link_html = f'<a class="mlprep-source" href="{attr(source)}">source</a>'
        parts.append(f'<p class="mlprep-question-foot" data-search-exclude>{link_html}</p>')
    return "\n".join(parts) or None


def question_opening(topic: Topic, question: Question) -> str:
    """A question's `<details>` tag and `<summary>` with the question heading, as markdown for
    md_in_html (which renders the answer inside it; `toc` finishes the heading).

    The summary is plain HTML (see `inline_text`); site.css shows the difficulty from
    `data-difficulty` (no extra markup: with 10,000 questions every element counts).
    """
    values = question_attributes(topic, question).items()
    attributes = " ".join(f'{name}="{attr(value)}"' for name, value in values)
    heading = f'<h2 id="{attr(question.id)}">{question_heading_html(question)}</h2>'
    return f'<details {attributes} markdown="1">\n<summary>{heading}{summary_extras(question)}</summary>'


Relink = Callable[[str], str]
"""Answer or body markdown → the markdown with its links to other files of the repository made
to work on the site (`site.topic_links`)."""


def as_written(text: str) -> str:
    return text


def question_block(topic: Topic, question: Question, links: SourceLinks, relink: Relink = as_written) -> str:
    """One question as page markdown: its opening, then the answer (or a wanted note).
    `relink`: the answer's links to other topics' files made to lead to their pages
    (`topic_links`)."""
    if question.answer is None:
        body = wanted_note(topic, question, links)
    else:
        body = page_markdown(relink(question.answer))
    if question.question_body is not None:  # the question's own snippet or list comes first
        extra = page_markdown(relink(question.question_body))
        body = f'<div class="mlprep-question-body" markdown="1">\n\n{extra}\n\n</div>\n\n{body}'
    footer = question_footer_html(question, topic, links)
    if footer:
        body += f"\n\n{footer}"
    return f"{question_opening(topic, question)}\n\n{body}\n\n</details>\n"


def question_references_html(question: Question) -> str:
    """The question's own references, shown after its answer: each a link titled with its
    title (the URL when it has none). The titles stay in the question's search entry; the
    "Sources:" label does not. Not part of the answer's HTML (quiz data, deck, JSON-LD)."""
    items = ", ".join(link(r.url, r.title or r.url) for r in question.references)
    return f'<p class="{REFS_CLASS}"><span data-search-exclude>Sources:</span> {items}</p>'


def marked_question(
    question: Question, nonce: str, snippets_as_text: bool = False, relink: Relink = as_written
) -> str:
    """One question as marked page markdown (see `site.render_path`): the answer's markdown
    between its question's marker line and an end marker line; nothing between them when
    the question is unanswered. A question body comes first, between its own markers.
    `snippets_as_text`: pymdownx.snippets markers in them are shown, not followed. `relink`:
    as for `question_block`."""

    def marked_text(text: str) -> str:
        text = page_markdown(relink(text))
        return snippet_markers_as_text(text) if snippets_as_text else text

    answer = "" if question.answer is None else marked_text(question.answer) + "\n"
    marked = f"{question_marker(nonce, question.id)}\n{answer}{end_marker(nonce)}\n"
    if question.question_body is None:
        return marked
    # The question's own snippet or list, shown at the top of its block (before the answer).
    body = marked_text(question.question_body)
    return f"{question_marker(nonce, question.id, 'body')}\n{body}\n{end_marker(nonce)}\n{marked}"


def snippet_markers_as_text(text: str) -> str:
    """`text` with every line pymdownx.snippets would act on (an include `--8<-- "file"`, a
    block marker, a section marker) escaped the way snippets documents: a `;` before the
    marker, which snippets takes away, so that the line shows as written. For content that
    may not read files into the site (`sanitize`)."""
    if "8<-" not in text:
        return text
    from pymdownx.snippets import SnippetPreprocessor  # only pages of sites that use snippets

    lines = text.split("\n")
    for index, line in enumerate(lines):
        include = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        section = None if include else SnippetPreprocessor.RE_SNIPPET_SECTION.match(line)
        cut = len(include.group("space")) if include else len(section.group("pre")) if section else None
        if cut is not None:
            lines[index] = f"{line[:cut]};{line[cut:]}"
    return "\n".join(lines)


def question_marker(nonce: str, qid: str, part: str = "question") -> str:
    # The id is written as an attribute value would be, so that no id can end the comment.
    return f"<!-- mlprep:{nonce}:{part} {attr(qid)} -->"


def end_marker(nonce: str) -> str:
    return f"<!-- mlprep:{nonce}:end -->"


def wanted_note(topic: Topic, question: Question, links: SourceLinks) -> str:
    where = f"{links.source_path(topic)} line {question.line}"
    edit = links.edit_url(topic)
    if edit is None:
        action = f"Add one in {escape(where)}."
    else:
        source = link(links.view_url(topic, question.line), where)
        action = f"{link(edit, 'Write one')} (the question is at {source})."
    return f'<p class="mlprep-wanted-note" data-search-exclude>No answer yet. {action}</p>'
