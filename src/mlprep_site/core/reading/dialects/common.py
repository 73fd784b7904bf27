"""What the readers of foreign dialects share: headings (title, grouping, references), prose,
and building a question (its number, a stable id, its difficulty).

A file in a foreign form is a repository's own, written for its readers: its introduction, a
table of contents or a heading with no question under it is no mistake. Such text is accounted
for with an `info` finding (shown by `validate` and `import`, never failing a strict build);
in a canonical file, written for this tool, the same text is a warning (`core.reading.section_reader`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlprep_site.core.domain.model import Question, Reference
from mlprep_site.core.reading.references import is_references_heading
from mlprep_site.core.reading.syntax import COMMENT_RE, HEADING_RE
from mlprep_site.core.text.ids import slugify

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

QUESTION_PREFIX_RE = re.compile(
    r"^(?:(?:[A-Z]{1,12}[ \t]*-[ \t]*)?Q(?:uestion)?[ \t]*\d{1,9}[ \t]+[-\u2013\u2014][ \t]"
    r"|Q(?:uestion)?[ \t]*\d{0,9}[ \t]*[.:)]|\d{1,9}[.)](?!\d))[ \t]*",
    re.IGNORECASE,
)
"""`Q12.`, `Q1:`, `Q.`, `Question 3:`, `12)`, `12.`, `Question 3 - `, `AI-Question08 - `,
`CORE - Question 03 - `: a question's number, left out of its title."""
SECTION_NUMBER_RE = re.compile(r"^\d{1,9}(?:\.\d{1,9}){1,3}\.?[ \t]+(?=[A-Z])")
"""A section's number before a question's words (`1.1 Remove duplicates`), left out of its
title too; not a number the words start with (`3.14 is the value`: no capital follows)."""
DIFFICULTY_RE = re.compile(
    r"^(?:\[(E|M|H|easy|medium|hard)\]|([\U0001f7e2\U0001f7e1\U0001f7e0\U0001f534]))[ \t]*", re.IGNORECASE
)
"""`[E]`, `[medium]`, or a coloured circle (🟢 easy, 🟡 or 🟠 medium, 🔴 hard) before a question."""
DIFFICULTIES = {
    "e": "easy",
    "m": "medium",
    "h": "hard",
    "🟢": "easy",
    "🟡": "medium",
    "🟠": "medium",
    "🔴": "hard",
}


def split_difficulty(text: str) -> tuple[str, str | None]:
    """`[E] What is X?`, `🟢 What is X?` → ("What is X?", "easy")."""
    match = DIFFICULTY_RE.match(text)
    if match is None:
        return text, None
    return text[match.end() :], DIFFICULTIES[(match.group(1) or match.group(2))[0].lower()]


def trimmed(lines: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """[start, end) without blank lines at either end."""
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return start, end


BACK_TO_TOP_RE = re.compile(r"back[ \t]*to[ \t]*top|\[[ \t]*[⬆↥↑][^\]]*\]\(#", re.IGNORECASE)
PAGE_LINK_LINE_RE = re.compile(
    r"^[ \t]*(?:\*\*|__|<(?:sub|sup|small|p|div)\b[^>\n]*>)*[ \t]*[⬆↥↑^]?[ \t]*"
    r"\[[^\[\]\n]{1,60}\]\(#[^()\s]*\)[ \t]*(?:\*\*|__|</(?:sub|sup|small|p|div)>)*[ \t]*$",
    re.IGNORECASE,
)
"""A line that is only a link into the page (`[Table of Contents](#aws)`, `[к оглавлению](#jcf)`):
at the end of an answer, the way back to the page's contents, whatever its language."""


def is_back_link(line: str) -> bool:
    """Whether `line` leads back up the page: a back-to-top link, or only a link into the page."""
    return len(line) < 200 and (
        BACK_TO_TOP_RE.search(line) is not None or PAGE_LINK_LINE_RE.match(line) is not None
    )


SEPARATOR_RE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,}|<br[ \t]*/?>|<hr[ \t]*/?>)[ \t]*$", re.IGNORECASE)
QUESTION_BANNER_RE = re.compile(r"^[ \t]*(?:Q|Question)[ \t]*::?[ \t]*[=-]{3,}[ \t]*$", re.IGNORECASE)
"""The next question's banner (`Q:: ==========`) at the end of an answer: decoration."""
WRAPPER_RE = re.compile(r"^[ \t]*</?(?:div|p|b|strong)\b[^>]*>[ \t]*$", re.IGNORECASE)
PLACEHOLDER_WORDS_RE = re.compile(r"[^\w ]+")
PLACEHOLDERS = frozenset(
    {"to be completed", "tbd", "todo", "answer here", "answer", "coming soon", "wip", "to do", "tba"}
    | {"to be added", "to be done", "your answer here", "answer goes here", "to be written", "tbc"}
    | {"to be continued", "to be updated", "to be filled", "work in progress", "answer pending"}
    | {"under construction", "not yet answered", "no answer yet", "will be added", "will be added soon"}
    | {"write your answer here", "add your answer", "add answer", "coming later"}
)
# (Not "pending" or "in progress" alone: the answer to "What state is a new Promise in?")
"""Answers that hold no answer (compared without case, markup or punctuation, and after a
leading answer label: `**Answer:** TBD`); so is one without a letter or digit (`...`, `-`, 🚧)."""
ANSWER_LABEL_WORDS = ("answer ", "answers ", "a ")
PLACEHOLDER_MESSAGE = "the answer is a placeholder: the question counts as unanswered"


def is_placeholder(text: str) -> bool:
    """Whether an answer of at most three lines says only that there is no answer yet (a
    longer one never is: `answer_span` does not join its lines to ask)."""
    if text.count("\n") > 2:
        return False
    words = " ".join(PLACEHOLDER_WORDS_RE.sub(" ", text.lower()).replace("_", " ").split())
    unlabelled = words.split(" ", 1)[1] if words.startswith(ANSWER_LABEL_WORDS) else words
    return not words or words in PLACEHOLDERS or unlabelled in PLACEHOLDERS


def decoration_start(lines: Sequence[str], first: int, last: int) -> int:
    """Where what closes lines [first, last) as decoration begins (a back-to-top link with its
    wrapper, a separator after a blank line), blank lines before it included; `last` when
    nothing does."""
    end, cut = last, last
    back_to_top = False
    while end > first:
        line = lines[end - 1]
        if not line.strip():
            end -= 1
            continue
        if is_back_link(line) and (
            BACK_TO_TOP_RE.search(line) or any(map(str.strip, lines[first : end - 1]))
        ):
            back_to_top = True  # (a link into the page that is the whole answer is the answer)
        elif not (
            WRAPPER_RE.match(line)
            or SEPARATOR_RE.match(line)
            and not lines[end - 2].strip()
            or QUESTION_BANNER_RE.match(line)
        ):
            break
        end -= 1
        if back_to_top or SEPARATOR_RE.match(line) or QUESTION_BANNER_RE.match(line):
            cut = end
    return trimmed(lines, first, cut)[1] if cut < last else last


def without_decoration(text: str) -> str:
    """An answer's text without what closes it as decoration (`decoration_start`)."""
    kept = len(text.rstrip())
    if kept:  # most answers: their last line with text is no decoration, and nothing is cut
        start, stop = text.rfind("\n", 0, kept) + 1, text.find("\n", kept)
        last = text[start : stop if stop >= 0 else len(text)]
        if not (
            is_back_link(last)
            or WRAPPER_RE.match(last)
            or SEPARATOR_RE.match(last)
            or QUESTION_BANNER_RE.match(last)
        ):
            return text
    lines = text.split("\n")
    end = decoration_start(lines, 0, len(lines))
    return text if end == len(lines) else "\n".join(lines[:end])


def answer_span(parser: Parser, first: int, last: int) -> tuple[int, int]:
    """The answer in lines [first, last): without blank lines at either end, nor what closes it
    as decoration (`decoration_start`), which is claimed as markup. A placeholder ("To be
    completed.", "TBD", a bare "Answer:") is no answer: claimed with a finding, and the span
    returned is empty."""
    lines = parser.lines
    first, last = trimmed(lines, first, last)
    end = decoration_start(lines, first, last)
    parser.claim(end, last, "markup")
    if end > first and end - first <= 3 and is_placeholder("\n".join(lines[first:end])):
        parser.claim(first, end, "finding")
        parser.report(first + 1, "info", PLACEHOLDER_MESSAGE, "placeholder")
        return first, first
    return first, end


def claimed_answer(parser: Parser, first: int, last: int) -> tuple[str | None, int]:
    """The answer in lines [first, last) as `answer_span` cuts it, claimed, or None when none
    is left; with the index of its first line."""
    first, last = answer_span(parser, first, last)
    if last <= first:
        return None, first
    parser.claim(first, last, "answer")
    return "\n".join(parser.lines[first:last]), first


class GroupingHeadings:
    """The grouping headings above the current question. A question's section is the path of
    them (`Group / Subgroup`); a heading with no question under it is left out, with a finding."""

    def __init__(self, parser: Parser) -> None:
        self.parser = parser
        self.stack: list[tuple[int, str, int, int]] = []
        """(level, text, line index, questions before it)."""

    def push(self, level: int, text: str, index: int) -> None:
        self.close(level)
        self.stack.append((level, text, index, len(self.parser.questions)))
        self.parser.section = " / ".join(entry[1] for entry in self.stack)

    def close(self, level: int = 0) -> None:
        """Close the headings at `level` or deeper."""
        parser = self.parser
        while self.stack and self.stack[-1][0] >= level:
            _, text, index, before = self.stack.pop()
            if len(parser.questions) > before:
                parser.claim(index, index + 1, "section")
                continue
            parser.claim(index, index + 1, "finding")
            message = f"heading {text!r} has no questions under it; it is left out of the bank"
            parser.report(index + 1, "info", message, "ignored-section")
        if self.stack:
            parser.section = " / ".join(entry[1] for entry in self.stack)


def read_heading(parser: Parser, sections: GroupingHeadings, index: int, level: int, text: str) -> int:
    """A heading that is not a question: the title, references, or a grouping heading."""
    if level == 1 and parser.title is None and not parser.questions and not sections.stack:
        parser.title = text
        parser.claim(index, index + 1, "title")
        return index + 1
    if is_references_heading(text):
        sections.close(level)
        parser.claim(index, index + 1, "reference")
        from mlprep_site.core.reading.dialects.reference_lines import read_references

        return read_references(parser, index + 1)
    sections.push(level, text, index)
    return index + 1


def read_prose(parser: Parser, sections: GroupingHeadings, index: int, stop: int | None = None) -> int:
    """Text that is not a question: a comment, the description before anything else, or a
    finding. Reads one paragraph, up to `stop` at most."""
    lines = parser.lines
    if COMMENT_RE.match(lines[index]):
        return parser.skip_comment(index)
    end = index
    limit = len(lines) if stop is None else stop
    while end < limit and lines[end].strip() and not HEADING_RE.match(lines[end]):
        end += 1
    end = max(end, index + 1)
    first = not parser.questions and not sections.stack and not parser.description_lines
    if first and not parser.meta.get("description"):
        parser.description_line = index + 1
        parser.description_lines = lines[index:end]
        parser.claim(index, end, "description")
        return end
    parser.claim(index, end, "finding")
    parser.report(index + 1, "info", "text outside any question is left out of the bank", "ignored-text")
    return end


def new_question(
    parser: Parser,
    text: str,
    index: int,
    answer: str | None = None,
    answer_line: int | None = None,
    body: str | None = None,
    difficulty: str | None = None,
    references: Sequence[Reference] = (),
) -> Question:
    """A foreign dialect's question: numbered in order, without the number or `Q…` prefix it
    was written with, with an id from its text that no earlier question of the topic has."""
    text = QUESTION_PREFIX_RE.sub("", text, count=1).strip() or text
    text = SECTION_NUMBER_RE.sub("", text, count=1) or text
    base = slugify(text)
    qid, n = base, parser.next_suffix.get(base, 2)
    while qid in parser.taken_ids:
        qid, n = f"{base}-{n}", n + 1
    if qid != base:
        parser.next_suffix[base] = n
    parser.taken_ids.add(qid)
    return Question(
        id=qid,
        number=len(parser.questions) + 1,
        question=text,
        answer=answer,
        difficulty=difficulty,
        line=index + 1,
        answer_line=answer_line if answer is not None else None,
        section=parser.section,
        question_body=body,
        references=tuple(references),
        id_derived=True,
    )


def leave_out(parser: Parser, start: int, end: int) -> None:
    """Lines [start, end) that are no part of a question: claimed with a finding."""
    start, end = trimmed(parser.lines, start, end)
    if end <= start:
        return
    parser.claim(start, end, "finding")
    if parser.lines[start].lstrip().startswith("<!--"):
        parser.report(start + 1, "info", "HTML comment outside a question is ignored", "ignored-comment")
        return
    parser.report(start + 1, "info", "text outside any question is left out of the bank", "ignored-text")
