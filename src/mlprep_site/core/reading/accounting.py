"""Where each line of a source file went: the side record that makes loss visible.

Every reader claims the lines it consumes, by kind (`question`, `answer`, `markup`, …, or
`finding` for lines a finding names). Claims are ranges appended as a reader goes, kept out of
the frozen model (they take no part in its equality) and returned next to the topic, so a test
and `mlprep-site import` can check that every non-blank line ended up in exactly one place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

KINDS = frozenset(
    {
        "front-matter",
        "title",
        "description",
        "section",
        "question",
        "question-meta",
        "question-body",
        "answer",
        "markup",
        "reference",
        "finding",
    }
)
"""`markup`: lines of structure only (`<details>`, `<summary>Answer</summary>`, a table's rule)."""


@dataclass(slots=True)
class Ledger:
    claims: list[tuple[int, int, str]] = field(default_factory=list)
    """(first line, last line, kind), 1-based and inclusive."""

    def claim(self, first: int, last: int, kind: str) -> None:
        if last >= first:
            self.claims.append((first, last, kind))

    def line_kinds(self) -> dict[int, list[str]]:
        """Each claimed line with every kind that claimed it (more than one is a reader bug)."""
        kinds: dict[int, list[str]] = {}
        for first, last, kind in self.claims:
            for line in range(first, last + 1):
                kinds.setdefault(line, []).append(kind)
        return kinds

    def problems(self, lines: Sequence[str]) -> list[str]:
        """Non-blank lines claimed never or twice, and claims of unknown kinds or past the end."""
        kinds = self.line_kinds()
        found = [f"unknown kind {k!r}" for k in {k for _, _, k in self.claims} - KINDS]
        found += [f"line {n} is past the end" for n in kinds if not 1 <= n <= len(lines)]
        for number, text in enumerate(lines, 1):
            claimed = kinds.get(number, [])
            if text.strip() and not claimed:
                found.append(f"line {number} is claimed by nothing: {text!r}")
            elif len(claimed) > 1:
                found.append(f"line {number} is claimed {len(claimed)} times {claimed}: {text!r}")
        return found

    def count(self, lines: Sequence[str], kind: str) -> int:
        """Non-blank lines of `kind`."""
        counter = Counter(
            k for first, last, k in self.claims for n in range(first, last + 1) if lines[n - 1].strip()
        )
        return counter[kind]
