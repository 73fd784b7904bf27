"""The canonical reader: one pass over a topic file's lines into a topic, with findings.

The dialect is the one of the seed document: numbered bold questions, each followed by a
`<details><summary>Answer</summary> … </details>` block, and a references section. Front
matter and detection come first (`topic_file.read_topic`); a file in another dialect is handed
to its reader (`core.reading.dialects`), which uses this parser's state and helpers. Parsing never raises on
content: every problem becomes a `Finding` with its line, and nothing a contributor wrote is
dropped without one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypedDict

from mlprep_site.core.domain.model import Question, Reference, Topic
from mlprep_site.core.domain.rules import description_problem, title_problem
from mlprep_site.core.reading.answer_blocks import (
    AnswerBlock,
    Lookahead,
    Report,
    is_details_open,
    read_answer,
)
from mlprep_site.core.reading.meta import parse_question_meta
from mlprep_site.core.reading.question_body import body_end, opens_answer_block
from mlprep_site.core.reading.section_reader import SectionReader
from mlprep_site.core.reading.sources import iter_sources as iter_sources  # the plugin's import
from mlprep_site.core.reading.sources import topic_stem
from mlprep_site.core.reading.syntax import (
    COMMENT_RE,
    DOUBLED_NUMBER_RE,
    HEADING_RE,
    HTML_TITLE_RE,
    LIST_ITEM_RE,
    MEANT_AS_QUESTION_RE,
    META_START,
    QUESTION_LIKE_RE,
    QUESTION_RE,
)
from mlprep_site.core.text.ids import short_hash, slugify
from mlprep_site.core.text.lines import normalize_text


class PendingQuestion(TypedDict, total=False):
    """The fields of a question being read, until its answer block is known: the question is
    built once from them (`Question(**fields)`) rather than rebuilt for its answer."""

    id: str
    number: int
    question: str
    tags: tuple[str, ...]
    difficulty: str | None
    line: int
    section: str | None
    question_body: str | None
    references: tuple[Reference, ...]
    id_derived: bool
    answer: str
    answer_line: int | None


class TopicParser(SectionReader):
    """One pass over the lines of one topic file: front matter, then the file's dialect."""

    def __init__(self, text: str, source: str, dialect: str | None = None) -> None:
        normalized = normalize_text(text)
        super().__init__(normalized.split("\n"), source)
        self.text = normalized
        self.dialect = dialect
        self.pending: PendingQuestion | None = None
        """The fields of the question being read, built into a `Question` once its answer block
        is known (`flush_question`)."""
        self.pending_answered = False
        self.ahead: Lookahead | None = None
        """Whether an answer block left open closes further down (made once the lines are final)."""

    def reading_question(self) -> bool:
        return self.pending is not None

    def lookahead(self) -> Lookahead:
        """The file's code and answer blocks, worked out once its lines are final."""
        if self.ahead is None:
            self.ahead = Lookahead(
                self.lines, self.is_section_start, self.is_question, opens_answer_block, self.text
            )
        return self.ahead

    def read_answer(self, i: int, report: Report) -> AnswerBlock:
        return read_answer(self.lines, i, report, self.is_section_start, self.is_question, self.lookahead())

    def finish(self) -> Topic | None:
        if not self.questions:
            self.not_a_topic()
            return None
        self.check_duplicates()
        return self.build_topic()

    def not_a_topic(self) -> None:
        """A file without questions is not a topic. Written as questions that did not parse (a
        numbered bold line, an answer block), it is an error, with every finding of the reading.
        Otherwise it is a README that introduces the others, a CONTRIBUTING, an awesome list:
        one warning says so and claims its lines, and what the reading said of a topic's parts
        (text or a list outside a question) goes with the topic; errors stay."""
        if any(f.code == "not-questions" for f in self.findings):
            return  # the prose reader said why, and claimed the lines
        if any(QUESTION_LIKE_RE.match(line) or is_details_open(line) for line in self.lines):
            self.report(1, "error", "no questions found (expected `1. **Question?**`)", "no-questions")
            return
        message = (
            "no questions found, so this file is not a topic (questions are written `1. **Question?**`, "
            "as headings, list items or `<summary>`)"
        )
        self.not_a_topic_because(message, "no-questions")

    def not_a_topic_because(self, message: str, code: str) -> None:
        """The file is no topic: one warning says why and claims its lines; what the reading
        said of a topic's parts goes with the topic, errors stay."""
        self.findings[:] = [f for f in self.findings if f.severity == "error"]
        self.ledger.claims[:] = [(1, len(self.lines), "finding")]
        self.report(1, "warning", message, code)

    def parse_block(self, i: int) -> int:
        line = self.lines[i]
        lineno = i + 1
        stripped = line.strip()
        if not stripped:
            return i + 1
        match = QUESTION_RE.match(line)
        if match:
            return self.start_question(match, i)
        if is_details_open(line):
            return self.attach_answer(i)
        heading = HEADING_RE.match(line)
        if heading:
            return self.parse_heading(heading, i)
        html_title = HTML_TITLE_RE.match(line)
        if html_title and not self.questions and self.pending is None and self.title is None:
            self.set_title(html_title.group(1).strip(), lineno)
            self.claim(i, i + 1, "title")
            return i + 1
        self.claim(i, i + 1, "finding")  # each branch below reports this line, or hands it on
        meant = MEANT_AS_QUESTION_RE.match(line)
        if meant or QUESTION_LIKE_RE.match(line):
            self.report(
                lineno,
                "error",
                "malformed question: write `N. **Question text**` alone on its line",
                "bad-question",
            )
            if meant:
                self.flush_question()  # the answer block after it is not the question's before
            return i + 1
        if COMMENT_RE.match(line):
            self.ledger.claims.pop()
            return self.skip_comment(i)
        if self.pending is None and not self.questions and not self.meta.get("description"):
            self.ledger.claims.pop()
            return self.read_description(i)
        self.report(
            lineno,
            "error",
            "text outside any answer block: put it inside the question's <details> block",
            "stray-text",
        )
        return i + 1

    def start_question(self, match: re.Match[str], i: int) -> int:
        self.flush_question()
        lineno = i + 1
        number = int(match.group(1))
        text = match.group(2).strip()
        doubled = DOUBLED_NUMBER_RE.match(text)
        if doubled and int(doubled.group(1)) == number:
            text = text[doubled.end() :].strip()
            self.report(
                lineno,
                "warning",
                f"question number {number} is written twice; using {text!r}",
                "doubled-number",
            )
        if not text:
            self.report(lineno, "error", "question text is empty", "empty-question")
        meta: dict[str, object] = {}
        nxt = i + 1
        self.claim(i, nxt, "question")
        first = nxt
        while first < len(self.lines) and not self.lines[first].strip():
            first += 1  # blank lines may come between a question and its metadata
        if first < len(self.lines) and self.lines[first].lstrip().startswith(META_START):
            nxt = first
            meta, end = parse_question_meta(self.lines, nxt, self.report)
            self.claim(nxt, end, "question-meta")
            nxt = end
        body, nxt = self.read_question_body(nxt)
        tags = meta.get("tags", ())
        difficulty = meta.get("difficulty")
        references = meta.get("refs", ())
        self.pending = {
            "id": str(meta.get("id") or slugify(text)),
            "number": number,
            "question": text,
            "tags": tuple(tags) if isinstance(tags, (list, tuple)) else (),
            "difficulty": difficulty if isinstance(difficulty, str) else None,
            "line": lineno,
            "section": self.section,
            "question_body": body,
            "references": tuple(references) if isinstance(references, tuple) else (),
            "id_derived": not meta.get("id"),
        }
        return nxt

    def read_question_body(self, i: int) -> tuple[str | None, int]:
        """The question's extra lines (a snippet, a list) between its line and its answer block;
        returns (the body or None, index of the line that ends it)."""
        end = body_end(self.lines, i, self.ends_body, self.is_question, self.report, self.lookahead())
        first, last = i, end
        while first < last and not self.lines[first].strip():
            first += 1
        while last > first and not self.lines[last - 1].strip():
            last -= 1
        if first == last:
            return None, end
        self.claim(first, last, "question-body")
        return "\n".join(self.lines[first:last]), end

    @staticmethod
    def ends_body(line: str) -> bool:
        """An answer block, the next question, a heading, or a metadata comment that does not
        follow its question's line (reported by `skip_comment`)."""
        first = line.lstrip()[:1]  # each of those starts with one of these (most lines: none)
        if not first or first not in "<#*" and not first.isdigit():
            return False
        if is_details_open(line) or line.lstrip().startswith(META_START):
            return True
        question_like = QUESTION_LIKE_RE.match(line) or MEANT_AS_QUESTION_RE.match(line)
        return bool(question_like or HEADING_RE.match(line))

    def attach_answer(self, i: int) -> int:
        block = self.read_answer(i, self.report)
        if self.pending is None:
            self.report(i + 1, "error", "answer block with no question before it", "stray-details")
            self.claim(i, block.end, "finding")
        elif self.pending_answered:
            self.report(
                i + 1,
                "error",
                "second answer block for one question: merge it into the first",
                "duplicate-answer",
            )
            self.claim(i, block.end, "finding")
        else:
            self.pending_answered = True
            self.claim_block(i, block.end, block.first_line, block.text)
            if block.text is not None:
                self.pending["answer"] = block.text
                self.pending["answer_line"] = block.first_line
        return block.end

    # Static: the file's Lookahead holds these, and a bound method would hold the parser in a
    # cycle, its lines kept until the garbage collector runs (slower, with many files).
    @staticmethod
    def is_question(line: str) -> bool:
        return "**" in line and QUESTION_RE.match(line) is not None

    def claim_block(self, start: int, end: int, first_line: int | None, text: str | None) -> None:
        """Claim an answer block's lines [start, end): its answer, and markup around it."""
        if first_line is None or text is None:
            self.claim(start, end, "markup")
            return
        first = first_line - 1
        last = first + text.count("\n") + 1
        self.claim(start, first, "markup")
        self.claim(first, last, "answer")
        self.claim(last, end, "markup")

    @staticmethod
    def is_section_start(line: str) -> bool:
        return bool(QUESTION_RE.match(line) or HEADING_RE.match(line) and line.startswith("#"))

    def flush_question(self) -> None:
        self.pending_answered = False
        if self.pending is None:
            return
        fields = self.pending
        self.pending = None
        self.add_question(Question(**fields))

    def read_description(self, i: int) -> int:
        self.description_line = start = i + 1
        while i < len(self.lines) and self.lines[i].strip():
            line = self.lines[i]
            if QUESTION_RE.match(line) or HEADING_RE.match(line) or is_details_open(line):
                break
            self.description_lines.append(line)
            i += 1
        self.claim(start - 1, i, "description")
        if any(LIST_ITEM_RE.match(line) for line in self.description_lines):
            message = (
                "a list before the first question is kept as the topic's description; "
                "write questions as `N. **Question?**`"
            )
            self.report(start, "warning", message, "list-in-description")
        return i

    def check_duplicates(self) -> None:
        seen_numbers: dict[int, int] = {}
        seen_ids: dict[str, Question] = {}
        for index, q in enumerate(self.questions):
            if q.number in seen_numbers:
                self.report(
                    q.line,
                    "error",
                    f"question number {q.number} already used on line {seen_numbers[q.number]}",
                    "duplicate-number",
                )
            seen_numbers.setdefault(q.number, q.line)
            first = seen_ids.get(q.id)
            if first is not None and q.id_derived and first.question != q.question:
                # A derived id never collides: other text, other id (an explicit one still does).
                q = self.questions[index] = replace(q, id=f"{q.id}-{short_hash(q.question)}")
                first = seen_ids.get(q.id)
            if first is not None:
                self.report(
                    q.line,
                    "error",
                    f"question id {q.id!r} already used on line {first.line}",
                    "duplicate-id",
                )
            seen_ids.setdefault(q.id, q)

    def build_topic(self) -> Topic:
        stem = topic_stem(self.source)
        meta = self.meta
        description = meta.get("description")
        if description is None and self.description_lines:
            description = "\n".join(self.description_lines).strip()  # as front matter reads it
            if problem := description_problem(description):
                self.report(self.description_line, "error", problem, "description")
                description = None  # a refused value never reaches a page
        title = meta.get("title") or self.title
        if not title:  # the file's name: the same rule as a written title
            title = stem.replace("-", " ").replace("_", " ").title()
            if problem := title_problem(title):
                self.report(
                    1, "error", f"{problem} (made from the file's name): give the topic a title", "title"
                )
        tags = meta.get("tags", ())
        order = meta.get("order")
        return Topic(
            slug=str(meta.get("slug") or slugify(stem)),
            title=str(title),
            source=self.source,
            questions=tuple(self.questions),
            references=tuple(self.references),
            description=str(description) if description is not None else None,
            order=order if isinstance(order, int) else None,
            tags=tuple(tags) if isinstance(tags, (list, tuple)) else (),
        )
