"""List items that ask (`- What is X?`, `1. [E] …`, `- **What is X?**`): each is a question;
its nested lists and code are its body, and its nested text from its first paragraph on is its
answer, as a reader sees it (`1. **What is X?**` then `   It is …`). An item that does not ask
but holds items that do is a group, whose items are questions too (two levels)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from mlprep_site.core.reading.answer_blocks import AnswerBlock
from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.detect import QUESTION_MARKS
from mlprep_site.core.reading.dialects import lists
from mlprep_site.core.reading.dialects.asking import BOLD_ITEM_RE, dedent, item_asks, line_asks, prompts
from mlprep_site.core.reading.dialects.common import (
    answer_span,
    leave_out,
    new_question,
    split_difficulty,
    trimmed,
)
from mlprep_site.core.reading.meta import parse_question_meta
from mlprep_site.core.reading.syntax import META_START, QUESTION_LIKE_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
NOT_PROSE_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\||<|#|`{3,}|~{3,}|$)")
"""Lines that start no paragraph of text: a list item, a table row, HTML, a heading, a fence."""
UNCLOSED_BOLD_RE = re.compile(r"^(\*\*|__)(?=\S)(?!.*\1)")
"""An item's text that opens bold and never closes it (`**What is X?`)."""


def read_list(parser: Parser, block: Block, answer: AnswerBlock | None = None) -> None:
    """The questions of a list. `answer` is the answer block after the list: its last item's,
    when that item is a question."""
    lines = parser.lines
    for item in block.items:
        stop = item.children[0].start if item.children else item.end
        asks = item_asks(lines, item) or prompts(lines[item.start])
        inner = [] if asks else [n for n in range(item.start + 1, stop) if line_asks(lines[n])]
        if asks or not inner and not any(item_asks(lines, child) for child in item.children):
            read_item(parser, item.start, item.end, answer=answer if item is block.items[-1] else None)
            continue
        # A group: its nested items that ask are questions, and so are lines written as
        # such items that CommonMark joined to the group's text (`8. Group` then
        # `    4. [E] Question`: a list not starting at 1 cannot interrupt a paragraph).
        context_end = inner[0] if inner else stop
        parser.claim(item.start, context_end, "section")
        context = dedent(lines[item.start : context_end])
        for k, n in enumerate(inner):
            following = inner[k + 1] if k + 1 < len(inner) else stop
            end = next(
                (m for m in range(n + 1, following) if not lines[m].startswith((" " * 6, "\t\t"))),
                following,
            )
            read_item(parser, n, end, context)
            leave_out(parser, end, following)
        for child in item.children:  # (among items that ask, an imperative one asks too)
            if item_asks(lines, child) or prompts(lines[child.start], among_questions=True):
                read_item(parser, child.start, child.end, context)
            else:
                leave_out(parser, child.start, child.end)


def read_item(
    parser: Parser, start: int, end: int, context: str | None = None, answer: AnswerBlock | None = None
) -> None:
    """The list item in lines [start, end) as a question (its group's text in `context`)."""
    lines = parser.lines
    match = lists.ITEM_RE.match(lines[start].lstrip(" \t"))
    text = match.group(4).rstrip() if match else lines[start].strip()
    if bold := BOLD_ITEM_RE.match(text):
        text = bold.group(2).strip()
    elif unclosed := UNCLOSED_BOLD_RE.match(text):
        text = text[unclosed.end() :].strip()
        if QUESTION_LIKE_RE.match(lines[start]):  # the canonical form, missing its closing `**`
            message = "the question's bold is not closed: write `N. **Question?**`"
            parser.report(start + 1, "warning", message, "unclosed-bold")
    first, last = trimmed(lines, start + 1, end)
    closed = bold is not None or text.rstrip("*_ ").endswith(QUESTION_MARKS)
    split = prose_start(lines, first, last, closed) if answer is None else last
    body_first, body_last = trimmed(lines, first, split)
    body = dedent(lines[body_first:body_last]) if body_last > body_first else None
    if context:
        body = f"{context}\n\n{body}" if body else context
    title, difficulty = split_difficulty(text)
    parser.claim(start, start + 1, "question")
    parser.claim(body_first, body_last, "question-body")
    reply, answer_line = (answer.text, answer.first_line) if answer is not None else (None, None)
    if split < last:
        answer_first, answer_last = answer_span(parser, split, last)
        if answer_last > answer_first:
            reply, answer_line = dedent(lines[answer_first:answer_last]), answer_first + 1
            parser.claim(answer_first, answer_last, "answer")
    parser.add_question(new_question(parser, title, start, reply, answer_line, body, difficulty))


def prose_start(lines: list[str], first: int, last: int, closed: bool) -> int:
    """The first line of [first, last), outside fenced code and not indented as code, that
    starts a paragraph of text (`last` when none): where an item's answer starts. The lines
    right after the item's own line continue its question unless that line is `closed` (bold,
    or asking)."""
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines[first:last] if line.strip()), default=0)
    fence = ""
    after_blank = closed
    for n in range(first, last):
        line = lines[n]
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
        elif opening := FENCE_RE.match(line):
            fence = opening.group(1)
        elif after_blank and not NOT_PROSE_RE.match(line) and len(line) - len(line.lstrip(" ")) < margin + 4:
            return n
        after_blank = not line.strip()
    return last


def is_comment(lines: list[str], block: Block) -> bool:
    return block.kind == "html" and lines[block.start].lstrip().startswith("<!--")


def read_question_meta(parser: Parser, comments: list[Block]) -> None:
    """Comments between the last question read and its answer block: a metadata comment
    (`<!-- mlprep: … -->`) gives it its id, tags and difficulty; any other is left out."""
    lines = parser.lines
    for block in comments:
        if not lines[block.start].lstrip().startswith(META_START):
            leave_out(parser, block.start, block.end)
            continue
        meta, end = parse_question_meta(lines, block.start, parser.report)
        parser.claim(block.start, end, "question-meta")
        leave_out(parser, end, block.end)
        question = parser.questions[-1]
        tags, difficulty, qid = meta.get("tags", ()), meta.get("difficulty"), meta.get("id")
        if isinstance(tags, (list, tuple)):
            question = dataclasses.replace(question, tags=tuple(tags))
        if isinstance(difficulty, str):
            question = dataclasses.replace(question, difficulty=difficulty)
        if isinstance(qid, str) and qid:
            parser.taken_ids.add(qid)
            question = dataclasses.replace(question, id=qid, id_derived=False)
        parser.questions[-1] = question
