"""Which lines of markdown are code, as GitHub shows them: the package's one definition of code.

markdown-it-py's CommonMark block rules (with GFM tables) decide it: a fenced block (closed by
a fence of the same character at least as long, indented at most three spaces; one never
closed runs to the end of its container: the list item, the quote, the document), indented
code, and the HTML blocks that can hide either. Every reader, the limits, the link
collector, the sanitizer and the page's markdown ask this module.

Parsing a whole bank costs about 1 s for 5.7 MB, so only the stretches that can hold code are
parsed (`core.text.code_stretches`).

A reader can also say where a fence at the document's top level may not reach
(`left_open_at`, by line index: the next question): such a fence is left open there, GitHub
showing it over the questions that follow; its opening line is read as text and recorded
(`Code.unclosed`). A fence that closes is not left open at a `#` line: on GitHub that is a
comment in a shell block, not a heading. A line where a fence is cut without a finding (`cut_at`: an answer's
`<details>` line after a question's snippet) ends it the same way, recorded in `Code.cut`,
unless the fence also reaches a `left_open_at` line or never closes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from mlprep_site.core.text.code_spans import blank_code_spans
from mlprep_site.core.text.code_stretches import PARSER as PARSER
from mlprep_site.core.text.code_stretches import Code as Code
from mlprep_site.core.text.code_stretches import Fence as Fence
from mlprep_site.core.text.code_stretches import Reader
from mlprep_site.core.text.code_stretches import closes_fence as closes_fence
from mlprep_site.core.text.kept import KeptByText

text_codes: KeptByText[Code] = KeptByText()
"""The code of each text read last (`code_lines`, `shared_code`)."""


def may_hold_fence(text: str) -> bool:
    """A quick test: only text with three backticks or tildes can hold a fence."""
    return "```" in text or "~~~" in text


def code_lines(lines: Sequence[str]) -> list[bool]:
    """For each line of markdown shown alone (an answer, a file), whether GitHub shows it as
    code (a new list; the parse is kept for the texts asked about last: a file's readers ask
    about the same lines)."""
    if len(lines) <= 1:
        return read_code(lines).lines
    text = "\n".join(lines)
    given = lines if text.count("\n") == len(lines) - 1 else None  # none holds a line break
    return list(_text_code(text, given).lines)


def outside_code(text: str) -> str:
    """`text` (markdown shown alone) with its code blanked: code lines and code spans become
    spaces, so the text keeps its length and line breaks, and what is left is what GitHub reads
    as markdown and HTML."""
    if "`" not in text and "~" not in text and "    " not in text and "\t" not in text and "<" not in text:
        return text  # no fence, indented code, raw HTML block or code span
    lines = text.split("\n")
    return "\n".join(
        " " * len(line) if code else blank_code_spans(line)
        for line, code in zip(lines, code_lines(lines), strict=True)
    )


def _text_code(text: str, lines: Sequence[str] | None = None) -> Code:
    """The code of `text` (`lines`, when given, are its lines), kept in `text_codes`."""
    return text_codes.get(text, lambda: read_code(text.split("\n") if lines is None else lines, text=text))


def shared_code(
    text: str,
    lines: Sequence[str],
    left_open_at: Callable[[str], bool],
    cut_at: Callable[[Sequence[str], int], bool] | None = None,
) -> Code:
    """`read_code` of `lines` (`text` split at its line breaks) with a fence left open at a
    line where `left_open_at` holds, or cut at a line index where `cut_at(lines, index)` does:
    the text's own code (`code_lines` keeps it: a file's readers ask about it too) when the
    predicates change nothing, no top-level fence in it reaching a line where one holds (as
    `Reader._reaches` asks: in a closed fence a `#` line is code); else read with them.
    Shared with every reading of the text: not to be changed."""
    plain = _text_code(text, lines)
    for fence in plain.fences:
        if not fence.top:
            continue
        if fence.closed:
            inside = [n for n in range(fence.start + 1, fence.end) if lines[n].lstrip(" ")[:1] != "#"]
        else:  # runs to the end: every line after its opening line
            inside = list(range(fence.start + 1, len(lines)))
        if any(map(left_open_at, map(lines.__getitem__, inside))) or (
            cut_at is not None and any(map(cut_at, itertools.repeat(lines, len(inside)), inside))
        ):
            return read_code(
                lines,
                lambda index: left_open_at(lines[index]),
                None if cut_at is None else lambda index: cut_at(lines, index),
                text,
            )
    return plain


def read_code(
    lines: Sequence[str],
    left_open_at: Callable[[int], bool] | None = None,
    cut_at: Callable[[int], bool] | None = None,
    text: str | None = None,
) -> Code:
    """The code of `lines` (see the module's docstring for `left_open_at` and `cut_at`;
    `text`, when given, is the lines joined)."""
    reader = Reader(lines, left_open_at, cut_at)
    reader.read(text)
    return reader.code


def close_open_fence(markdown: str) -> str:
    """`markdown` with a closing fence written where each fence left open ends (the end of
    its list item, quote or text, as GitHub closes it), with the opening line's marker and
    indentation: the page's renderer runs such a block on, or shows it as text."""
    if not may_hold_fence(markdown):
        return markdown
    lines = markdown.split("\n")
    open_fences = [fence for fence in read_code(lines).fences if not fence.closed]
    for fence in reversed(open_fences):
        indent = "".join(char if char in " \t>" else " " for char in fence.prefix)
        lines.insert(fence.end, f"{indent}{fence.marker}")
    return "\n".join(lines)


class CodePrefix:
    """`code_lines(lines)` for a reader that usually stops early (dialect detection stops at the
    first canonical question): the first lines alone, then, when it reads on, the whole text at
    once, whose parse the file's other readers then share (`code_lines` keeps it). Whether a
    line is code depends only on the lines up to it."""

    FIRST_LINES = 64

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.known: list[bool] = []

    def __getitem__(self, index: int) -> bool:
        if index >= len(self.known):
            whole = self.known or index >= self.FIRST_LINES
            self.known = code_lines(self.lines if whole else self.lines[: self.FIRST_LINES])
        return self.known[index]
