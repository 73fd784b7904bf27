"""Ground truth for the corpus: each repository's questions counted by its own convention, with
markdown-it-py (CommonMark + GFM tables) and regexes, never with mlprep-site's reader.

A convention is a rule name with its parameters (`tests/corpus/manifest.yml`). Each rule gives
the questions of one file: their 1-based line, whether a reader sees an answer under them, and
their text. What counts as an answer is the same for every rule: text, code, a table or an
image between the question and the next question or section, other than back-to-top links,
separators and placeholders ("TBD", "To be completed."). Multiple-choice rules look for the
revealed answer instead (a checked `- [x]`, an "Answer: B" line), since their options are part of
the question.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class TruthQuestion:
    line: int
    """1-based line where the question starts."""
    answered: bool
    text: str


_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\Z)")
_TAG_RE = re.compile(r"<[^>]*>")
_BACK_TO_TOP_RE = re.compile(r"back\s+to\s+top|^\W*(?:top|⬆|↥)\W*$", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(
    r"^(?:to be (?:completed|added|done)|tbd|todo|answer here|answer|coming soon|wip)?\W*$", re.IGNORECASE
)
_LABELS = {"answer", "answers", "show answer", "solution", "show solution", "hint", "click to expand"}
_WORDS_RE = re.compile(r"[\W_]+")


def front_matter(text: str) -> tuple[str, dict[str, tuple[int, str]]]:
    """The text with its front matter blanked (lines kept), and its `key: value` lines (1-based)."""
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return text, {}
    block = match.group(0)
    keys: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(block.splitlines()[1:-1], start=2):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            keys[key.strip()] = (number, value.strip().strip("'\""))
    return "\n" * block.count("\n") + text[match.end() :], keys


def tokens_of(text: str) -> list[Token]:
    return _MD.parse(text)


def plain(text: str) -> str:
    return " ".join(_TAG_RE.sub(" ", text).split())


def _is_content(token: Token, not_answer: Sequence[re.Pattern[str]] = ()) -> bool:
    """Whether a leaf block shows the reader some of an answer (text matching one of
    `not_answer` does not: a repository's "See 👉 [Answer](url)" or "**Answer:**" label)."""
    if token.type in ("html_block", "inline") and any(p.search(plain(token.content)) for p in not_answer):
        return False
    if token.type in ("fence", "code_block"):
        return bool(token.content.strip())
    if token.type == "table_open":
        return True
    if token.type == "html_block":
        text = plain(token.content)
        return bool(text) and not _BACK_TO_TOP_RE.search(text) and not _is_placeholder(text)
    if token.type == "inline":
        if "<img" in token.content or any(child.type == "image" for child in token.children or ()):
            return True
        text = plain(token.content)
        return bool(text) and not _BACK_TO_TOP_RE.search(text) and not _is_placeholder(text)
    return False


def _is_placeholder(text: str) -> bool:
    return _PLACEHOLDER_RE.match(text.strip("*_ ")) is not None


def _answered_between(
    tokens: Sequence[Token], start: int, end: int, not_answer: Sequence[re.Pattern[str]] = ()
) -> bool:
    """Whether any leaf block starting on a 0-based line in [start, end) is answer content."""
    return any(t.map is not None and start <= t.map[0] < end and _is_content(t, not_answer) for t in tokens)


def _heading_levels(tokens: Sequence[Token]) -> Iterator[tuple[int, int, int]]:
    """(token index, level, 0-based line) of every heading."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            yield index, int(token.tag[1]), token.map[0]


@dataclass(frozen=True)
class _Found:
    start: int
    """0-based line where the question starts."""
    end: int
    """0-based line after the question's own block."""
    text: str
    section_level: int
    """Headings at this level or above end the answer (0: none do)."""


def _close(
    tokens: Sequence[Token],
    found: list[_Found],
    lines: Sequence[str],
    params: dict[str, Any],
) -> list[TruthQuestion]:
    """Each question's answer runs to the next question or the next heading at its section level,
    and is the text between them, or only `answer_marker`'s line when given (multiple choice:
    the options belong to the question); `no_answers` for a repository that gives none (code
    under a question is its body); text matching a `not_answer` pattern is not an answer."""
    marker = re.compile(params["answer_marker"]) if "answer_marker" in params else None
    not_answer = [re.compile(pattern) for pattern in params.get("not_answer", ())]
    headings = list(_heading_levels(tokens))
    total = len(lines)
    result: list[TruthQuestion] = []
    for i, question in enumerate(found):
        end = found[i + 1].start if i + 1 < len(found) else total
        for _, level, line in headings:
            if question.end <= line < end and level <= question.section_level:
                end = line
                break
        if params.get("no_answers"):
            answered = False
        elif marker is not None:
            answered = any(marker.search(lines[n]) for n in range(question.end, end))
        else:
            answered = _answered_between(tokens, question.end, end, not_answer)
        result.append(TruthQuestion(question.start + 1, answered, question.text))
    return result


def _inline_after(tokens: Sequence[Token], index: int) -> Token:
    return tokens[index + 1]


def rule_heading(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """Headings at `levels` whose text matches `pattern`; the answer runs to the next heading at
    `section_level` (default: the question's level) or the next question. With `in_list_item`,
    only headings that open a list item count (`12.  ### Question`); with `list_item_levels`,
    those at these levels that do, whatever their text, and at the other levels those that
    match `pattern` (`1.  ### Question` items, and `#### 1. Question` headings)."""
    body, _ = front_matter(text)
    tokens = tokens_of(body)
    lines = body.splitlines()
    levels = set(params.get("levels", range(1, 7)))
    pattern = re.compile(params.get("pattern", ""))
    found: list[_Found] = []
    for index, level, line in _heading_levels(tokens):
        if level not in levels:
            continue
        item_level = level in params.get("list_item_levels", ())
        if (params.get("in_list_item") or item_level) and (
            index == 0 or tokens[index - 1].type != "list_item_open"
        ):
            continue
        content = _inline_after(tokens, index).content.strip()
        if item_level or pattern.search(content):
            end = tokens[index].map[1] if tokens[index].map else line + 1  # type: ignore[index]
            found.append(_Found(line, end, content, params.get("section_level", level)))
    return _close(tokens, found, lines, params)


def rule_paragraph(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """Paragraphs that match `pattern` (default: one bold span and nothing else); the answer runs
    to the next question or heading at `section_level` (default 2); with `answer_in_paragraph`,
    the paragraph's lines after its first answer it too."""
    body, _ = front_matter(text)
    tokens = tokens_of(body)
    lines = body.splitlines()
    pattern = re.compile(params.get("pattern", r"^\*\*(?:(?!\*\*).)+\*\*$"), re.DOTALL)
    found: list[_Found] = []
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.map is None or token.level != 0:
            continue
        content = _inline_after(tokens, index).content.strip()
        if pattern.search(content):
            found.append(_Found(token.map[0], token.map[1], content, params.get("section_level", 2)))
    questions = _close(tokens, found, lines, params)
    if params.get("answer_in_paragraph"):  # `**Q?**` then its answer on the paragraph's next lines
        return [
            TruthQuestion(q.line, q.answered or bool(f.text.partition("\n")[2].strip()), q.text)
            for q, f in zip(questions, found, strict=True)
        ]
    return questions


def rule_list_item(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """List items whose first paragraph matches `pattern`: at the top level only, or at any
    depth with `any_depth`. Unanswered: the repositories of this convention give no answers (a
    nested item is a follow-up of its question, not an answer)."""
    body, _ = front_matter(text)
    tokens = tokens_of(body)
    pattern = re.compile(params.get("pattern", ""))
    result: list[TruthQuestion] = []
    depth = 0
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and token.map is not None:
            if depth > 1 and not params.get("any_depth"):
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            inline = (
                tokens[index + 2] if following is not None and following.type == "paragraph_open" else None
            )
            content = inline.content.strip() if inline is not None else ""
            if pattern.search(content):
                result.append(TruthQuestion(token.map[0] + 1, False, content))
    return result


_SUMMARY_RE = re.compile(r"<summary\b[^>]*>(.*?)(?:</summary\s*>|$)", re.IGNORECASE | re.DOTALL)
_DETAILS_CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY_CLOSE_RE = re.compile(r"</summary\s*>", re.IGNORECASE)


def _code_lines(tokens: Sequence[Token]) -> set[int]:
    """0-based lines inside fenced or indented code."""
    lines: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            lines.update(range(*token.map))
    return lines


def rule_summary(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """`<details><summary>question</summary>answer</details>` outside code; summaries that are
    labels ("Answer", "Solution") are not questions. Answered when the text between
    `</summary>` and the next `</details>` is more than tags and placeholders. With
    `list_items`, top-level list items matching that pattern are questions too (unanswered)."""
    body, _ = front_matter(text)
    tokens = tokens_of(body)
    code = _code_lines(tokens)
    lines = body.splitlines()
    kept = "\n".join("" if n in code else line for n, line in enumerate(lines))
    offsets = [0]
    for line in kept.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    result: list[TruthQuestion] = []
    for match in _SUMMARY_RE.finditer(kept):
        question = plain(match.group(1))
        if " ".join(_WORDS_RE.sub(" ", question).lower().split()) in _LABELS or not question:
            continue
        line = bisect.bisect_right(offsets, match.start()) - 1
        close = _SUMMARY_CLOSE_RE.search(kept, match.start())
        after = close.end() if close else match.end()
        details_end = _DETAILS_CLOSE_RE.search(kept, after)
        answer = plain(kept[after : details_end.start() if details_end else len(kept)])
        result.append(TruthQuestion(line + 1, bool(answer) and not _is_placeholder(answer), question))
    if "list_items" in params:  # questions a repository also writes as list items, without answers
        result += rule_list_item(text, {"pattern": params["list_items"]})
        result.sort(key=lambda question: question.line)
    return result


def rule_page(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """One question per file: the front matter's `title` (or else the first heading) is the
    question, the rest of the page its answer."""
    body, keys = front_matter(text)
    tokens = tokens_of(body)
    if "title" in keys:
        line, title = keys["title"]
        return [TruthQuestion(line, _answered_between(tokens, 0, len(body.splitlines())), title)]
    for index, _, line in _heading_levels(tokens):
        title = _inline_after(tokens, index).content.strip()
        return [TruthQuestion(line + 1, _answered_between(tokens, line + 1, len(body.splitlines())), title)]
    return []


def rule_line(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """Lines outside code that match `pattern`, for a convention written line by line that
    CommonMark does not read as its author meant (`8. Group` then `    4. [E] Question`: a list
    not starting at 1 cannot interrupt a paragraph, so GitHub joins them). No answers."""
    body, _ = front_matter(text)
    code = _code_lines(tokens_of(body))
    pattern = re.compile(params["pattern"])
    return [
        TruthQuestion(number + 1, False, line.strip())
        for number, line in enumerate(body.splitlines())
        if number not in code and pattern.search(line)
    ]


def rule_none(text: str, params: dict[str, Any]) -> list[TruthQuestion]:
    """Not Q&A: a link list, a study guide or a changelog holds no questions."""
    return []


RULES: dict[str, Callable[[str, dict[str, Any]], list[TruthQuestion]]] = {
    "heading": rule_heading,
    "paragraph": rule_paragraph,
    "list_item": rule_list_item,
    "summary": rule_summary,
    "page": rule_page,
    "line": rule_line,
    "none": rule_none,
}


def truth(text: str, rule: str, params: dict[str, Any] | None = None) -> list[TruthQuestion]:
    """The questions of one file's text by `rule` (a name in RULES) with `params`."""
    return RULES[rule](text, params or {})
