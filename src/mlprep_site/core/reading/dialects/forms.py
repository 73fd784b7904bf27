"""The question forms of a file that is not canonical, decided per section from its block
structure (`core.reading.blocks`), never per file and never from what is inside an answer.

Headings are the page's outermost structure, so they are decided first: the question level is
the level of most question headings (`## Q1: What is X? ⭐`, `#### 12) …`, `### What is X?`,
also a heading that opens a numbered list item, `1.  ### What is X?`); a question's answer is
everything up to the next heading at its level or above, whatever it holds, or up to a deeper
numbered heading that continues the questions' numbers (`## 47. …` then `### 48. …`: the next
question, `dialects.numbering`). Headings above that level group questions. Between grouping
headings, each section's own top-level blocks decide its form:

- a `<details>` element whose `<summary>` asks (not a label such as "Answer"): `dialects.summary`
  (`details_questions` tells them apart);
- a whole-line bold paragraph that asks (`**What is X? 👶**`), a `**1)** …` paragraph or a
  `Question: …` paragraph: the blocks after it, up to the next, are its answer
  (`paragraph_questions`);
- otherwise list items that ask (`- What is X?`, `1. [E] …`; with two levels when a group item
  holds questions; `list_questions`) and tables whose question column asks (`dialects.lists`).

A file may be one question (`dialects.pages`): a docs-site page's front matter title, a level-1
heading that asks, or a file name that asks, with the rest of the page its answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mlprep_site.core.reading.answer_blocks import DETAILS_LINE_RE, AnswerBlock, Lookahead
from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.dialects import headings, lists, pages, summary
from mlprep_site.core.reading.dialects.asking import (
    LABEL_MARKS,
    OPTION_RE,
    attach_to_items,
    dedent,
    item_heading,
    links_only,
    list_asks,
    question_title,
    question_title_keeping_links,
    table_asks,
    unwrapped_heading,
)
from mlprep_site.core.reading.dialects.common import (
    GroupingHeadings,
    answer_span,
    leave_out,
    new_question,
    read_heading,
    split_difficulty,
    trimmed,
)
from mlprep_site.core.reading.dialects.details_questions import answer_block, summary_question
from mlprep_site.core.reading.dialects.heading_plan import HeadingPlan, answer_banner_line
from mlprep_site.core.reading.dialects.heading_structure import structure_and_plan
from mlprep_site.core.reading.dialects.heading_words import NUMBERED_LABEL_RE, is_answer_label
from mlprep_site.core.reading.dialects.list_questions import is_comment, read_list, read_question_meta
from mlprep_site.core.reading.dialects.paragraph_questions import (
    bold_labels,
    paragraph_question,
    question_lines,
    read_paragraph_question,
    read_question_lines,
)
from mlprep_site.core.reading.dialects.titles import read_html_title, title_heading_line
from mlprep_site.core.reading.references import is_references_heading
from mlprep_site.core.reading.syntax import HEADING_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

ANSWER_KINDS = frozenset({"paragraph", "quote", "fence", "code", "table"})
"""Blocks that make up an answer written at the margin under a question."""


def read(parser: Parser, start: int, found: tuple[list[Block], HeadingPlan] | None = None) -> None:
    """Fill `parser` from lines[start:] (whose blocks and plan of headings may be known already)."""
    reader = FormReader(parser, *(structure_and_plan(parser.lines, start) if found is None else found))
    if reader.is_page(start):
        reader.read_page(start)
        return
    reader.read_all()


def holds_questions(parser: Parser, start: int, found: tuple[list[Block], HeadingPlan]) -> bool:
    """Whether lines[start:], of these blocks and plan of headings, hold a question in any form
    but the canonical one."""
    blocks, plan = found
    reader = FormReader(parser, blocks, plan)
    return plan.any_level() or reader.is_page(start) or any(reader.question_block(b) for b in blocks)


def opens_with_questions(parser: Parser, start: int, found: tuple[list[Block], HeadingPlan]) -> bool:
    """Whether lines[start:] open with a question in a form of its own, after a `#` title at
    most (`# Generics` then `- What is variance?`), rather than with prose that questions may
    follow inside it (`Dependency injection solves: - How can a class …?`)."""
    blocks, plan = found
    rest = blocks[1:] if blocks and blocks[0].kind == "heading" and blocks[0].level == 1 else blocks
    if not rest:
        return False
    first = rest[0]
    if first.kind == "heading":
        return plan.asks(first.start, first.level, first.text)
    return FormReader(parser, blocks, plan).question_block(first)


class FormReader:
    def __init__(self, parser: Parser, blocks: list[Block], plan: HeadingPlan) -> None:
        self.parser = parser
        self.blocks = blocks
        self.plan = plan
        self.level = plan.levels[0]
        """The question level where the reading is (`plan.level_at`)."""
        self.sections = GroupingHeadings(parser)
        self.ahead: Lookahead | None = None
        """Whether `<details>` blocks left open close further down (made when one is read)."""
        self.labels = bold_labels(parser.lines, blocks)
        self.page: pages.Page | None = None
        self.page_checked = False
        self.title_line = title_heading_line(
            parser, blocks, plan, lambda block: self.question_block(block) or item_heading(block) is not None
        )

    def is_page(self, start: int) -> bool:
        """Whether the file is one question (`dialects.pages`)."""
        if not self.page_checked:
            self.page = pages.page_question(self.parser, start, self.blocks, self.plan, self.question_block)
            self.page_checked = True
        return self.page is not None

    def read_page(self, start: int) -> None:
        if self.is_page(start):
            assert self.page is not None
            pages.read_page(self.parser, start, self.page)

    def closes_question(self, block: Block) -> bool:
        heading = block if block.kind == "heading" else item_heading(block)
        if heading is None or heading.start in self.plan.answer_labels:
            return False
        return heading.level <= self.level or heading.start in self.plan.continuing

    def read_all(self) -> None:
        blocks = self.blocks
        n = 0
        while n < len(blocks):
            block = blocks[n]
            self.level = self.plan.level_at(block.start)
            if block.kind == "heading" and self.plan.asks(block.start, block.level, block.text):
                end, stop = self.answer_end(n, self.closes_question)
                title = question_title_keeping_links(unwrapped_heading(block.text))
                options = self.options(blocks[n + 1 : end])
                heading_end = self.answer_label_end(block)
                label = not title.strip(LABEL_MARKS) or NUMBERED_LABEL_RE.match(block.text) is not None
                if label and n + 1 < end and blocks[n + 1].kind == "paragraph":
                    # a numbered label (`## Question 1`): the question is the paragraph under it
                    title, heading_end = " ".join(blocks[n + 1].text.split()), blocks[n + 1].end
                headings.read_question(self.parser, block.start, title, stop, options, heading_end)
                n = end
            elif (heading := item_heading(block)) is not None and heading.level == self.level:
                end, stop = self.answer_end(n, self.closes_question)
                self.read_item_headings(block, stop)
                n = end
            elif block.kind == "heading":
                n = self.read_grouping(n)
            else:
                end, _ = self.answer_end(n, lambda b: b.kind == "heading" or item_heading(b) is not None)
                self.read_section(blocks[n:end])
                n = end
        self.sections.close()

    def answer_label_end(self, heading: Block) -> int:
        """The line after a question heading's answer label (`#### Answer` under `### Q`), which
        is markup; else the line after the heading."""
        lines = self.parser.lines
        following = heading.end
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following < len(lines) and lines[following].lstrip()[:1] in ("A", "a", "#"):
            banner = answer_banner_line(lines, heading.start, heading.level)
            if banner is not None:  # `A:: =====` (an id heading before it is the question's markup)
                return banner + 1
        label = HEADING_RE.match(lines[following]) if following < len(lines) else None
        deeper_or_paired = label and (
            len(label.group(1)) > heading.level or following in self.plan.answer_labels
        )
        if label and deeper_or_paired and is_answer_label(label.group(2)):
            return following + 1
        return heading.end

    def options(self, answer: list[Block]) -> tuple[int, int] | None:
        """The lines of a multiple-choice question's options: the first list under its
        heading, before any `<details>` or heading, when every item is an option (`- [ ] a`,
        `- A) a`, `- A: a`)."""
        lines = self.parser.lines
        for block in answer:
            if block.kind in ("details", "heading", "html"):
                return None
            if block.kind == "list":
                items = block.items
                if len(items) >= 2 and all(OPTION_RE.match(lines[item.start]) for item in items):
                    return block.start, block.end
                return None
        return None

    def answer_end(self, n: int, closes: Callable[[Block], bool]) -> tuple[int, int]:
        """The index of the first block after blocks[n] that `closes` holds for, and its first
        line (the end of the file when none)."""
        blocks = self.blocks
        end = next((k for k in range(n + 1, len(blocks)) if closes(blocks[k])), len(blocks))
        return end, blocks[end].start if end < len(blocks) else len(self.parser.lines)

    def read_grouping(self, n: int) -> int:
        """A heading that is no question: the title, references, or a grouping heading. A
        section named "References" that holds questions is questions."""
        block = self.blocks[n]
        text = block.text.strip()
        if block.start == self.title_line:
            self.parser.set_title(text, block.start + 1)
            self.parser.claim(block.start, block.start + 1, "title")
            self.parser.claim(block.start + 1, block.end, "markup")  # a setext heading's underline
            return n + 1
        if is_references_heading(text):
            following = self.blocks[n + 1 :]
            end = next((k for k, b in enumerate(following) if b.kind == "heading"), len(following))
            if any(self.question_block(b) for b in following[:end]):
                self.sections.push(block.level, text, block.start)
                return n + 1
        after = read_heading(self.parser, self.sections, block.start, block.level, text)
        if after == block.start + 1:
            self.parser.claim(after, block.end, "markup")  # a setext heading's underline
        while n + 1 < len(self.blocks) and self.blocks[n + 1].start < after:
            n += 1  # references read by lines...
            self.ignore(after, self.blocks[n].end)  # ...stopped inside a block: its rest is left out
        return n + 1

    def read_item_headings(self, block: Block, stop: int) -> None:
        """A numbered list whose items open with a question heading: each item is a question,
        the rest of the item its answer, dedented. What follows the list up to `stop` (the next
        question or section: text a line not indented enough took out of the item) ends the
        last item's answer, as a reader sees it."""
        parser = self.parser
        lines = parser.lines
        for n, item in enumerate(block.items):
            first = item.first
            last_item = n == len(block.items) - 1
            if first is None or first.kind != "heading":
                self.ignore(item.start, stop if last_item else item.end)
                continue
            text = question_title(first.text)
            parser.claim(item.start, first.end, "question")
            start, end = answer_span(parser, first.end, stop if last_item else item.end)
            inside = min(end, item.end)
            answer = dedent(lines[start:inside]) if inside > start else None
            if end > item.end:
                answer = "\n".join(filter(None, (answer, "\n".join(lines[item.end : end]))))
            answer = answer or None
            parser.claim(start, end, "answer")
            title, difficulty = split_difficulty(text)
            parser.add_question(
                new_question(parser, title, first.start, answer, start + 1, difficulty=difficulty)
            )

    def question_block(self, block: Block) -> bool:
        return (
            summary_question(self.parser.lines, block)
            or paragraph_question(self.parser.lines, block, labels=self.labels) is not None
            or question_lines(self.parser.lines, block) >= 2
            or block.kind == "list"
            and list_asks(self.parser.lines, block)
        )

    def read_section(self, blocks: list[Block]) -> None:
        """The blocks between two headings: their form is what they hold."""
        consumed = 0
        lines = self.parser.lines
        if any(summary_question(lines, b) for b in blocks):
            for block in blocks:
                first = max(block.start, consumed)
                if block.end <= first:
                    continue  # read with a `<details>` element that ran past its block
                if first > block.start or summary_question(lines, block):
                    consumed = max(self.read_summaries(first, block.end), block.end)
                else:
                    self.prose(block)
            return
        labels = self.labels
        asking = [n for n, b in enumerate(blocks) if paragraph_question(lines, b, False, labels) is not None]
        if asking:
            asking = [
                n for n, b in enumerate(blocks) if paragraph_question(lines, b, True, labels) is not None
            ]
            for block in blocks[: asking[0]]:
                self.prose(block)
            for k, n in enumerate(asking):
                stop = asking[k + 1] if k + 1 < len(asking) else len(blocks)
                read_paragraph_question(self.parser, blocks[n], blocks[n + 1 : stop], True, labels)
            return
        if read_question_lines(self.parser, blocks, self.prose):
            return
        blocks = attach_to_items(lines, blocks)
        asking_list = any(b.kind == "list" and list_asks(lines, b) for b in blocks)
        for n, block in enumerate(blocks):
            if block.start < consumed:
                self.ignore(consumed, block.end)
                continue
            if block.kind == "list" and asking_list and not links_only(lines, block):
                # A section whose lists ask: its lists are questions, and an answer block right
                # after a list is its last question's (`1. What is X?` then `<details>`).
                # Comments may come between (`<!-- mlprep: … -->`: the question's metadata).
                following = n + 1
                while following < len(blocks) and is_comment(lines, blocks[following]):
                    following += 1
                after = blocks[following] if following < len(blocks) else None
                answer = answer_block(self.parser, after) if after is not None else None
                if answer is None and len(block.items) == 1 and following == n + 1:
                    answer = self.text_answer(blocks, n + 1)
                read_list(self.parser, block, answer)
                if answer is not None:
                    read_question_meta(self.parser, blocks[n + 1 : following])
                    consumed = answer.end
            elif block.kind == "table" and table_asks(lines, block):
                consumed = lists.read_table(self.parser, block.start)
                self.ignore(consumed, block.end)  # lines GitHub keeps in the table without a `|`
            else:
                self.prose(block)

    def text_answer(self, blocks: list[Block], n: int) -> AnswerBlock | None:
        """The text right after a list of one question, up to the next list, heading or
        question (`1. **What is X?**`, then its answer at the margin, then `2. **…**`): its
        answer, read and claimed; None when no text follows."""
        lines = self.parser.lines
        end = n
        while end < len(blocks) and blocks[end].kind in ANSWER_KINDS:
            if paragraph_question(lines, blocks[end], labels=self.labels) is not None:
                break
            end += 1
        if end == n:
            return None
        first, last = answer_span(self.parser, blocks[n].start, blocks[end - 1].end)
        self.parser.claim(first, last, "answer")
        text = "\n".join(lines[first:last]) if last > first else None
        return AnswerBlock(text, first + 1 if text else None, blocks[end - 1].end)

    def read_summaries(self, start: int, end: int) -> int:
        """The `<details>` elements in lines [start, end) of an HTML block (one block may hold
        several, line after line); returns the index after the last line read."""
        lines = self.parser.lines
        i = start
        while i < end:
            if not lines[i].strip():
                i += 1
            elif DETAILS_LINE_RE.match(lines[i]):
                if self.ahead is None:
                    self.ahead = summary.lookahead(lines)
                i = summary.read_block(self.parser, i, self.ahead)
            else:
                stop = i + 1
                while stop < end and lines[stop].strip() and not DETAILS_LINE_RE.match(lines[stop]):
                    stop += 1
                self.ignore(i, stop)
                i = stop
        return i

    def prose(self, block: Block) -> None:
        """A block that is not a question: the description before anything else, else left
        out with a finding."""
        parser = self.parser
        start, end = trimmed(parser.lines, block.start, block.end)
        if end <= start:
            return
        first = not parser.questions and not self.sections.stack and not parser.description_lines
        if first and block.kind == "html" and read_html_title(parser, start, end):
            return
        if first and block.kind == "paragraph" and not parser.meta.get("description"):
            parser.description_line = start + 1
            parser.description_lines = parser.lines[start:end]
            parser.claim(start, end, "description")
            return
        self.ignore(start, end)

    def ignore(self, start: int, end: int) -> None:
        leave_out(self.parser, start, end)
