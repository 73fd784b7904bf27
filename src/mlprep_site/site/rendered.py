"""The answers' HTML as each topic page rendered them, held from the page's conversion until
the JSON-LD, the quiz data and the deck are written.

Each topic's answers are kept as compact JSON, zlib-compressed, next to every page's content;
they are unpacked a topic at a time, so a 10,000-question build never holds every answer twice
(bench/bench_site.py measures the memory).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping

from mlprep_site.core.model import Bank, Topic


class RenderedAnswers:
    """Topic slug → its page URL and its answers' HTML (id → HTML, None: unanswered)."""

    def __init__(self) -> None:
        self._topics: dict[str, tuple[str, bytes]] = {}

    def clear(self) -> None:
        self._topics.clear()

    def put(self, topic: Topic, url: str, answers: Mapping[str, str | None]) -> None:
        packed = json.dumps(answers, ensure_ascii=False, separators=(",", ":")).encode()
        self._topics[topic.slug] = (url, zlib.compress(packed, 1))

    def url(self, topic: Topic) -> str | None:
        """The topic page's URL, or None when the page was not rendered."""
        held = self._topics.get(topic.slug)
        return held[0] if held is not None else None

    def answers(self, topic: Topic) -> dict[str, str | None]:
        """The topic's answers as rendered on its page ({} when it was not rendered)."""
        held = self._topics.get(topic.slug)
        if held is None:
            return {}
        answers: dict[str, str | None] = json.loads(zlib.decompress(held[1]))
        return answers

    def by_question(self, bank: Bank) -> AnswersByQuestion:
        """Every rendered answer by question id, unpacked as asked for (see `AnswersByQuestion`)."""
        return AnswersByQuestion(bank, self)


class AnswersByQuestion(Mapping[str, str]):
    """Question id → answer HTML, for readers that go a topic at a time (the deck): only the
    topic last asked for is unpacked. Unanswered and unrendered questions are not in it."""

    def __init__(self, bank: Bank, rendered: RenderedAnswers) -> None:
        self._topics = bank.topics
        self._topic_of = {question.id: topic for topic in bank.topics for question in topic.questions}
        self._rendered = rendered
        self._unpacked: tuple[Topic | None, dict[str, str | None]] = (None, {})

    def _answers(self, topic: Topic) -> dict[str, str | None]:
        if self._unpacked[0] is not topic:
            self._unpacked = (topic, self._rendered.answers(topic))
        return self._unpacked[1]

    def __getitem__(self, question_id: str) -> str:
        topic = self._topic_of.get(question_id)
        html = None if topic is None else self._answers(topic).get(question_id)
        if html is None:
            raise KeyError(question_id)
        return html

    def __iter__(self) -> Iterator[str]:
        for topic in self._topics:
            answers = self._answers(topic)
            yield from (qid for qid, html in answers.items() if html is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
