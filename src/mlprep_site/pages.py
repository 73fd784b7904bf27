"""The study site's pages as markdown: one page per topic, the home page and the quiz page.

Pure: model in, page markdown out; no MkDocs and no I/O, so the MkDocs plugin and
`mlprep-site render` (plain files for other generators) write the very same pages.

Page markup (the contract with study.js): each question is a
`<details class="mlprep-question" data-qid data-topic data-difficulty data-tags>` whose
`<summary>` holds an `<h2 id="ID">` with the question text. The heading is what makes each
question its own search section and table-of-contents entry: Material's search splits pages
at headings that carry an id, and a bare `<summary>` is not one.
"""

from __future__ import annotations

import json
import posixpath
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import quote

from mlprep_site.answers import DETAILS_LINE_RE, FenceTracker
from mlprep_site.model import Bank, Question, Reference, Topic

QUIZ_URI = "quiz.md"
# The markdown extensions generated pages are written for; mkdocs.yml enables them (and `toc`),
# and the Anki deck renders answers with the same list.
MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
)
CODE_SPAN_RE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
# Characters that would let question text become markup: raw HTML, links, attribute lists
# (`{: onclick=…}`), backslash escapes, table cells, code spans.
_TEXT_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "`": "&#96;",
}
TEXT_TABLE = str.maketrans(_TEXT_ESCAPES)
# Emphasis markers left over after <strong>/<em> are entities too, so the result is plain HTML
# that no markdown context (heading, table cell, raw block) can reinterpret.
MARKER_TABLE = str.maketrans({"*": "&#42;", "_": "&#95;"})
CODE_TABLE = str.maketrans({**_TEXT_ESCAPES, "*": "&#42;", "_": "&#95;"})
STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EM_RE = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*|(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\s*=", re.IGNORECASE)


def _emphasis(escaped: str) -> str:
    html = STRONG_RE.sub(lambda m: f"<strong>{m.group(2)}</strong>", escaped)
    html = EM_RE.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", html)
    return html.translate(MARKER_TABLE)


def inline_text(text: str) -> str:
    """A question (or title) as HTML: code spans and emphasis render, nothing else is markup.

    Rendered here rather than by markdown: a `</h2>` inside backticks would otherwise close
    the raw-HTML heading the question sits in, since md_in_html reads tags before markdown
    sees code spans. Everything else shows as written: `<`, `&`, quotes, brackets, braces.
    """
    parts: list[str] = []
    position = 0
    for match in CODE_SPAN_RE.finditer(text):
        parts.append(_emphasis(text[position : match.start()].translate(TEXT_TABLE)))
        parts.append(f"<code>{match.group(2).strip().translate(CODE_TABLE)}</code>")
        position = match.end()
    parts.append(_emphasis(text[position:].translate(TEXT_TABLE)))
    return " ".join("".join(parts).split())


def attr(value: str) -> str:
    return escape(value, quote=True)


def front_matter(**values: str) -> str:
    """YAML front matter. Values are HTML-escaped: Material puts `page.meta.title` and
    `page.meta.description` into the page head unescaped. JSON strings are valid YAML."""
    lines = [f"{key}: {json.dumps(attr(value), ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def counts_text(questions: int, answered: int) -> str:
    return f"{plural(questions, 'question')}, {answered} answered"


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


def answer_markdown(answer: str) -> str:
    """The answer as page markdown: nested `<details>` hints get `markdown="1"` so their
    content renders as markdown inside the question block, as it does on GitHub."""
    if answer[:1] in (" ", "\t"):
        answer = textwrap.dedent(answer)
    if "<details" not in answer:
        return answer
    lines = answer.split("\n")
    fences = FenceTracker()
    for index, line in enumerate(lines):
        if fences.inside_after(line):
            continue
        opener = DETAILS_LINE_RE.match(line)
        if opener and not MARKDOWN_ATTR_RE.search(opener.group(0)):
            lines[index] = line[: opener.end() - 1] + ' markdown="1">' + line[opener.end() :]
    return "\n".join(lines)


def link(url: str | None, text: str) -> str:
    return f'<a href="{attr(url)}">{escape(text)}</a>' if url else escape(text)


def question_block(topic: Topic, question: Question, links: SourceLinks) -> str:
    """One question: `<details>` with the question heading in its summary, then the answer.

    The summary is plain HTML (see `inline_text`); only the answer goes through markdown.
    The "wanted" badge and the link to the question's source line sit in the summary, so
    they show while the block is closed; site.css shows the difficulty from `data-difficulty`
    (no extra markup: with 10,000 questions every element counts in build time).
    """
    classes = "mlprep-question" if question.answered else "mlprep-question mlprep-wanted"
    opening = (
        f'<details class="{classes}" data-qid="{attr(question.id)}" '
        f'data-topic="{attr(topic.slug)}" data-difficulty="{attr(question.difficulty or "")}" '
        f'data-tags="{attr(" ".join(question.tags))}" markdown="1">'
    )
    extras = ""
    if not question.answered:
        extras += ' <span class="mlprep-wanted-badge">wanted</span>'
    source = links.view_url(topic, question.line)
    if source:
        extras += f' <a class="mlprep-source" href="{attr(source)}" data-search-exclude>source</a>'
    summary = (
        f'<summary><h2 id="{attr(question.id)}">{question.number}. '
        f"{inline_text(question.question)}</h2>{extras}</summary>"
    )
    if question.answer is None:
        body = wanted_note(topic, question, links)
    else:
        body = answer_markdown(question.answer)
    return f"{opening}\n{summary}\n\n{body}\n\n</details>\n"


def wanted_note(topic: Topic, question: Question, links: SourceLinks) -> str:
    where = f"{links.source_path(topic)} line {question.line}"
    edit = links.edit_url(topic)
    if edit is None:
        action = f"Add one in {escape(where)}."
    else:
        source = link(links.view_url(topic, question.line), where)
        action = f"{link(edit, 'Write one')} (the question is at {source})."
    return f'<p class="mlprep-wanted-note" data-search-exclude>No answer yet. {action}</p>'


def reference_item(reference: Reference) -> str:
    text = escape(reference.title or reference.url)
    if reference.url.startswith(("https://", "http://")):
        text = f'<a href="{attr(reference.url)}">{text}</a>'
    return f'<li value="{reference.index}">{text}</li>'


def references_section(topic: Topic) -> str:
    if not topic.references:
        return ""
    items = "\n".join(reference_item(r) for r in topic.references)
    # The heading's id must not take a question's (question ids are explicit and win).
    anchor = "references" if all(q.id != "references" for q in topic.questions) else "topic-references"
    return f'## References {{#{anchor}}}\n\n<ol class="mlprep-references">\n{items}\n</ol>\n'


def topic_description(topic: Topic) -> str:
    return topic.description or f"Interview questions and answers: {topic.title}."


def topic_page(topic: Topic, links: SourceLinks) -> str:
    """The markdown of a topic's page."""
    slug = attr(topic.slug)
    counts = counts_text(len(topic.questions), topic.answered_count)
    header = [
        front_matter(title=topic.title, description=topic_description(topic)),
        f"# {inline_text(topic.title)}\n",
    ]
    if topic.description:
        header.append(f"{inline_text(topic.description)}\n")
    tags = "".join(f' <span class="mlprep-tag">{escape(tag)}</span>' for tag in topic.tags)
    header.append(
        f'<p class="mlprep-counts">{counts}{tags} '
        f'<span class="mlprep-progress" data-topic="{slug}"></span></p>\n'
    )
    header.append(f'<div class="mlprep-study-controls" data-topic="{slug}"></div>\n')
    blocks = [question_block(topic, q, links) for q in topic.questions]
    return "\n".join([*header, *blocks, references_section(topic)])


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
) -> SitePages:
    """All pages for `bank`; URIs in `skip` (taken by other files) are not generated.

    `bank_url` is the quiz page's relative URL of bank.json; None leaves the quiz out.
    `deck_url` is the home page's relative URL of the Anki deck; None links no deck.
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
        pages[uri] = topic_page(topic, links)
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


def _script_json(data: object) -> str:
    # Inside <script>, `</script>` or `<!--` in a string would end or confuse the element.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def faq_jsonld(topic: Topic, answer_html: Mapping[str, str | None]) -> str | None:
    """A FAQPage JSON-LD `<script>` for the topic's answered questions, or None."""
    entities = [
        {
            "@type": "Question",
            "name": " ".join(q.question.split()),
            "acceptedAnswer": {"@type": "Answer", "text": answer_html.get(q.id) or q.answer},
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


def answers_from_html(html: str) -> dict[str, str | None]:
    """Each question's answer HTML, cut out of its rendered topic page (None: unanswered).

    An answer runs from its question's `</summary>` to the last `</details>` before the next
    question (nested hints close before it).
    """
    answers: dict[str, str | None] = {}
    matches = list(QUESTION_OPEN_RE.finditer(html))
    for index, match in enumerate(matches):
        qid = unescape(match.group(2))
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        start = html.find(SUMMARY_END, match.end(), limit)
        end = html.rfind("</details>", start, limit)
        wanted = "mlprep-wanted" in match.group(1).split()
        found = not wanted and start >= 0 and end >= 0
        answers[qid] = html[start + len(SUMMARY_END) : end].strip() if found else None
    return answers
