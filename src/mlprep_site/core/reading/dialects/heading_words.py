"""What a heading's words say: whether it asks (`heading_question`), labels an answer
(`is_answer_label`), asks in its words without a question mark (`words_ask`), and the link
back up the page its section closes with (`closing_back_link`). The plan of a file's
question headings (`heading_plan`) is made of these."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from mlprep_site.core.reading.detect import TAG_RE
from mlprep_site.core.reading.dialects.asking import (
    LABEL_MARKS,
    NAMED_PREFIX_RE,
    NOT_QUESTIONS,
    PREFIX_RE,
    WORDS_RE,
    asks,
    bank_text_asks,
    bank_word_asks,
    question_title,
    unwrapped_heading,
)
from mlprep_site.core.reading.dialects.common import is_back_link
from mlprep_site.core.reading.references import is_references_heading

STRONG_MIN = 2
"""Headings that ask with a question mark at a part's question level, at least, for the other
headings there whose words ask to be questions too; and sections closed by the same link back,
at least, for that link to mark the questions."""


@dataclass(frozen=True, slots=True)
class HeadingQuestion:
    level: int
    text: str
    strong: bool
    """Asks, or carries a `Q…` prefix; a bare number is weak (a numbered section heading has it)."""


NUMBERED_LABEL_RE = re.compile(
    r"[ \t]*(?:Question|Q|Вопрос|问题|题目)[ \t]*#?\d{1,9}[ \t]*[.:)：]?[ \t]*$", re.IGNORECASE
)
"""A heading that only numbers a question (`## Question 1`): the question is the paragraph under it."""


@functools.lru_cache(maxsize=32768)  # each heading is judged by the margin, the plan and the reader
def heading_question(level: int, text: str) -> HeadingQuestion | None:
    text = unwrapped_heading(text)
    if level < 2 or text.strip().lower() in NOT_QUESTIONS or is_references_heading(text):
        return None
    named = NAMED_PREFIX_RE.match(text)
    if named is not None and not text[named.end() :].strip(LABEL_MARKS) and not any(map(str.isdigit, text)):
        return None  # only a label (`### Question:`), the page's one question under it (`pages`)
    strong = asks(text) or named is not None or bank_text_asks(text) or bool(NUMBERED_LABEL_RE.match(text))
    if strong or PREFIX_RE.match(text):
        return HeadingQuestion(level, text, strong)
    return None


ANSWER_LABELS = frozenset({"answer", "answers", "solution", "solutions", "explanation", "short answer"})
# Chinese: (reference) answer, solution, explanation
ANSWER_LABELS |= {"参考答案", "答案", "解答", "解析", "回答", "参考回答", "答案解析"}
"""Headings that label the answer under a question heading (`### Closures` then `#### Answer`)."""
ANSWER_WORDS = frozenset({"answer", "answers", "solution", "solutions"})
ANSWER_KINDS = frozenset({"model", "sample", "suggested", "expected", "example", "ideal", "reference"})
"""A word before an answer's word that still labels it (`Model answer`)."""
ANSWER_PARTS = frozenset({"guide", "key", "outline", "sketch"})
"""A word after an answer's word that still labels it (`Answer guide`)."""
LABEL_WORDS = ("answer", "solution", "explanation", "答案", "解答", "解析", "回答")
"""The words one of which each label holds (as a part of `answers`, `solutions`)."""


@functools.lru_cache(maxsize=1024)  # labels recur (`**Answer:**` under every question)
def is_answer_label(text: str) -> bool:
    # A label holds one of these words. Without a tag, which may join letters when cut out,
    # most headings are passed without the regexes (a bank's question headings are all asked).
    if "<" not in text and not any(word in text.lower() for word in LABEL_WORDS):
        return False
    words = WORDS_RE.sub(" ", TAG_RE.sub("", text)).lower().split()
    if " ".join(words) in ANSWER_LABELS:
        return True
    if len(words) != 2:
        return False
    return (words[0] in ANSWER_KINDS and words[1] in ANSWER_WORDS) or (
        words[0] in ANSWER_WORDS and words[1] in ANSWER_PARTS
    )


def section_ends(headings: list[tuple[int, int, str]]) -> list[int | None]:
    """For each heading, the line of the next heading at its level or above (None: the end)."""
    ends: list[int | None] = [None] * len(headings)
    open_headings: list[int] = []  # indices into `headings`, levels rising
    for k, (index, level, _) in enumerate(headings):
        while open_headings and headings[open_headings[-1]][1] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(k)
    return ends


def closing_back_link(lines: list[str], index: int, end: int | None) -> str | None:
    """The link back up the page that closes the section of the heading at line `index`
    (its last line with text, before line `end`), as its words; None when it ends otherwise."""
    last = len(lines) if end is None else end
    for k in range(last - 1, index, -1):
        line = lines[k]
        if line.strip():
            if not is_back_link(line):
                return None
            link = _PAGE_LINK_RE.search(line)  # its wrapping (bold, `<sub>`) may vary
            return (link.group(0) if link else " ".join(line.split())).lower()
    return None


_PAGE_LINK_RE = re.compile(r"\[[^\[\]\n]*\]\(#[^()\s]*\)")


def most_common_back_link(counts: Counter[str] | None) -> str | None:
    """The back link most asking sections close with, when STRONG_MIN or more do."""
    if not counts:
        return None
    link, count = counts.most_common(1)[0]
    return link if count >= STRONG_MIN else None


def words_ask(text: str) -> bool:
    """Whether a heading's words ask: a first word that asks, or a question mark inside it."""
    words = question_title(text).split(" ", 1)
    return (
        bank_word_asks(words[0].lower().rstrip(":,¿"))
        or "? " in text
        or "\uff1f" in text[:-1]
        or bank_text_asks(text)
    )


def heading_asks_words(level: int, text: str) -> bool:
    """Whether a question heading (`heading_question`) asks in its words: a question mark, or
    a first word that asks (`1. What is the output of below code`), not a bare number."""
    found = heading_question(level, text)
    if found is None:
        return False
    words = question_title(text).split(" ", 1)
    return found.strong or bank_word_asks(words[0].lower())
