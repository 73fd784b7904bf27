"""Dialect 4, question lists: numbered or bulleted questions without answers
(`1. [E] What is …?`, `- How would you …?`), and markdown tables of questions.

Each top-level item is a question; what is indented under it (nested sub-questions, a code
block) is its body, dedented. `[E]`/`[M]`/`[H]` give the difficulty. In a table, the column
headed "Question" (or the one that asks most) holds the questions, an "Answer" column the
answers, a "Difficulty" column the difficulty; other columns go to the question's body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.reading.detect import QUESTION_MARKS, TABLE_RULE_RE
from mlprep_site.core.reading.dialects.common import (
    DIFFICULTIES,
    PLACEHOLDER_MESSAGE,
    GroupingHeadings,
    is_placeholder,
    new_question,
    read_heading,
    read_prose,
    split_difficulty,
    trimmed,
)
from mlprep_site.core.reading.syntax import HEADING_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

ITEM_RE = re.compile(r"^( ?)(\d{1,9}[.)]|[-*+])([ \t]+)(\S.*)$")
TABLE_ROW_RE = re.compile(r"^\s*\|")
NESTED = 2
"""Lines indented this much under an item are kept with it (people nest with 2 to 4 spaces)."""
CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")


def read(parser: Parser, i: int) -> None:
    sections = GroupingHeadings(parser)
    lines = parser.lines
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif item := ITEM_RE.match(line):
            i = read_item(parser, i, item)
        elif TABLE_ROW_RE.match(line) and i + 1 < len(lines) and TABLE_RULE_RE.match(lines[i + 1]):
            i = read_table(parser, i)
        elif heading := HEADING_RE.match(line):
            i = read_heading(parser, sections, i, len(heading.group(1)), heading.group(2).strip())
        else:
            i = read_prose(parser, sections, i)
    sections.close()


def read_item(parser: Parser, index: int, item: re.Match[str]) -> int:
    lines = parser.lines
    indent = len(item.group(1)) + len(item.group(2)) + len(item.group(3))
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and (len(line) - len(line.lstrip(" ")) < NESTED or HEADING_RE.match(line)):
            break
        end += 1
    first, last = trimmed(lines, index + 1, end)
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines[first:last] if line.strip()), default=0)
    body = "\n".join(line[min(margin, indent) :] for line in lines[first:last])
    text, difficulty = split_difficulty(item.group(4).rstrip())
    parser.claim(index, index + 1, "question")
    parser.claim(first, last, "question-body")
    parser.add_question(new_question(parser, text, index, body=body or None, difficulty=difficulty))
    return last if last > first else index + 1


def cells(line: str) -> list[str]:
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in CELL_SPLIT_RE.split(row)]


def _column(header: list[str], *words: str) -> int | None:
    return next((n for n, name in enumerate(header) if any(w in name.lower() for w in words)), None)


def read_table(parser: Parser, start: int) -> int:
    lines = parser.lines
    header = cells(lines[start])
    end = start + 2
    while end < len(lines) and TABLE_ROW_RE.match(lines[end]):
        end += 1
    rows = [cells(line) for line in lines[start + 2 : end]]
    question = _column(header, "question")
    if question is None:  # the column whose cells ask most
        asks = [
            sum(1 for row in rows if n < len(row) and row[n].endswith(QUESTION_MARKS))
            for n in range(len(header))
        ]
        question = max(range(len(header)), key=lambda n: asks[n])
    answer = _column(header, "answer")
    if answer is None:  # a `Q | A` table
        answer = next((n for n, name in enumerate(header) if name.strip("*_ ").lower() in ("a", "ans")), None)
    difficulty = _column(header, "difficulty", "level")
    numbering = _column(header, "#", "no.")
    parser.claim(start, start + 2, "markup")
    for offset, row in enumerate(rows):
        index = start + 2 + offset
        text = row[question] if question < len(row) else ""
        if not text:
            parser.claim(index, index + 1, "finding")
            parser.report(index + 1, "info", "table row without a question is left out", "ignored-text")
            continue
        text, level = split_difficulty(text)
        if difficulty is not None and difficulty < len(row):
            level = DIFFICULTIES.get(row[difficulty][:1].lower(), level)
        used = {question, answer, difficulty, numbering}
        shown = range(min(len(header), len(row)))
        if any(row[len(header) :]):
            message = f"cells after the table's {len(header)} columns are left out: give them a header"
            parser.report(index + 1, "info", message, "ignored-text")
        body = "\n".join(f"- **{header[n]}:** {row[n]}" for n in shown if n not in used and row[n]) or None
        reply = row[answer] if answer is not None and answer < len(row) and row[answer] else None
        if reply is not None and is_placeholder(reply):
            parser.report(index + 1, "info", PLACEHOLDER_MESSAGE, "placeholder")
            reply = None
        parser.claim(index, index + 1, "question")
        question_ = new_question(parser, text, index, reply, index + 1 if reply else None, body, level)
        parser.add_question(question_)
    return end
