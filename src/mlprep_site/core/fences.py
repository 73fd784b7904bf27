"""Which lines of markdown are code: the one fence rule of the package.

Pages are rendered with `pymdownx.superfences` (see `markup.MARKDOWN_EXTENSIONS`), so a fence
opens and closes exactly the way it does there (pymdown-extensions 10, default options):

- an opening line is optional indentation (spaces, tabs, `>`), three or more backticks or
  tildes, then an optional language, then `{attributes}` or highlight options
  (`title="…"`, `linenums="1"`, `hl_lines="2 3"`, `title_mode="…"`) and nothing else
  (`core.fence_header`, superfences' header regex read in linear time). Anything
  else after the marker (```` ```wc -l``` ````, ```` ```python foo ````) makes the line text,
  with an inline code span in it;
- the block closes at a line with the same indentation and exactly the same marker (three
  backticks are not closed by four), followed only by spaces or tabs;
- a non-blank line indented less than the opening line abandons the block: its lines are text.

The loader, the page writer and the link collector all read code through this module, so what
they skip as code is what the page shows as code. A fence still open at the end of an answer
is closed by the page writer (`close_open_fence`), so on the page it runs to the answer's end;
the loader reports it.

Indented code and inline code spans follow Python-Markdown: four spaces (or a tab) after a
blank line, unless the block continues a list; a run of backticks closed by a run of the same
length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from mlprep_site.core.fence_header import parse_header

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
_LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def may_hold_fence(line: str) -> bool:
    """A quick test: only lines with three backticks or tildes can open or close a fence."""
    return "```" in line or "~~~" in line


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


class FenceTracker:
    """Fenced code line by line, for readers that cannot look ahead. Same rule as
    `CodeScanner`, except that the lines of a block later abandoned (a less indented line)
    were already reported as code, and a fence left open stays open (`fence`)."""

    def __init__(self) -> None:
        self.open: Fence | None = None

    @property
    def fence(self) -> str | None:
        """The marker of the fence open after the last line fed, if any."""
        return self.open.marker if self.open is not None else None

    def inside_after(self, line: str) -> bool:
        """Feed a line; True when the line belongs to a fenced code block (its fences too)."""
        if self.open is None:
            self.open = opening_fence(line)
            return self.open is not None
        step = fence_step(self.open, line)
        if step != "code":
            self.open = None
        return step != "break"


def fence_extent(
    lines: Sequence[str], start: int, fence: Fence, left_open_at: Callable[[str], bool] | None = None
) -> tuple[str, int]:
    """How the fence opened by `lines[start]` ends: ("close", index of the closing line),
    ("break", index of the line that abandons it) or ("open", index where it was left open:
    the end of `lines`, or the first line for which `left_open_at` holds)."""
    if not fence.prefix:
        return _unindented_fence_extent(lines, start, fence.marker, left_open_at)
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if left_open_at is not None and left_open_at(line):
            return "open", index
        step = fence_step(fence, line)
        if step != "code":
            return step, index
    return "open", len(lines)


def _unindented_fence_extent(
    lines: Sequence[str], start: int, marker: str, left_open_at: Callable[[str], bool] | None
) -> tuple[str, int]:
    """`fence_extent` of a fence opened without indentation (the common case): no line can be
    indented less or sit in another quote, so no line breaks it, and `fence_step` comes down
    to whether the line is the marker followed only by spaces or tabs."""
    width = len(marker)
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if left_open_at is not None and left_open_at(line):
            return "open", index
        if line.startswith(marker) and not line[width:].strip(" \t"):
            return "close", index
    return "open", len(lines)


class IndentedCode:
    """Indented code blocks, line by line (Python-Markdown): a line indented by four spaces or
    a tab that starts a block after a blank line, or continues such code, unless the block
    continues a list."""

    def __init__(self, state: tuple[bool, bool, bool] = (True, False, False)) -> None:
        self.previous_blank, self.in_code, self.in_list = state

    @property
    def state(self) -> tuple[bool, bool, bool]:
        """All that decides the lines after: (previous_blank, in_code, in_list)."""
        return self.previous_blank, self.in_code, self.in_list

    def inside_after(self, line: str) -> bool:
        first = line[:1]
        if first == " " or first == "\t":
            if not line.strip():
                self.previous_blank = True
                return False
            if line.startswith(("    ", "\t")):
                if self.previous_blank and not self.in_code:
                    self.in_code = not self.in_list
                self.previous_blank = False
                return self.in_code
        elif not first:
            self.previous_blank = True
            return False
        # Not indented: the end of any code; after a blank line, a list starts or ends (a list
        # does not interrupt a paragraph).
        if self.previous_blank:
            self.in_list = _LIST_ITEM_RE.match(line) is not None
        self.in_code = False
        self.previous_blank = False
        return False

    def after_fence(self, fence: Fence) -> None:
        """A fenced block ends indented code and, unindented after a blank line, a list."""
        if fence.indent < TAB_LENGTH and self.previous_blank:
            self.in_list = False
        self.in_code = False
        self.previous_blank = False


class CodeScanner:
    """Which lines are code, from `lines[start]` on, read lazily (an answer's reader stops at
    its `</details>`).

    A fence left open runs to the end of `lines` as code, as on the page, where the page
    writer closes it. With `left_open_at`, the reader of a file can say where an open fence
    cannot reach (the next question): such a fence is recorded in `unclosed` and its opening
    line is read as text.

    `indented` is the indented-code state to start in (a fresh one: the start of an answer).
    What the scanner yields from a line on depends only on that state and on where its step
    ends (`resume`), so a reader can tell when two scans will read the rest alike.
    """

    def __init__(
        self,
        lines: Sequence[str],
        start: int = 0,
        left_open_at: Callable[[str], bool] | None = None,
        indented: IndentedCode | None = None,
    ) -> None:
        self.lines = lines
        self.start = start
        self.left_open_at = left_open_at
        self.indented = indented if indented is not None else IndentedCode()
        self.unclosed: list[int] = []
        """Indexes of opening lines whose fence was left open."""
        self.resume = start
        """The line the scan looks at afresh after the step of the line it last yielded: the
        next line, or the line after a fenced block (or an abandoned one) it is part of."""

    def __iter__(self) -> Iterator[tuple[int, bool]]:
        lines = self.lines
        indented = self.indented
        index = self.start
        # A fence left open at line `end`: no line before `end` closes or breaks it, or is one
        # where fences are left open, so an equal fence opened before `end` is left open there
        # too. Known without reading on again: many such openers would take quadratic time.
        left_open: dict[Fence, int] = {}
        while index < len(lines):
            line = lines[index]
            fence = opening_fence(line) if "```" in line or "~~~" in line else None
            if fence is None:
                self.resume = index + 1
                yield index, indented.inside_after(line)
                index += 1
                continue
            if left_open.get(fence, -1) > index:
                fate, end = "open", left_open[fence]
            else:
                fate, end = fence_extent(lines, index, fence, self.left_open_at)
                if fate == "open":
                    left_open[fence] = end
            if fate == "open" and self.left_open_at is not None:
                self.unclosed.append(index)
                self.resume = index + 1
                yield index, indented.inside_after(line)
                index += 1
                continue
            self.resume = end + 1
            if fate == "break":
                # superfences gives the block up: its lines, and the one that broke it, are
                # text, and none of them opens a fence
                for text_index in range(index, end + 1):
                    yield text_index, indented.inside_after(lines[text_index])
                index = end + 1
                continue
            for code_index in range(index, min(end + 1, len(lines))):
                yield code_index, True
            indented.after_fence(fence)
            index = end + 1


def code_lines(lines: Sequence[str]) -> list[bool]:
    """For each line of an answer (or any markdown the page shows alone), whether the page
    shows it as code: in a fenced block (one left open runs to the end), or indented code."""
    return [code for _, code in CodeScanner(lines)]


def open_fence_at_end(lines: Sequence[str]) -> Fence | None:
    """The fence still open after the last of `lines`, if any."""
    index = 0
    while index < len(lines):
        fence = opening_fence(lines[index])
        if fence is None:
            index += 1
            continue
        fate, end = fence_extent(lines, index, fence)
        if fate == "open":
            return fence
        index = end + 1
    return None


def close_open_fence(markdown: str) -> str:
    """`markdown` with a closing line added when a fence is still open at its end, so that
    the block cannot run on into the rest of the page."""
    if not may_hold_fence(markdown):
        return markdown
    fence = open_fence_at_end(markdown.split("\n"))
    return markdown if fence is None else f"{markdown}\n{fence.prefix}{fence.marker}"
