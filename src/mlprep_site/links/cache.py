"""A JSON file remembering which URLs passed, and when.

Only passes are stored: a failure is rechecked on the next run, so a fixed link turns green at
once. Entries older than the maximum age are ignored and dropped on save. A missing, unreadable or
foreign cache file is treated as empty (the run just checks everything); it is never fatal.
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


class LinkCache:
    def __init__(self, path: Path | None, max_age: float, now: float | None = None) -> None:
        self.path = path
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict[str, Any]] = {}
        self.problem: str | None = None
        """Why an existing cache file was ignored, if it was."""
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
        entries = document.get("entries")
        if isinstance(entries, dict):
            self.entries = {
                url: entry
                for url, entry in entries.items()
                if isinstance(entry, dict) and isinstance(entry.get("checked"), int | float)
            }

    def _fresh(self, entry: dict[str, Any]) -> bool:
        return bool(0 <= self.now - float(entry["checked"]) <= self.max_age)

    def get(self, url: str) -> Outcome | None:
        """The remembered pass for `url`, if it is younger than the maximum age."""
        entry = self.entries.get(url)
        if entry is None or not self._fresh(entry):
            return None
        state = entry.get("state")
        status = entry.get("status")
        return Outcome(
            state="warning" if state == "warning" else "ok",
            status=status if isinstance(status, int) else None,
            final_url=entry.get("final_url") if isinstance(entry.get("final_url"), str) else None,
            detail=str(entry.get("detail", "")),
            passed=True,
            from_cache=True,
        )

    def record(self, url: str, outcome: Outcome) -> None:
        """Remember a pass; forget the URL when it failed (failures are never cached)."""
        if outcome.from_cache:
            return
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

    def save(self) -> None:
        """Write fresh entries atomically (a crash mid-write leaves the old file intact)."""
        if self.path is None:
            return
        fresh = {url: entry for url, entry in sorted(self.entries.items()) if self._fresh(entry)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"version": CACHE_VERSION, "entries": fresh}, stream, indent=1)
                stream.write("\n")
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
