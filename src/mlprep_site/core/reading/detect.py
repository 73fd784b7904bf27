"""Which dialect a topic file is written in, from a quick look at its lines.

Imports nothing of the loader: the loader asks this for every file, and imports a foreign
dialect's reader only for a file that needs it. A file that is not Q&A at all (an awesome list,
a check-box study plan, a changelog) is `PROSE`: it yields no questions, and one finding says
why (`dialects.prose`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from itertools import islice

from mlprep_site.core.domain.model import DIALECT_NAMES
from mlprep_site.core.reading.syntax import ITEM_HEADING_RE
from mlprep_site.core.text.code import code_lines
from mlprep_site.core.text.kept import KeptByText

CANONICAL, SUMMARY, HEADINGS, LISTS, DOCSITE = DIALECT_NAMES
PROSE = "prose"
"""Detected, never chosen: not a dialect of questions (so not in DIALECT_NAMES)."""
NAMED_PAGE = "page"
"""Given by the loader, never chosen: a file in a folder of pages named by their questions
(`dialects.pages.named_page_folders`), whose own name is its question when nothing in it asks."""

_CANONICAL_RE = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]+\*\*")
_QUESTION_LINE_RE = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]+\*\*.*\*\*[ \t]*$")  # syntax.QUESTION_RE
_SUMMARY_RE = re.compile(r"<summary\b[^>]*>(.*)", re.IGNORECASE)
# Summaries that are labels, not questions: the canonical dialect and its variants (compared
# without case, punctuation or symbols: "💡 Answer:" is "answer").
_LABELS = frozenset({"", "answer", "answers", "show answer", "show answers", "reveal answer"})
_LABELS |= {"solution", "solutions", "show solution", "hint", "hints", "show hint"}
_LABELS |= {"explanation", "show explanation", "click to expand", "click to show"}
_NOT_WORDS_RE = re.compile(r"[\W_]+")
_NUMBERED_LABEL_RE = re.compile(
    r"(?:Solution|Answer|Approach|Hint|Explanation)s?[ \t]*\d{1,3}[ \t]*(?:\([^()\n]{0,80}\))?[ \t]*:?",
    re.IGNORECASE,
)
"""One of several answers' labels: `Solution 1 (Iterative generation)`, `Approach 2`."""
TAG_RE = re.compile(r"<[^>]*>")
SUMMARY_CLOSE_RE = re.compile(r"</summary\s*>", re.IGNORECASE)
_HEADING_RE = re.compile(r"^ {0,3}(#{2,6})[ \t]++((?:.*[^ \t#\n])?)[ \t#]*$")  # see syntax.HEADING_RE
_TITLE_RE = re.compile(r"^ {0,3}(#)[ \t]++((?:.*[^ \t#\n])?)[ \t#]*$")
_LINKS_RE = re.compile(r"\[\[[^\]]*\](?:\([^)]*\)\]|\]\([^)]*\))")
NUMBERED_RE = re.compile(r"^\d{1,9}[.)][ \t]+")
_ITEM_RE = re.compile(r"^\s*(?:\d{1,9}[.)]|[-*+])[ \t]+(.*)$")
_DIFFICULTY_RE = re.compile(
    r"^(?:\[(?:E|M|H|easy|medium|hard)\]|[\U0001f7e2\U0001f7e1\U0001f7e0\U0001f534][ \t])", re.IGNORECASE
)
# A table's rule line: `^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$`, with every run of
# blanks and dashes possessive. Blanks, pipes, colons and dashes are told apart by their
# characters, so giving a blank or a dash back never helps, and two runs of blanks next to
# each other (around an optional pipe) no longer try every split: quadratic on a long run.
TABLE_RULE_RE = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*\|?\s*+$")
_DOCSITE_KEY_RE = re.compile(r"^(?:id|sidebar_label|sidebar_position|keywords|hide_title)\s*:")
_DOCSITE_LINE_RE = re.compile(
    r"^(?:import\s.*(?:from\s+)?['\"]|export\s+(?:const|default|function)\b|<head>)"
)
_CHECKBOX_RE = re.compile(r"^\[[ xX]\][ \t]+")
# An item that is a link: `[text](`, `**[text](` or `<a href`, after any check box.
_LINK_ITEM_RE = re.compile(r"^(?:\*\*|__)?(?:\[[^\]\n]*+\]\(|<a\s)")
_BOLD_LINK_ITEM_RE = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]+\*\*\[")
# A release heading: `[1.2.0]`, `[Unreleased]`, `v1.2`, or `1.2.0` alone or before a date or a
# dash; not a numbered section (`5.1.1 Vectors`).
_VERSION_HEADING_RE = re.compile(
    r"^ {0,3}#{1,4}[ \t]+(?:\[(?:v?\d+(?:\.\d+)++[^\]]*+|unreleased)\]|v\d+(?:\.\d+)++"
    r"|\d+(?:\.\d+)++[-+.\w]*+[ \t]*+(?:$|[-–—(]|\d{4}-)|unreleased\b)",
    re.IGNORECASE,
)
# What makes a file prose rather than questions (measured on tests/corpus: awesome lists and a
# study plan have 499 of 506, 70 of 77 and 776 of 1,356 items as links; no Q&A file there has
# more than 58 link items, nor links in half its items).
LINK_LIST_MIN = 10
"""Link items a link list has at least; also at least half of its items, its items at least
half of its lines of text, and at least five link items for each line that asks something."""
SUMMARY_DECIDES = 3
"""Question summaries after which a file whose first question was a summary is read as summary
without looking further (a README's one or two `<summary>` toggles do not decide)."""
CHANGELOG_MIN = 3
"""Version headings (`## [1.2.0] - 2024-01-01`, `## v2.1`, `## Unreleased`) a changelog has."""


def question_heading_text(text: str) -> str:
    """A heading's text without its `[[src](url)]` links, to judge whether it asks something."""
    return (_LINKS_RE.sub("", text) if "[[" in text else text).strip()


QUESTION_MARKS = ("?", "\uff1f", "\u061f")
"""What ends a question: `?`, and the full-width `？` of Chinese and Japanese and Arabic's `؟`."""


def is_question_heading(text: str) -> bool:
    plain = question_heading_text(text)
    return plain.endswith(QUESTION_MARKS) or bool(NUMBERED_RE.match(plain))


@functools.lru_cache(maxsize=4096)  # labels recur: `<summary>Answer</summary>` in every question
def _is_label(summary: str) -> bool:
    text = TAG_RE.sub("", SUMMARY_CLOSE_RE.split(summary, 1)[0])
    words = " ".join(_NOT_WORDS_RE.sub(" ", text).lower().split())
    return words in _LABELS or _NUMBERED_LABEL_RE.fullmatch(text.strip()) is not None


def answer_summary_at(text: str) -> bool:
    """Whether `text` (what follows a `<details>` tag) starts with a summary that labels an
    answer ("Answer", "Show answer", …). A summary opened with nothing after it on the line
    (`<summary>`, its words on the next lines: `summary_continues`) is not known to here."""
    summary = _SUMMARY_RE.match(text.lstrip())
    return summary is not None and not summary_continues(summary.group(1)) and _is_label(summary.group(1))


def summary_left_open(text: str) -> bool:
    """Whether `text` (what follows a `<details>` tag) opens a summary whose words are on the
    next lines."""
    summary = _SUMMARY_RE.match(text.lstrip())
    return summary is not None and summary_continues(summary.group(1))


def summary_continues(after_open: str) -> bool:
    """Whether a summary whose line holds `after_open` after its `<summary>` tag goes on to the
    next lines: nothing but blanks and tags, and no `</summary>` yet."""
    return not TAG_RE.sub("", after_open).strip() and SUMMARY_CLOSE_RE.search(after_open) is None


def continued_summary_label(lines: Sequence[str], index: int) -> bool:
    """Whether the summary opened on line `index - 1` with nothing after it labels an answer:
    its next line that is not blank is the label (`<summary>`, `Answer`, `</summary>`)."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index < len(lines) and _is_label(lines[index].strip())


class Evidence:
    """What one look at a file's lines (outside fenced code) found: which of a canonical
    question and a question `<summary>` showed first, and counts for the other dialects and for
    prose."""

    def __init__(self) -> None:
        self.first: str | None = None
        """CANONICAL or SUMMARY, whichever showed first."""
        self.first_is_link = False
        """Whether `first` is a canonical line that is only a bold link (`1. **[name](url)**`,
        as awesome lists write them): such a file may still read as a link list."""
        self.question_headings = 0
        self.item_headings = 0
        """Headings that open a list item (`12. ### …`), asking or not."""
        self.list_questions = 0
        self.summary_questions = 0
        self.items = 0
        self.link_items = 0
        self.checkbox_items = 0
        self.version_headings = 0
        self.text_lines = 0
        """Non-blank lines that are neither headings nor summaries."""

    def asking(self) -> int:
        return self.question_headings + self.list_questions + self.summary_questions

    def prose_reason(self) -> str | None:
        """Why the file is not Q&A, or None: a changelog, a link list or a check-box study plan
        with few lines that ask something. A canonical question is never outweighed, nor are
        SUMMARY_DECIDES question summaries (`scan` stopped there: the counts are partial)."""
        if self.first == CANONICAL and not self.first_is_link:
            return None
        if self.first == SUMMARY and self.summary_questions >= SUMMARY_DECIDES:
            return None
        if self.version_headings >= CHANGELOG_MIN and self.asking() <= self.version_headings:
            return f"reads as a changelog ({self.version_headings} version headings)"
        links = self.link_items
        if (
            links >= LINK_LIST_MIN
            and links * 2 >= self.items
            and self.items * 2 >= self.text_lines
            and self.asking() * 5 <= links
        ):
            shape = "a check-box study plan" if self.checkbox_items * 2 >= links else "a link list"
            return f"reads as {shape} ({links} of {self.items} list items are links)"
        return None

    def dialect(self) -> str:
        if self.prose_reason() is not None:
            return PROSE
        if self.first is not None:
            return self.first
        if self.question_headings and self.question_headings >= self.list_questions:
            return HEADINGS
        if self.list_questions:
            return LISTS
        return CANONICAL


scans: KeptByText[Evidence] = KeptByText()
"""The evidence of each text read last (`scan`)."""


def scan(lines: Sequence[str], start: int = 0) -> Evidence:
    """The evidence of lines[start:] (lines split at their line breaks: the evidence is kept
    by their text, `kept`, and shared: not to be changed). Stops at a canonical question that
    is not a bold link when nothing else showed first (the file is canonical, whatever
    follows), and at the SUMMARY_DECIDES-th question summary when a summary showed first."""
    return scans.get(("\n".join(lines), start), lambda: _scan(lines, start))


def _scan(lines: Sequence[str], start: int) -> Evidence:
    """`scan`, worked out: each line is looked at once, and a regular expression is tried on it
    only when a character it needs is there (most lines of a bank are answers' text)."""
    found = Evidence()
    if start >= len(lines):
        return found
    # A code sample (`<details><summary>…` in HTML) is no evidence. The whole text's code is
    # read even when detection stops early (at a canonical question): the file's reader reads
    # it next anyway, kept by its text (`code_lines`); and whether a line with text is code
    # does not depend on the lines after it, so reading the first lines alone would not change
    # what detection sees.
    code = code_lines(lines)
    awaiting = False
    """A canonical question line came after question headings: it may be a bold line of an
    answer, so it decides only when its `<details>` answer block follows."""
    for index in range(start, len(lines)):
        if code[index]:
            continue
        line = lines[index]
        if awaiting and line.lstrip().lower().startswith("<details"):
            found.first, found.first_is_link = CANONICAL, False
            return found
        if "**" in line and _CANONICAL_RE.match(line) and _QUESTION_LINE_RE.match(line):
            link = _BOLD_LINK_ITEM_RE.match(line) is not None
            if (found.question_headings or found.item_headings) and not link:
                awaiting = True
                continue
            if found.first is None:
                found.first, found.first_is_link = CANONICAL, link
            if not link and found.first == CANONICAL:
                found.first_is_link = False
                return found
        if "<" in line and "<summary" in line.lower():
            summary = _SUMMARY_RE.search(line)
            if summary and not _is_label(summary.group(1)):
                found.first = found.first or SUMMARY
                found.summary_questions += 1
                if found.first == SUMMARY and found.summary_questions >= SUMMARY_DECIDES:
                    return found
            continue
        hashed = "#" in line[:4]  # a heading's first `#` (after at most three spaces)
        heading = _HEADING_RE.match(line) if hashed else None
        if heading is None and "#" in line[:16] and (item := ITEM_HEADING_RE.match(line)):
            # a heading that opens a list item (`459. ### How do you …`): a question heading
            # too, after which a canonical-looking line decides only with its `<details>`
            awaiting = False
            found.item_headings += 1
            found.question_headings += is_question_heading(item.group(2))
            continue
        if heading:
            awaiting = False
            found.question_headings += is_question_heading(heading.group(2))
        if heading or hashed and _TITLE_RE.match(line):
            found.version_headings += _VERSION_HEADING_RE.match(line) is not None
            continue
        if not line.strip():
            continue
        found.text_lines += 1
        first = line[0]  # an item starts with blanks, a digit or a bullet
        item = _ITEM_RE.match(line) if first in "-*+" or first.isdigit() or first.isspace() else None
        if item:
            text = item.group(1).rstrip()
            found.items += 1
            found.list_questions += text.endswith(QUESTION_MARKS) or bool(_DIFFICULTY_RE.match(text))
            checkbox = _CHECKBOX_RE.match(text)
            if checkbox:
                found.checkbox_items += 1
                text = text[checkbox.end() :]
            found.link_items += _LINK_ITEM_RE.match(text) is not None
        elif "---" in line and TABLE_RULE_RE.match(line):
            found.list_questions += 1
    return found


def detect_dialect(lines: Sequence[str], start: int = 0) -> str:
    """The dialect of lines[start:] (after any front matter): canonical as soon as a
    `N. **…**` question shows, else prose when the file is not Q&A, else the dialect of the
    first question `<summary>`, else the foreign dialect with the most evidence."""
    return scan(lines, start).dialect()


def looks_like_docsite(lines: Sequence[str], start: int, source: str) -> bool:
    """A Docusaurus/GitBook/MDX page: an `.mdx` file, docs-site front matter keys, or imports or
    a `<head>` before any content (right after the front matter, where MDX puts them). Further
    down a plain `.md` file an `import` line is text GitHub shows (an answer's unfenced code),
    so the canonical form, whose `# title` comes first, is never read as such a page."""
    if source.lower().endswith(".mdx"):
        return True
    if any(_DOCSITE_KEY_RE.match(line) for line in lines[1 : max(start - 1, 0)]):
        return True
    first = next((line for line in islice(lines, start, None) if line.strip()), "")
    return _DOCSITE_LINE_RE.match(first) is not None
