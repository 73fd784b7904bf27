"""Paths that come from content: where generated files are written, and the source paths
published in the site. Both must stay within their folder whatever a bank says."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath


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


def published_path(source: str, root: str | Path) -> str:
    """A source path as published (edit and source links, exports): relative to `root` (the
    folder of mkdocs.yml, or the content root) in POSIX form; never absolute, never above
    `root`. A path outside `root` is published by its file name alone."""
    path = source.replace("\\", "/")
    if PurePosixPath(path).is_absolute() or os.path.isabs(source):
        try:
            path = Path(source).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            return posixpath.basename(path)
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../") or normal.startswith("/"):
        return posixpath.basename(normal)
    return normal
