"""Dialect 2, the question in the summary:
`<details><summary>What is X?</summary><br><b>…answer…</b></details>`.

A summary may span lines; its first line is the question, the rest (a list, a code block) the
question's body. The `<br>`/`<b>` wrapper around the answer is presentation and is stripped;
the answer's text is kept exactly. An empty block is an unanswered question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.reading.answer_blocks import DETAILS_LINE_RE, Lookahead, read_details_body
from mlprep_site.core.reading.dialects.common import (
    PLACEHOLDER_MESSAGE,
    GroupingHeadings,
    is_placeholder,
    new_question,
    read_heading,
    read_prose,
    trimmed,
    without_decoration,
)
from mlprep_site.core.reading.syntax import HEADING_RE, QUESTION_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

SUMMARY_OPEN_RE = re.compile(r"^\s*<summary\b[^>]*>", re.IGNORECASE)
SUMMARY_CLOSE_RE = re.compile(r"</summary\s*>", re.IGNORECASE)
LEADING_BREAKS_RE = re.compile(r"^(?:[ \t\n]*<br\s*/?>)+[ \t]*\n?", re.IGNORECASE)
BOLD_OPEN_RE = re.compile(r"[ \t\n]*<(b|strong)>(?:[ \t]*\n)?", re.IGNORECASE)
BREAK_RE = re.compile(r"<br\s*/?>[ \t]*", re.IGNORECASE)
WRAPPED_QUESTION_RE = re.compile(r"^<(b|strong)>(.*)</\1>$", re.IGNORECASE)


def read(parser: Parser, i: int) -> None:
    sections = GroupingHeadings(parser)
    lines = parser.lines
    ahead = lookahead(lines)
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif DETAILS_LINE_RE.match(line):
            i = read_block(parser, i, ahead)
        elif heading := HEADING_RE.match(line):
            i = read_heading(parser, sections, i, len(heading.group(1)), heading.group(2).strip())
        else:
            i = read_prose(parser, sections, i)
    sections.close()


def lookahead(lines: list[str]) -> Lookahead:
    """Whether blocks left open close further down, for `read_block`: one per file, so a file of
    unclosed blocks is read in linear time."""
    return Lookahead(lines, _stop, _next_question)


def _stop(line: str) -> bool:
    """Where a `<details>` block that never closes ends: the next question or heading."""
    return bool(DETAILS_LINE_RE.match(line) or HEADING_RE.match(line) or QUESTION_RE.match(line))


def _next_question(line: str) -> bool:
    """Where a fence that never closes is left open: the next question's `<details>` (a `#`
    line in a fence is a shell comment, code as GitHub shows it, never a heading)."""
    return bool(DETAILS_LINE_RE.match(line) or QUESTION_RE.match(line))


def read_block(parser: Parser, start: int, ahead: Lookahead | None = None) -> int:
    lines = parser.lines
    opener = DETAILS_LINE_RE.match(lines[start])
    assert opener is not None
    summary = _read_summary(lines, start, lines[start][opener.end() :])
    if summary is None:
        parser.report(start + 1, "error", "<details> without a <summary> question", "missing-summary")
        block = read_details_body(lines, start, start + 1, "", lambda *a, **k: None, _stop, None, ahead)
        parser.claim(start, block.end, "finding")
        return block.end
    first, texts, after, rest = summary
    block = read_details_body(lines, start, after, rest, parser.report, _stop, None, ahead)
    k = 0
    while k < len(texts) and not texts[k].strip():
        k += 1
    if k == len(texts):
        parser.report(start + 1, "error", "<summary> with no question in it", "empty-question")
        parser.claim(start, block.end, "finding")
        return block.end
    question_index = first + k
    question = texts[k].strip()
    if question.startswith("<") and (wrapped := WRAPPED_QUESTION_RE.match(question)):
        question = wrapped.group(2).strip()
    body_lines = texts[k + 1 :]
    b0, b1 = trimmed(body_lines, 0, len(body_lines))
    body = "\n".join(body_lines[b0:b1]) or None
    answer, answer_line = unwrap_answer(block.text, block.first_line)
    answer = without_decoration(answer) if answer is not None else None
    spans = [(question_index, question_index + 1, "question")]
    spans.append((question_index + 1 + b0, question_index + 1 + b1, "question-body"))
    if answer is not None and answer_line is not None:
        kind = "answer"
        if is_placeholder(answer):
            parser.report(answer_line, "info", PLACEHOLDER_MESSAGE, "placeholder")
            kind = "finding"
        spans.append((answer_line - 1, answer_line + answer.count("\n"), kind))
        if kind == "finding":
            answer, answer_line = None, None
    _claim_spans(parser, start, block.end, spans)
    parser.add_question(new_question(parser, question, question_index, answer, answer_line, body))
    return block.end


def _claim_spans(parser: Parser, start: int, end: int, spans: list[tuple[int, int, str]]) -> None:
    """Claim the lines [start, end): each line for the first span of `spans` that holds it, a
    line in none of them as markup; one claim per run of lines of one kind."""
    points = {start, end}
    for lo, hi, _ in spans:
        if start < lo < end:
            points.add(lo)
        if start < hi < end:
            points.add(hi)
    cuts = sorted(points)
    run_start, run_kind = start, ""
    for lo in cuts[:-1]:
        kind = "markup"
        for a, b, span_kind in spans:
            if a <= lo < b:
                kind = span_kind
                break
        if kind != run_kind:
            if run_kind:
                parser.claim(run_start, lo, run_kind)
            run_start, run_kind = lo, kind
    if run_kind:
        parser.claim(run_start, end, run_kind)


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
        lower = text.lower()
        end = lower.rfind(closing)
        if end >= bold.end() and lower.find(closing, bold.end(), end) < 0:
            tail = text[end + len(closing) :]
            if not strip_trailing_breaks(tail).strip():
                text, cut = text[:end], bold.end()
    first_line += text.count("\n", 0, cut)
    text = strip_trailing_breaks(text[cut:].rstrip(" \t")) if cut else text
    # Without its blank lines at either end, as `trimmed` would leave the text's lines.
    lead = len(text) - len(text.lstrip())
    if lead == len(text):
        return None, None
    first = text.rfind("\n", 0, lead) + 1  # the start of the first non-blank line
    last = text.find("\n", len(text.rstrip()))  # the end of the last one
    answer = text[first:] if last < 0 else text[first:last]
    return answer, first_line + text.count("\n", 0, first)


def strip_trailing_breaks(text: str) -> str:
    """`text` without the `<br>` tags (each with the spaces or tabs after it) that end it, or
    end it before a final newline: the rule of the regex `(?:<br\\s*/?>[ \\t]*)+$` (the oracle
    of tests/test_summary_reader.py), in linear time. Each tag holds one `<`, so the run is
    found tag by tag from the end, each looked at once (the regex tries it again from every
    tag of a long run: quadratic)."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    last = end
    while last and text[last - 1] in " \t":
        last -= 1
    if not last or text[last - 1] != ">":  # (a `<br>` run ends with `>` then blanks)
        return text
    start = end
    while (tag := text.rfind("<", 0, start)) >= 0 and BREAK_RE.fullmatch(text, tag, start):
        start = tag
    return text if start == end else text[:start] + text[end:]
