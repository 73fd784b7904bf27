"""The fence rule of the page renderer, `pymdownx.superfences` (pymdown-extensions, default
options): a model of what the site's Markdown would read, used only to find where it would
read a source differently from GitHub (`core.importer.portable` rewrites those fences). It is not the
project's definition of code: every reader asks `core.text.code` (markdown-it's CommonMark rules).

- an opening line is optional indentation (spaces, tabs, `>`), three or more backticks or
  tildes, then an optional language, then `{attributes}` or highlight options
  (`title="…"`, `linenums="1"`, `hl_lines="2 3"`, `title_mode="…"`) and nothing else
  (`core.importer.fence_header`, superfences' header regex read in linear time);
- the block closes at a line with the same indentation and exactly the same marker (three
  backticks are not closed by four), followed only by spaces or tabs;
- a non-blank line indented less than the opening line abandons the block: its lines are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlprep_site.core.importer.fence_header import parse_header
from mlprep_site.core.text.code import may_hold_fence

TAB_LENGTH = 4  # Python-Markdown's default `tab_length`, which superfences uses too
_PREFIX_CHARS = frozenset("> \t")
_OPTION_RE = re.compile(r"""(?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quot>"|')(?P<value>.*?)(?P=quot))?""")
# The options superfences' highlight validator accepts (with Pygments, as mkdocs.yml sets it);
# any other option makes the header invalid.
_HIGHLIGHT_OPTIONS = {
    "hl_lines": re.compile(r"^(?P<hl_lines>\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*)$"),
    "linenums": re.compile(r"(?P<linestart>[\d]+)(?:[ \t]+(?P<linestep>[\d]+))?"),
    "title": None,
    "title_mode": None,
}


@dataclass(frozen=True, slots=True)
class Fence:
    marker: str
    """The backticks or tildes that opened the block; only the same string closes it."""
    indent: int
    """The width of the opening line's indentation (tabs expanded)."""
    prefix: str
    """The opening line's indentation as written, for a closing line of the same width."""


def _prefix(line: str) -> str:
    end = 0
    while end < len(line) and line[end] in _PREFIX_CHARS:
        end += 1
    return line[:end]


def _valid_options(options: str) -> bool:
    for match in _OPTION_RE.finditer(options):
        # A key without a value is an empty one to superfences: `title` takes it, `linenums` not.
        key, value = match.group("key"), match.group("value") or ""
        if key not in _HIGHLIGHT_OPTIONS:
            return False
        check = _HIGHLIGHT_OPTIONS[key]
        if check is not None and not check.match(value):
            return False
    return True


def opening_fence(line: str) -> Fence | None:
    """The fence `line` opens, or None when it is not an opening line."""
    if not may_hold_fence(line):
        return None
    prefix = _prefix(line)
    header = parse_header(line, len(prefix))
    if header is None or header.options and not _valid_options(header.options):
        return None
    return Fence(header.fence, len(prefix.expandtabs(TAB_LENGTH)), prefix)


def _split_indent(line: str, width: int) -> tuple[int, str]:
    """superfences' `parse_fence_line`: (indentation width taken, rest) up to `width`."""
    taken = 0
    index = 0
    for char in line:
        if taken >= width or char not in _PREFIX_CHARS:
            break
        taken += TAB_LENGTH - (taken % TAB_LENGTH) if char == "\t" else 1
        index += 1
    return taken, line[index:]


def fence_step(fence: Fence, line: str) -> str:
    """What `line` does to an open fence: "close", "break" (the block is abandoned) or "code"."""
    if not line.strip():
        return "code"
    taken, content = _split_indent(line, fence.indent)
    if taken != fence.indent or line[: len(line) - len(content)].count(">") != fence.prefix.count(">"):
        return "break"  # indented less than the opening line, or in another quote
    if content.startswith(fence.marker) and not content[len(fence.marker) :].strip(" \t"):
        return "close"
    return "code"
