"""The quiz's data, split so that the quiz downloads what its filters need, not the bank.

Two kinds of file under `assets/mlprep/quiz/`:

- `index.json`: what the filters and the review order need, ~40 bytes a question:
  `{"schema": 1, "root": "../../../", "tags": [tag, …], "topics": [{"slug", "title",
  "questions": [[id, difficulty or "", [tag number, …]], …]}, …]}`. Only answered questions
  are listed (the quiz asks nothing else); a tag number indexes `tags`. `root` is the site
  root relative to the index.
- `<slug>.json`, one per topic, fetched when a question of the topic is about to be shown:
  `{"slug", "url": the topic page's URL relative to the site root,
  "questions": {id: [question text, answer HTML]}}`.

Question text and topic titles are plain text (`core.text.inline.plain_text`: the quiz sets them with
textContent); answer HTML is the build's own
rendering of the answer, the same the topic page shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from mlprep_site.core.domain.model import Bank, Topic
from mlprep_site.core.text.inline import plain_text

ASSETS_URI = "assets/mlprep"
"""Where the package's files go in a site: study assets, quiz data, the deck."""
QUIZ_DATA_DIR = f"{ASSETS_URI}/quiz"
INDEX_NAME = "index.json"
SCHEMA = 1


def topic_file_name(topic: Topic) -> str:
    name = f"{topic.slug}.json"
    if PurePosixPath(name).name != name or name.startswith("."):  # slugs are validated; stay inside
        raise ValueError(f"topic slug {topic.slug!r} is not a file name")
    return name


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def topic_questions(topic: Topic, answers: Mapping[str, str | None], url: str | None) -> dict[str, Any]:
    """A topic's quiz file: its answered questions' text and answer HTML."""
    questions = {
        q.id: [plain_text(q.question), answer]
        for q in topic.questions
        if (answer := answers.get(q.id)) is not None
    }
    return {"slug": topic.slug, "url": url, "questions": questions}


class QuizIndex:
    """The index, built a topic at a time; tags are numbered in order of first use."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.tags: dict[str, int] = {}
        self.topics: list[dict[str, Any]] = []

    def add(self, topic: Topic, answered: Mapping[str, object]) -> None:
        rows = [
            [q.id, q.difficulty or "", [self.tags.setdefault(t, len(self.tags)) for t in q.tags]]
            for q in topic.questions
            if answered.get(q.id) is not None
        ]
        self.topics.append({"slug": topic.slug, "title": plain_text(topic.title), "questions": rows})

    def data(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "root": self.root, "tags": list(self.tags), "topics": self.topics}


QuizTopic = tuple[str, Mapping[str, object]]
"""A topic's quiz file as JSON text, and its answered question ids (id → not None)."""


def quiz_topic(topic: Topic, answers: Mapping[str, str | None], url: str | None) -> QuizTopic:
    answered = {q.id: True for q in topic.questions if answers.get(q.id) is not None}
    return to_json(topic_questions(topic, answers, url)), answered


def quiz_data_files(
    bank: Bank,
    answers: Callable[[Topic], Mapping[str, str | None]],
    page_url: Callable[[Topic], str | None],
    root: str = "../../../",
    made: Callable[[Topic], QuizTopic] | None = None,
) -> Iterator[tuple[str, str]]:
    """(file name, JSON text) of each topic's file, then of the index, a topic at a time.

    `answers(topic)`: question id → answer HTML (None: unanswered), asked once per topic.
    `page_url(topic)`: the topic page's URL relative to the site root, or None.
    `made(topic)`: the topic's `quiz_topic` instead (`serve` keeps unchanged topics')."""
    index = QuizIndex(root)
    for topic in bank.topics:
        text, answered = made(topic) if made else quiz_topic(topic, answers(topic), page_url(topic))
        index.add(topic, answered)
        yield topic_file_name(topic), text
    yield INDEX_NAME, to_json(index.data())


def write_quiz_data(
    folder: Path,
    bank: Bank,
    answers: Callable[[Topic], Mapping[str, str | None]],
    page_url: Callable[[Topic], str | None],
    made: Callable[[Topic], QuizTopic] | None = None,
) -> None:
    """Write `quiz_data_files` into `folder` (the site's QUIZ_DATA_DIR)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in quiz_data_files(bank, answers, page_url, made=made):
        (folder / name).write_text(text, encoding="utf-8")
