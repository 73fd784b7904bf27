"""Whether a heading's words, a paragraph, a list item or a table ask (which headings of a
file are questions, and the block structure read with them: `dialects.heading_plan`)."""

from __future__ import annotations

import re
import unicodedata

from mlprep_site.core.reading.blocks import Block, Item
from mlprep_site.core.reading.detect import QUESTION_MARKS, TAG_RE, question_heading_text
from mlprep_site.core.reading.dialects import lists
from mlprep_site.core.reading.dialects.common import QUESTION_PREFIX_RE, trimmed

PREFIX_RE = QUESTION_PREFIX_RE
WORDS_RE = re.compile(r"[\W_]+")
NAMED_PREFIX_RE = re.compile(
    r"^(?:Q(?:uestion)?[ \t]*\d{0,9}[ \t]*[.:)]|(\*\*|__)(?:Q(?:uestion)?|题目|问题)[ \t]*\d{0,9}[ \t]*"
    r"(?:[.:)：]\1|\1[ \t]*[:：])|(?:题目|问题)[ \t]*\d{0,9}[ \t]*[:：])",
    re.IGNORECASE,
)
"""A question's label opening a heading: `Q12.`, `Question:`, `**Question:**`, `**题目**：`."""
BOLD_LINE_RE = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
NUMBERED_BOLD_RE = re.compile(r"^\*\*\d{1,9}[.)]\*\*[ \t]*(\S.*)$")
LABEL_MARKS = " \t*_:："
"""What may wrap a label or follow it (`**Question:**`, `题目：`): a label with only these is bare."""
QUESTION_LABEL = r"(?:Question|Q|题目|问题)"
"""The label of a question (`Question 3:`, `Q:`; Chinese `题目：`, `问题：`)."""
LABELLED_RE = re.compile(rf"^{QUESTION_LABEL}[ \t]*\d{{0,9}}[ \t]*[:：][ \t]*(\S.*)$", re.IGNORECASE)
DIFFICULTY_START_RE = re.compile(
    r"^(?:\[(?:E|M|H|easy|medium|hard)\]|[\U0001f7e2\U0001f7e1\U0001f7e0\U0001f534][ \t])", re.IGNORECASE
)
BOLD_ITEM_RE = re.compile(r"^(\*\*|__|<b>|<strong>)(.+?)(\*\*|__|</b>|</strong>)[ \t]*$", re.IGNORECASE)
TERM_ITEM_RE = re.compile(r"^(\*\*|__)([^*_\n]+?)\1[ \t]*(?:[-\u2013\u2014:][ \t]|:$)")
"""A bold term that a description follows (`**Discuss Scalability** - How would it scale?`)."""
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
BANK_ASKING_WORDS = ASKING_WORDS | {
    *("list", "state", "tell", "outline", "mention", "identify", "summarize", "summarise", "illustrate"),
    *("elaborate", "design", "create", "find", "calculate", "suggest", "demonstrate", "differentiate"),
    *("distinguish", "contrast", "will", "did", "has", "have", "was", "were", "may", "show", "build"),
    *("prove", "derive", "construct", "draw", "estimate", "compute", "given", "suppose", "assume"),
    # Russian (enhorse/java-interview): what, how, why, what for, which, where, when, who, by what
    *("что", "как", "почему", "зачем", "какие", "какой", "какая", "какое", "каковы", "где", "когда"),
    *("кто", "чем", "в", "для", "сколько", "можно", "нужно", "есть"),
    # Spanish and Portuguese: explain, how, what, which, why (por qué), when, where, who, name
    *("explica", "explique", "cómo", "como", "qué", "que", "cuál", "cuáles", "qual", "quais", "por"),
    *("cuándo", "quando", "dónde", "onde", "quién", "quem", "define", "defina", "menciona", "nombra"),
    *("descreva", "compara", "compare", "diferencia", "enumera", "lista"),
}
"""First words that ask in a heading among question headings, where most of its siblings end
with a question mark (`heading_plan`): a bank's imperative headings (`List the types of …`,
`Назовите …`), which a page title or a list item alone would not be asked by."""
IMPERATIVE_ENDINGS = ("ите", "йте", "іть", "їть", "ійте")
"""The endings of Russian and Ukrainian polite imperatives (`Опишите`, `Дайте`, `Поясніть`)."""


POLITE_ENDING_RE = re.compile(r"(?:요|까|시오)[ \t]*[.!]?(?:[ \t]*\([^()\n]*\))?[ \t]*$")
"""A Korean heading that ends as a request or a question does (`설명해주세요.`, `무엇인가요`,
before an example in parentheses): Korean puts the verb, which asks, last."""


def bank_text_asks(text: str) -> bool:
    """Whether a heading's text ends as it asks, in a language that puts the verb last."""
    return POLITE_ENDING_RE.search(text) is not None


def bank_word_asks(word: str) -> bool:
    """Whether a heading's first word (lowercase) asks among a bank's question headings."""
    return word in BANK_ASKING_WORDS or len(word) > 4 and word.endswith(IMPERATIVE_ENDINGS)


TOGGLE_RE = re.compile(
    r"^(?:see|show|hide|view|click|expand|toggle|table of contents|contents\b|translations?\b)"
)
"""A summary that toggles part of the page, not a question."""
NOT_QUESTIONS = frozenset({"table of contents", "contents", "toc", "index"})


def asks(text: str) -> bool:
    """Whether `text` (a heading, a bold line, a list item) ends with a question mark, past
    trailing emoji, stars, tags and blanks."""
    plain = question_heading_text(text)
    plain = (TAG_RE.sub("", plain) if "<" in plain else plain).rstrip()
    if plain[-1:] in QUESTION_MARKS:  # the loop below would stop at once
        return True
    end = len(plain)
    while end and (plain[end - 1] in " \t*_`" or unicodedata.category(plain[end - 1])[0] in "SMC"):
        end -= 1
    return plain[:end].endswith(QUESTION_MARKS)


def question_title(text: str) -> str:
    """A question's text without its number or `Q12.` prefix."""
    return PREFIX_RE.sub("", text.strip(), count=1).strip()


def item_heading(block: Block) -> Block | None:
    """The heading that opens a list's first item (`1.  ### What is X?`), if it does."""
    first = block.items[0].first if block.kind == "list" and block.items else None
    return first if first is not None and first.kind == "heading" else None


WRAPPED_HEADING_RE = re.compile(r"^(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1$")
"""A heading's whole text in bold (`## **265.delete与 delete []区别**`), no bold inside it."""
BOLD_NUMBER_RE = re.compile(r"^(\*\*|__)(\d{1,9}[.)])\1[ \t]*")
"""A heading's number in bold (`## **297.**inline的用法`)."""


def unwrapped_heading(text: str) -> str:
    """A heading's text without the bold around all of it or around its number: the heading
    is bold already, and the number or question is judged (and shown) as without it."""
    stripped = text.strip()
    if stripped[:2] not in ("**", "__"):
        return text
    if wrapped := WRAPPED_HEADING_RE.match(stripped):
        return wrapped.group(2)
    if number := BOLD_NUMBER_RE.match(stripped):
        return f"{number.group(2)} {stripped[number.end() :]}"
    return text


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


def prompts(line: str, among_questions: bool = False) -> bool:
    """Whether a list item's text opens with a word that asks (`Explain …`, `How …`); among
    items that ask, a bank's imperative too (`Calculate …`, `Given a vector …`)."""
    match = lists.ITEM_RE.match(line.lstrip(" \t"))
    words = match.group(4).lstrip("*_`<b>").split(" ", 1) if match else []
    if not words:
        return False
    word = words[0].lower().rstrip(":,")
    return word in ASKING_WORDS or among_questions and bank_word_asks(word)


def line_asks(line: str) -> bool:
    """Whether `line`, written as a list item, asks."""
    match = lists.ITEM_RE.match(line.lstrip(" \t"))
    if match is None:
        return False
    text = match.group(4).rstrip()
    if bold := BOLD_ITEM_RE.match(text):
        text = bold.group(2)
    elif term := TERM_ITEM_RE.match(text):  # a term and its description: the term asks or not
        text = term.group(2)
    return asks(text) or bool(DIFFICULTY_START_RE.match(text))


ANCHOR_LINK_RE = re.compile(r"\[[^\]\n]+\]\(#[^)\s]*\)")
"""A cell that is a link to a place in the page (a table of contents' entry)."""
COUNT_CELL_RE = re.compile(
    r"[ \t]*(?:\**\d{1,6}(?:[ \t]*(?:-{1,2}|\u2013|\u2014|,)[ \t]*\d{1,6}){0,500}\**)?[ \t]*,?[ \t]*"
)
"""A table cell that holds a number, numbers and ranges of them, or nothing: how many
questions a chapter has, or which (`1--3, 11--12, 15`)."""
QUESTION_COLUMN_RE = re.compile(r"^(?:the |interview )?(?:questions?|q)$")
"""A header cell that names the question column ("Question", not "Number of questions")."""


def table_asks(lines: list[str], block: Block) -> bool:
    """Whether a table is questions: a header cell names its question column, or half of its
    rows have a cell that asks; not a table of contents, whose rows each hold a link to a
    place in the page (`| 1 | [What is X](#what-is-x) |`): the questions are further down."""
    rows = [lists.cells(line) for line in lines[block.start + 2 : block.end]]
    if rows and all(any(ANCHOR_LINK_RE.fullmatch(cell) for cell in row) for row in rows):
        return False
    header = [
        " ".join(WORDS_RE.sub(" ", TAG_RE.sub("", c)).lower().split())
        for c in lists.cells(lines[block.start])
    ]
    column = next((n for n, cell in enumerate(header) if QUESTION_COLUMN_RE.match(cell)), None)
    if column is not None and not all(
        COUNT_CELL_RE.fullmatch(row[column]) for row in rows if column < len(row)
    ):
        return True  # (a column named "Questions" that holds counts is an index's)
    asking = sum(any(cell.endswith(QUESTION_MARKS) for cell in row) for row in rows)
    return bool(rows) and asking * 2 >= len(rows)


def dedent(lines: list[str]) -> str:
    """`lines` without the indentation they all share (tabs count as four columns)."""
    expanded = [line.expandtabs(4) for line in lines]
    margin = min((len(line) - len(line.lstrip(" ")) for line in expanded if line.strip()), default=0)
    return "\n".join(line[margin:] for line in expanded)
