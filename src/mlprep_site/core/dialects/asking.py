"""Whether a heading, a paragraph, a list item or a table asks, and the block structure that
decides a file's forms (`dialects.forms` reads them)."""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass

from mlprep_site.core.blocks import Block, Item, group_details, margin, outline
from mlprep_site.core.dialects import lists
from mlprep_site.core.dialects.common import trimmed
from mlprep_site.core.dialects.detect import TAG_RE, question_heading_text
from mlprep_site.core.references import is_references_heading

PREFIX_RE = re.compile(r"^(?:Q(?:uestion)?[ \t]*\d{0,9}[ \t]*[.:)]|\d{1,9}[.)](?!\d))[ \t]*", re.IGNORECASE)
NAMED_PREFIX_RE = re.compile(r"^Q(?:uestion)?[ \t]*\d{0,9}[ \t]*[.:)]", re.IGNORECASE)
BOLD_LINE_RE = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
NUMBERED_BOLD_RE = re.compile(r"^\*\*\d{1,9}[.)]\*\*[ \t]*(\S.*)$")
LABELLED_RE = re.compile(r"^(?:Question|Q)[ \t]*\d{0,9}[ \t]*:[ \t]*(\S.*)$", re.IGNORECASE)
DIFFICULTY_START_RE = re.compile(r"^\[(?:E|M|H|easy|medium|hard)\]", re.IGNORECASE)
BOLD_ITEM_RE = re.compile(r"^(\*\*|__|<b>|<strong>)(.+?)(\*\*|__|</b>|</strong>)[ \t]*$", re.IGNORECASE)
LINK_ITEM_RE = re.compile(r"^(?:\*\*|__)?(?:\[[^\]\n]*+\]\(|<a\s)")
OPTION_RE = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\]|[A-Ha-h][:).])[ \t]")
ASKING_WORDS = frozenset(
    [
        "what",
        "what's",
        "how",
        "why",
        "when",
        "where",
        "which",
        "who",
        "can",
        "could",
        "should",
        "would",
        "is",
        "are",
        "do",
        "does",
        "explain",
        "describe",
        "difference",
        "compare",
        "provide",
        "define",
        "name",
        "give",
        "write",
        "implement",
        "discuss",
    ]
)
"""First words of a page title that asks without a question mark (`Explain closures`)."""
TOGGLE_RE = re.compile(
    r"^(?:see|show|hide|view|click|expand|toggle|table of contents|contents\b|translations?\b)"
)
"""A summary that toggles part of the page, not a question."""
NOT_QUESTIONS = frozenset({"table of contents", "contents", "toc", "index"})


def asks(text: str) -> bool:
    """Whether `text` (a heading, a bold line, a list item) ends with a question mark, past
    trailing emoji, stars, tags and blanks."""
    plain = TAG_RE.sub("", question_heading_text(text)).rstrip()
    end = len(plain)
    while end and (plain[end - 1] in " \t*_`" or unicodedata.category(plain[end - 1])[0] in "SMC"):
        end -= 1
    return plain[:end].endswith("?")


def question_title(text: str) -> str:
    """A question's text without its number or `Q12.` prefix."""
    return PREFIX_RE.sub("", text.strip(), count=1).strip()


@dataclass(frozen=True, slots=True)
class HeadingQuestion:
    level: int
    text: str
    strong: bool
    """Asks, or carries a `Q…` prefix; a bare number is weak (a numbered section heading has it)."""


@functools.lru_cache(maxsize=4096)  # each heading is judged by the margin, the blocks and the reader
def heading_question(level: int, text: str) -> HeadingQuestion | None:
    if level < 2 or text.strip().lower() in NOT_QUESTIONS or is_references_heading(text):
        return None
    strong = asks(text) or bool(NAMED_PREFIX_RE.match(text))
    if strong or PREFIX_RE.match(text):
        return HeadingQuestion(level, text, strong)
    return None


def item_heading(block: Block) -> Block | None:
    """The heading that opens a list's first item (`1.  ### What is X?`), if it does."""
    first = block.items[0].first if block.kind == "list" and block.items else None
    return first if first is not None and first.kind == "heading" else None


def question_level(blocks: list[Block]) -> int:
    """The level of most question headings: strong ones count first, then all, then the level
    nearest the top (answers' numbered subheadings sit below their question)."""
    strong: Counter[int] = Counter()
    every: Counter[int] = Counter()
    for block in blocks:
        headings_ = [block] if block.kind == "heading" else []
        if block.kind == "list" and item_heading(block) is not None:
            headings_ = [item.first for item in block.items if item.first and item.first.kind == "heading"]
        for heading in headings_:
            found = heading_question(heading.level, heading.text)
            if found is not None:
                every[found.level] += 1
                strong[found.level] += found.strong
    if not every:
        return 0
    return max(every, key=lambda level: (strong[level], every[level], -level))


def structure(lines: list[str], start: int) -> list[Block]:
    """The blocks of lines[start:] that decide its forms. Parsing the inside of an answer is
    most of the cost and decides nothing, so what is known to be one before parsing is parsed
    as blank: the inside of each `<details>` element opened at the margin (one block whatever
    it holds), and the answer under each question heading (headings at the margin are headings
    wherever they are, outside fences and those elements) unless it holds a multiple choice's
    options, whose blocks are read."""
    found = margin(lines, start)
    headings = found.headings
    level = _level(headings)
    answers: list[tuple[int, int]] = []
    for n, (index, heading_level, text, in_item) in enumerate(headings):
        if heading_level != level or in_item or heading_question(heading_level, text) is None:
            continue
        following = range(n + 1, len(headings))
        end = next((headings[k][0] for k in following if headings[k][1] <= level), len(lines))
        if not any(OPTION_RE.match(line) for line in lines[index + 1 : end]):
            answers.append((index + 1, end))
    blocks = outline(lines, start, _merged(found.details + answers))
    starts = {block.start: n for n, block in enumerate(blocks)}
    headings_read = all(
        blocks[starts[first - 1]].kind == "heading" for first, _ in answers if first - 1 in starts
    )
    outside = [span for span in found.details if not _within(answers, span)]
    if (
        headings_read
        and all(first - 1 in starts for first, _ in answers + outside)
        and all(blocks[starts[first - 1]].kind == "html" for first, _ in outside)
    ):
        for first, end in outside:  # each element, seen by the parser as its opening line
            n = starts[first - 1]
            blocks[n] = Block("details", first - 1, end, text=blocks[n].text)
        return group_details(blocks)
    # A heading or a `<details>` line that CommonMark reads otherwise (inside an HTML block
    # begun on the line before): the lines set aside were not what they seemed, so all are read.
    return group_details(outline(lines, start))


def _within(ranges: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether `span` lies inside one of `ranges` (in order, not overlapping)."""
    n = bisect.bisect_right(ranges, (span[0], sys.maxsize)) - 1
    return n >= 0 and ranges[n][0] <= span[0] and span[1] <= ranges[n][1]


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, end in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged


def _level(found: list[tuple[int, int, str, bool]]) -> int:
    strong: Counter[int] = Counter()
    every: Counter[int] = Counter()
    for _, level, text, _ in found:
        question = heading_question(level, text)
        if question is not None:
            every[level] += 1
            strong[level] += question.strong
    return max(every, key=lambda level: (strong[level], every[level], -level)) if every else 0


def question_title_keeping_links(text: str) -> str:
    """A heading's question without its `Q12.` prefix (a bare number is dropped by the
    headings reader, with its `[[src](url)]` links)."""
    stripped = text.strip()
    named = NAMED_PREFIX_RE.match(stripped)
    return stripped[named.end() :].strip() if named else stripped


def attach_to_items(lines: list[str], blocks: list[Block]) -> list[Block]:
    """`blocks` with what a reader sees as part of the list item before it made part of it: an
    indented list on the next line (`10. Question?` then `   - sub-question`: CommonMark ends
    the item, as the sub-list is indented less than the item's text, but the author nested it),
    and code right after the item (`* Make this work:` then a fence at the margin)."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "list"
            and previous.items
            and (
                block.kind == "list"
                and lines[block.start][:1] in (" ", "\t")
                and trimmed(lines, previous.start, previous.end)[1] == block.start
                or block.kind in ("fence", "code")
            )
        ):
            last = previous.items[-1]
            widened = Item(last.start, block.end, last.first, last.children + block.items)
            merged[-1] = Block("list", previous.start, block.end, items=[*previous.items[:-1], widened])
            continue
        merged.append(block)
    return merged


def links_only(lines: list[str], block: Block) -> bool:
    """Whether every item of a list is a link (a reading list among questions)."""
    for item in block.items:
        match = lists.ITEM_RE.match(lines[item.start].lstrip(" \t"))
        if match is None or not LINK_ITEM_RE.match(match.group(4)):
            return False
    return True


def list_asks(lines: list[str], block: Block) -> bool:
    """Whether a list holds an item that asks, at its top level or nested one level."""
    return any(
        item_asks(lines, item) or any(item_asks(lines, c) for c in item.children) for item in block.items
    )


def item_asks(lines: list[str], item: Item) -> bool:
    return line_asks(lines[item.start])


def prompts(line: str) -> bool:
    """Whether a list item's text opens with a word that asks (`Explain …`, `How …`)."""
    match = lists.ITEM_RE.match(line.lstrip(" \t"))
    words = match.group(4).lstrip("*_`<b>").split(" ", 1) if match else []
    return bool(words) and words[0].lower() in ASKING_WORDS


def line_asks(line: str) -> bool:
    """Whether `line`, written as a list item, asks."""
    match = lists.ITEM_RE.match(line.lstrip(" \t"))
    if match is None:
        return False
    text = match.group(4).rstrip()
    if bold := BOLD_ITEM_RE.match(text):
        text = bold.group(2)
    return asks(text) or bool(DIFFICULTY_START_RE.match(text))


def table_asks(lines: list[str], block: Block) -> bool:
    header = lines[block.start].lower()
    if "question" in header:
        return True
    rows = [lists.cells(line) for line in lines[block.start + 2 : block.end]]
    asking = sum(any(cell.endswith("?") for cell in row) for row in rows)
    return bool(rows) and asking * 2 >= len(rows)


def dedent(lines: list[str]) -> str:
    """`lines` without the indentation they all share (tabs count as four columns)."""
    expanded = [line.expandtabs(4) for line in lines]
    margin = min((len(line) - len(line.lstrip(" ")) for line in expanded if line.strip()), default=0)
    return "\n".join(line[margin:] for line in expanded)
