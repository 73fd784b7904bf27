"""Files that are not Q&A (`detect.PROSE`): an awesome list, a check-box study plan, a changelog.

No line of them is read as a question: their list items, headings and bold links would all be
false questions. One finding, at the first line of text, says why the file reads as prose and
claims every line, so nothing is lost without a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlprep_site.core.reading.detect import scan

if TYPE_CHECKING:
    from mlprep_site.core.reading.canonical import TopicParser


def read(parser: TopicParser, start: int) -> None:
    lines = parser.lines
    reason = scan(lines, start).prose_reason() or "reads as prose"
    first = next((i for i in range(start, len(lines)) if lines[i].strip()), start)
    parser.claim(start, len(lines), "finding")
    message = (
        f"{reason}, not as questions: no questions are read from this file "
        "(questions are written `1. **Question?**`, as headings, list items or `<summary>`)"
    )
    parser.report(first + 1, "info", message, "not-questions")
