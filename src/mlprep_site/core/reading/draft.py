"""The state every reader of a topic file fills in: findings, what it found, the ledger.

The canonical reader (`canonical.TopicParser`) and the readers of foreign dialects
(`core/dialects/`) share it, so a topic is built one way whatever the dialect.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from mlprep_site.core.domain.diagnostics import Finding, Severity
from mlprep_site.core.domain.model import Question, Reference
from mlprep_site.core.reading.accounting import Ledger


class Draft:
    def __init__(self, lines: Sequence[str], source: str) -> None:
        self.source = source
        self.lines = list(lines)
        self.text: str | None = None
        """The lines joined, when the reader that split them keeps it (None once one is set aside)."""
        self.findings: list[Finding] = []
        self.meta: dict[str, object] = {}
        self.title: str | None = None
        self.description_lines: list[str] = []
        self.description_line = 0
        self.questions: list[Question] = []
        self.references: list[Reference] = []
        self.section: str | None = None
        """The grouping heading the next question belongs to."""
        self.ledger = Ledger()
        self.set_aside: list[int] = []
        """Indices of lines blanked because they are not content (docs-site markup), in order:
        a claim looks up those in its range, not all of them (quadratic in a page of markup)."""
        self.taken_ids: set[str] = set()
        """Ids given by a foreign dialect's reader, which makes each one unique."""
        self.next_suffix: dict[str, int] = {}
        """For an id taken, the number to try after it: the numbers before were all taken, so
        a text asked many times does not try them all again each time (quadratic)."""

    def report(
        self, line: int, severity: Severity, message: str, code: str, col: int = 1, subject: str | None = None
    ) -> None:
        self.findings.append(Finding(self.source, line, severity, message, code, col, subject))

    def claim(self, start: int, end: int, kind: str) -> None:
        """Claim the lines of indices [start, end) for `kind`, except lines set aside."""
        if not self.set_aside:  # the common case, one claim: `Ledger.claim` inline
            if end > start:
                self.ledger.claims.append((start + 1, end, kind))
            return
        aside = self.set_aside
        for index in aside[bisect.bisect_left(aside, start) : bisect.bisect_left(aside, end)]:
            self.ledger.claim(start + 1, index, kind)
            start = index + 1
        self.ledger.claim(start + 1, end, kind)

    def set_aside_line(self, index: int) -> None:
        """Blank a line that is not content (it was claimed with its finding)."""
        self.claim(index, index + 1, "finding")
        position = bisect.bisect_left(self.set_aside, index)
        if self.set_aside[position : position + 1] != [index]:
            self.set_aside.insert(position, index)  # at the end: lines are set aside in order
        self.lines[index] = ""
        self.text = None

    def add_question(self, question: Question) -> None:
        self.questions.append(question)
        if question.answer is None:
            self.report(
                question.line,
                "warning",
                f"question {question.number} is unanswered (shown as wanted on the site)",
                "unanswered",
            )
