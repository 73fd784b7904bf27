"""Anki export: the bank as one `.apkg` package, one subdeck per topic.

Layout: a parent deck `mlprep` and one subdeck `mlprep::<Topic title>` per topic, one note per
*answered* question (front: the question, back: the rendered answer). Unanswered questions are
skipped on purpose: a flashcard without a back teaches nothing, and the note appears by itself on
the next export once the question gets an answer.

Re-importing an updated deck must update notes instead of duplicating them. Anki matches notes by
their `guid`, so the guid is derived from the question's stable id only (never from its text):
editing a question or its answer keeps the guid. Deck and model ids are derived from fixed names
so that they are the same in every export as well. The note *rows'* ids are creation timestamps
that Anki's importer remaps; they take no part in matching.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki
from pygments.formatters import HtmlFormatter

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.answers.render import AnswerRenderer, RenderedAnswer, with_tex
from mlprep_site.core.domain.model import Bank, Question, Topic
from mlprep_site.core.text.inline import inline_html, plain_text

if TYPE_CHECKING:
    from mlprep_site.exports.anki_kept import KeptCollection

PARENT_DECK_NAME = "mlprep"
MODEL_NAME = "mlprep question/answer v1"
"""Changing the fields or templates is a schema change for Anki: bump the version in the name."""

FIELD_NAMES = ("Question", "Answer", "Topic", "Id")

_CARD_CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 18px;
  line-height: 1.5; text-align: left; color: #1f2328; background: #fff; max-width: 46em;
  margin: 0 auto; padding: 0 .5em; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #0d1117; }
.mlprep-q { font-weight: 600; }
.mlprep-topic { margin-top: 1.5em; font-size: 13px; opacity: .65; }
table { border-collapse: collapse; } th, td { border: 1px solid #8888; padding: .2em .5em; }
pre { overflow-x: auto; padding: .5em; border-radius: 4px; background: #f6f8fa; }
.nightMode pre, .night_mode pre { background: #161b22; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
"""

_TEMPLATES = [
    {
        "name": "Question → Answer",
        "qfmt": '<div class="mlprep-q">{{Question}}</div>',
        "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<div class="mlprep-topic">{{Topic}}</div>',
    }
]


def stable_anki_id(name: str) -> int:
    """A deck/model id that depends only on `name`, in the range genanki recommends."""
    digest = hashlib.sha256(f"mlprep-site:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def render_question_html(text: str) -> str:
    """The question (or title) as the site shows it in its heading (`inline_html`)."""
    return inline_html(text)


def anki_tag(tag: str) -> str:
    """Anki tags are space separated, so a space inside a tag becomes an underscore."""
    return re.sub(r"\s+", "_", tag.strip())


def question_tags(question: Question) -> list[str]:
    tags = [anki_tag(tag) for tag in question.tags]
    if question.difficulty:
        tags.append(f"difficulty::{question.difficulty}")
    return list(dict.fromkeys(tag for tag in tags if tag))


class QuestionNote(genanki.Note):  # type: ignore[misc]
    """A note whose identity is the question's stable id, whatever its text says (`note_guid`)."""


def note_guid(question_id: str, reused_by: str | None = None) -> str:
    """A note's guid: the question's id alone, so a note keeps its reviews when its text or
    topic changes. A topic that reuses another's explicit id (an error, which a lenient build
    still publishes) salts it with its slug (`reused_by`), so the two notes stay two."""
    return str(
        genanki.guid_for(question_id) if reused_by is None else genanki.guid_for(question_id, reused_by)
    )


def question_model() -> genanki.Model:
    pygments_css: str = HtmlFormatter(style="default").get_style_defs(".highlight")
    css = _CARD_CSS + pygments_css
    return genanki.Model(
        stable_anki_id(f"model:{MODEL_NAME}"),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELD_NAMES],
        templates=[dict(template) for template in _TEMPLATES],
        css=css,
    )


def topic_deck_name(topic: Topic) -> str:
    # "::" separates deck levels in Anki; a title containing it (or ":::") must not create
    # extra levels.
    return f"{PARENT_DECK_NAME}::{re.sub(':{2,}', ':', plain_text(topic.title))}"


class TopicDeck(genanki.Deck):  # type: ignore[misc]
    """A topic's deck whose notes are made as the package writes it, and let go after: a
    10,000-question bank never holds every note at once (bench/bench_site.py's peak memory)."""

    def __init__(self, topic: Topic, model: genanki.Model, fields: Callable[[], list[NoteFields]]) -> None:
        # Anki shows a deck's description as HTML; a topic's description is text.
        description = html.escape(topic.description or "", quote=False)
        super().__init__(
            stable_anki_id(f"deck:{topic.slug}"), topic_deck_name(topic), description=description
        )
        self.model = model
        self.fields = fields
        """The deck's notes as `NoteFields` (kept ones in `serve`)."""

    def make_notes(self, fields: list[NoteFields] | None = None) -> Iterable[QuestionNote]:
        for values, tags, guid in self.fields() if fields is None else fields:
            yield QuestionNote(model=self.model, fields=list(values), tags=list(tags), guid=guid)

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
        self.notes = list(self.make_notes())
        try:
            super().write_to_db(cursor, timestamp, id_gen)
        finally:
            self.notes = []


NoteFields = tuple[list[str], list[str], str]
"""A note as made from its question and answer: its fields, its tags and its guid."""

TopicAnswers = Callable[[Topic], Mapping[str, RenderedAnswer | str | None]]
"""A topic → its answers (question id → the answer from `answers.render`, or the HTML the
site's pages hold; None or missing: rendered here). Asked once per topic, as the deck is
written a topic at a time, and per topic so that two topics' questions that share an id (an
error) keep their own."""


KeptNotes = Callable[[Topic, object, Callable[[], list[NoteFields]]], list[NoteFields]]
"""`serve`'s store of topics' notes: (topic, what else its notes are made from, how to make
them) → the notes, made again only when the topic, its answers or that other part changed."""


def build_decks(
    bank: Bank,
    answers: TopicAnswers | None = None,
    sanitize: bool = False,
    renderer: AnswerRenderer | None = None,
    kept: KeptNotes | None = None,
) -> list[genanki.Deck]:
    """The parent deck followed by one deck per topic that has at least one answered question.

    Answers that `answers` does not give are rendered by `renderer` (default: the package's
    page markdown, cleaned when `sanitize`). `kept`: where `serve` keeps topics' notes."""
    model = question_model()
    decks = [
        genanki.Deck(
            stable_anki_id(f"deck:{PARENT_DECK_NAME}"),
            PARENT_DECK_NAME,
            description="Interview questions exported by mlprep-site.",
        )
    ]
    first_topic: dict[str, str] = {}  # question id → the slug of the first topic using it
    for topic in bank.topics:
        for question in topic.questions:
            first_topic.setdefault(question.id, topic.slug)
    missing = _Renderer(renderer, sanitize)
    for topic in bank.topics:
        if any(question.answer is not None for question in topic.questions):
            fields = functools.partial(topic_note_fields, topic, answers, missing, first_topic)
            if kept is not None:  # the guids' salts, and what renders the answers not given
                salts = tuple(first_topic[q.id] == topic.slug for q in topic.questions)
                fields = functools.partial(kept, topic, (salts, sanitize, renderer), fields)
            decks.append(TopicDeck(topic, model, fields))
    return decks


class _Renderer:
    """The renderer of answers not given, made when the first one is needed."""

    def __init__(self, renderer: AnswerRenderer | None, sanitize: bool) -> None:
        self.renderer = renderer
        self.sanitize = sanitize

    def deck_html(self, answer: str) -> str:
        if self.renderer is None:
            self.renderer = AnswerRenderer(sanitize=self.sanitize)
        return self.renderer.render(answer).deck_html


def topic_note_fields(
    topic: Topic,
    answers: TopicAnswers | None,
    missing: _Renderer,
    first_topic: Mapping[str, str],
) -> list[NoteFields]:
    """The notes of the topic's answered questions."""
    topic_html = render_question_html(topic.title)
    given = answers(topic) if answers is not None else {}
    notes: list[NoteFields] = []
    for question in topic.questions:
        if question.answer is None:
            continue
        answer = given.get(question.id)
        if isinstance(answer, RenderedAnswer):
            back = answer.deck_html
        elif answer is not None:  # the HTML of a site page: each formula as its TeX, from the markdown
            back = with_tex(answer, page_markdown(question.answer)) if "$" in question.answer else answer
        else:
            back = missing.deck_html(question.answer)
        fields = [render_question_html(question.question), back, topic_html, question.id]
        guid = note_guid(question.id, None if first_topic[question.id] == topic.slug else topic.slug)
        notes.append((fields, question_tags(question), guid))
    return notes


def write_apkg(
    bank: Bank,
    path: Path,
    answer_html: TopicAnswers | None = None,
    sanitize: bool = False,
    renderer: AnswerRenderer | None = None,
    kept: KeptNotes | None = None,
    collection: KeptCollection | None = None,
) -> None:
    """Write the bank's answered questions to `path` as an Anki package.

    `answer_html` gives each topic's answers already rendered (by `answers.render`, or the
    HTML of the site's pages); the others are rendered by `renderer`, by default with the
    package's page markdown, cleaned when `sanitize` (the site's `sanitize` option). `kept`:
    where `serve` keeps topics' notes (`build_decks`), and `collection` its collection, in
    which only the decks whose notes changed are written again."""
    decks = build_decks(bank, answer_html, sanitize, renderer, kept)
    if collection is not None:
        collection.write(decks, Path(path))
    else:
        write_package(genanki.Package(decks), Path(path))


def write_package(package: genanki.Package, path: Path) -> None:
    """What genanki's `write_to_file` writes (a zip of the collection and its media list), built
    in a temporary folder that is removed afterwards (genanki leaves its collection database in
    the system's temporary folder, one per deck) and renamed into place whole, so a reader or a
    killed run never sees half a deck. The decks carry no media files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mlprep-deck-", dir=path.parent) as work:
        database = Path(work) / "collection.anki2"
        write_collection(package, database)
        zip_collection(database, path)


def write_collection(package: genanki.Package, database: Path) -> None:
    """The package's collection as a new sqlite database at `database`."""
    connection = sqlite3.connect(database)
    try:
        timestamp = time.time()
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
    finally:
        connection.close()


def zip_collection(database: Path, path: Path) -> None:
    """The package file of the collection at `database`, staged beside `path` and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mlprep-deck-", dir=path.parent) as work:
        staged = Path(work) / path.name
        with zipfile.ZipFile(staged, "w") as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
        os.replace(staged, path)
