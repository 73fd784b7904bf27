"""A JSON file remembering which URLs passed, and when; plus "go straight to GET" hints.

Only passes are stored as results: a failure is rechecked on the next run, so a fixed link turns
green at once. Entries older than the maximum age are ignored and dropped on save. A missing,
unreadable or foreign cache file is treated as empty (the run just checks everything); it is
never fatal.

Hints: when HEAD did not settle a URL (refused, or answered with a status that is not accepted,
such as a 404) and the verdict came from a GET, the URL is listed under "get_first" with the
time this was learned. The next check of that URL, whether it failed (failures are always
rechecked) or its pass expired, sends the GET directly and saves the HEAD round trip. A hint is
only a choice of method, never a result: the URL is still requested and judged on that GET's
answer. Hints expire after the same maximum age, so a server whose HEAD starts working again is
tried with HEAD again at least that often.

The file is rewritten only when its content changes: a run whose every URL came from the cache
(or that rechecked the same failures) leaves it alone.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from mlprep_site.links.results import Outcome

CACHE_VERSION = 1


def _checked_at(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class LinkCache:
    def __init__(self, path: Path | None, max_age: float, now: float | None = None) -> None:
        self.path = path
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict[str, Any]] = {}
        self.get_first: dict[str, float] = {}
        """URL → when we learned that HEAD does not settle it (see the module docstring)."""
        self.problem: str | None = None
        """Why an existing cache file was ignored, if it was."""
        self._as_read: dict[str, Any] | None = None
        if path is not None and path.exists():
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self.problem = f"{path}: ignored unreadable link cache ({error})"
            return
        if not isinstance(document, dict) or document.get("version") != CACHE_VERSION:
            self.problem = f"{path}: ignored link cache of an unknown format"
            return
        self._as_read = document
        entries = document.get("entries")
        if isinstance(entries, dict):
            self.entries = {
                url: entry
                for url, entry in entries.items()
                if isinstance(entry, dict) and _checked_at(entry.get("checked"))
            }
        hints = document.get("get_first")  # absent in files written before hints existed
        if isinstance(hints, dict):
            self.get_first = {url: float(when) for url, when in hints.items() if _checked_at(when)}

    def _fresh(self, checked: float) -> bool:
        return bool(0 <= self.now - checked <= self.max_age)

    def get(self, url: str) -> Outcome | None:
        """The remembered pass for `url`, if it is younger than the maximum age."""
        entry = self.entries.get(url)
        if entry is None or not self._fresh(entry["checked"]):
            return None
        status = entry.get("status")
        final_url = entry.get("final_url")
        return Outcome(
            state="warning" if entry.get("state") == "warning" else "ok",
            status=status if type(status) is int else None,
            final_url=final_url if type(final_url) is str else None,
            detail=str(entry.get("detail", "")),
            passed=True,
            from_cache=True,
        )

    def wants_get(self, url: str) -> bool:
        """Whether a fresh hint says HEAD did not settle `url` last time (skip it)."""
        learned = self.get_first.get(url)
        return learned is not None and self._fresh(learned)

    def record(self, url: str, outcome: Outcome) -> None:
        """Remember a pass; forget the URL when it failed (failures are never cached); keep or
        drop the GET hint."""
        if outcome.from_cache:
            return
        if not outcome.get_first:
            self.get_first.pop(url, None)
        elif not self.wants_get(url):  # keep the time it was first learned, so it expires
            self.get_first[url] = self.now
        if not outcome.passed:
            self.entries.pop(url, None)
            return
        self.entries[url] = {
            "checked": self.now,
            "state": outcome.state,
            "status": outcome.status,
            "final_url": outcome.final_url,
            "detail": outcome.detail,
        }

    def document(self) -> dict[str, Any]:
        """What save() writes: the fresh entries and hints."""
        return {
            "version": CACHE_VERSION,
            "entries": {
                url: entry
                for url, entry in sorted(self.entries.items())
                if self._fresh(float(entry["checked"]))
            },
            "get_first": {url: at for url, at in sorted(self.get_first.items()) if self._fresh(at)},
        }

    def save(self) -> None:
        """Write fresh entries atomically (a crash mid-write leaves the old file intact); skip
        the write when the file already holds exactly this."""
        if self.path is None:
            return
        document = self.document()
        if document == self._as_read and self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                # Compact, and dumps rather than dump: json's C encoder is used only for a one-shot
                # encoding without indent; dump() streams through the pure-Python encoder, which
                # took ~15 ms for 1,000 URLs, longer than reading, checking and writing the rest.
                stream.write(json.dumps(document, separators=(",", ":")) + "\n")
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._as_read = document
