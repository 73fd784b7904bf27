"""Which dialect a topic file is written in, from a quick look at its lines.

Imports nothing of the loader: the loader asks this for every file, and imports a foreign
dialect's reader only for a file that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlprep_site.core.fences import FenceTracker, may_hold_fence

CANONICAL = "canonical"
SUMMARY = "summary"
HEADINGS = "headings"
LISTS = "lists"
DOCSITE = "docsite"
DIALECTS = (CANONICAL, SUMMARY, HEADINGS, LISTS, DOCSITE)

_CANONICAL_RE = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]+\*\*")
_SUMMARY_RE = re.compile(r"<summary\b[^>]*>(.*)", re.IGNORECASE)
# Summaries that are labels, not questions: the canonical dialect and its variants (compared
# without case, punctuation or symbols: "💡 Answer:" is "answer").
_LABELS = frozenset({"", "answer", "answers", "show answer", "show answers", "reveal answer"})
_LABELS |= {"solution", "solutions", "show solution", "hint", "hints", "show hint"}
_LABELS |= {"explanation", "show explanation", "click to expand", "click to show"}
_NOT_WORDS_RE = re.compile(r"[\W_]+")
TAG_RE = re.compile(r"<[^>]*>")
_SUMMARY_CLOSE_RE = re.compile(r"</summary\s*>", re.IGNORECASE)
_HEADING_RE = re.compile(r"^ {0,3}(#{2,6})[ \t]++((?:.*[^ \t#\n])?)[ \t#]*$")  # see syntax.HEADING_RE
_LINKS_RE = re.compile(r"\[\[[^\]]*\](?:\([^)]*\)\]|\]\([^)]*\))")
NUMBERED_RE = re.compile(r"^\d{1,9}[.)][ \t]+")
_ITEM_RE = re.compile(r"^\s*(?:\d{1,9}[.)]|[-*+])[ \t]+(.*)$")
_DIFFICULTY_RE = re.compile(r"^\[(?:E|M|H|easy|medium|hard)\]", re.IGNORECASE)
# A table's rule line: `^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$`, with every run of
# blanks and dashes possessive. Blanks, pipes, colons and dashes are told apart by their
# characters, so giving a blank or a dash back never helps, and two runs of blanks next to
# each other (around an optional pipe) no longer try every split: quadratic on a long run.
TABLE_RULE_RE = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*\|?\s*+$")
_DOCSITE_KEY_RE = re.compile(r"^(?:id|sidebar_label|sidebar_position|keywords|hide_title)\s*:")
_DOCSITE_LINE_RE = re.compile(
    r"^(?:import\s.*(?:from\s+)?['\"]|export\s+(?:const|default|function)\b|<head>)"
)
DOCSITE_SCAN = 60
"""Lines after the front matter in which imports or a `<head>` mark a docs-site file."""


def question_heading_text(text: str) -> str:
    """A heading's text without its `[[src](url)]` links, to judge whether it asks something."""
    return _LINKS_RE.sub("", text).strip()


def is_question_heading(text: str) -> bool:
    plain = question_heading_text(text)
    return plain.endswith("?") or bool(NUMBERED_RE.match(plain))


def _is_label(summary: str) -> bool:
    text = TAG_RE.sub("", _SUMMARY_CLOSE_RE.split(summary, 1)[0])
    return " ".join(_NOT_WORDS_RE.sub(" ", text).lower().split()) in _LABELS


def answer_summary_at(text: str) -> bool:
    """Whether `text` (what follows a `<details>` tag) starts with a summary that labels an
    answer ("Answer", "Show answer", …)."""
    summary = _SUMMARY_RE.match(text.lstrip())
    return summary is not None and _is_label(summary.group(1))


def detect_dialect(lines: Sequence[str], start: int = 0) -> str:
    """The dialect of lines[start:] (after any front matter): canonical as soon as a
    `N. **…**` question shows, else the foreign dialect with the most evidence."""
    question_headings = list_questions = 0
    fences = FenceTracker()  # a code sample (`<details><summary>…` in HTML) is no evidence
    for line in lines[start:]:
        if (fences.open is not None or may_hold_fence(line)) and fences.inside_after(line):
            continue
        if _CANONICAL_RE.match(line):
            return CANONICAL
        if "<summary" in line.lower():
            summary = _SUMMARY_RE.search(line)
            if summary and not _is_label(summary.group(1)):
                return SUMMARY
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            question_headings += is_question_heading(heading.group(2))
            continue
        item = _ITEM_RE.match(line)
        if item:
            text = item.group(1).rstrip()
            list_questions += text.endswith("?") or bool(_DIFFICULTY_RE.match(text))
        elif TABLE_RULE_RE.match(line):
            list_questions += 1
    if question_headings and question_headings >= list_questions:
        return HEADINGS
    if list_questions:
        return LISTS
    return CANONICAL


def looks_like_docsite(lines: Sequence[str], start: int, source: str) -> bool:
    """A Docusaurus/GitBook/MDX page: an `.mdx` file, docs-site front matter keys, or imports or
    a `<head>` near the top."""
    if source.lower().endswith(".mdx"):
        return True
    if any(_DOCSITE_KEY_RE.match(line) for line in lines[1 : max(start - 1, 0)]):
        return True
    return any(_DOCSITE_LINE_RE.match(line) for line in lines[start : start + DOCSITE_SCAN])
