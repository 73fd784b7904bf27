"""pymdownx.snippets on topic pages: a snippet file that cannot be found is a content finding
at the line that names it, and that line is shown as written, so snippets never raises out of
MkDocs (see `render_path`).

`SnippetsCheck` runs first of the page's preprocessors and goes over the lines as snippets
will: each include (`--8<-- "file"`) and each path of a block (`--8<--` … `--8<--`) is looked
up with snippets' own configuration (its extension's public `getConfigs()`: `base_path`,
`restrict_base_path`, `check_paths`), as are the files those include in turn and the sections
they name. A line whose file or section is missing gets snippets' documented escape (`;`), so
snippets shows it as written instead of raising. URLs (`url_download`) are left to snippets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from mlprep_site.core.domain.model import Topic

FIRST_PRIORITY = 10_000
"""Before every preprocessor: the check must see the lines before snippets changes them."""
# Snippets' `RE_SNIPPET_FILE`, in parts: a line range (`:1:5,10:`) or a section (`:name`).
LINES_RE = re.compile(r"(?::-?[0-9]*){1,2}(?:,(?=[-0-9:])-?[0-9]*(?::-?[0-9]*)?)*")
SECTION_RE = re.compile(r":([a-z][-_0-9a-z]*)\Z", re.IGNORECASE)
RANGE_CHARS = frozenset("-0123456789:,")
MAX_DEPTH = 8
"""Files included by included files, looked into at most this deep."""


@dataclass(frozen=True)
class SnippetsConfig:
    bases: tuple[str, ...]
    restrict: bool
    check_paths: bool
    url_download: bool

    @classmethod
    def of(cls, md: Markdown) -> SnippetsConfig | None:
        """The configuration of the page's pymdownx.snippets, if it has it."""
        from pymdownx.snippets import SnippetExtension  # only pages of sites that use snippets

        found = (e for e in md.registeredExtensions if isinstance(e, SnippetExtension))
        extension = next(found, None)
        if extension is None:
            return None
        configs: dict[str, Any] = extension.getConfigs()
        base = configs["base_path"]
        bases = [base] if isinstance(base, str | os.PathLike) else list(base)
        return cls(
            tuple(os.path.abspath(b) for b in bases),
            bool(configs["restrict_base_path"]),
            bool(configs["check_paths"]),
            bool(configs["url_download"]),
        )

    def path_of(self, name: str) -> str | None:
        """The file snippets would read for `name`, as its `get_snippet_path` finds it."""
        for base in self.bases:
            if os.path.isdir(base):
                filename = os.path.abspath(os.path.join(base, name))
                inside = filename.startswith(base if base.endswith(os.sep) else base + os.sep)
                if (inside or not self.restrict) and os.path.exists(filename):
                    return filename
            elif os.path.exists(base):
                filename = os.path.join(os.path.dirname(base), name)
                if os.path.exists(filename) and os.path.samefile(filename, base):
                    return filename
        return None


def snippet_paths(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, path as written) of each line that snippets reads as a file to include."""
    from pymdownx.snippets import SnippetPreprocessor

    block = False
    for index, line in enumerate(lines):
        if "8<-" not in line and not block:
            continue
        match = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        if match is not None:
            if match.group("escape") or (block and match.group("inline_marker")):
                continue
            if match.group("inline_marker"):
                yield index, match.group("snippet")[1:-1].strip()
            else:
                block = not block
        elif block:
            path = line.strip()
            if path and not path.startswith(";"):
                yield index, path


def missing_because(config: SnippetsConfig, path: str, depth: int = 0) -> str | None:
    """Why snippets would raise on an include of `path`: snippets' own message, or None."""
    if path.lower().startswith(("https://", "http://")) and config.url_download:
        return None
    name, section = split_path(path)
    if not name:
        return "Snippet at path '' could not be found"
    filename = config.path_of(name)
    if filename is None:
        return f"Snippet at path '{name}' could not be found"
    if depth >= MAX_DEPTH or not os.path.isfile(filename):
        return None
    try:
        with open(filename, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().split("\n")
    except OSError:
        return None
    if section is not None and not _has_section(lines, section):
        return f"Snippet section '{section}' could not be located"
    for _, inner in snippet_paths(lines):
        problem = missing_because(config, inner, depth + 1)
        if problem is not None:
            return f"{problem} (included by {name!r})"
    return None


def split_path(path: str) -> tuple[str, str | None]:
    """A snippet target's file name and section, as snippets splits `file.md:1:5` and
    `file.md:name`: the name ends at the first `:` that starts a valid line range or section
    running to the end (linear: a line range holds only digits, `-`, `:` and `,`)."""
    tail = len(path)
    while tail > 0 and path[tail - 1] in RANGE_CHARS:
        tail -= 1
    colon = path.find(":", max(tail - 1, 0))
    while colon != -1:
        if LINES_RE.fullmatch(path, colon):
            return path[:colon].strip(), None
        colon = path.find(":", colon + 1)
    section = SECTION_RE.search(path)
    if section is not None:
        return path[: section.start()].strip(), section[1]
    return path.strip(), None


def _has_section(lines: list[str], name: str) -> bool:
    from pymdownx.snippets import SnippetPreprocessor

    for line in lines:
        found = SnippetPreprocessor.RE_SNIPPET_SECTION.match(line) if "8<-" in line else None
        if found and found.group("type").lower() == "start" and found.group("name") == name:
            return True
    return False


class SnippetsCheck(Preprocessor):
    """The page's snippet lines checked before snippets reads them (see the module's
    docstring); each missing file is a problem at the content line that names it."""

    def __init__(self, md: Markdown, topic: Topic, problems: list[tuple[int, str]]) -> None:
        super().__init__(md)
        self.topic = topic
        self.problems = problems
        """(source line, message) of the page's conversion, as `PageQuestions` has them."""

    def run(self, lines: list[str]) -> list[str]:
        config = SnippetsConfig.of(self.md) if any("8<-" in line for line in lines) else None
        if config is None or not config.check_paths:
            return lines
        for index, path in list(snippet_paths(lines)):
            problem = missing_because(config, path)
            if problem is None:
                continue
            self.problems.append((self._line_naming(lines[index]), f"pymdownx.snippets: {problem}"))
            line = lines[index]
            cut = len(line) - len(line.lstrip(" \t"))
            lines[index] = f"{line[:cut]};{line[cut:]}"  # snippets' escape: shown as written
        return lines

    def _line_naming(self, line: str) -> int:
        """The content line that reads `line` (else the topic's first line)."""
        wanted = line.strip()
        for question in self.topic.questions:
            for text, first in ((question.answer, question.answer_line), (question.question_body, None)):
                for offset, own in enumerate((text or "").split("\n")):
                    if own.strip() == wanted:
                        return (first or question.line) + offset
        return 1
