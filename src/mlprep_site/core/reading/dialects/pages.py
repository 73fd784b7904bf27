"""One question per file: the page asks one question and the rest of it is the answer.

Five ways a page says which question it is, in this order:

- a heading that only labels the question (`### Question`, `### Question:`), the question's
  paragraph under it (the answer after it, past `---` or `### Answer`);
- a docs-site page (`.mdx`) with a front matter `title`: the title, when it asks or when nothing
  in the page asks in a form of its own; any other page's front matter `title` when it asks
  and nothing in the page asks (`title: Implement Array at polyfill ?`);
- a title heading, perhaps text under it, then a heading that labels the answer (`# Migrate
  off a deprecated API`, `How do you move …?`, `## Answer guide`): the title is the question,
  the text its body, and what follows the label its answer;
- a first heading at level 1 that asks (`# AI-Question08 - Describe …?`, its number prefix left
  out) when no other level-1 heading asks and no block asks in a form of its own (a
  `<summary>`, a bold line, a list item): headings under it are the answer's sections, whatever
  they say;
- the file's name when it asks (`What are the permission protection levels.md`,
  `What's interface.md`, `how-to-debug.md`) or compares (`Service vs IntentService.md`) and
  nothing in the file asks: its level-1 heading (`# Interface`) is the topic's title.

A file that holds questions in another form is read by that form (`dialects.forms`), never as
one question. One topic per file: the loader reads each file as one topic, so a folder of such
pages is a folder of one-question topics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlprep_site.core.domain.rules import title_problem
from mlprep_site.core.reading.blocks import Block
from mlprep_site.core.reading.dialects.asking import ASKING_WORDS, LABEL_MARKS, asks, question_title
from mlprep_site.core.reading.dialects.common import (
    QUESTION_PREFIX_RE,
    answer_span,
    claimed_answer,
    leave_out,
    new_question,
    trimmed,
)
from mlprep_site.core.reading.dialects.heading_plan import HeadingPlan
from mlprep_site.core.reading.dialects.heading_words import is_answer_label
from mlprep_site.core.reading.sources import FOLDER_PAGE_STEMS, LANGUAGE_STEM_RE
from mlprep_site.core.reading.syntax import HEADING_RE

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser as Parser

NAME_SEPARATORS_RE = re.compile(r"[-_]+")
COMPARISON_RE = re.compile(r"\S[ \t]+(?:vs\.?|versus)[ \t]+\S", re.IGNORECASE)
"""A name that compares (`Service vs IntentService.md`): the question is the difference."""


@dataclass(frozen=True, slots=True)
class Page:
    question: str
    line: int
    """The index of the question's line: the title's in front matter, the heading's, or the
    first line of the file for a question named by the file."""
    title: Block | None = None
    """The page's level-1 heading, the topic's title (also its question when `asking` is it)."""
    asking: Block | None = None
    """The heading that asks the question, if one does."""
    bannered: bool = False
    """The page's parts are labelled by banners (`read_bannered`)."""
    label: Block | None = None
    """The heading that labels the answer (`## Answer guide`) under the question's body."""
    question_label: Block | None = None
    """The heading that labels the question (`### Question`) over its paragraph (`asking`)."""


BANNER_RE = re.compile(r"^=={2,}[ \t]+([A-Za-z][A-Za-z ]{0,30}?)[ \t]+=={2,}[ \t]*$")
"""A part's banner line in a note made for flashcards (`========== Answer ==========`)."""
NUMBER_NAME_RE = re.compile(r"^\d{1,6}[ \t]*[-.)_][ \t]*(?=\S)")
"""A file name's number before its words (`335 - How do you convert….md`)."""

NAMED_FOLDER_MIN = 5
"""Markdown files a folder of pages named by their questions holds at least..."""
NAMED_FOLDER_SHARE = 0.75
"""...and the share of them whose names ask."""
NAMED_SIBLINGS_MIN = 3
"""Folders of such pages, of the folders of at least NAMED_FOLDER_MIN pages under one parent
(and NAMED_FOLDER_SHARE of them), that make the others beside them folders of pages too."""


def named_page_folders(files: Sequence[Path]) -> set[Path]:
    """The folders most of whose files are named by their questions (`What is Fragment.md`):
    there a file's name is its question even when it does not ask (`Enum.md`), once nothing in
    the file asks (`dialects.read_named_page`)."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        if path.suffix.lower() in (".md", ".markdown", ".mdx") and not generic_name(path.stem):
            by_folder.setdefault(path.parent, []).append(path)
    folders = {folder for folder, inside in by_folder.items() if len(inside) >= NAMED_FOLDER_MIN}
    named = {
        folder
        for folder in folders
        if sum(name_question(str(p)) is not None for p in by_folder[folder])
        >= NAMED_FOLDER_SHARE * len(by_folder[folder])
    }
    # A folder of pages beside folders of pages named by their questions is one too
    # (`Patterns/Builder pattern.md` beside `Java/What's interface.md`): the repository's
    # convention, not each name, says what a file is.
    siblings: dict[Path, list[Path]] = {}
    for folder in folders:
        siblings.setdefault(folder.parent, []).append(folder)
    for beside in siblings.values():
        count = sum(folder in named for folder in beside)
        if count >= NAMED_SIBLINGS_MIN and count >= NAMED_FOLDER_SHARE * len(beside):
            named.update(beside)
    return named


def generic_name(stem: str) -> bool:
    return stem.lower() in FOLDER_PAGE_STEMS or LANGUAGE_STEM_RE.fullmatch(stem) is not None


def first_word_asks(text: str) -> bool:
    words = text.strip("'\"` ").replace("\u2019", "'").split(" ", 1)
    return words[0].lower() in ASKING_WORDS


def name_question(source: str) -> str | None:
    """The question a file's name asks (`What's interface.md`), or None."""
    text = name_text(source)
    if not text or not (asks(text) or first_word_asks(text) or COMPARISON_RE.search(text)):
        return None
    return text


def name_text(source: str) -> str:
    """A file's name as words (`what-is-x.md`: "What is x"), or "" for a generic name."""
    stem = Path(source).stem
    if generic_name(stem):
        return ""
    text = " ".join((stem if " " in stem else NAME_SEPARATORS_RE.sub(" ", stem)).split())
    text = NUMBER_NAME_RE.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def page_question(
    parser: Parser, start: int, blocks: list[Block], plan: HeadingPlan, block_asks: Callable[[Block], bool]
) -> Page | None:
    """The question of a file (its body from lines[start]) that is one question, or None."""
    bannered = bannered_question(parser, blocks)
    if bannered is not None:
        return Page(question_title(bannered.text), bannered.start, None, bannered, bannered=True)
    labels = sum(map(is_question_label, blocks))  # (one page, one question: one such label)
    if labels == 1 and len(blocks) > 1 and is_question_label(blocks[0]) and blocks[1].kind == "paragraph":
        text = " ".join(blocks[1].text.split())
        return Page(text, blocks[1].start, None, blocks[1], question_label=blocks[0])
    title = parser.meta.get("title")
    if isinstance(title, str) and title:
        title_asks = asks(title) or first_word_asks(title)
        if parser.source.lower().endswith(".mdx"):
            if title_asks or not asks_anywhere(blocks, plan, block_asks):
                return Page(title, front_matter_title_line(parser, start), None)
            return None
        if title_asks and not asks_anywhere(blocks, plan, block_asks):
            return Page(title, front_matter_title_line(parser, start), None)
    first = blocks[0] if blocks else None
    top = first if first is not None and first.kind == "heading" and first.level == 1 else None
    labelled = answer_label(blocks, block_asks)
    if labelled is not None and not plan.any_level():
        heading, label = labelled
        # A front matter title names the page's question first (as on an `.mdx` page)
        line = front_matter_title_line(parser, start) if isinstance(title, str) and title else heading.start
        return Page(question_title(heading.text), line, None, heading, label=label)
    asking = question_heading(blocks, plan)
    if asking is not None:
        if any(block_asks(block) for block in blocks):
            return None
        return Page(question_title(asking.text), asking.start, top, asking)
    named = name_question(parser.source)
    if named is None or first is None or asks_anywhere(blocks, plan, block_asks):
        return None
    return Page(named, first.start, top)


def front_matter_title_line(parser: Parser, start: int) -> int:
    keys = range(1, max(start - 1, 1))
    return next((n for n in keys if parser.lines[n].startswith("title:")), max(start - 1, 0))


def answer_label(blocks: list[Block], block_asks: Callable[[Block], bool]) -> tuple[Block, Block] | None:
    """The title heading and the heading that labels the answer of a page that holds one
    question: a heading, perhaps the question's body under it (`How do you …?`, a scenario),
    then that heading one level down or more (`## Answer guide`), the page's only answer label
    at its level or above. What comes before the title (a reading list put first) is not the
    question's. No block of the body asks in a form of its own (a list of questions over
    `## Answers` is a quiz)."""
    at = next((n for n, b in enumerate(blocks) if b.kind == "heading" and is_answer_label(b.text)), None)
    if at is None:
        return None
    label = blocks[at]
    title_at = next((n for n in range(at - 1, -1, -1) if blocks[n].kind == "heading"), None)
    if title_at is None or blocks[title_at].level >= label.level:
        return None
    if any(block_asks(block) for block in blocks[title_at + 1 : at]):
        return None
    later = blocks[at + 1 :]
    if any(b.kind == "heading" and b.level <= label.level and is_answer_label(b.text) for b in later):
        return None
    return blocks[title_at], label


def question_heading(blocks: list[Block], plan: HeadingPlan) -> Block | None:
    """The heading that asks the page's question: its first heading, or the one right after a
    first `#` heading that does not ask (`# Question 25 - General Questions` then `## Can you
    …`). It asks with a question mark, and then the headings under it are its answer's
    sections; or it opens with a word that asks (`## Explain …`), and then no heading under it
    asks with one. No heading at its level or above asks, but one at level 1 without a
    question number when the question has one (`# AI-Question03 - Explain …?` over `# What
    problem does it solve?`). A heading the plan of headings reads as a question is left to
    it (`### What is X?` then `#### Answer`), but not one at level 1, which the plan never reads."""
    if not blocks or blocks[0].kind != "heading":
        return None
    candidate = blocks[0]
    if candidate.level == 1 and not heading_asks(candidate.text) and len(blocks) > 1:
        candidate = blocks[1]
    if candidate.kind != "heading" or not heading_asks(candidate.text):
        return None
    if candidate.level > 1 and plan.asks(candidate.start, candidate.level, candidate.text):
        return None
    strong = asks(candidate.text)
    numbered = QUESTION_PREFIX_RE.match(candidate.text.strip()) is not None
    for block in blocks:
        if block is candidate or block.kind != "heading":
            continue
        if block.level > candidate.level:
            if not strong and asks(block.text):
                return None
            continue
        if block.level == 1 and numbered and QUESTION_PREFIX_RE.match(block.text.strip()) is None:
            continue  # a section of the answer: the page's question carries the number
        if asks(block.text) or plan.asks(block.start, block.level, block.text):
            return None
    return candidate


def heading_asks(text: str) -> bool:
    title = question_title(text)
    return asks(title) or first_word_asks(title)


def asks_anywhere(blocks: list[Block], plan: HeadingPlan, block_asks: Callable[[Block], bool]) -> bool:
    return plan.any_level() or any(block_asks(block) for block in blocks)


def read_named(parser: Parser, start: int, blocks: list[Block]) -> None:
    """A page of a folder of pages (`dialects.read_named_page`): one question, whatever is
    inside it (lists, headings or `<summary>` lines that ask are its answer's). The question
    is its first heading when that asks (`# What is Dependency injection`), else its file's
    name (`What do you know about DI.md`, `Enum.md`). A page of banner-labelled parts is read
    by them (`read_bannered`)."""
    asking = bannered_question(parser, blocks)
    if asking is not None:
        read_bannered(parser, start, asking)
        return
    first = blocks[0] if blocks else None
    top = first if first is not None and first.kind == "heading" and first.level == 1 else None
    if first is not None and first.kind == "heading" and heading_asks(first.text):
        page = Page(question_title(first.text), first.start, top, first)
    else:
        page = Page(name_text(parser.source) or "Untitled", first.start if first else start, top)
    read_page(parser, start, page)


def bannered_question(parser: Parser, blocks: list[Block]) -> Block | None:
    """The heading that asks a page's question right after its first banner
    (`========== Question ==========`), if the page opens so."""
    if len(blocks) < 2 or blocks[0].kind != "paragraph" or not BANNER_RE.match(parser.lines[blocks[0].start]):
        return None
    asking = blocks[1]
    return asking if asking.kind == "heading" and heading_asks(asking.text) else None


def read_bannered(parser: Parser, start: int, asking: Block) -> None:
    """A page of banner-labelled parts (a note made for flashcards): `==== Question ====`, the
    question's heading, `==== Answer ====` and the answer; other parts (`==== Id ====`, the
    deck's notes after them) are no part of it."""
    lines = parser.lines
    labels = {}  # line index → the banner's label
    for index in range(start, len(lines)):
        if lines[index].startswith("==") and (banner := BANNER_RE.match(lines[index])):
            labels[index] = banner.group(1).lower()
    answer_at = next((i for i, label in labels.items() if label == "answer" and i > asking.start), None)
    ends = sorted(labels)
    answer: str | None = None
    answer_line = None
    first = last = len(lines)
    if answer_at is not None:
        end = next((i for i in ends if i > answer_at), len(lines))
        first, last = answer_span(parser, answer_at + 1, end)
        if last > first:
            answer, answer_line = "\n".join(lines[first:last]), first + 1
    parser.claim(asking.start, asking.end, "question")
    if answer is not None:
        parser.claim(first, last, "answer")
    # Everything else: banners are markup, the rest is left out with a finding.
    taken = [(asking.start, asking.end), *(((first, last),) if answer is not None else ())]
    at = start
    for begin, stop in sorted([*taken, *((i, i + 1) for i in ends)]):
        leave_out(parser, at, begin)
        if (begin, stop) not in taken:
            parser.claim(begin, stop, "markup")
        at = max(at, stop)
    leave_out(parser, at, len(lines))
    parser.add_question(new_question(parser, question_title(asking.text), asking.start, answer, answer_line))


def read_page(parser: Parser, start: int, page: Page) -> None:
    if page.bannered and page.asking is not None:
        read_bannered(parser, start, page.asking)
        return
    if page.question_label is not None and page.asking is not None:
        read_label_headed(parser, start, page.question_label, page)
        return
    if page.label is not None and page.asking is not None:
        read_labelled(parser, start, page)
        return
    lines = parser.lines
    first, last = trimmed(lines, start, len(lines))
    for heading in (page.title, page.asking):
        if heading is None or heading.end <= first:
            continue  # none, or the title that asks
        if heading is page.title:
            text = heading.text.strip()
            if not title_problem(text):  # else the file's name is the topic's title
                parser.set_title(text, heading.start + 1)
        parser.claim(heading.start, heading.start + 1, "question" if heading is page.asking else "title")
        parser.claim(heading.start + 1, heading.end, "markup")  # a setext heading's underline
        first, last = trimmed(lines, heading.end, last)
    if page.title is None and page.asking is None and first < last and lines[first].startswith("# "):
        parser.claim(first, first + 1, "title")  # a docs page's own title heading
        first, last = trimmed(lines, first + 1, last)
    answer, first = claimed_answer(parser, first, last)  # without decoration; a placeholder is none
    parser.add_question(new_question(parser, page.question, page.line, answer, first + 1))


def read_labelled(parser: Parser, start: int, page: Page) -> None:
    """A page of a title heading, perhaps the question's body, then a heading that labels the
    answer (`pages.answer_label`): what is above the title is left out with a finding."""
    assert page.asking is not None and page.label is not None
    asking, label = page.asking, page.label
    lines = parser.lines
    leave_out(parser, start, asking.start)
    parser.claim(asking.start, asking.end, "question")
    first, last = trimmed(lines, asking.end, label.start)
    parser.claim(first, last, "question-body")
    body = "\n".join(lines[first:last]) or None
    parser.claim(label.start, label.end, "markup")
    answer, first = claimed_answer(parser, label.end, len(lines))
    question = new_question(parser, page.question, page.line, answer, first + 1, body=body)
    parser.add_question(question)


QUESTION_LABELS = frozenset(
    {"question", "q", "вопрос", "问题", "题目", "pregunta", "pergunta", "frage", "질문"}
)
"""A heading that only labels the question under it (`### Question`, `### Question:`)."""


def is_question_label(block: Block) -> bool:
    return block.kind == "heading" and block.text.strip(LABEL_MARKS).lower() in QUESTION_LABELS


def read_label_headed(parser: Parser, start: int, label: Block, page: Page) -> None:
    """A page that opens with a heading that labels its question (`### Question`), the
    question's paragraph under it, then the answer, perhaps under its own label (`### Answer`)
    and separators (`---`), which are markup."""
    assert page.asking is not None
    lines = parser.lines
    leave_out(parser, start, label.start)
    parser.claim(label.start, label.end, "markup")
    parser.claim(page.asking.start, page.asking.end, "question")
    index = page.asking.end
    while index < len(lines):
        line = lines[index].strip()
        heading = HEADING_RE.match(line)
        if line and not SEPARATOR_LINE_RE.match(line) and not (heading and is_answer_label(heading.group(2))):
            break
        parser.claim(index, index + 1, "markup")
        index += 1
    answer, first = claimed_answer(parser, index, len(lines))
    parser.add_question(new_question(parser, page.question, page.line, answer, first + 1))


SEPARATOR_LINE_RE = re.compile(r"^(?:(?:[-*_][ \t]*){3,})$")
