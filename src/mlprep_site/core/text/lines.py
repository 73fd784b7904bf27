"""What a line break is, for every reader and writer: Markdown's rule (CommonMark's "line
ending"), a `\\n`, a `\\r\\n` or a `\\r`.

Python's `str.splitlines()` also breaks at `\\v`, `\\f`, `\\x1c`-`\\x1e`, U+0085, U+2028 and
U+2029, and YAML at U+0085, U+2028 and U+2029; GitHub and Python-Markdown do not. So here those
are characters of a line: markdown is split with `split_lines`, never `splitlines()`. Where a
format reads them as breaks (YAML, JSON read as YAML), writers escape them (`YAML_BREAKS`,
`escape_yaml_breaks`) and the YAML reader refuses them unescaped with a finding at their line
(`core.text.safe_yaml`), rather than let YAML fold them into spaces.
"""

from __future__ import annotations

import re

YAML_BREAKS = "\x85\u2028\u2029"
"""Characters YAML reads as line breaks that Markdown does not."""
YAML_BREAK_NAMES = {
    "\x85": "U+0085 (NEXT LINE)",
    "\u2028": "U+2028 (LINE SEPARATOR)",
    "\u2029": "U+2029 (PARAGRAPH SEPARATOR)",
}
_YAML_BREAK_RE = re.compile(f"[{YAML_BREAKS}]")
_LINE_END_RE = re.compile(r"\r\n?|\n")


def normalize_text(text: str) -> str:
    """Drop a UTF-8 BOM and normalise CRLF/CR line endings to LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" not in text:  # most files: one scan instead of two copies
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """`text`'s lines by Markdown's rule (without their endings): what a line number counts."""
    return _LINE_END_RE.split(text)


def escape_yaml_breaks(json_text: str) -> str:
    """JSON text with YAML's extra breaks written as `\\uXXXX` escapes, which JSON and YAML's
    double-quoted strings both read back as the character. In JSON text these characters can
    only stand inside strings, so replacing them everywhere is exact."""
    if _YAML_BREAK_RE.search(json_text) is None:
        return json_text
    return _YAML_BREAK_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def first_yaml_break(text: str) -> tuple[int, int, str] | None:
    """(line, column, character), counted from 0 by Markdown's rule, of the first character of
    `text` that YAML would read as a line break and Markdown would not; None when there is none."""
    match = _YAML_BREAK_RE.search(text)
    if match is None:
        return None
    before = split_lines(text[: match.start()])
    return len(before) - 1, len(before[-1]), match.group()
