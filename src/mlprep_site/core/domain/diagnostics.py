"""Findings about content: what is wrong, and where (`path:line:col`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
"""`info`: worth knowing, nothing to fix (text of an imported repository that is no question, such
as its introduction): shown by `validate` and `import`, never failing a strict build."""


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    severity: Severity
    message: str
    code: str
    col: int = 1
    subject: str | None = None
    """What the finding is about when a tool needs it verbatim (the URL of a `bad-url`)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def summarize(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    notes = sum(1 for f in findings if f.severity == "info")
    warnings = len(findings) - errors - notes
    told = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return f"{told}, {notes} info" if notes else told
