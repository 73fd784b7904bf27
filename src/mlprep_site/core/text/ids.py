"""Derived ids: a question's or topic's id made from its text (`slugify`), and ids across the
topics of a bank, where an id derived from question text gives way to the same id in another
topic; explicit ids are never changed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from mlprep_site.core.domain.model import Topic
from mlprep_site.core.domain.rules import ID_MAX_LENGTH
from mlprep_site.core.text.inline import plain_text

SLUG_STRIP_RE = re.compile(r"[^a-z0-9]+")
MARKUP_WORDS_RE = re.compile(r"[<\[&]")
# Neither a web address written out (an autolink's words, a bare URL) nor an emoji shortcode
# (`:rocket:`, which pages show as written) is a word of an id.
NOT_WORDS_RE = re.compile(r"\b(?:https?|ftp)://\S*|:(?=[a-z0-9_+-]*[a-z])[a-z0-9_+-]+:", re.IGNORECASE)


def short_hash(text: str) -> str:
    """Eight hex digits that depend on `text` alone: stable from one build to the next."""
    return hashlib.blake2s(text.encode("utf-8"), digest_size=4).hexdigest()


def slugify(text: str, max_length: int = 60) -> str:
    """A kebab-case id from the words of inline markdown, as a reader sees them (`plain_text`):
    a code span's text and a link's words count; a link's destination, HTML tags, web
    addresses and emoji shortcodes do not. It depends on `text` alone, so it does not change
    when other questions are added before or after.

    A slug longer than `max_length` is cut at a word boundary and ends with a short hash of
    the whole slug, so two long questions that differ only after the cut get distinct ids;
    text without a letter or digit of a-z, 0-9 gets a hash of itself.
    """
    # Markup other than tags, links and entities (`*`, `` ` ``, `_`, `~`, `\\`) is no word:
    # text without those is not read.
    words = NOT_WORDS_RE.sub(" ", plain_text(text) if MARKUP_WORDS_RE.search(text) else text)
    slug = SLUG_STRIP_RE.sub("-", words.lower()).strip("-")
    if not slug:
        return f"question-{short_hash(text)}" if text.strip() else "question"
    if len(slug) > max_length:
        slug = f"{_cut_at_word(slug, max_length - 9)}-{short_hash(slug)}"  # 9: "-" and the hash
    return slug


def _cut_at_word(text: str, room: int) -> str:
    """`text` cut to `room` characters at its last `-` within them (or at `room`)."""
    return (text[:room].rsplit("-", 1)[0] or text[:room]).rstrip("-")


SUFFIXED_MAX_LENGTH = ID_MAX_LENGTH - 4
"""A suffixed id leaves room for `-2`… within the id rule's length."""


def _suffixed(qid: str, slug: str) -> str:
    """`<id>-<topic slug>`, or, when that would be longer than an id may be (a topic slug made
    from a deep path), the id cut at a word boundary and a short hash of both: stable, and
    within the id rule, so what import writes reads back."""
    full = f"{qid}-{slug}"
    if len(full) <= SUFFIXED_MAX_LENGTH:
        return full
    room = SUFFIXED_MAX_LENGTH - 9  # "-" and the hash
    cut = _cut_at_word(qid, room) if len(qid) > room else qid.rstrip("-")
    return f"{cut}-{short_hash(full)}"


def separate_derived_ids(topics: Sequence[Topic]) -> list[Topic]:
    """`topics` (in bank order) where an id derived from question text that another topic
    already uses (an explicit id anywhere, or any id of an earlier topic) gets a stable
    suffix: `-<topic slug>`, then `-2`, `-3`… Explicit ids are left as written, so two of them
    that collide stay an error (`check_bank`)."""
    explicit = [{q.id for q in t.questions if not q.id_derived} for t in topics]
    counts: dict[str, int] = {}
    for ids in explicit:
        for qid in ids:
            counts[qid] = counts.get(qid, 0) + 1
    earlier: set[str] = set()
    result = []
    for topic, own_explicit in zip(topics, explicit, strict=True):
        here = {q.id for q in topic.questions}
        next_suffix: dict[str, int] = {}  # the ids tried grow only: a suffix taken stays taken
        questions = list(topic.questions)
        for index, q in enumerate(questions):
            elsewhere = counts.get(q.id, 0) > (q.id in own_explicit)
            if not q.id_derived or not (q.id in earlier or elsewhere):
                continue
            base = qid = _suffixed(q.id, topic.slug)
            n = next_suffix.get(base, 2)
            while qid in here or qid in earlier or qid in counts:
                qid, n = f"{base}-{n}", n + 1
            if qid != base:
                next_suffix[base] = n
            here.add(qid)
            questions[index] = replace(q, id=qid)
        earlier |= {q.id for q in questions}
        changed = questions != list(topic.questions)
        result.append(replace(topic, questions=tuple(questions)) if changed else topic)
    return result
