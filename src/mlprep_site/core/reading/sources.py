"""Which files a PATH stands for: folders searched recursively, and the name a file gives its
topic. The loader and the plugin's content signature both use `iter_sources`, so a rebuild
watches exactly the files that are read.

The folder given is a boundary: a symbolic link (to a file or a folder) that resolves outside
it is not followed but reported at its path (`symlink-outside`), so no file of the build
machine can reach a page, the quiz data, the deck or an import. A file given by itself is
bounded by the folder it is named in. Links that stay inside are read as usual."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from mlprep_site.core.domain.diagnostics import Finding

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
DATA_SUFFIXES = (".yaml", ".yml", ".json")
SKIPPED_FOLDERS = frozenset({"node_modules"})
FOLDER_PAGE_STEMS = frozenset({"readme", "index"})
# A page named for its language (`en-US.mdx`, `zh-Hans.md`): docs sites keep one question or
# chapter per folder this way, so the folder names the page.
LANGUAGE_STEM_RE = re.compile(r"[a-z]{2,3}-(?:[A-Z]{2}|[A-Z][a-z]{3})")
YAML_SCHEMA_KEY_RE = re.compile(r"^(?:schema|\"schema\"|'schema')[ \t]*:", re.MULTILINE)
JSON_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def topic_stem(source: str) -> str:
    """The name a topic file gives its topic: its stem, or its folder's name for a
    `README.md`, an `index.md` or a page named for its language (`en-US.mdx`)."""
    path = Path(source)
    generic = path.stem.lower() in FOLDER_PAGE_STEMS or LANGUAGE_STEM_RE.fullmatch(path.stem)
    if generic and path.parent.name:
        return path.parent.name
    return path.stem


def looks_like_bank(path: Path) -> bool:
    """Whether a YAML/JSON file found in a folder is a bank: a mapping with a top-level
    `schema` key. Other data files (`package.json`, lock files, CI settings) are not read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.suffix.lower() != ".json":
        return YAML_SCHEMA_KEY_RE.search(text) is not None
    return _json_top_level_keys_include(text, "schema")


def _json_top_level_keys_include(text: str, key: str) -> bool:
    """Whether `text`, read as a JSON object, has `key` at its top level: one pass over its
    strings and brackets, without parsing it (the loader parses a bank within bounds and
    reports what is wrong with it; a hostile file nested 100,000 deep must not exhaust the
    recursion of `json`). Broken JSON is judged as far as it goes."""
    depth = 0
    wanted = f'"{key}"'
    for token in JSON_TOKEN_RE.finditer(text):
        value = token.group(0)
        if value in "{[":
            depth += 1
        elif value in "}]":
            depth -= 1
        elif depth == 1 and value == wanted and text[token.end() :].lstrip(" \t\r\n")[:1] == ":":
            return True
    return False


def leaves_folder(path: Path, boundary: Path) -> bool:
    """Whether `path` resolves (symbolic links followed) outside `boundary`, itself resolved."""
    target = path.resolve()
    return target != boundary and boundary not in target.parents


def _outside(path: Path) -> Finding:
    message = "a symbolic link that leads outside the content folder: not read"
    return Finding(str(path), 1, "error", message, "symlink-outside")


def _folder_sources(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The bank files under `folder`, recursively, sorted; hidden folders and files and
    `node_modules` are skipped; symbolic links that leave `folder` are findings."""
    boundary = folder.resolve()
    found: list[Path] = []
    refused: list[Finding] = []
    for root, folders, names in os.walk(folder):  # does not descend into linked folders
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS)
        for name in folders:
            if Path(root, name).is_symlink() and leaves_folder(Path(root, name), boundary):
                refused.append(_outside(Path(root, name)))
        for name in sorted(names):
            path = Path(root, name)
            suffix = path.suffix.lower()
            if name.startswith(".") or suffix not in MARKDOWN_SUFFIXES + DATA_SUFFIXES:
                continue
            if path.is_symlink() and leaves_folder(path, boundary):
                refused.append(_outside(path))
            elif not path.is_file():
                continue
            elif suffix in MARKDOWN_SUFFIXES or looks_like_bank(path):
                found.append(path)
    return found, refused


def iter_sources(paths: Iterable[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Expand folders into their bank files, sorted; report paths that do not exist and
    symbolic links that leave their folder."""
    files: list[Path] = []
    findings: list[Finding] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside, refused = _folder_sources(path)
            files.extend(inside)
            findings.extend(refused)
        elif path.is_file() and path.is_symlink() and leaves_folder(path, path.parent.resolve()):
            findings.append(_outside(path))
        elif path.is_file():
            files.append(path)
        else:
            findings.append(Finding(str(path), 1, "error", "no such file or folder", "not-found"))
    return files, findings
