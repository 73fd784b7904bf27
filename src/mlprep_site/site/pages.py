"""The study site's pages as markdown: one page per topic, the home page and the quiz page.

Pure: model in, page markdown out; no MkDocs and no I/O, so the MkDocs plugin and
`mlprep-site render` (plain files for other generators) write the very same pages. A question's
own markup is in `blocks`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from mlprep_site.core.inline import attr, inline_text
from mlprep_site.core.model import Bank, Question, Reference, Topic
from mlprep_site.site.blocks import SourceLinks, marked_question, question_block

QUIZ_URI = "quiz.md"
SECTION_SLUG_RE = re.compile(r"[^a-z0-9]+")


def front_matter(**values: str) -> str:
    """YAML front matter. Values are HTML-escaped: Material puts `page.meta.title` and
    `page.meta.description` into the page head unescaped. JSON strings are valid YAML."""
    lines = [f"{key}: {json.dumps(attr(value), ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def counts_text(questions: int, answered: int) -> str:
    return f"{plural(questions, 'question')}, {answered} answered"


def reference_item(reference: Reference) -> str:
    text = escape(reference.title or reference.url)
    if reference.url.startswith(("https://", "http://")):
        text = f'<a href="{attr(reference.url)}">{text}</a>'
    return f'<li value="{reference.index}">{text}</li>'


def references_section(topic: Topic) -> str:
    if not topic.references:
        return ""
    items = "\n".join(reference_item(r) for r in topic.references)
    anchor = free_anchor(topic, "references", "topic-references")
    return f'## References {{#{anchor}}}\n\n<ol class="mlprep-references">\n{items}\n</ol>\n'


def free_anchor(topic: Topic, *preferred: str) -> str:
    """The first of `preferred` (then numbered variants of the last) that no question of the
    topic has as its id: a page heading must never take a question's anchor."""
    taken = {q.id for q in topic.questions}
    candidates = [*preferred, *(f"{preferred[-1]}-{n}" for n in range(2, len(taken) + 3))]
    return next(c for c in candidates if c not in taken)


def topic_description(topic: Topic) -> str:
    return topic.description or f"Interview questions and answers: {topic.title}."


def topic_page(topic: Topic, links: SourceLinks, nonce: str | None = None) -> str:
    """The markdown of a topic's page.

    Without `nonce`, each question is a contained block any md_in_html generator renders.
    With it, each answer stands between marker lines carrying the nonce, for the MkDocs
    plugin's markdown extension (`site.render_path`), which builds the question's block around
    it; content cannot forge a marker without knowing the nonce.
    """
    slug = attr(topic.slug)
    counts = counts_text(len(topic.questions), topic.answered_count)
    header = [
        front_matter(title=topic.title, description=topic_description(topic)),
        f"# {inline_text(topic.title)} {{#{free_anchor(topic, topic.slug, 'topic')}}}\n",
    ]
    if topic.description:
        # Raw HTML, so that no line of it (`#`, `---`, `- `) is read as markdown structure.
        header.append(f'<p class="mlprep-description">{inline_text(topic.description)}</p>\n')
    tags = "".join(f' <span class="mlprep-tag">{escape(tag)}</span>' for tag in topic.tags)
    header.append(
        f'<p class="mlprep-counts">{counts}{tags} '
        f'<span class="mlprep-progress" data-topic="{slug}"></span></p>\n'
    )
    header.append(f'<div class="mlprep-study-controls" data-topic="{slug}"></div>\n')
    if nonce is None:
        questions = "\n".join(topic_blocks(topic, lambda q: question_block(topic, q, links)))
    else:
        questions = "\n".join(topic_blocks(topic, lambda q: marked_question(q, nonce)))
    return "\n".join([*header, questions, references_section(topic)])


def topic_blocks(topic: Topic, write_question: Callable[[Question], str]) -> list[str]:
    """Each question's markdown (`write_question`), with a sub-heading before the first
    question of each section."""
    blocks: list[str] = []
    section: str | None = None
    taken = {q.id for q in topic.questions}  # a section never takes a question's anchor
    for question in topic.questions:
        if question.section is not None and question.section != section:
            base = "section-" + SECTION_SLUG_RE.sub("-", question.section.lower()).strip("-")
            anchor, n = base, 2
            while anchor in taken:
                anchor, n = f"{base}-{n}", n + 1
            taken.add(anchor)
            blocks.append(
                f'<h2 class="mlprep-section" id="{attr(anchor)}">{inline_text(question.section)}</h2>\n'
            )
        section = question.section
        blocks.append(write_question(question))
    return blocks


def tag_index(bank: Bank, topic_link: Callable[[Topic], str]) -> str:
    """Each question tag with its count and the topics it appears in."""
    per_tag: dict[str, dict[str, int]] = {}
    topics = {t.slug: t for t in bank.topics}
    for topic in bank.topics:
        for question in topic.questions:
            for tag in question.tags:
                per_topic = per_tag.setdefault(tag, {})
                per_topic[topic.slug] = per_topic.get(topic.slug, 0) + 1
    if not per_tag:
        return ""
    lines = ["## Tags {#tags}\n"]
    for tag in sorted(per_tag):
        counts = per_tag[tag]
        where = ", ".join(
            f"[{inline_text(topics[slug].title)}]({topic_link(topics[slug])}) ({count})"
            for slug, count in counts.items()
        )
        total = sum(counts.values())
        lines.append(f'- <span class="mlprep-tag">{escape(tag)}</span> {plural(total, "question")}: {where}')
    return "\n".join(lines) + "\n"


def home_page(
    bank: Bank,
    topic_link: Callable[[Topic], str],
    quiz_link: str | None,
    title: str = "Interview questions",
    deck_url: str | None = None,
) -> str:
    """The home page: every topic with its counts, then the tags index.

    `deck_url` (relative to the home page) links the Anki deck; raw HTML, because the deck is
    written after MkDocs has checked the links of its pages."""
    questions = bank.questions
    answered = sum(1 for q in questions if q.answered)
    summary = f"{plural(len(bank.topics), 'topic')}, {counts_text(len(questions), answered)}."
    quiz = f" Test yourself in the [quiz]({quiz_link})." if quiz_link else ""
    if deck_url:
        quiz += f' Take the questions to Anki: <a href="{attr(deck_url)}" download>the deck</a>.'
    rows = "\n".join(
        f"| [{inline_text(t.title)}]({topic_link(t)}) | {len(t.questions)} | {t.answered_count} "
        f'| <span class="mlprep-progress" data-topic="{attr(t.slug)}"></span> |'
        for t in bank.topics
    )
    return (
        front_matter(title=title, description=f"Interview questions and answers: {summary}")
        + f"\n# {inline_text(title)}\n\n{summary}{quiz}\n\n"
        + f"| Topic | Questions | Answered | Your progress |\n|---|---|---|---|\n{rows}\n\n"
        + tag_index(bank, topic_link)
    )


def quiz_page(bank_url: str, title: str = "Quiz") -> str:
    """The quiz page; study.js builds the quiz from the bank at `bank_url`."""
    return (
        front_matter(title=title, description="Test yourself on random interview questions.")
        + f"# {inline_text(title)}\n\n"
        + f'<div id="mlprep-quiz" data-bank="{attr(bank_url)}"></div>\n\n'
        + "<noscript><p>The quiz needs JavaScript.</p></noscript>\n"
    )


@dataclass(frozen=True, slots=True)
class SitePages:
    """Every generated page: source URI (relative to the docs root) → markdown, and the nav."""

    pages: dict[str, str]
    nav: list[dict[str, str]]
    topic_uris: dict[str, Topic]


def topic_uri(topic: Topic, prefix: str = "") -> str:
    return posixpath.join(prefix, f"{topic.slug}.md")


def site_pages(
    bank: Bank,
    links: SourceLinks,
    prefix: str = "",
    bank_url: str | None = None,
    skip: Iterable[str] = (),
    deck_url: str | None = None,
    nonce: str | None = None,
) -> SitePages:
    """All pages for `bank`; URIs in `skip` (taken by other files) are not generated.

    `bank_url` is the quiz page's relative URL of bank.json; None leaves the quiz out.
    `deck_url` is the home page's relative URL of the Anki deck; None links no deck.
    `nonce`: write the topic pages marked for the MkDocs plugin (see `topic_page`).
    """
    taken = set(skip)
    quiz = bank_url is not None and QUIZ_URI not in taken
    taken |= {QUIZ_URI} if quiz else set()
    home_uri = posixpath.join(prefix, "index.md")
    pages: dict[str, str] = {}
    nav: list[dict[str, str]] = []
    topic_uris: dict[str, Topic] = {}
    if home_uri not in taken:
        quiz_link = posixpath.relpath(QUIZ_URI, posixpath.dirname(home_uri) or ".") if quiz else None
        pages[home_uri] = home_page(bank, lambda t: f"{t.slug}.md", quiz_link, deck_url=deck_url)
        nav.append({"Home": home_uri})
    for topic in bank.topics:
        uri = topic_uri(topic, prefix)
        if uri in taken or uri in pages:
            continue
        pages[uri] = topic_page(topic, links, nonce)
        topic_uris[uri] = topic
        nav.append({attr(topic.title): uri})  # nav titles are not escaped either
    if quiz and bank_url is not None:
        pages[QUIZ_URI] = quiz_page(bank_url)
        nav.append({"Quiz": QUIZ_URI})
    return SitePages(pages, nav, topic_uris)


def collisions(bank: Bank, prefix: str, taken: Iterable[str]) -> list[Topic]:
    """Topics whose page URI is taken by another file or by a generated page."""
    reserved = set(taken) | {posixpath.join(prefix, "index.md"), QUIZ_URI}
    return [t for t in bank.topics if topic_uri(t, prefix) in reserved]
