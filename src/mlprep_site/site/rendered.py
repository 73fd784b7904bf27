"""The answers' HTML as each topic page rendered them, held from the page's conversion until
the JSON-LD, the quiz data and the deck are written.

Each topic's answers are kept as compact JSON, zlib-compressed, next to every page's content;
they are unpacked a topic at a time, so a 10,000-question build never holds every answer twice
(bench/bench_site.py measures the memory).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping

from mlprep_site.core.domain.model import Topic


class RenderedAnswers:
    """Topic slug → its page URL and its answers' HTML (id → HTML, None: unanswered)."""

    def __init__(self) -> None:
        self._topics: dict[str, tuple[str, bytes]] = {}

    def clear(self) -> None:
        self._topics.clear()

    def put(self, topic: Topic, url: str, answers: Mapping[str, str | None]) -> None:
        packed = json.dumps(answers, ensure_ascii=False, separators=(",", ":")).encode()
        self._topics[topic.slug] = (url, zlib.compress(packed, 1))

    def put_packed(self, topic: Topic, url: str, packed: bytes) -> None:
        """Hold answers as `packed` gives them (kept from an earlier build by `serve`)."""
        self._topics[topic.slug] = (url, packed)

    def packed(self, topic: Topic) -> bytes:
        """The topic's answers as held (b"" when the page was not rendered): equal bytes, equal
        answers."""
        held = self._topics.get(topic.slug)
        return held[1] if held is not None else b""

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
