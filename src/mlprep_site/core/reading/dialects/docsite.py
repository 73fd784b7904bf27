"""Dialect 5, docs-site pages (Docusaurus, GitBook, MDX): what is not content is set aside.

`import`/`export` lines, `<head>…</head>` and lines that are only a JSX component tag are
blanked (line numbers stay), claimed with one informational finding that names them, and
the rest is read in its own dialect. Front matter keys of these generators are ignored by
`meta.parse_front_matter`; a title heading on line 1 is the topic title, as in every dialect.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlprep_site.core.text.code import code_lines

if TYPE_CHECKING:
    from mlprep_site.core.reading.draft import Draft

IMPORT_RE = re.compile(r"^(?:import|export)\s")
# The end of an import: possessive blanks around the optional `;`, so a long run of blanks
# after the module is not split every way before the line is found not to end there.
STATEMENT_END_RE = re.compile(r"""(?:from\s*['"][^'"]*['"]|^import\s*['"][^'"]*['"])\s*+;?\s*+$|;\s*$""")
COMPONENT_RE = re.compile(r"^\s*(?:</?[A-Z][\w.]*(?:\s[^<>]*)?/?>|\{/\*.*\*/\})\s*$")
HEAD_OPEN_RE = re.compile(r"^\s*<head>", re.IGNORECASE)
HEAD_CLOSE_RE = re.compile(r"</head>", re.IGNORECASE)


def markup_lines(lines: list[str], start: int) -> list[int]:
    """Indices of the lines that are docs-site markup, outside fenced code."""
    found: list[int] = []
    code = code_lines(lines)
    i = start
    while i < len(lines):
        line = lines[i]
        if code[i]:
            i += 1
            continue
        end = i
        if IMPORT_RE.match(line):
            while end < len(lines) - 1 and not STATEMENT_END_RE.search(lines[end]):
                end += 1
        elif HEAD_OPEN_RE.match(line):
            while end < len(lines) - 1 and not HEAD_CLOSE_RE.search(lines[end]):
                end += 1
        elif not COMPONENT_RE.match(line):
            i += 1
            continue
        found.extend(range(i, end + 1))
        i = end + 1
    return found


def clean_docsite(draft: Draft, start: int) -> None:
    found = markup_lines(draft.lines, start)
    if not found:
        return
    for index in found:
        draft.set_aside_line(index)
    shown = ", ".join(str(n + 1) for n in found[:12]) + (", …" if len(found) > 12 else "")
    message = (
        f"{len(found)} line{'s' if len(found) != 1 else ''} of docs-site markup (imports, <head>, "
        f"components) are not content and are left out: line{'s' if len(found) != 1 else ''} {shown}"
    )
    draft.report(found[0] + 1, "warning", message, "docs-markup")
