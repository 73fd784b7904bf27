"""Dialect 2, the question in the summary:
`<details><summary>What is X?</summary><br><b>…answer…</b></details>`.

A summary may span lines; its first line is the question, the rest (a list, a code block) the
question's body. The `<br>`/`<b>` wrapper around the answer is presentation and is stripped;
the answer's text is kept exactly. An empty block is an unanswered question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.answers import DETAILS_LINE_RE, read_details_body
from mlprep_site.core.dialects.common import Sections, new_question, read_heading, read_prose, trimmed
from mlprep_site.core.loader import HEADING_RE, QUESTION_RE

if TYPE_CHECKING:
    from mlprep_site.core.loader import _TopicParser as Parser

SUMMARY_OPEN_RE = re.compile(r"^\s*<summary\b[^>]*>", re.IGNORECASE)
SUMMARY_CLOSE_RE = re.compile(r"</summary\s*>", re.IGNORECASE)
LEADING_BREAKS_RE = re.compile(r"^(?:[ \t\n]*<br\s*/?>)+[ \t]*\n?", re.IGNORECASE)
BOLD_OPEN_RE = re.compile(r"[ \t\n]*<(b|strong)>(?:[ \t]*\n)?", re.IGNORECASE)
TRAILING_BREAKS_RE = re.compile(r"(?:<br\s*/?>[ \t]*)+$", re.IGNORECASE)
WRAPPED_QUESTION_RE = re.compile(r"^<(b|strong)>(.*)</\1>$", re.IGNORECASE)


def read(parser: Parser, i: int) -> None:
    sections = Sections(parser)
    lines = parser.lines
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif DETAILS_LINE_RE.match(line):
            i = read_block(parser, i)
        elif heading := HEADING_RE.match(line):
            i = read_heading(parser, sections, i, len(heading.group(1)), heading.group(2).strip())
        else:
            i = read_prose(parser, sections, i)
    sections.close()


def _stop(line: str) -> bool:
    return bool(DETAILS_LINE_RE.match(line) or HEADING_RE.match(line) or QUESTION_RE.match(line))


def read_block(parser: Parser, start: int) -> int:
    lines = parser.lines
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    summary = _read_summary(lines, start, lines[start][opener.end() :])
    if summary is None:
        parser.report(start + 1, "error", "<details> without a <summary> question", "missing-summary")
        block = read_details_body(lines, start, start + 1, "", lambda *a, **k: None, _stop)
        parser.claim(start, block.end, "finding")
        return block.end
    first, texts, after, rest = summary
    block = read_details_body(lines, start, after, rest, parser.report, _stop)
    kinds = ["markup"] * (block.end - start)
    content = [(n, text) for n, text in enumerate(texts, first) if text.strip()]
    if not content:
        parser.report(start + 1, "error", "<summary> with no question in it", "empty-question")
        parser.claim(start, block.end, "finding")
        return block.end
    question_index, question = content[0]
    wrapped = WRAPPED_QUESTION_RE.match(question.strip())
    question = wrapped.group(2).strip() if wrapped else question.strip()
    body_lines = [text for n, text in enumerate(texts, first) if n > question_index]
    b0, b1 = trimmed(body_lines, 0, len(body_lines))
    body = "\n".join(body_lines[b0:b1]) or None
    answer, answer_line = unwrap_answer(block.text, block.first_line)
    if answer is not None and answer_line is not None:
        for n in range(answer_line - 1, answer_line + answer.count("\n")):
            kinds[n - start] = "answer"
    for n in range(question_index + 1 + b0, question_index + 1 + b1):
        kinds[n - start] = "question-body"
    kinds[question_index - start] = "question"
    for offset, kind in enumerate(kinds):
        parser.claim(start + offset, start + offset + 1, kind)
    parser.add_question(new_question(parser, question, question_index, answer, answer_line, body))
    return block.end


def _read_summary(lines: list[str], start: int, rest: str) -> tuple[int, list[str], int, str] | None:
    """The summary after `<details>`: (index of its first line, its text line by line, index
    after its closing line, the text after `</summary>`), or None when there is none."""
    i = start
    if not rest.strip():
        i = start + 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i == len(lines):
            return None
        rest = lines[i]
    opener = SUMMARY_OPEN_RE.match(rest)
    if opener is None:
        return None
    first, texts, text = i, [], rest[opener.end() :]
    while True:
        close = SUMMARY_CLOSE_RE.search(text)
        if close is not None:
            texts.append(text[: close.start()])
            return first, texts, i + 1, text[close.end() :]
        texts.append(text)
        i += 1
        if i == len(lines) or DETAILS_LINE_RE.match(lines[i]):
            return first, texts[:1], first + 1, ""
        text = lines[i]


def unwrap_answer(text: str | None, first_line: int | None) -> tuple[str | None, int | None]:
    """The answer without its `<br>`/`<b>` wrapper, and the line it now starts on."""
    if text is None or first_line is None:
        return None, None
    head = LEADING_BREAKS_RE.match(text)
    cut = head.end() if head else 0
    bold = BOLD_OPEN_RE.match(text, cut)
    if bold is not None:
        closing = f"</{bold.group(1)}>"
        end = text.lower().rfind(closing)
        if end >= bold.end() and closing not in text.lower()[bold.end() : end]:
            tail = text[end + len(closing) :]
            if not TRAILING_BREAKS_RE.sub("", tail).strip():
                text, cut = text[:end], bold.end()
    first_line += text.count("\n", 0, cut)
    text = TRAILING_BREAKS_RE.sub("", text[cut:].rstrip(" \t")) if cut else text[cut:]
    lines = text.split("\n")
    start, end = trimmed(lines, 0, len(lines))
    if start == end:
        return None, None
    return "\n".join(lines[start:end]), first_line + start
