"""Bounds on the markdown a question carries to a page, checked before anything renders it.

The loader is linear, but the page renderer is not ours: Python-Markdown (with `html.parser`
under it and Material's search index after it) takes time quadratic or worse in some shapes of
a small answer, and recurses with the nesting of others. Measured on one answer (issue 23):
30,000 unclosed `<a ` took 152 s to build, 2,000 images in one paragraph 16 s to convert, a
2,000-level list 35 s and 1.4 GB, 500 nested `<details>` a RecursionError. So an answer (or a
question's body) whose shape is past one of these limits is refused here with an error at the
line where it crosses it, saying why, and is not handed on: the question stays, unanswered.
A question's tags are bounded too (the tag index and the similar-tag check scale with them).

The limits are far above what an interview answer holds and far below where the time goes:
`bench/bench_hostile.py --at-limit` builds an answer at each of them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.text.code import outside_code
from mlprep_site.core.text.code_spans import blank_code_spans, code_spans

MAX_ANSWER_CHARS = 100_000
"""Characters in one answer or question body (a long answer is a few thousand)."""
MAX_DEPTH = 16
"""Nesting of lists and block quotes, by indentation and markers (Python-Markdown recurses
per level and takes time cubic in it: 500 levels, 4 s)."""
MAX_HTML_DEPTH = 32
"""Nesting of raw HTML elements that need an end tag (`<details>` recurses per level)."""
MAX_TAGS_HTML = 1_000
"""Raw HTML tags, complete or not, in one answer."""
MAX_LINKS = 250
"""`[` outside code in one answer: links, images, reference links, footnotes."""
MAX_INLINE_WORK = 1_000_000
"""Python-Markdown rescans a paragraph (a list item, a table row) for every link, image and
raw tag in it: its time is their number times the paragraph's length, ~0.5 µs a character
for a `[`, a quarter of that for a `<`. This bounds that product, summed over one answer's
paragraphs (~0.5 s); `MAX_TOPIC_INLINE_WORK` over a topic's (~2.5 s)."""
MAX_TOPIC_INLINE_WORK = 5_000_000
MAX_MARKUP_WORK = 500_000_000
"""The same for every other inline match (escapes, entities, emphasis, code and math markers,
hard line breaks), each of which costs ~0.5 ns a character of its paragraph (a 99,000-character
line of backslashes: 3 s); `MAX_TOPIC_MARKUP_WORK` over a topic's."""
MAX_TOPIC_MARKUP_WORK = 3_000_000_000
MAX_CODE_SPANS = 5_000
MAX_TOPIC_CODE_SPANS = 10_000
MAX_MATH = 2_000
"""`$` outside code and escapes, halved: math spans, each drawn as MathML (~0.15 ms)."""
MAX_TOPIC_MATH = 2_500
MAX_TAGS_PER_QUESTION = 50
MAX_QUESTION_CHARS = 1_000
"""A question is a line of text: one of 60,000 characters took 20 s in the page's headings."""
NUL_MESSAGE = "holds a NUL character (U+0000): shown as U+FFFD (\ufffd), as CommonMark and GitHub show it"


@dataclass(slots=True)
class Budget:
    """What a topic's answers have used so far of the topic's limits: exactly, for the answers
    settled, plus an upper bound for those let through on their bounds (`pending`)."""

    inline_work: int = 0
    markup: int = 0
    code_spans: int = 0
    math: int = 0
    pending: list[str] = field(default_factory=list)
    """Texts let through on upper bounds, whose exact use is added when a bound would not do."""
    pending_upper: tuple[int, int, int, int] = (0, 0, 0, 0)
    """The sum of their bounds: (code spans, math spans, link work, markup work)."""

    def settle(self) -> None:
        """Add the exact use of the pending texts."""
        for text in self.pending:
            usage = _usage(text)
            self.code_spans += usage[0]
            self.math += usage[1]
            self.inline_work += usage[2]
            self.markup += usage[3]
        self.pending = []
        self.pending_upper = (0, 0, 0, 0)


# Elements with no end tag, or whose end tag may be left out: they nest nothing when unclosed.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr"}
_OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot"}
_OPTIONAL_END |= {"colgroup", "rp", "rt"}
_NO_DEPTH = frozenset(_VOID | _OPTIONAL_END)
_TAG_START_RE = re.compile(r"<[A-Za-z/!?]")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
_CONTAINER_RE = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*)*")
_MARKER_RE = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)]")
_DOLLAR_RE = re.compile(r"(?<!\\)\$")


def _nth(matches: Iterator[re.Match[str]], limit: int) -> int | None:
    """Where the match past `limit` starts, or None when there are no more than `limit`."""
    for count, match in enumerate(matches, 1):
        if count > limit:
            return match.start()
    return None


def _html_too_deep(text: str) -> int | None:
    depth = 0
    for match in _TAG_RE.finditer(text):
        closing, name, self_closing = match.groups()
        if name.lower() in _NO_DEPTH or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > MAX_HTML_DEPTH:
            return match.start()
    return None


# Each level of a list or quote takes a character of the line's prefix at least (`>`, a marker,
# or four of indentation), and only a marker opens one: a line deeper than the limit has a
# marker and a prefix longer than the limit (a blanked code line has neither).
_LONG_PREFIX_RE = re.compile(rf"^(?=[ \t]*[>*+\-0-9])[ \t>*+\-0-9.)]{{{MAX_DEPTH + 1}}}", re.MULTILINE)
# In the text after a line break, one pass: `_LONG_PREFIX_RE` (group 1); or where a line long
# enough to hold such a prefix starts with a code span after its markers (a match starts at the
# line's first character in the text without the break).
_DEEP_OR_SPAN_FIRST_RE = re.compile(
    rf"\n(?=[ \t>*+\-0-9.)`])(?:((?=[ \t]*[>*+\-0-9])[ \t>*+\-0-9.)]{{{MAX_DEPTH + 1}}})"
    rf"|(?=[ \t>*+\-0-9.)]*`[^\n]{{{MAX_DEPTH}}}))"
)


def _lists_too_deep(text: str) -> int | None:
    if _LONG_PREFIX_RE.search(text) is None:  # most answers: no line could be that deep
        return None
    position = 0
    for line in text.split("\n"):
        prefix = _CONTAINER_RE.match(line)
        markers = len(_MARKER_RE.findall(prefix.group(0))) if prefix is not None else 0
        if prefix is not None and markers:  # only a marker opens a level
            written = prefix.group(0)
            indent = len(written) - len(written.lstrip(" \t"))
            if len(written[:indent].expandtabs(4)) // 4 + markers > MAX_DEPTH:
                return position
        position += len(line) + 1
    return None


_MARKUP_CHARACTERS = "\\&`*_$"


# Where a new paragraph, list item or table row (a unit of inline work) starts: a blank line,
# a list marker or a table row.
_UNIT_BOUNDARY_RE = re.compile(
    r"^(?:[^\S\n]*$|[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|[ \t]*\|)", re.MULTILINE
)


def _inline_work(plain: str) -> Iterator[tuple[int, int, int]]:
    """(offset, link work, markup work) of each paragraph, list item or table row of `plain`:
    its number of `[` plus a quarter of its `<`, and its number of other inline markers, each
    times its length."""
    start = 0
    for boundary in _UNIT_BOUNDARY_RE.finditer(plain):
        yield _unit_work(plain, start, boundary.start())
        start = boundary.start()
    yield _unit_work(plain, start, len(plain) + 1)


def _unit_work(plain: str, start: int, end: int) -> tuple[int, int, int]:
    """(start, link work, markup work) of the unit `plain[start:end]` (its hard breaks too)."""
    length = end - start
    links = plain.count("[", start, end) + plain.count("<", start, end) // 4
    breaks = plain.count("  \n", start, end) + (end > len(plain) and plain.endswith("  "))
    markers = sum(plain.count(mark, start, end) for mark in _MARKUP_CHARACTERS) + breaks
    return start, links * length, markers * length


def _crossed(units: list[tuple[int, int, int]], column: int, limit: int, used: int, total: int) -> int | None:
    """Where the topic's running total of `units`' `column` (from `used`) first goes past
    `limit`; None at once when the answer's `total` keeps it within."""
    if used + total <= limit:
        return None
    return _past(((unit[0], unit[column]) for unit in units), limit, used)[0]


def _past(counts: Iterator[tuple[int, int]], limit: int, used: int = 0) -> tuple[int | None, int]:
    """Where a running total of `counts`, from `used`, first goes past `limit`; and the total."""
    total = used
    crossed = None
    for offset, count in counts:
        total += count
        if crossed is None and total > limit:
            crossed = offset
    return crossed, total


def shape_problem(text: str, budget: Budget | None = None) -> tuple[int, str] | None:
    """(offset, why) of the first limit `text` is past, or None when it is within them all
    (and then what it uses is added to `budget`, the topic's).

    Most answers are far within every limit, which counts on the raw text prove without
    finding its code (`_upper_bounds`): those are let through, and their exact use is worked
    out only when the topic's running total comes near a limit (`Budget.settle`). Results
    are those of the exact check."""
    if len(text) > MAX_ANSWER_CHARS:
        return MAX_ANSWER_CHARS, f"is longer than {MAX_ANSWER_CHARS:,} characters"
    budget = budget or Budget()
    upper = _upper_bounds(text)
    if upper is not None:  # written out: this runs for every answer of a bank
        pending = budget.pending_upper
        spans, math = upper[0] + pending[0], upper[1] + pending[1]
        work, markup = upper[2] + pending[2], upper[3] + pending[3]
        if (
            budget.code_spans + spans <= MAX_TOPIC_CODE_SPANS
            and budget.math + math <= MAX_TOPIC_MATH
            and budget.inline_work + work <= MAX_TOPIC_INLINE_WORK
            and budget.markup + markup <= MAX_TOPIC_MARKUP_WORK
        ):
            budget.pending.append(text)
            budget.pending_upper = (spans, math, work, markup)
            return None
    budget.settle()
    return _exact_problem(text, budget)


_SHORT_TEXT = 1_024  # bounds markup work by length squared: a topic takes thousands of such answers


def _upper_bounds(text: str) -> tuple[int, int, int, int] | None:
    """Upper bounds of what `text` uses of a topic's limits (code spans, math spans, link
    work, markup work) when counts on the raw text prove it within every limit of its own,
    else None. Code only takes characters away (it is blanked), except the line breaks after
    blanked lines, each counted here; a paragraph's work is at most its counts times the
    text's length."""
    length = len(text) + 1
    angles = text.count("<")
    brackets = text.count("[")
    backticks = text.count("`")
    dollars = text.count("$")
    if angles > MAX_HTML_DEPTH or brackets > MAX_LINKS or backticks // 2 > MAX_CODE_SPANS:
        return None
    if dollars > 2 * MAX_MATH:
        return None
    # Blanking a code span lengthens a line's prefix only when the span starts its text, on a
    # line long enough to hold the prefix. (A pattern led by a line break is searched for much
    # faster.)
    for match in _DEEP_OR_SPAN_FIRST_RE.finditer("\n" + text):
        if match.group(1) is not None:
            return None
        line_end = text.find("\n", match.start())
        line = text[match.start() : line_end if line_end >= 0 else len(text)]
        if _LONG_PREFIX_RE.match(blank_code_spans(line)) is not None:
            return None
    work = (brackets + angles // 4) * length
    if length <= _SHORT_TEXT:  # its markers are at most its length: a bound without counting them
        markup = length * length
    else:
        markers = text.count("\\") + text.count("&") + backticks + text.count("*") + text.count("_")
        markup = (markers + dollars + text.count("\n") + 1) * length
    if work > MAX_INLINE_WORK or markup > MAX_MARKUP_WORK:
        return None
    return backticks // 2, dollars // 2, work, markup


def _measures(text: str) -> tuple[str, list[int], list[tuple[int, int, int]]]:
    """(`text` with its code blanked, the offset of each code span, its units of inline work)."""
    # Most answers hold no code: the limits skip reading it for them (raw HTML blocks that GitHub
    # shows as text are counted as markup, which only over-counts).
    no_code = "`" not in text and "~" not in text and "    " not in text and "\t" not in text
    plain = text if no_code else outside_code(text)
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = [offsets[index] for index, line in enumerate(lines) if "`" in line for _ in code_spans(line)]
    return plain, spans, list(_inline_work(plain))


def _usage(text: str) -> tuple[int, int, int, int]:
    """What `text`, within its own limits, uses of its topic's: (code spans, math spans, link
    work, markup work)."""
    plain, spans, units = _measures(text)
    dollars = sum(1 for _ in _DOLLAR_RE.finditer(plain))
    return len(spans), dollars // 2, sum(unit[1] for unit in units), sum(unit[2] for unit in units)


def _exact_problem(text: str, budget: Budget) -> tuple[int, str] | None:
    """`shape_problem` of `text` on its code-blanked text, with `budget`'s exact totals."""
    plain, spans, units = _measures(text)
    span_at, span_count = _past(((at, 1) for at in spans), MAX_CODE_SPANS)
    math_at, dollars = _past(((m.start(), 1) for m in _DOLLAR_RE.finditer(plain)), 2 * MAX_MATH)
    work_at, work = _past(((at, links) for at, links, _ in units), MAX_INLINE_WORK)
    topic_work_at = _crossed(units, 1, MAX_TOPIC_INLINE_WORK, budget.inline_work, work)
    markup_at, markup = _past(((at, marks) for at, _, marks in units), MAX_MARKUP_WORK)
    topic_markup_at = _crossed(units, 2, MAX_TOPIC_MARKUP_WORK, budget.markup, markup)
    topic_checks = (
        (0 if budget.code_spans + span_count > MAX_TOPIC_CODE_SPANS else None, "code spans"),
        (0 if budget.math + dollars // 2 > MAX_TOPIC_MATH else None, "math spans"),
        (topic_work_at, "links and raw tags"),
        (topic_markup_at, "inline markup"),
    )
    angles = plain.count("<")  # each count bounds a check from above: most answers skip them
    checks = (
        (
            _nth(_TAG_START_RE.finditer(plain), MAX_TAGS_HTML) if angles > MAX_TAGS_HTML else None,
            f"has more than {MAX_TAGS_HTML:,} HTML tags",
        ),
        (
            _html_too_deep(plain) if angles > MAX_HTML_DEPTH else None,
            f"nests HTML more than {MAX_HTML_DEPTH} levels deep",
        ),
        (_lists_too_deep(plain), f"nests lists or quotes more than {MAX_DEPTH} levels deep"),
        (
            _nth(re.finditer(r"\[", plain), MAX_LINKS) if plain.count("[") > MAX_LINKS else None,
            f"has more than {MAX_LINKS:,} links, images or footnotes",
        ),
        (span_at, f"has more than {MAX_CODE_SPANS:,} code spans"),
        (math_at, f"has more than {MAX_MATH:,} math spans"),
        (work_at, "has paragraphs too long for the links and raw tags in them"),
        (markup_at, "has paragraphs too long for the escapes, entities and emphasis in them"),
        *((at, f"takes the topic past its limit of {what}") for at, what in topic_checks),
    )
    for offset, why in checks:
        if offset is not None:
            return offset, why
    budget.code_spans += span_count
    budget.math += dollars // 2
    budget.inline_work += work
    budget.markup += markup
    return None


def _bounded_text(
    text: str | None, what: str, source: str, line: int, budget: Budget
) -> tuple[str | None, list[Finding]]:
    if text is None:
        return None, []
    replaced: list[Finding] = []
    if "\x00" in text:  # CommonMark's rule: the page shows what GitHub shows (a note, no fault)
        at = line + text.count("\n", 0, text.index("\x00"))
        replaced.append(Finding(source, at, "info", f"{what} {NUL_MESSAGE}", "nul-character"))
        text = text.replace("\x00", "\ufffd")
    problem = shape_problem(text, budget)
    if problem is None:
        return text, replaced
    offset, why = problem
    at = line + text.count("\n", 0, offset)
    message = (
        f"{what} {why}: not rendered (Python-Markdown's time grows faster than the text in such "
        "shapes; see README, Security); split or simplify it"
    )
    return None, [*replaced, Finding(source, at, "error", message, "too-large")]


def _bounded_question(question: Question, source: str, budget: Budget) -> tuple[Question, list[Finding]]:
    findings: list[Finding] = []
    first = question.answer_line or question.line
    answer, found = _bounded_text(question.answer, "answer", source, first, budget)
    findings += found
    body, found = _bounded_text(question.question_body, "question body", source, question.line + 1, budget)
    findings += found
    tags = question.tags
    if len(tags) > MAX_TAGS_PER_QUESTION:
        message = f"{len(tags):,} tags: at most {MAX_TAGS_PER_QUESTION} per question; the first ones are kept"
        findings.append(Finding(source, question.line, "error", message, "too-many-tags"))
        tags = tags[:MAX_TAGS_PER_QUESTION]
    text = question.question
    if len(text) > MAX_QUESTION_CHARS:
        message = (
            f"question is {len(text):,} characters long: at most {MAX_QUESTION_CHARS:,} are shown; "
            "put the rest in its body or answer"
        )
        findings.append(Finding(source, question.line, "error", message, "too-large"))
        text = text[:MAX_QUESTION_CHARS] + "…"
    if not findings:
        return question, []
    return replace(question, question=text, answer=answer, question_body=body, tags=tags), findings


def bounded_topic(topic: Topic | None) -> tuple[Topic | None, list[Finding]]:
    """`topic` with each answer and question body past a limit taken out (and tags past the
    limit dropped), and an error for each at its line."""
    if topic is None:
        return None, []
    findings: list[Finding] = []
    questions = []
    budget = Budget()
    for question in topic.questions:
        bounded, found = _bounded_question(question, topic.source, budget)
        questions.append(bounded)
        findings += found
    tags = topic.tags
    if len(tags) > MAX_TAGS_PER_QUESTION:
        message = f"{len(tags):,} topic tags: at most {MAX_TAGS_PER_QUESTION}; the first ones are kept"
        findings.append(Finding(topic.source, 1, "error", message, "too-many-tags"))
        tags = tags[:MAX_TAGS_PER_QUESTION]
    if not findings:
        return topic, []
    return replace(topic, questions=tuple(questions), tags=tags), findings


def long_number(text: str) -> tuple[int, str]:
    """For a `ValueError` from reading `text` as YAML or JSON: the 0-based line of its first
    number longer than Python reads from text (`sys.get_int_max_str_digits`, 4,300 digits by
    default), and what to say about it."""
    digits = sys.get_int_max_str_digits() or 4_300
    found = re.search(rf"[0-9][0-9_]{{{digits},}}", text)
    line = text.count("\n", 0, found.start()) if found is not None else 0
    return line, f"a number longer than {digits:,} digits, more than Python reads as a number"
