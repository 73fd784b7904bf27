"""Dialect 3, the question as a heading: `#### 12) What is X? [[src](https://…)]` or
`### What is X?`, its answer everything up to the next heading of the same or a higher level.

The question level is the level most question-like headings (numbered, or asking) have;
every heading at that level is a question, headings above it group questions, headings below
it belong to answers. Numbers in headings are dropped (questions are numbered in order, so
repeated or skipped numbers do no harm), and `[[src](url)]` or `[[src]](url)` links become
the question's references, titled with their link text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from mlprep_site.core.domain.model import Reference
from mlprep_site.core.domain.rules import title_problem
from mlprep_site.core.reading.detect import NUMBERED_RE, is_question_heading
from mlprep_site.core.reading.dialects.common import (
    GroupingHeadings,
    answer_span,
    new_question,
    read_heading,
    read_prose,
    split_difficulty,
    trimmed,
)
from mlprep_site.core.reading.references import is_references_heading, masked, url_problem
from mlprep_site.core.reading.syntax import HEADING_RE
from mlprep_site.core.text.code import code_lines

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

SOURCE_LINK_RE = re.compile(
    r"\[\[(?P<a>[^\]]*)\]\((?P<u1>[^)\s]*)\)\]|\[\[(?P<b>[^\]]*)\]\]\((?P<u2>[^)\s]*)\)"
)


def find_headings(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """(index, level, text) of each heading outside fenced code."""
    code = code_lines(lines)
    found = []
    for index in range(start, len(lines)):
        line = lines[index]
        if code[index]:
            continue
        if line.lstrip(" ").startswith("#") and (heading := HEADING_RE.match(line)):
            found.append((index, len(heading.group(1)), heading.group(2).strip()))
    return found


def question_level(headings: list[tuple[int, int, str]]) -> int:
    levels = Counter(level for _, level, text in headings if level > 1 and is_question_heading(text))
    if not levels:
        return 0
    return max(levels, key=lambda level: (levels[level], level))


def question_ends(headings: list[tuple[int, int, str]], level_q: int, default: int) -> list[int]:
    """For each heading, the line index of the next heading at `level_q` or higher (`default`
    when none): where a question at that heading ends. One pass from the end, so a file of
    thousands of questions costs no more per question than a small one."""
    ends = [default] * len(headings)
    following = default
    for n in range(len(headings) - 1, -1, -1):
        ends[n] = following
        if headings[n][1] <= level_q:
            following = headings[n][0]
    return ends


def read(parser: Parser, start: int) -> None:
    lines = parser.lines
    headings = find_headings(lines, start)
    level_q = question_level(headings)
    sections = GroupingHeadings(parser)
    ends = question_ends(headings, level_q, len(lines))
    i = start
    for n, (index, level, text) in enumerate(headings):
        while i < index:
            i = i + 1 if not lines[i].strip() else read_prose(parser, sections, i, stop=index)
        if index < i:  # inside an answer, a comment or references already read
            continue
        if level == level_q and not (is_references_heading(text) and not is_question_heading(text)):
            end = ends[n]
            read_question(parser, index, text, end)
            i = end
        elif level < level_q or level_q == 0 or is_references_heading(text):
            i = read_heading(parser, sections, index, level, text)
        else:  # a heading under the question level with no question above it
            parser.claim(index, index + 1, "finding")
            message = f"heading {text!r} is below the question headings but under no question; left out"
            parser.report(index + 1, "info", message, "ignored-section")
            i = index + 1
    while i < len(lines):
        i = i + 1 if not lines[i].strip() else read_prose(parser, sections, i)
    sections.close()


CHECKED_RE = re.compile(r"^([ \t]*[-*+][ \t]+)\[[xX]\]")


def read_question(
    parser: Parser,
    index: int,
    heading: str,
    end: int,
    options: tuple[int, int] | None = None,
    heading_end: int | None = None,
) -> None:
    """The question at heading line `index`, its answer up to line `end`. `options`: the lines
    of a multiple-choice question's options ([start, end), a list); they and what comes before
    them (a snippet) belong to the question, and an option checked `- [x]` leads the answer.
    `heading_end`: the line after a setext heading's underline."""
    text = NUMBERED_RE.sub("", heading, count=1)
    text, difficulty = split_difficulty(text)
    links = list(SOURCE_LINK_RE.finditer(text))
    text = " ".join(SOURCE_LINK_RE.sub(" ", text).split()) if links else text.strip()
    references: list[Reference] = []
    for link in links:
        url = link.group("u1") or link.group("u2") or ""
        problem = url_problem(url)
        if problem:
            parser.report(index + 1, "error", f"{problem}: {masked(url)}", "bad-url", subject=url)
            continue
        title = " ".join((link.group("a") or link.group("b") or "").split())
        if title and (problem := title_problem(title)):
            parser.report(
                index + 1, "warning", f"link text left out of the reference: {problem}", "bad-reference"
            )
            title = ""
        references.append(Reference(len(references) + 1, url, title or None, index + 1))
    if not text:
        parser.report(index + 1, "error", "question text is empty", "empty-question")
    parser.claim(index, index + 1, "question")
    lines = parser.lines
    body, checked, answer_from = None, [], max(index + 1, heading_end or 0)
    parser.claim(index + 1, answer_from, "markup")  # a setext heading's underline
    if options is not None:
        body_start, answer_from = trimmed(lines, answer_from, options[1])
        parser.claim(body_start, answer_from, "question-body")
        shown = lines[body_start:answer_from]
        checked = [n for n in range(options[0], answer_from) if CHECKED_RE.match(lines[n])]
        body = "\n".join(CHECKED_RE.sub(r"\1[ ]", line) for line in shown)  # the options, unanswered
    first, last = answer_span(parser, answer_from, end)
    parts = [lines[n] for n in checked]
    if last > first:
        parts.append(("\n" if parts else "") + "\n".join(lines[first:last]))
    answer = "\n".join(parts) if parts else None
    answer_line = checked[0] + 1 if checked else first + 1
    parser.claim(first, last, "answer")
    question = new_question(
        parser, text, index, answer, answer_line, body, difficulty=difficulty, references=references
    )
    parser.add_question(question)
