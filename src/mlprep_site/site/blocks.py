"""A question's block in a topic page: `<details>` with the question heading in its summary,
then the answer.

Page markup (the contract with study.js): each question is a
`<details class="mlprep-question" data-qid data-topic data-difficulty data-tags>` whose
`<summary>` holds an `<h2 id="ID">` with the question text. The heading is what makes each
question its own search section and table-of-contents entry: Material's search splits pages
at headings that carry an id, and a bare `<summary>` is not one.

A block is written in one of two forms. Contained: raw HTML with `markdown="1"`, which any
generator with md_in_html renders. Late: the answer alone after a separator, with
the opening markup put into the rendered HTML afterwards (`site_html.expand_separators`),
for the MkDocs plugin, where it renders faster and gives the same HTML.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from mlprep_site.core.answers import FenceTracker
from mlprep_site.core.inline import attr, inline_text, link
from mlprep_site.core.markup import answer_markdown
from mlprep_site.core.model import Question, Topic


@dataclass(frozen=True, slots=True)
class SourceLinks:
    """Where a topic's source lives on the repository, for edit and per-question links.

    `edit_base` is the URL that a path under the content folder is appended to, e.g.
    `https://github.com/o/r/edit/main/content/`; the view (blob) URL is derived from it.
    """

    edit_base: str | None = None
    content_root: str = "content"

    def source_path(self, topic: Topic) -> str:
        source = topic.source.replace("\\", "/")
        root = self.content_root.replace("\\", "/").rstrip("/")
        if root and source.startswith(root + "/"):
            return source[len(root) + 1 :]
        return posixpath.basename(source)

    def edit_url(self, topic: Topic) -> str | None:
        if not self.edit_base:
            return None
        return self.edit_base.rstrip("/") + "/" + quote(self.source_path(topic))

    def view_url(self, topic: Topic, line: int) -> str | None:
        edit = self.edit_url(topic)
        if edit is None:
            return None
        view = edit.replace("/edit/", "/blob/", 1)
        return f"{view}#L{line}" if line > 0 else view


@dataclass(frozen=True, slots=True)
class HeadingStyle:
    """How the site's `toc` extension finishes a heading, for question headings written
    into the page HTML after markdown has run (see `topic_page`)."""

    permalink: str | None = "&para;"
    """The permalink's text as HTML, or None for no permalink."""
    permalink_title: str = "Permanent link"
    permalink_class: str = "headerlink"
    permalink_leading: bool = False
    in_toc: bool = True
    """Whether level-2 headings are within the table of contents' depth."""

    def heading(self, anchor: str, inner_html: str) -> str:
        if self.permalink is None:
            return f'<h2 id="{attr(anchor)}">{inner_html}</h2>'
        title = f' title="{attr(self.permalink_title)}"' if self.permalink_title else ""
        link = f'<a class="{attr(self.permalink_class)}" href="#{attr(anchor)}"{title}>{self.permalink}</a>'
        inner = link + inner_html if self.permalink_leading else inner_html + link
        return f'<h2 id="{attr(anchor)}">{inner}</h2>'


# In a topic page written for late headings, a thematic break stands before each question's
# answer and after the last one: of all markdown, it costs the least to render (a comment
# costs md_in_html as much as a tenth of the answers), and answers that stand alone have none.
QUESTION_SEPARATOR = "***"
RENDERED_SEPARATOR = "<hr />"
# Lines that make an answer unfit to stand at the top level of a page between separators:
# raw HTML (it may leave a tag open), headings and attribute lists (ids made where question
# ids are not seen), setext underlines, after any list or quote markers; and lines of
# nothing but break, list and quote characters with three break characters in them, which
# may be thematic breaks, rendered like separators.
_NOT_STANDALONE_RE = re.compile(
    r"(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]))*[ \t]*(?:<|#|=+[ \t]*$|-+[ \t]*$)"
    r"|(?=[-*_+>.) \t\d]*$)(?:[^-*_\n]*[-*_]){3}"
)
_SUSPECT_FIRST_CHARS = frozenset("<#=-*_+> \t0123456789")
_RULE_TAG_RE = re.compile(r"<[hH][rR]")


def stands_alone(answer: str) -> bool:
    """Whether an answer's markdown renders the same at the top level of a page as inside its
    question's block: nothing in it can reach past its end, take a question's id, render
    as a separator or ask for a table of contents (`[TOC]`, which would miss the questions)."""
    if any(mark in answer for mark in ("<!--", "{:", "{#", "[TOC]")) or _RULE_TAG_RE.search(answer):
        return False
    fences = FenceTracker() if "```" in answer or "~~~" in answer else None
    for line in answer.split("\n"):
        if fences is not None and fences.inside_after(line):
            continue  # fenced code is exempt
        # Only a line starting like a block marker can match; most start with a word.
        if line[:1] in _SUSPECT_FIRST_CHARS and _NOT_STANDALONE_RE.match(line):
            return False
    return fences is None or fences.fence is None


def question_heading_html(question: Question) -> str:
    """The inside of a question's heading: its number and text as plain HTML."""
    return f"{question.number}. {inline_text(question.question)}"


def question_opening(
    topic: Topic, question: Question, links: SourceLinks, late: HeadingStyle | None = None
) -> str:
    """A question's `<details>` tag and `<summary>` with the question heading.

    The summary is plain HTML (see `inline_text`). The "wanted" badge and the link to the
    question's source line sit in the summary, so they show while the block is closed;
    site.css shows the difficulty from `data-difficulty` (no extra markup: with 10,000
    questions every element counts in build time). Without `late` the markup is for a
    markdown page (md_in_html renders the answer inside it and `toc` finishes the heading);
    with it, the markup is final HTML, as md_in_html and `toc` would have written it.
    """
    classes = "mlprep-question" if question.answered else "mlprep-question mlprep-wanted"
    opening = (
        f'<details class="{classes}" data-difficulty="{attr(question.difficulty or "")}" '
        f'data-qid="{attr(question.id)}" data-tags="{attr(" ".join(question.tags))}" '
        f'data-topic="{attr(topic.slug)}"'
    )
    extras = ""
    if not question.answered:
        extras += ' <span class="mlprep-wanted-badge">wanted</span>'
    source = links.view_url(topic, question.line)
    if source:
        extras += f' <a class="mlprep-source" href="{attr(source)}" data-search-exclude>source</a>'
    if late is None:
        heading = f'<h2 id="{attr(question.id)}">{question_heading_html(question)}</h2>'
        return f'{opening} markdown="1">\n<summary>{heading}{extras}</summary>'
    heading = late.heading(question.id, question_heading_html(question))
    return f"{opening}>\n<summary>\n{heading}{extras}</summary>"


def question_block(topic: Topic, question: Question, links: SourceLinks) -> str:
    """One question as page markdown: its opening, then the answer (or a wanted note)."""
    if question.answer is None:
        body = wanted_note(topic, question, links)
    else:
        body = answer_markdown(question.answer)
    if question.question_body is not None:  # the question's own snippet or list comes first
        extra = answer_markdown(question.question_body)
        body = f'<div class="mlprep-question-body" markdown="1">\n\n{extra}\n\n</div>\n\n{body}'
    return f"{question_opening(topic, question, links)}\n\n{body}\n\n</details>\n"


def late_questions(topic: Topic) -> str:
    """A topic's questions for a page written for late headings: each answer after a
    separator, and a separator after the last. `site_html.expand_separators` puts each
    question's opening markup and end in their place."""
    if not topic.questions:
        return ""
    parts = [QUESTION_SEPARATOR] * (len(topic.questions) + 1)
    for index, question in enumerate(topic.questions):
        if question.answer is not None:
            parts[index] += f"\n\n{answer_markdown(question.answer)}\n"
    return "\n".join(parts) + "\n"


def writes_late_headings(topic: Topic) -> bool:
    """Topics with section headings or question bodies keep the contained form."""
    return all(
        (q.answer is None or stands_alone(q.answer)) and q.section is None and q.question_body is None
        for q in topic.questions
    )


def wanted_note(topic: Topic, question: Question, links: SourceLinks) -> str:
    where = f"{links.source_path(topic)} line {question.line}"
    edit = links.edit_url(topic)
    if edit is None:
        action = f"Add one in {escape(where)}."
    else:
        source = link(links.view_url(topic, question.line), where)
        action = f"{link(edit, 'Write one')} (the question is at {source})."
    return f'<p class="mlprep-wanted-note" data-search-exclude>No answer yet. {action}</p>'
