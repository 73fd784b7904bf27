"""Paths that come from content: where generated files are written. They must stay within their
folder whatever a bank says."""

from __future__ import annotations

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
