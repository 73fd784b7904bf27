"""The home page and the tags page as markdown. Pure: model in, page markdown out.

The home page is where a reader starts: what the site is, where to continue (study.js fills in
the topic with the most questions due), a card per topic with its description, counts and the
reader's progress, the tags that matter (each opening the quiz on its questions), then moving
progress between browsers.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from html import escape
from urllib.parse import quote

from mlprep_site.core.domain.model import Bank, Topic
from mlprep_site.core.text.inline import attr, flat_description, inline_html, plain_text
from mlprep_site.core.text.lines import escape_yaml_breaks

TAGS_URI = "tags.md"
SHARED_TAG_USES = 2  # the home page shows tags carried by at least this many questions
HOME_TAGS = 30  # and at most this many of them, the most used


def front_matter(**values: str | list[list[str]]) -> str:
    """YAML front matter. Values are HTML-escaped: Material puts `page.meta.title` and
    `page.meta.description` into the page head unescaped. A value is a string or a list of
    lists of strings, written as JSON, which is valid YAML once the characters YAML alone reads
    as line breaks are escaped (`core.text.lines`)."""

    def escaped(value: str | list[list[str]]) -> str | list[list[str]]:
        return attr(value) if isinstance(value, str) else [[attr(v) for v in row] for row in value]

    lines = [
        f"{key}: {escape_yaml_breaks(json.dumps(escaped(value), ensure_ascii=False))}"
        for key, value in values.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def counts_text(questions: int, answered: int) -> str:
    return f"{plural(questions, 'question')}, {answered} answered"


def tag_uses(bank: Bank) -> dict[str, dict[str, int]]:
    """Each question tag → {topic slug: how many of its questions carry it}, tags sorted."""
    per_tag: dict[str, dict[str, int]] = {}
    for topic in bank.topics:
        for question in topic.questions:
            for tag in question.tags:
                per_topic = per_tag.setdefault(tag, {})
                per_topic[topic.slug] = per_topic.get(topic.slug, 0) + 1
    return dict(sorted(per_tag.items()))


def description_html(topic: Topic) -> str:
    """The topic's description as inline HTML (empty without one); see `flat_description`."""
    return inline_html(flat_description(topic.description)) if topic.description else ""


def tag_pill(tag: str, quiz_url: str | None) -> str:
    """A tag as a pill; with a quiz, a link to the quiz filtered by it (`quiz/?tag=…`).
    `quiz_url` is the quiz page's URL from the page the pill is on (`page_url`): raw HTML,
    because Python-Markdown scans a paragraph's whole text again for each markdown link in it."""
    if quiz_url is None:
        return f'<span class="mlprep-tag">{escape(tag)}</span>'
    href = f"{quiz_url}?tag={quote(tag, safe='')}"
    return f'<a class="mlprep-tag" href="{attr(href)}">{inline_html(tag, links=False)}</a>'


def page_url(link: str, from_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page link `link` (a markdown file's path relative to the
    page `from_uri`'s folder) on the page `from_uri`, in either URL style."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), link))
    if not directory_urls:
        return posixpath.relpath(target, posixpath.dirname(from_uri) or ".").removesuffix(".md") + ".html"

    def folder(uri: str) -> str:
        stem = uri.removesuffix(".md")
        return "." if stem == "index" else stem.removesuffix("/index")

    url = posixpath.relpath(folder(target), folder(from_uri))
    return "./" if url == "." else url + "/"


def tags_page(
    bank: Bank,
    topic_link: Callable[[Topic], str],
    quiz_link: str | None,
    directory_urls: bool = True,
    uri: str = TAGS_URI,
) -> str:
    """The full tag index: each tag with the topics it appears in, as "Topic: count".

    The list is one raw HTML block, its links with the URLs MkDocs would give the pages
    (`page_url`; `directory_urls` is MkDocs' `use_directory_urls`, `uri` the page's path):
    Python-Markdown scans a paragraph's whole text again after each link it finds, and a tag's
    item holds a link per topic (a hundred topics: seconds per build); as a block, the list is
    not scanned at all. The links are made from the bank's own pages, so they need no link
    check."""
    lines = [
        front_matter(title="Tags", description="Every question tag, with the topics it appears in."),
        "# Tags\n",
        "Every tag of the questions, with how many questions of each topic carry it"
        + ("; a tag opens the quiz on its questions." if quiz_link else ".")
        + "\n",
    ]
    topics = {t.slug: t for t in bank.topics}
    hrefs = {slug: attr(page_url(topic_link(t), uri, directory_urls)) for slug, t in topics.items()}
    quiz_url = None if quiz_link is None else page_url(quiz_link, uri, directory_urls)
    items = []
    for tag, counts in tag_uses(bank).items():
        where = ", ".join(
            f'<a href="{hrefs[slug]}">{inline_html(topics[slug].title, links=False)}</a>: {count}'
            for slug, count in counts.items()
        )
        items.append(f"<li>{tag_pill(tag, quiz_url)} {where}</li>")
    if items:
        lines.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    return "\n".join(lines) + "\n"


def topic_card(topic: Topic, href: str, study: bool = True) -> str:
    """A topic on the home page, as a list item of raw HTML: its link (`href`, the URL of its
    page from the home page), description, counts and (`study`) the reader's progress as text
    and as a bar, which study.js fills from the answered question ids the progress span carries
    (no question data is fetched)."""
    counts = counts_text(len(topic.questions), topic.answered_count)
    lines = [
        f'<li><a class="mlprep-topic-link" href="{attr(href)}">{inline_html(topic.title, links=False)}</a>'
    ]
    if description := description_html(topic):
        lines.append(f'<span class="mlprep-topic-description">{description}</span>')
    if not study:
        lines.append(f'<span class="mlprep-counts">{counts}</span></li>')
        return "\n".join(lines)
    ids = " ".join(q.id for q in topic.questions if q.answered)
    slug = attr(topic.slug)
    lines.append(
        f'<span class="mlprep-counts">{counts} · <span class="mlprep-progress" data-topic="{slug}" '
        f'data-ids="{attr(ids)}"></span></span>'
    )
    lines.append(f'<span class="mlprep-bar" data-topic="{slug}" aria-hidden="true"><span></span></span></li>')
    return "\n".join(lines)


PROGRESS_TOOLS = (
    '<div class="mlprep-progress-tools" role="group" aria-label="Your progress" data-search-exclude>'
    '<button type="button" class="mlprep-button" data-action="export">Export progress</button>'
    '<button type="button" class="mlprep-button" data-action="import">Import progress</button>'
    '<p class="mlprep-progress-message" role="status"></p></div>\n'
)


def continue_box(bank: Bank, topic_link: Callable[[Topic], str], quiz_link: str | None) -> str:
    """Where to go next: study.js puts the topic with the most questions due here; until then
    (and for a new reader) the first topic and the quiz. Written in the page, so that nothing
    moves when it is filled in."""
    first = bank.topics[0]
    quiz = f" or take the [quiz]({quiz_link})" if quiz_link else ""
    return (
        '<div class="mlprep-continue" markdown="1" data-search-exclude>\n\n'
        f"New here? Start with [{inline_html(first.title, links=False)}]({topic_link(first)}){quiz}."
        "\n\n</div>\n"
    )


def home_page(
    bank: Bank,
    topic_link: Callable[[Topic], str],
    quiz_link: str | None,
    title: str = "Interview questions",
    deck_url: str | None = None,
    tags_link: str | None = None,
    study: bool = True,
    directory_urls: bool = True,
    uri: str = "index.md",
) -> str:
    """The home page (see the module's docstring). `deck_url` (relative to the home page) links
    the Anki deck; raw HTML, because the deck is written after MkDocs has checked the links of
    its pages. The topic cards and tag pills are raw HTML too (see `tags_page`), with the URLs
    MkDocs gives the pages from the home page's `uri` (`directory_urls`: see `page_url`)."""
    questions = bank.questions
    answered = sum(1 for q in questions if q.answered)
    summary = f"{plural(len(bank.topics), 'topic')}, {counts_text(len(questions), answered)}."
    what = (
        f"Interview questions with their answers: {plural(len(questions), 'question')} on "
        f"{plural(len(bank.topics), 'topic')}."
    )
    if study:
        what += (
            " Answer each one in your head, open it to check, then grade yourself: the questions "
            "you missed come back first, and your progress stays in this browser."
        )
    parts = [
        front_matter(title=plain_text(title), description=f"Interview questions and answers: {summary}"),
        f"# {inline_html(title)}\n",
        f'<p class="mlprep-lead">{what}</p>\n',
        continue_box(bank, topic_link, quiz_link) if study else "",
        "## Topics {#topics}\n",
        '<div class="mlprep-topics">\n<ul>\n'
        + "\n".join(topic_card(t, page_url(topic_link(t), uri, directory_urls), study) for t in bank.topics)
        + "\n</ul>\n</div>\n",
    ]
    uses = {tag: sum(counts.values()) for tag, counts in tag_uses(bank).items()}
    shared = [tag for tag, count in uses.items() if count >= SHARED_TAG_USES]
    capped = len(shared) > HOME_TAGS
    if capped:  # the most used ones, shown in alphabetical order
        shared = sorted(sorted(shared, key=lambda tag: -uses[tag])[:HOME_TAGS])
    if shared:
        every = f" See [every tag]({tags_link})." if tags_link else ""
        opens = ", each opening the quiz on its questions" if quiz_link else ""
        which = "The most used tags" if capped else "Tags used by two or more questions"
        parts.append(f"## Tags {{#tags}}\n\n{which}{opens}.{every}\n")
        quiz_url = None if quiz_link is None else page_url(quiz_link, uri, directory_urls)
        parts.append(" ".join(tag_pill(tag, quiz_url) for tag in shared) + "\n")
    more = []
    if quiz_link:
        more.append(f"The [quiz]({quiz_link}) asks the questions you missed first, then new ones.")
    if deck_url:
        more.append(f'Take the questions to Anki: <a href="{attr(deck_url)}" download>the deck</a>.')
    if study or more:
        parts.append("## Your progress {#your-progress}\n")
        parts.append(" ".join(more) + ("\n" if more else ""))
        if study:
            parts.append(
                "Grades are kept in this browser only. Export them to a file to keep them, or to "
                "carry them to another browser and import them there.\n"
            )
            parts.append(PROGRESS_TOOLS)
    return "\n".join(p for p in parts if p)
