"""What a topic file's headings hold: its title, a references section, or a section of
questions (`SectionReader`, the part of the canonical reader that reads past a heading), and
HTML comments outside questions."""

from __future__ import annotations

import re
from collections.abc import Callable

from mlprep_site.core.domain.rules import title_problem
from mlprep_site.core.reading.answer_blocks import AnswerBlock, Report, is_details_open
from mlprep_site.core.reading.draft import Draft
from mlprep_site.core.reading.references import is_references_heading, parse_reference_line
from mlprep_site.core.reading.syntax import COMMENT_RE, HEADING_RE, META_START, QUESTION_LIKE_RE, QUESTION_RE


class SectionReader(Draft):
    """Headings, references and comments, for the canonical reader (`TopicParser`), which
    provides the question in progress and the answer reader."""

    def flush_question(self) -> None:
        raise NotImplementedError

    def reading_question(self) -> bool:
        """Whether a question has been read whose answer block may still follow."""
        raise NotImplementedError

    def read_answer(self, i: int, report: Report) -> AnswerBlock:
        raise NotImplementedError

    def parse_heading(self, heading: re.Match[str], i: int) -> int:
        level = len(heading.group(1))
        text = heading.group(2).strip()
        if level == 1 and self.title is None and not self.questions and not self.reading_question():
            self.set_title(text, i + 1)
            self.claim(i, i + 1, "title")
            return i + 1
        self.flush_question()
        if is_references_heading(text) and not self.section_holds_questions(i + 1):
            self.claim(i, i + 1, "reference")
            return self.parse_references(i + 1)
        return self.skip_section(i, text)

    def section_holds_questions(self, i: int) -> bool:
        """Whether the section from `lines[i]` to the next heading holds a question or an
        answer block: then it is questions, whatever its heading says."""
        lines = self.lines
        for index in range(i, len(lines)):  # not islice(lines, i, None): it walks lines[:i] first
            line = lines[index]
            if QUESTION_RE.match(line) or is_details_open(line):
                return True
            if HEADING_RE.match(line):
                return False
        return False

    def set_title(self, title: str, lineno: int) -> None:
        problem = title_problem(title) if title else None  # an empty heading: the file's name
        if problem is not None:
            self.report(lineno, "error", problem, "title")
            return  # a refused value never reaches a page: the file's name stands in
        self.title = title

    def parse_references(self, i: int, read_line: Callable[[int], None] | None = None) -> int:
        """The lines of a references section from lines[i], up to the next heading or
        canonical question, each read by `read_line` (a canonical file's strict reading by
        default); returns where it stopped."""
        read = read_line or self.read_reference_line
        while i < len(self.lines):
            line = self.lines[i]
            if QUESTION_RE.match(line) or HEADING_RE.match(line):
                return i
            if COMMENT_RE.match(line):
                i = self.skip_comment(i)
                continue
            if line.strip():
                read(i)
            i += 1
        return i

    def read_reference_line(self, i: int) -> None:
        position = len(self.references) + 1
        reference = parse_reference_line(self.lines[i], i + 1, position, self.report)
        if reference is not None:
            self.references.append(reference)
        self.claim(i, i + 1, "reference" if reference is not None else "finding")

    def skip_section(self, i: int, title: str) -> int:
        """A grouping heading: the questions after it are its section. Text between it and
        its first question is left out with a finding, and so is a heading without questions,
        which says how many question-like blocks it held."""
        start = i
        i += 1
        blocks = 0
        content = False
        while i < len(self.lines):
            line = self.lines[i]
            if QUESTION_RE.match(line) or HEADING_RE.match(line):
                break
            content = content or bool(line.strip())
            if is_details_open(line) or QUESTION_LIKE_RE.match(line):
                blocks += 1
            if is_details_open(line):
                quiet = self.read_answer(i, lambda *a, **k: None)
                i = quiet.end
                continue
            i += 1
        held = f" ({blocks} question-like block{'s' if blocks != 1 else ''} in it)" if blocks else ""
        if i < len(self.lines) and QUESTION_RE.match(self.lines[i]):
            self.section = title
            self.claim(start, start + 1, "section")
            if content:
                self.claim(start + 1, i, "finding")
                message = f"text under {title!r} before its first question is left out of the bank{held}"
                self.report(start + 2, "warning", message, "ignored-section")
            return i
        self.claim(start, i, "finding")
        message = f"section {title!r} holds no questions or references; it is left out of the bank{held}"
        self.report(start + 1, "warning", message, "ignored-section")
        return i

    def skip_comment(self, i: int) -> int:
        start = i
        while i < len(self.lines) and "-->" not in self.lines[i]:
            i += 1
        if self.lines[start].lstrip().startswith(META_START):
            message = (
                "question metadata must follow its question's line (blank lines aside): "
                "this comment is not read; move it up"
            )
            self.report(start + 1, "error", message, "misplaced-meta")
        else:
            self.report(start + 1, "warning", "HTML comment outside a question is ignored", "ignored-comment")
        self.claim(start, min(i + 1, len(self.lines)), "finding")
        return i + 1
