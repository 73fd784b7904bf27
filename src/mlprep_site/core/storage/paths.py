"""Paths that come from content: where generated files are written. They must stay within their
folder whatever a bank says, are written atomically, and never replace a user's file unasked."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


class OutsideFolder(ValueError):
    """A path that would leave the folder it must stay in."""


def is_safe_uri(uri: str) -> bool:
    """Whether `uri` is a relative, normalised POSIX path with no `..`, `.` or empty part,
    no backslash and no drive: a name that stays inside whatever folder it is joined to."""
    if not uri or "\\" in uri or "\x00" in uri or uri.startswith("/") or ":" in uri.split("/", 1)[0]:
        return False
    return all(part not in ("", ".", "..") for part in uri.split("/"))


def contained(root: Path, uri: str) -> Path:
    """`root / uri`, checked to stay inside `root` once both are resolved (symbolic links
    followed); raises `OutsideFolder` otherwise."""
    if not is_safe_uri(uri):
        raise OutsideFolder(f"{uri!r} is not a plain relative path inside {root}")
    base = root.resolve()
    target = (base / uri).resolve()
    if target != base and base not in target.parents:
        raise OutsideFolder(f"{uri!r} resolves to {target}, outside {base}")
    return target


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (UTF-8 when it is a `str`) to a temporary file beside `path` and rename it
    into place: a reader, or a run killed half-way, sees the old file or the new one, never a
    part of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private; a page is as readable as the file it replaces.
        os.fchmod(handle, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(_bytes(text))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OutputFolder:
    """A folder that `import` and `render --out` write into. Every path is checked to stay
    inside it (`contained`) and every write is atomic. An existing file is replaced only when
    nothing is lost (it holds what would be written, or it is the very file being converted,
    `own`), when `force` is given, or, with a manifest (`MANIFEST`, a hidden file the loader
    and MkDocs skip, kept by `render --out`), when the manifest says we wrote it and it has not
    changed since (its SHA-256)."""

    MANIFEST = ".mlprep-written.json"

    def __init__(self, root: Path, force: bool = False, manifest: bool = False) -> None:
        self.root = root
        self.force = force
        self.manifest = manifest
        self.written: dict[str, str] = {}
        """uri → SHA-256 of what was written there, from earlier runs and this one."""
        if manifest:
            self.written = _read_manifest(root / self.MANIFEST)

    def target(self, uri: str) -> Path:
        """`root/uri`, contained (raises `OutsideFolder`)."""
        return contained(self.root, uri)

    def foreign(self, uri: str, text: str | bytes, own: Path | None = None) -> bool:
        """Whether writing `text` at `uri` would replace a file we did not write, or one that
        changed since we did (raises `OutsideFolder`)."""
        path = self.target(uri)
        if self.force or not path.exists() or (own is not None and own.resolve() == path):
            return False
        if path.is_dir():  # nothing of it is replaced: the write fails and says why
            return False
        try:
            current = path.read_bytes()
        except OSError:
            return True
        return current != _bytes(text) and self.written.get(uri) != _digest(current)

    def write(self, uri: str, text: str | bytes) -> Path:
        """Write `text` (a page, or a file's bytes) at `uri` atomically and record it (the
        manifest is saved by `save`)."""
        path = self.target(uri)
        write_atomic(path, text)
        self.written[uri] = _digest(_bytes(text))
        return path

    def save(self) -> None:
        """Write the manifest, when this folder keeps one."""
        if self.manifest:
            document = {"version": 1, "files": dict(sorted(self.written.items()))}
            write_atomic(self.target(self.MANIFEST), json.dumps(document, indent=1) + "\n")


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        return {}
    return {uri: digest for uri, digest in files.items() if isinstance(uri, str) and isinstance(digest, str)}
