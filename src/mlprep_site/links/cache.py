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

Trust: a cache file is read only when it carries an HMAC-SHA256 signature made with this run's
key: `MLPREP_LINK_CACHE_KEY` from the environment (a CI secret), else a key file kept outside
the repository (`$XDG_CACHE_HOME/mlprep-site/link-cache.key`, made on first use). A cache
file committed in a pull request cannot be signed with it, so it is ignored with a warning
(a forged pass would let a broken link through without a request). URLs with credentials in
them (`https://user:pass@host/`) are never cached: a secret is not a key, and a pass with one
password says nothing about another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mlprep_site.links.results import Outcome

CACHE_VERSION = 1
KEY_VARIABLE = "MLPREP_LINK_CACHE_KEY"


def key_file() -> Path:
    """Where the machine's own signing key is kept when the environment gives none."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlprep-site" / "link-cache.key"


def signing_key() -> bytes | None:
    """This run's key: the environment's, else the key file's (made when missing); None when
    there is neither and none can be made (the cache is then neither trusted nor signed)."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return given.encode("utf-8")
    path = key_file()
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32))
        return path.read_bytes().strip() or None
    except OSError:
        return None


def signature(document: dict[str, Any], key: bytes) -> str:
    body = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()


def has_credentials(url: str) -> bool:
    """Whether `url` carries a user name or password (`https://user:pass@host/`)."""
    try:
        return "@" in urlsplit(url).netloc
    except ValueError:
        return True


def _checked_at(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class LinkCache:
    def __init__(
        self, path: Path | None, max_age: float, now: float | None = None, key: bytes | None = None
    ) -> None:
        self.path = path
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self.key = key if key is not None or path is None else signing_key()
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
        signed = document.pop("signature", None)
        if (
            self.key is None
            or not isinstance(signed, str)
            or not hmac.compare_digest(signed, signature(document, self.key))
        ):
            self.problem = (
                f"{path}: ignored a link cache this machine or CI run did not write (not signed with "
                f"its key, {KEY_VARIABLE} or {key_file()}); every URL is checked"
            )
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
        entry = None if has_credentials(url) else self.entries.get(url)
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
        drop the GET hint. A URL with credentials is not remembered at all."""
        if outcome.from_cache or has_credentials(url):
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
        """Write fresh entries atomically (a crash mid-write leaves the old file intact), signed
        with this run's key; skip the write when the file already holds exactly this, or when
        there is no key (an unsigned file would never be read)."""
        if self.path is None or self.key is None:
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
                # took longer than reading, checking and writing the rest of a cached run.
                signed = {**document, "signature": signature(document, self.key)}
                stream.write(json.dumps(signed, separators=(",", ":")) + "\n")
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._as_read = document
