"""Paragraphs that ask: a whole-line bold question (`**What is X? 👶**`), a `**1)** …`
paragraph or a `Question: …` paragraph; the blocks after one, up to the next, are its answer."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.dialects.asking import (
    BOLD_LINE_RE,
    LABELLED_RE,
    NUMBERED_BOLD_RE,
    QUESTION_LABEL,
    asks,
)
from mlprep_site.core.reading.dialects.common import (
    BACK_TO_TOP_RE,
    claimed_answer,
    new_question,
    split_difficulty,
    trimmed,
)

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser


BOLD_LABELLED_RE = re.compile(
    rf"^(\*\*|__){QUESTION_LABEL}[ \t]*\d{{0,9}}[ \t]*(?:[:.)：]\1|\1[ \t]*[:：])[ \t]*(\S.*)$", re.IGNORECASE
)
"""`**Q:** What is X?`, `**Q1.** What is X?`, `**Question**: What is X?`, `**题目**：…`: the
label in bold, the question after it."""
ANSWER_LINE_RE = re.compile(
    r"^(?:\*\*|__)?(?:A|Ans|Answer|参考答案|答案|解答)"
    r"(?:[ \t]*[:：](?:\*\*|__)?|(?:\*\*|__)[ \t]*[:：])(?:[ \t]|$)"
)
"""`A: …`, `**A:** …`, `Answer: …`: where the answer starts in a question's own paragraph
(`Q: What is X?` then `A: It is.` on the next line)..."""
ADMONITION_RE = re.compile(
    r"^(?:\?\?\?\+?|!!!)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+(?:\"([^\"\n]*)\"|([^\"\s].*?)))?[ \t]*$"
)
"""A MkDocs admonition's opening line (`??? question "What is a cost function?"`), its body
the indented lines under it."""
ASKING_ADMONITIONS = frozenset({"question", "faq", "quiz", "help"})
"""Admonition types that ask; another type asks when its title does."""
ADMONITION_INDENT_RE = re.compile(r"^(?: {1,4}|\t)")


def admonition_question(line: str) -> str | None:
    """The question an admonition's opening line asks: its title, when its type asks or its
    title does; None for any other line."""
    found = ADMONITION_RE.match(line) if line[:1] in "?!" else None
    if found is None:
        return None
    title = (found.group(2) if found.group(2) is not None else found.group(3) or "").strip()
    return title if title and (found.group(1).lower() in ASKING_ADMONITIONS or asks(title)) else None


SECOND_OPTION_RE = re.compile(r"^(?:\*\*|__)?B[ \t]*[:.)]")
"""...unless a `B:` line follows: then `A:` is the first of the options."""
WORD_RE = re.compile(r"[^\W_]")
LABEL_REPEATS = 3
"""Times a whole-line bold paragraph recurs in a file to be a label (`**When to use?**` in
each chapter of a tutorial, `**Answer:**` under each question), never a question."""


def bold_labels(lines: list[str], blocks: list[Block]) -> frozenset[str]:
    """The whole-line bold paragraphs of `blocks` that recur LABEL_REPEATS times or more,
    compared without case or spacing."""
    counts: Counter[str] = Counter()
    for block in blocks:
        if block.kind == "paragraph" and (bold := BOLD_LINE_RE.match(lines[block.start].strip())):
            counts[" ".join(bold.group(2).lower().split())] += 1
    return frozenset(text for text, count in counts.items() if count >= LABEL_REPEATS)


def paragraph_question(
    lines: list[str], block: Block, loose: bool = False, labels: frozenset[str] = frozenset()
) -> str | None:
    """The question a paragraph asks: a whole-line bold question, `**1)** …`, `Question: …`.
    `loose`: in a section whose bold lines ask, every whole-line bold paragraph is one
    (`**Precision-recall trade-off ⭐️**`). A bold line in `labels` asks nothing."""
    if block.kind != "paragraph":
        return None
    first = lines[block.start].strip()
    if (admonition := admonition_question(first)) is not None:
        return admonition  # (its body may go on in the paragraph: no blank line before it)
    bold = BOLD_LINE_RE.match(first)
    if bold and (" ".join(bold.group(2).lower().split()) in labels or BACK_TO_TOP_RE.search(bold.group(2))):
        return None
    if bold and (asks(bold.group(2)) or loose and block.end - block.start == 1):
        return bold.group(2).strip()
    if (
        bold
        and (labelled_bold := LABELLED_RE.match(bold.group(2)))
        and WORD_RE.search(labelled_bold.group(1))
    ):
        return labelled_bold.group(1).strip()  # `**Q3: Write a query to get the second salary.**`
    numbered = NUMBERED_BOLD_RE.match(first) or LABELLED_RE.match(first)
    if numbered and WORD_RE.search(numbered.group(1)):  # `Q:: =====` is a banner, no question
        return numbered.group(1).strip()
    labelled = BOLD_LABELLED_RE.match(first)
    return labelled.group(2).strip() if labelled else None


def read_paragraph_question(
    parser: Parser, block: Block, answer_blocks: list[Block], loose: bool, labels: frozenset[str]
) -> None:
    """The question `block` asks, the lines after its first its body up to a line that starts
    the answer (`A: …`), and from there `answer_blocks` its answer."""
    lines = parser.lines
    text = paragraph_question(lines, block, loose, labels) or ""
    title, difficulty = split_difficulty(text)
    split = next((n for n in range(block.start + 1, block.end) if ANSWER_LINE_RE.match(lines[n])), block.end)
    if any(SECOND_OPTION_RE.match(lines[n]) for n in range(split + 1, block.end)):
        split = block.end
    bold = BOLD_LINE_RE.match(lines[block.start].strip())
    if split == block.end and bold is not None and (asks(bold.group(2)) or LABELLED_RE.match(bold.group(2))):
        split = block.start + 1  # `**What is X?**` then its answer on the next line (an FAQ)
    admonition = admonition_question(lines[block.start].strip()) is not None
    split = block.start + 1 if admonition else split
    body_start, body_end = trimmed(lines, block.start + 1, split)
    body = "\n".join(lines[body_start:body_end]) or None
    parser.claim(block.start, block.start + 1, "question")
    parser.claim(body_start, body_end, "question-body")
    answer, answer_line = None, None
    if split < block.end or answer_blocks:
        first = split if split < block.end else answer_blocks[0].start
        answer, first = claimed_answer(parser, first, answer_blocks[-1].end if answer_blocks else block.end)
        if answer is not None:
            answer_line = first + 1
            if admonition:  # its body, indented
                answer = "\n".join(ADMONITION_INDENT_RE.sub("", line, count=1) for line in answer.split("\n"))
    question = new_question(parser, title, block.start, answer, answer_line, body, difficulty)
    parser.add_question(question)


QUESTION_LINES_MIN = 3
"""Lines that ask, each alone, that a section's paragraphs hold at least to be its questions."""


def question_lines(lines: list[str], block: Block) -> int:
    """The lines of a paragraph when each of them asks and nothing else (`Can you explain
    MLOps?` lines, one question a line, no answers), else 0."""
    if block.kind != "paragraph":
        return 0
    span = lines[block.start : block.end]
    return len(span) if all(asks(line) and not line.lstrip().startswith(("**", "__")) for line in span) else 0


def read_question_lines(parser: Parser, blocks: list[Block], prose: Callable[[Block], None]) -> bool:
    """A section of paragraphs whose lines each ask (QUESTION_LINES_MIN or more): each line is
    a question; the blocks after a paragraph of them, up to the next, are its last line's
    answer, and what comes before the first is prose. False (nothing read) otherwise."""
    lines = parser.lines
    counts = [question_lines(lines, block) for block in blocks]
    if sum(counts) < QUESTION_LINES_MIN:
        return False
    asking = [n for n, count in enumerate(counts) if count]
    for block in blocks[: asking[0]]:
        prose(block)
    for k, n in enumerate(asking):
        block = blocks[n]
        following = blocks[n + 1 : asking[k + 1] if k + 1 < len(asking) else len(blocks)]
        for index in range(block.start, block.end):
            parser.claim(index, index + 1, "question")
            answer, answer_line = None, None
            if index == block.end - 1 and following:
                answer, first = claimed_answer(parser, following[0].start, following[-1].end)
                answer_line = first + 1 if answer is not None else None
            text, difficulty = split_difficulty(lines[index].strip())
            parser.add_question(new_question(parser, text, index, answer, answer_line, None, difficulty))
    return True
