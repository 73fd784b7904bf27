"""The study site's pages as markdown: one page per topic, the home page and the quiz page.

Pure: model in, page markdown out; no MkDocs and no I/O, so the MkDocs plugin and
`mlprep-site render` (plain files for other generators) write the very same pages. A question's
own markup is in `blocks`.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from mlprep_site.core.domain.model import Bank, Question, Reference, Topic
from mlprep_site.core.text.ids import slugify
from mlprep_site.core.text.inline import attr, flat_description, inline_html, plain_text
from mlprep_site.site.blocks import (
    TOC_QUESTIONS_MAX,
    Relink,
    SourceLinks,
    as_written,
    marked_question,
    question_block,
)
from mlprep_site.site.home import (
    TAGS_URI,
    counts_text,
    description_html,
    front_matter,
    home_page,
    tag_uses,
    tags_page,
)
from mlprep_site.site.topic_links import TopicLinks

QUIZ_URI = "quiz.md"
REFERENCES_TITLE = "References"


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
    return f'## {REFERENCES_TITLE} {{#{anchor}}}\n\n<ol class="mlprep-references">\n{items}\n</ol>\n'


def free_anchor(topic: Topic, *preferred: str) -> str:
    """The first of `preferred` (then numbered variants of the last) that no question of the
    topic has as its id: a page heading must never take a question's anchor."""
    taken = {q.id for q in topic.questions}
    candidates = [*preferred, *(f"{preferred[-1]}-{n}" for n in range(2, len(taken) + 3))]
    return next(c for c in candidates if c not in taken)


def topic_description(topic: Topic) -> str:
    """The topic's description as plain text, for the page's `<meta name="description">`."""
    if topic.description:
        return plain_text(flat_description(topic.description))
    return f"Interview questions and answers: {plain_text(topic.title)}."


GRADE_FILTERS = (("", "Any grade"), ("not-known", "Not known yet"), ("due", "Due for review"))
DIFFICULTIES = ("easy", "medium", "hard")


def button(action: str, text: str, **extra: str) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{attr(value)}"' for name, value in extra.items())
    return f'<button type="button" class="mlprep-button" data-action="{action}"{attributes}>{text}</button>'


def select(name: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{attr(value)}">{escape(text)}</option>' for value, text in options)
    return f'<select name="{name}" aria-label="{label}">{items}</select>'


def filter_form(topic: Topic) -> str:
    """The in-page filter of a topic page (study.js filters the question blocks): words, tag,
    difficulty and the reader's grade, each a URL parameter of the same name."""
    tags = sorted({tag for q in topic.questions for tag in q.tags})
    levels = [d for d in DIFFICULTIES if any(q.difficulty == d for q in topic.questions)]
    fields = [
        '<input type="search" name="words" placeholder="Filter by words" '
        'aria-label="Words in the question or its answer" autocomplete="off">'
    ]
    if tags:
        fields.append(select("tag", "Tag", [("", "Any tag"), *((t, t) for t in tags)]))
    if levels:
        fields.append(select("difficulty", "Difficulty", [("", "Any level"), *((d, d) for d in levels)]))
    fields.append(select("grade", "Your grade", GRADE_FILTERS))
    label = "Filter the questions"
    return f'<form class="mlprep-filter-form" role="search" aria-label="{label}">{"".join(fields)}</form>'


def more_menu(reset_topic: bool) -> str:
    """The "⋯" menu of what forgets grades; study.js asks before it forgets."""
    # Characters past ASCII as entities: one would store the whole page's markdown and HTML at
    # two bytes a character (Python's str), for every topic page of the build.
    items = button("reset-topic", "Reset topic&hellip;") if reset_topic else ""
    items += button("reset-all", "Reset everything&hellip;")
    return (
        '<div class="mlprep-menu"><button type="button" class="mlprep-button mlprep-menu-button" '
        'aria-expanded="false" aria-label="More actions" title="More actions">&#8943;</button>'
        f'<div class="mlprep-menu-panel" role="group" aria-label="Forget grades" hidden>{items}</div></div>'
    )


def study_controls(topic: Topic) -> str:
    """A topic page's filter and study buttons, written into the page so that nothing moves
    when study.js binds them; kept out of the search index (labels are no answer). Until
    Material's script replaces its `no-js` class, study.css keeps their room but does not show
    them: without JavaScript they would do nothing."""
    actions = button("expand", "Expand all") + button("collapse", "Collapse all") + more_menu(True)
    return (
        f'<div class="mlprep-study-controls" data-topic="{attr(topic.slug)}" data-search-exclude>'
        f"{filter_form(topic)}"
        '<div class="mlprep-study-bar"><p class="mlprep-filter-status" role="status"></p>'
        f'<div class="mlprep-actions" role="group" aria-label="Study tools">{actions}</div></div></div>\n'
    )


def toc_entries(topic: Topic) -> list[list[str]] | None:
    """For a page past TOC_QUESTIONS_MAX: its table of contents, each section's and the
    references' [anchor, title], for the theme's toc partial (overrides/partials/toc.html).
    Section headings are raw HTML (none of their words can become markdown structure), which
    `toc` does not list, so the partial lists these instead of the page's `toc`."""
    if len(topic.questions) <= TOC_QUESTIONS_MAX:
        return None
    entries = [[anchor, plain_text(question.section or "")] for anchor, question in section_anchors(topic)]
    if topic.references:
        entries.append([free_anchor(topic, "references", "topic-references"), REFERENCES_TITLE])
    return entries


def topic_page(
    topic: Topic,
    links: SourceLinks,
    nonce: str | None = None,
    study: bool = True,
    snippets_as_text: bool = False,
    topic_links: TopicLinks | None = None,
) -> str:
    """The markdown of a topic's page. `topic_links`: the bank's topic files, to which links in
    answers are made to lead to their pages (`site.topic_links`).

    Without `nonce`, each question is a contained block any md_in_html generator renders.
    With it, each answer stands between marker lines carrying the nonce, for the MkDocs
    plugin's markdown extension (`site.render_path`), which builds the question's block around
    it; content cannot forge a marker without knowing the nonce. `snippets_as_text`: show
    pymdownx.snippets markers in answers as written (see `blocks.snippet_markers_as_text`).
    """
    slug = attr(topic.slug)
    counts = counts_text(len(topic.questions), topic.answered_count)
    meta: dict[str, str | list[list[str]]] = {"title": plain_text(topic.title)}
    meta["description"] = topic_description(topic)
    toc = toc_entries(topic)
    if toc is not None:
        meta["mlprep_toc"] = toc
    anchor = free_anchor(topic, topic.slug, "topic")
    header = [front_matter(**meta), f"# {inline_html(topic.title)} {{#{anchor}}}\n"]
    if description := description_html(topic):
        # Raw HTML, so that no line of it (`#`, `---`, `- `) is read as markdown structure.
        header.append(f'<p class="mlprep-description">{description}</p>\n')
    progress = f'<span class="mlprep-progress" data-topic="{slug}"></span>' if study else ""
    header.append(f'<p class="mlprep-counts">{counts}{" &middot; " + progress if study else ""}</p>\n')
    if topic.tags:
        tags = " ".join(f'<span class="mlprep-tag">{escape(tag)}</span>' for tag in topic.tags)
        header.append(f'<p class="mlprep-topic-tags">{tags}</p>\n')
    if study:
        header.append(study_controls(topic))
    relink: Relink = as_written
    if topic_links is not None:
        relink = functools.partial(topic_links.relinked, source=topic.source)
    if nonce is None:
        questions = "\n".join(topic_blocks(topic, lambda q: question_block(topic, q, links, relink)))
    else:
        write = functools.partial(
            marked_question, nonce=nonce, snippets_as_text=snippets_as_text, relink=relink
        )
        questions = "\n".join(topic_blocks(topic, write))
    return "\n".join([*header, questions, references_section(topic)])


def topic_blocks(topic: Topic, write_question: Callable[[Question], str]) -> list[str]:
    """Each question's markdown (`write_question`), with a sub-heading before the first
    question of each section."""
    blocks: list[str] = []
    starts = {id(question): anchor for anchor, question in section_anchors(topic)}
    for question in topic.questions:
        anchor = starts.get(id(question))
        if anchor is not None and question.section is not None:
            blocks.append(
                f'<h2 class="mlprep-section" id="{attr(anchor)}">{inline_html(question.section)}</h2>\n'
            )
        blocks.append(write_question(question))
    return blocks


def section_anchors(topic: Topic) -> list[tuple[str, Question]]:
    """Each section's anchor with the question it starts at, from the section's words
    (`slugify`); a section never takes a question's anchor."""
    anchors: list[tuple[str, Question]] = []
    section: str | None = None
    taken = {q.id for q in topic.questions}
    for question in topic.questions:
        if question.section is not None and question.section != section:
            base = "section-" + slugify(question.section)
            anchor, n = base, 2
            while anchor in taken:
                anchor, n = f"{base}-{n}", n + 1
            taken.add(anchor)
            anchors.append((anchor, question))
        section = question.section
    return anchors


# Above the quiz, in the page itself: it is also what the page paints first and largest while the
# first question loads.
# The keys are hidden on touch screens (study.css).
QUIZ_INTRO = (
    "Answer each question in your head, then reveal the answer and grade yourself: the questions "
    'you missed come back first.<span class="mlprep-keys"> Keys: <kbd>Space</kbd> reveals, '
    "<kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd> grade, <kbd>→</kbd> skips.</span>"
)


def quiz_page(data_url: str, title: str = "Quiz") -> str:
    """The quiz page; study.js builds the quiz from the quiz index at `data_url`, and fetches
    the questions of a topic when the chosen filters need them."""
    return (
        front_matter(title=title, description="Test yourself on random interview questions.")
        + f"# {inline_html(title)}\n\n"
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
    write_topic: Callable[[Topic], str] | None = None,
    topic_links: TopicLinks | None = None,
    directory_urls: bool = True,
) -> SitePages:
    """All pages for `bank`; URIs in `skip` (taken by other files) are not generated.

    `quiz_data_url` is the quiz page's relative URL of the quiz index (see `quiz_data`); None
    leaves the quiz out. `deck_url` is the home page's relative URL of the Anki deck; None
    links no deck. `nonce`: write the topic pages marked for the MkDocs plugin (see
    `topic_page`). `study`: write the study controls (buttons study.js binds); False for pages
    without it. `snippets_as_text`: see `topic_page`. `write_topic`: a topic's page markdown
    instead of `topic_page` with these arguments (`serve` keeps unchanged topics' markdown).
    `directory_urls`: MkDocs' `use_directory_urls` (the home and tags pages write the URLs of
    their topic and quiz links).
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
            directory_urls=directory_urls,
            uri=home_uri,
        )
        nav.append({"Home": home_uri})
    topic_links = topic_links or TopicLinks(bank)
    for topic in bank.topics:
        uri = topic_uri(topic, prefix)
        if uri in taken or uri in pages:
            continue
        if write_topic is not None:
            pages[uri] = write_topic(topic)
        else:
            pages[uri] = topic_page(topic, links, nonce, study, snippets_as_text, topic_links)
        topic_uris[uri] = topic
        nav.append({attr(plain_text(topic.title)): uri})  # nav titles are not escaped either
    if quiz and quiz_data_url is not None:
        pages[QUIZ_URI] = quiz_page(quiz_data_url)
        nav.append({"Quiz": QUIZ_URI})
    if has_tags_page:
        pages[tags_uri] = tags_page(bank, lambda t: f"{t.slug}.md", quiz_link, directory_urls, tags_uri)
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
