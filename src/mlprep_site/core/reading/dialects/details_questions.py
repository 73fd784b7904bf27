"""`<details>` blocks among a section's blocks: a summary that asks is a question (read by
`dialects.summary`), a summary that labels an answer ("Answer", "Show answer") is the answer of
the question before it, and a summary that toggles part of the page is neither."""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING

from mlprep_site.core.reading.answer_blocks import DETAILS_LINE_RE, AnswerBlock
from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.detect import TAG_RE, answer_summary_at, continued_summary_label
from mlprep_site.core.reading.dialects import summary
from mlprep_site.core.reading.dialects.asking import TOGGLE_RE
from mlprep_site.core.reading.dialects.common import PLACEHOLDER_MESSAGE, is_placeholder, without_decoration

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser


def summary_start(lines: list[str], block: Block) -> tuple[str, int] | None:
    """Where a `<details>` block's summary starts: the text after `<details>` on its line,
    else its first line that is not blank; with the index of the line after that. None
    when `block` does not open with `<details>`."""
    opener = DETAILS_LINE_RE.match(lines[block.start]) if block.kind in ("details", "html") else None
    if opener is None:
        return None
    rest = lines[block.start][opener.end() :]
    following = block.start + 1
    while not rest.strip() and following < block.end:
        rest, following = lines[following], following + 1
    return rest, following


def summary_question(lines: list[str], block: Block) -> bool:
    """A `<details>` block whose summary is a question: not an answer's label, nor a
    toggle ("See 20 Available Translations", "Hide/Show table of contents")."""
    start = summary_start(lines, block)
    if start is None:
        return False
    rest, following = start
    asks = _summary_line_asks(rest)
    if asks is not None:
        return asks
    if continued_summary_label(lines, following):  # `<summary>`, `Answer`, `</summary>`
        return False
    text = TAG_RE.sub("", lines[following]).strip().lower() if following < block.end else ""
    return not TOGGLE_RE.match(text)


LINK_SUMMARY_RE = re.compile(r"[ \t]*<a\s[^>]*>(?:(?!</?a\b).)*</a>[ \t]*(?:</summary>|$)", re.IGNORECASE)
"""A summary that is only a link (`<summary><a href="./answers/stats.md">📈 Statistics</a></summary>`):
an index's entry, which opens the list of what the linked file holds, not a question."""


@functools.lru_cache(maxsize=32768)  # a file read again (`serve`) asks about the same lines
def _summary_line_asks(rest: str) -> bool | None:
    """`summary_question` of the line a summary starts on (`rest`), or None when its summary
    holds no text there, and the next line decides."""
    opener = summary.SUMMARY_OPEN_RE.match(rest)
    if opener is None or answer_summary_at(rest) or LINK_SUMMARY_RE.match(rest, opener.end()):
        return False
    text = TAG_RE.sub("", rest[opener.end() :]).strip().lower()
    return not TOGGLE_RE.match(text) if text else None


def answer_block(parser: Parser, block: Block) -> AnswerBlock | None:
    """The answer in `block` when it is a `<details>` block labelled as one ("Answer",
    "Show answer"), read and claimed; None for any other block."""
    start = summary_start(parser.lines, block)
    if start is None or not answer_summary_at(start[0]):
        return None
    answer = parser.read_answer(block.start, parser.report)
    if answer.text is not None:
        answer = dataclasses.replace(answer, text=without_decoration(answer.text))
    if answer.text is not None and answer.first_line is not None and is_placeholder(answer.text):
        parser.report(answer.first_line, "info", PLACEHOLDER_MESSAGE, "placeholder")
        first, last = answer.first_line - 1, answer.first_line + answer.text.count("\n")
        parser.claim(block.start, first, "markup")
        parser.claim(first, last, "finding")
        parser.claim(last, answer.end, "markup")
        return dataclasses.replace(answer, text=None, first_line=None)
    parser.claim_block(block.start, answer.end, answer.first_line, answer.text)
    return answer
