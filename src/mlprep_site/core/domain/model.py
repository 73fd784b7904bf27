"""The question bank model: immutable values, no I/O.

Line numbers are where a thing was read from; they take no part in equality, so a bank
that went through YAML or canonical markdown compares equal to the one it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DIFFICULTIES = ("easy", "medium", "hard")
DIALECT_NAMES = ("canonical", "summary", "headings", "lists", "docsite")
"""The dialects a file can be forced to be read in (`dialect:`, `--dialect`); the readers' names
(`core.reading.detect`) are these."""


@dataclass(frozen=True, slots=True)
class Reference:
    index: int
    url: str
    title: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    number: int
    question: str
    """Inline markdown, as written (without the bold markers)."""
    answer: str | None = None
    """The answer's markdown as written, or None when unanswered."""
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    line: int = field(default=0, compare=False)
    """1-based line of the question in its source."""
    answer_line: int | None = field(default=None, compare=False)
    """1-based source line of the answer's first line, when answered."""
    section: str | None = None
    """The text of the heading that groups this question in its topic, if any. Questions of
    one section are contiguous, and once a topic has sections every later question has one."""
    question_body: str | None = None
    """Markdown the question holds beyond its one-line heading (a code snippet, a list),
    shown at the top of the opened block; None when there is none."""
    references: tuple[Reference, ...] = ()
    """The question's own sources (`[[src](url)]` on a heading, `refs` in its metadata
    comment), numbered from 1 in the order written; shown at the end of its block."""
    id_derived: bool = field(default=False, compare=False)
    """Whether the id was made from the question's text (no explicit `id`): such an id gives
    way, with a suffix, to the same id in another topic (`loader.separate_derived_ids`)."""

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    title: str
    source: str
    questions: tuple[Question, ...] = ()
    references: tuple[Reference, ...] = ()
    description: str | None = None
    order: int | None = None
    tags: tuple[str, ...] = ()

    @property
    def answered_count(self) -> int:
        return sum(1 for q in self.questions if q.answered)


@dataclass(frozen=True, slots=True)
class Bank:
    topics: tuple[Topic, ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for t in self.topics for q in t.questions)

    def topic(self, slug: str) -> Topic:
        for topic in self.topics:
            if topic.slug == slug:
                return topic
        raise KeyError(slug)
