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
from urllib.parse import quote

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


STUDY_ACTIONS = (
    ("expand", "Expand all"),
    ("collapse", "Collapse all"),
    ("reset-topic", "Reset topic"),
    ("reset-all", "Reset everything"),
)


def study_controls(slug: str) -> str:
    """A topic page's study buttons, written into the page so that nothing moves when study.js
    binds them; kept out of the search index (labels are no answer). Until Material's script
    replaces its `no-js` class, study.css keeps their room but does not show them: without
    JavaScript they would do nothing."""
    buttons = "".join(
        f'<button type="button" class="mlprep-button" data-action="{action}">{text}</button>'
        for action, text in STUDY_ACTIONS
    )
    return (
        f'<div class="mlprep-study-controls" data-topic="{slug}" role="group" '
        f'aria-label="Study tools" data-search-exclude>{buttons}</div>\n'
    )


def topic_page(
    topic: Topic,
    links: SourceLinks,
    nonce: str | None = None,
    study: bool = True,
    snippets_as_text: bool = False,
) -> str:
    """The markdown of a topic's page.

    Without `nonce`, each question is a contained block any md_in_html generator renders.
    With it, each answer stands between marker lines carrying the nonce, for the MkDocs
    plugin's markdown extension (`site.render_path`), which builds the question's block around
    it; content cannot forge a marker without knowing the nonce. `snippets_as_text`: show
    pymdownx.snippets markers in answers as written (see `blocks.snippet_markers_as_text`).
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
    progress = f' <span class="mlprep-progress" data-topic="{slug}"></span>' if study else ""
    header.append(f'<p class="mlprep-counts">{counts}{tags}{progress}</p>\n')
    if study:
        header.append(study_controls(slug))
    if nonce is None:
        questions = "\n".join(topic_blocks(topic, lambda q: question_block(topic, q, links)))
    else:
        questions = "\n".join(topic_blocks(topic, lambda q: marked_question(q, nonce, snippets_as_text)))
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


TAGS_URI = "tags.md"
HOME_INTRO = (
    "Try each question before you open its answer, then grade yourself: your progress stays in "
    "this browser, and you can take it to another one with *Export progress*."
)


def tag_uses(bank: Bank) -> dict[str, dict[str, int]]:
    """Each question tag → {topic slug: how many of its questions carry it}, tags sorted."""
    per_tag: dict[str, dict[str, int]] = {}
    for topic in bank.topics:
        for question in topic.questions:
            for tag in question.tags:
                per_topic = per_tag.setdefault(tag, {})
                per_topic[topic.slug] = per_topic.get(topic.slug, 0) + 1
    return dict(sorted(per_tag.items()))


def tag_pill(tag: str, quiz_link: str | None) -> str:
    """A tag as a pill; with a quiz, a link to the quiz filtered by it (`quiz/?tag=…`)."""
    if quiz_link is None:
        return f'<span class="mlprep-tag">{escape(tag)}</span>'
    return f"[{inline_text(tag)}]({quiz_link}?tag={quote(tag, safe='')}){{: .mlprep-tag }}"


def tags_page(bank: Bank, topic_link: Callable[[Topic], str], quiz_link: str | None) -> str:
    """The full tag index: each tag with its count and the topics it appears in."""
    lines = [
        front_matter(title="Tags", description="Every question tag, with the topics it appears in."),
        "# Tags\n",
        "Every tag of the questions"
        + (", each opening the quiz on its questions." if quiz_link else ".")
        + "\n",
    ]
    topics = {t.slug: t for t in bank.topics}
    for tag, counts in tag_uses(bank).items():
        where = ", ".join(
            f"[{inline_text(topics[slug].title)}]({topic_link(topics[slug])}) ({count})"
            for slug, count in counts.items()
        )
        total = sum(counts.values())
        lines.append(f"- {tag_pill(tag, quiz_link)} {plural(total, 'question')}: {where}")
    return "\n".join(lines) + "\n"


def topic_item(topic: Topic, topic_link: Callable[[Topic], str], study: bool = True) -> str:
    """A topic on the home page: its link, description, counts and (`study`) the reader's
    progress, which study.js counts from the answered question ids carried by the progress span."""
    counts = counts_text(len(topic.questions), topic.answered_count)
    description = f": {inline_text(topic.description)}" if topic.description else ""
    item = f"- **[{inline_text(topic.title)}]({topic_link(topic)})**{description}<br>"
    item += f'<span class="mlprep-counts">{counts}</span>'
    if not study:
        return item
    ids = " ".join(q.id for q in topic.questions if q.answered)
    return (
        item
        + f' <span class="mlprep-progress" data-topic="{attr(topic.slug)}" data-ids="{attr(ids)}"></span>'
    )


PROGRESS_TOOLS = (
    '<div class="mlprep-progress-tools" role="group" aria-label="Your progress" data-search-exclude>'
    '<button type="button" class="mlprep-button" data-action="export">Export progress</button>'
    '<button type="button" class="mlprep-button" data-action="import">Import progress</button>'
    '<p class="mlprep-progress-message" role="status"></p></div>\n'
)


def home_page(
    bank: Bank,
    topic_link: Callable[[Topic], str],
    quiz_link: str | None,
    title: str = "Interview questions",
    deck_url: str | None = None,
    tags_link: str | None = None,
    study: bool = True,
) -> str:
    """The home page: a short intro, every topic with its description, counts and the reader's
    progress, then the tags used by two or more questions (the rest are on the tags page).

    `deck_url` (relative to the home page) links the Anki deck; raw HTML, because the deck is
    written after MkDocs has checked the links of its pages."""
    questions = bank.questions
    answered = sum(1 for q in questions if q.answered)
    summary = f"{plural(len(bank.topics), 'topic')}, {counts_text(len(questions), answered)}."
    intro = [summary, HOME_INTRO if study else ""]
    if quiz_link:
        intro.append(f"The [quiz]({quiz_link}) asks the questions you missed first.")
    if deck_url:
        intro.append(f'Take the questions to Anki: <a href="{attr(deck_url)}" download>the deck</a>.')
    parts = [
        front_matter(title=title, description=f"Interview questions and answers: {summary}"),
        f"# {inline_text(title)}\n",
        " ".join(filter(None, intro)) + "\n",
        PROGRESS_TOOLS if study else "",
        "## Topics {#topics}\n",
        "\n".join(topic_item(t, topic_link, study) for t in bank.topics) + "\n",
    ]
    shared = [tag for tag, counts in tag_uses(bank).items() if sum(counts.values()) >= 2]
    if shared:
        every = f" See [every tag]({tags_link})." if tags_link else ""
        opens = ", each opening the quiz on its questions" if quiz_link else ""
        parts.append(f"## Tags {{#tags}}\n\nTags used by two or more questions{opens}.{every}\n")
        parts.append(" ".join(tag_pill(tag, quiz_link) for tag in shared) + "\n")
    return "\n".join(p for p in parts if p)


# Above the quiz, in the page itself: it is also what the page paints first and largest while the
# first question loads.
QUIZ_INTRO = (
    "Answer each question in your head, then reveal the answer and grade yourself: the questions "
    "you missed come back first. Keys: <kbd>Space</kbd> reveals, <kbd>1</kbd> <kbd>2</kbd> "
    "<kbd>3</kbd> grade, <kbd>→</kbd> skips."
)


def quiz_page(data_url: str, title: str = "Quiz") -> str:
    """The quiz page; study.js builds the quiz from the quiz index at `data_url`, and fetches
    the questions of a topic when the chosen filters need them."""
    return (
        front_matter(title=title, description="Test yourself on random interview questions.")
        + f"# {inline_text(title)}\n\n"
        + f"{QUIZ_INTRO}\n\n"
        + f'<div id="mlprep-quiz" data-index="{attr(data_url)}"><p>Loading questions…</p></div>\n\n'
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
    quiz_data_url: str | None = None,
    skip: Iterable[str] = (),
    deck_url: str | None = None,
    nonce: str | None = None,
    study: bool = True,
    snippets_as_text: bool = False,
) -> SitePages:
    """All pages for `bank`; URIs in `skip` (taken by other files) are not generated.

    `quiz_data_url` is the quiz page's relative URL of the quiz index (see `quiz_data`); None
    leaves the quiz out. `deck_url` is the home page's relative URL of the Anki deck; None
    links no deck. `nonce`: write the topic pages marked for the MkDocs plugin (see
    `topic_page`). `study`: write the study controls (buttons study.js binds); False for pages
    without it. `snippets_as_text`: see `topic_page`.
    """
    taken = set(skip)
    home_uri = posixpath.join(prefix, "index.md")
    # The quiz yields to a file of its name, and to the home page when `prefix` puts that
    # where the quiz would be written (`quiz/index.md` and `quiz.md` are both `quiz/`).
    quiz = quiz_data_url is not None and QUIZ_URI not in taken
    quiz = quiz and page_folder(QUIZ_URI) != page_folder(home_uri)
    taken |= {QUIZ_URI} if quiz else set()
    tags_uri = posixpath.join(prefix, TAGS_URI)
    quiz_link = posixpath.relpath(QUIZ_URI, posixpath.dirname(home_uri) or ".") if quiz else None
    pages: dict[str, str] = {}
    nav: list[dict[str, str]] = []
    topic_uris: dict[str, Topic] = {}
    # The tags page yields to a file or topic of that name.
    topic_uris_wanted = {topic_uri(t, prefix) for t in bank.topics}
    has_tags_page = bool(tag_uses(bank)) and tags_uri not in taken | topic_uris_wanted
    if home_uri not in taken:
        pages[home_uri] = home_page(
            bank,
            lambda t: f"{t.slug}.md",
            quiz_link,
            deck_url=deck_url,
            tags_link=TAGS_URI if has_tags_page else None,
            study=study,
        )
        nav.append({"Home": home_uri})
    for topic in bank.topics:
        uri = topic_uri(topic, prefix)
        if uri in taken or uri in pages:
            continue
        pages[uri] = topic_page(topic, links, nonce, study=study, snippets_as_text=snippets_as_text)
        topic_uris[uri] = topic
        nav.append({attr(topic.title): uri})  # nav titles are not escaped either
    if quiz and quiz_data_url is not None:
        pages[QUIZ_URI] = quiz_page(quiz_data_url)
        nav.append({"Quiz": QUIZ_URI})
    if has_tags_page:
        pages[tags_uri] = tags_page(bank, lambda t: f"{t.slug}.md", quiz_link)
        nav.append({"Tags": tags_uri})
    return SitePages(pages, nav, topic_uris)


def page_folder(uri: str) -> str:
    """The folder MkDocs writes page `uri` to with directory URLs: `a.md` and `a/index.md`
    both go to `a/`, `index.md` to the site's root."""
    stem = uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index")


def collisions(bank: Bank, prefix: str, taken: Iterable[str]) -> list[Topic]:
    """Topics whose page URI is taken by another file or by a generated page."""
    reserved = set(taken) | {posixpath.join(prefix, "index.md"), QUIZ_URI}
    return [t for t in bank.topics if topic_uri(t, prefix) in reserved]
