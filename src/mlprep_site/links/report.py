"""Reports: human (`file:line` per citation), JSON, GitHub workflow annotations; TTY progress.

Every report masks the credentials of a cited URL (`https://***@host/`), and text from content,
the cache or a server is escaped for the format it is printed in: control characters are shown
as `\\n`, `\\x1b`… in the human report (a raw newline there could start a line of its own, such
as a forged `::error`), and the workflow-command escapes are used in the GitHub one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.reading.references import masked
from mlprep_site.links.results import STATES, LinkResult, Outcome

FORMATS = ("human", "json", "github")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(text: str) -> str:
    """Text for a line of the human report: masked, control characters escaped."""
    return _CONTROL_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), masked(text))


def summarize(results: Sequence[LinkResult], *, offline: bool = False) -> dict[str, Any]:
    counts: dict[str, int] = {state: sum(1 for r in results if r.state == state) for state in STATES}
    return {
        "total": len(results),
        **counts,
        "cached": sum(1 for r in results if r.from_cache),
        "offline": offline,
    }


def to_json(results: Sequence[LinkResult], summary: dict[str, Any], findings: Sequence[Finding] = ()) -> str:
    document = {
        "findings": [
            {
                "file": f.path,
                "line": f.line,
                "col": f.col,
                "severity": f.severity,
                "code": f.code,
                "message": masked(f.message),
            }
            for f in findings
        ],
        "results": [
            {
                "url": masked(r.url),
                "state": r.state,
                "status": r.status,
                "final_url": masked(r.final_url) if r.final_url else r.final_url,
                "detail": masked(r.detail),
                "citations": [{"file": c.file, "line": c.line} for c in r.citations],
            }
            for r in results
        ],
        "summary": summary,
    }
    # Compact: json's C encoder is used only without indent (the pure-Python one is much slower).
    return json.dumps(document, ensure_ascii=False)


def _problems(results: Sequence[LinkResult]) -> list[tuple[str, int, LinkResult]]:
    rows = [(c.file, c.line, r) for r in results if r.state in ("broken", "warning") for c in r.citations]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2].url))


def _summary_line(summary: dict[str, Any]) -> str:
    # "not checked" is only news in an offline run (and older reports had no such count)
    parts = [f"{summary[state]} {state}" for state in STATES if state != "unchecked"]
    if summary["offline"] or summary["unchecked"]:
        parts.append(f"{summary['unchecked']} not checked")
    extra = f", {summary['cached']} from cache" if summary["cached"] else ""
    mode = " (offline: no requests made)" if summary["offline"] else ""
    return f"{summary['total']} links: {', '.join(parts)}{extra}{mode}"


def to_human(results: Sequence[LinkResult], summary: dict[str, Any], findings: Sequence[Finding] = ()) -> str:
    lines = [_shown(str(finding)) for finding in findings]
    for file, line, result in _problems(results):
        moved = ""
        if result.final_url and result.final_url != result.url.split("#", 1)[0]:
            moved = f" → {result.final_url}"
        lines.append(_shown(f"{file}:{line}: {result.state}: {result.url}{moved} ({result.detail})"))
    lines.append(_summary_line(summary))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return masked(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(
    results: Sequence[LinkResult], summary: dict[str, Any], findings: Sequence[Finding] = ()
) -> str:
    """`::error file=…,line=…,title=…::…` per loader finding (its severity) and per broken
    citation (`::warning` for warnings)."""
    lines = []
    for f in findings:
        properties = (
            f"file={_escape_property(f.path)},line={f.line},col={f.col},"
            f"title={_escape_property(f'mlprep-site {f.code}')}"
        )
        level = "notice" if f.severity == "info" else f.severity  # GitHub's word for info
        lines.append(f"::{level} {properties}::{_escape_data(f.message)}")
    for file, line, result in _problems(results):
        level = "error" if result.state == "broken" else "warning"
        title = "Broken link" if level == "error" else "Link warning"
        properties = f"file={_escape_property(file)},line={line},title={_escape_property(title)}"
        lines.append(f"::{level} {properties}::{_escape_data(f'{result.url}: {result.detail}')}")
    lines.append(_summary_line(summary))
    return "\n".join(lines)


def render(
    fmt: str, results: Sequence[LinkResult], summary: dict[str, Any], findings: Sequence[Finding] = ()
) -> str:
    """The report; `findings` are the loader's, for the files the links were collected from."""
    if fmt == "json":
        return to_json(results, summary, findings)
    if fmt == "github":
        return to_github(results, summary, findings)
    return to_human(results, summary, findings)


class Progress:
    """`checking links: 12/340` rewritten in place on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._shown = False

    def __call__(self, done: int, total: int, url: str, outcome: Outcome) -> None:
        if self.enabled:
            self.stream.write(f"\rchecking links: {done}/{total}")
            self.stream.flush()
            self._shown = True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
