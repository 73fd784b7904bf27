"""Imported markdown rewritten, where needed, into a form GitHub and the site read alike.

A source is written for GitHub (CommonMark + GFM, `cmark-gfm`); the site renders with
Python-Markdown and `pymdownx.superfences`, whose rules the readers follow (`core.importer.fences`).
Where the two disagree on a source's markup, what GitHub shows is what its author meant, so
`import` rewrites that markup into a form both read the same way, and says where:

- a fence GitHub reads (from markdown-it's block parse) that superfences would not: a header
  with words after the language (```` ```jsx harmony ````, ```` ```js live ````), an indented
  opening line, a closing line indented differently or longer than the opening one, no closing
  line (GitHub closes it at the end of the answer), or a fence right after a paragraph line.
  It is written at the margin, with its language, its code lines as GitHub shows them (the
  opening line's indentation taken off), closed by the same marker;
- a `</details>` line that closes no `<details>` (GitHub shows nothing for it; written into a
  canonical answer block, it would close the block): left out; a `<details>` the answer never
  closes outside code (GitHub closes it at the end of the page): closed at the answer's end;
- `[text](words with spaces)`, which GitHub shows as text and Python-Markdown as a link to a
  page that does not exist: its `](` is escaped, so both show the text.

Only blocks at the answer's top level are rewritten (a fence inside a list item keeps its
list's indentation). Each change is reported with its line in the answer (`Change`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The page renderer's fence rule, kept to find where it reads a fence otherwise than GitHub.
from mlprep_site.core.importer.fences import fence_step, opening_fence
from mlprep_site.core.reading.syntax import DETAILS_CLOSE_RE, DETAILS_OPEN_RE
from mlprep_site.core.text.code import PARSER, closes_fence
from mlprep_site.core.text.code_spans import blank_code_spans

_LANG_RE = re.compile(r"[\w#.+-]+")
_LONE_CLOSE_RE = re.compile(r"[ \t]*</details\s*>[ \t]*", re.IGNORECASE)
# `](` then a destination with a blank inside that is not a quoted or parenthesised title:
# not a link to CommonMark, a link to Python-Markdown.
_NOT_A_LINK_RE = re.compile(r"\]\((?![ \t]*<)[^()\s]*[ \t]+(?![\"'(])[^()\n]*\)")


@dataclass(frozen=True, slots=True)
class Change:
    """One rewrite: the 0-based line in the text it was made at, and what was done."""

    line: int
    message: str


def portable_markdown(text: str) -> tuple[str, list[Change]]:
    """`text` with the markup GitHub and the site would read differently rewritten (see the
    module's docstring), and the changes made; `text` itself when there is none."""
    return rewritten(text) if _may_need_changes(text) else (text, [])


def rewritten(text: str) -> tuple[str, list[Change]]:
    """`portable_markdown` without its quick line scan: `text` parsed and rewritten."""
    lines = text.split("\n")
    tokens = PARSER.parse(text)
    edits: dict[int, list[str]] = {}  # first line → replacement lines, for lines [first, end)
    ends: dict[int, int] = {}
    changes: list[Change] = []
    balance = 0
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "inline":
            _escape_non_links(lines, start, end, edits, ends, changes)
        elif token.level != 0:
            if token.type == "fence" and (header := _portable_header(lines[start], token.markup)) is not None:
                edits[start], ends[start] = [header], start + 1
                changes.append(
                    Change(start, f"a fence with {token.info[:30]!r} after its marker: its language kept")
                )
        elif token.type == "fence":
            rewritten = _portable_fence(lines, start, end, token.markup)
            if rewritten is not None:
                (edits[start], why), ends[start] = rewritten, end
                changes.append(Change(start, f"a fence {why}: written at the margin, closed as opened"))
        elif token.type == "html_block":
            block = token.content
            opened, closed = len(DETAILS_OPEN_RE.findall(block)), len(DETAILS_CLOSE_RE.findall(block))
            if balance == 0 and opened == 0 and closed == 1 and _LONE_CLOSE_RE.fullmatch(lines[start]):
                edits[start], ends[start] = [], start + 1
                changes.append(Change(start, "a </details> that closes no <details> is left out"))
                continue
            balance = max(0, balance + opened - closed)
    if balance:  # GitHub closes what the answer leaves open at the end of its page
        message = "a <details> the answer leaves open is closed at its end, as GitHub closes it"
        changes.append(Change(len(lines) - 1, message))
    if not edits and not balance:
        return text, []
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in edits:
            out.extend(edits[index])
            index = ends[index]
        else:
            out.append(lines[index])
            index += 1
    # A line left out at either end leaves a blank one, which the reader does not keep.
    while out and not out[-1].strip() and lines[-1].strip():
        out.pop()
    while out and not out[0].strip() and lines[0].strip():
        out.pop(0)
    out += ["", *["</details>"] * balance] if balance else []
    return "\n".join(out), sorted(changes, key=lambda c: c.line)


def _may_need_changes(text: str) -> bool:
    """Whether `text` may hold anything to rewrite: most answers are parsed for nothing, so a
    line scan rules out what it can (a stray `</details>`, a `](` with a blank, a fence not at
    the margin, after a blank line, with a header superfences takes, closed by its marker)."""
    lower = text.lower()
    if "</details" in lower or "<details" in lower or "](" in text and _NOT_A_LINK_RE.search(text):
        return True
    if "```" not in text and "~~~" not in text:
        return False
    lines = text.split("\n")
    marker = None
    for index, line in enumerate(lines):
        bare = line.lstrip(" \t>")
        if not bare.startswith(("```", "~~~")):
            continue
        if marker is not None:
            if line.rstrip(" \t") == marker:
                marker = None
            elif bare.startswith(marker[0] * 3):
                return True  # a longer or indented closing line: CommonMark may close there
            continue
        fence = opening_fence(line)
        if bare != line or fence is None or index and lines[index - 1].strip():
            return True
        marker = fence.marker
    return marker is not None


def _portable_fence(lines: list[str], start: int, end: int, markup: str) -> tuple[list[str], str] | None:
    """The fence at lines [start, end) written so that superfences reads it as GitHub does,
    and why it had to be; None when it already reads alike (or has tabs in its indentation,
    left as written)."""
    opener = lines[start]
    indent = len(opener) - len(opener.lstrip(" "))
    if opener[: indent + 1].strip(" ") not in ("`", "~"):
        return None  # a tab in the indentation: not rewritten
    closed = end - start >= 2 and closes_fence(lines[end - 1], markup)
    body = lines[start + 1 : end - 1 if closed else end]
    before_blank = start == 0 or not lines[start - 1].strip()
    fence = opening_fence(opener)
    if (
        fence is not None
        and fence.marker == markup
        and indent == 0
        and closed
        and before_blank
        and all(fence_step(fence, line) == "code" for line in body)
        and fence_step(fence, lines[end - 1]) == "close"
    ):
        return None
    info = opener.strip()[len(markup) :].strip()
    reasons = []
    if opening_fence(f"{markup}{info}") is None:  # words superfences takes for no header
        reasons.append(f"with {info[:30]!r} after its marker")
        info = _lang_only(info)
    if indent:
        reasons.append(f"indented {indent}")
    if not closed:
        reasons.append("not closed (GitHub closes it at the answer's end)")
    elif fence is not None and fence_step(fence, lines[end - 1]) != "close":
        reasons.append("closed by another marker or indentation")
    if not before_blank:
        reasons.append("right after a paragraph line")
    code = [_dedent(line, indent) for line in body]
    while not closed and code and not code[-1].strip():
        code.pop()  # GitHub runs an unclosed fence to the answer's end: its trailing blanks are no code
    marker = markup
    while any(closes_fence(line, marker) for line in code):
        marker += markup[0]  # a code line that would close it early (`   ```` closes ```)
    why = ", ".join(reasons) or "with a code line its site reader takes for no code"
    return ([] if before_blank else [""]) + [f"{marker}{info}", *code, marker], why


def _lang_only(info: str) -> str:
    words = info.split()
    return words[0] if words and _LANG_RE.fullmatch(words[0]) else ""


def _portable_header(opener: str, markup: str) -> str | None:
    """A nested fence's opening line with only its language, when superfences would take the
    words after it for no header (its indentation, inside a list or quote, is kept)."""
    position = opener.find(markup)
    if position < 0 or opener[:position].strip(" \t>") or opening_fence(opener) is not None:
        return None
    return f"{opener[:position]}{markup}{_lang_only(opener[position + len(markup) :])}"


def _dedent(line: str, width: int) -> str:
    """`line` with up to `width` leading spaces taken off (CommonMark's rule for code lines of
    an indented fence)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width) :]


def _escape_non_links(
    lines: list[str],
    start: int,
    end: int,
    edits: dict[int, list[str]],
    ends: dict[int, int],
    changes: list[Change],
) -> None:
    for index in range(start, end):
        line = lines[index]
        if "](" not in line or index in edits:
            continue
        visible = blank_code_spans(line)
        spots = [m.start() for m in _NOT_A_LINK_RE.finditer(visible)]
        if not spots:
            continue
        for spot in reversed(spots):
            line = f"{line[: spot + 1]}\\{line[spot + 1 :]}"
        edits[index], ends[index] = [line], index + 1
        changes.append(
            Change(index, "a [text](words) GitHub shows as text is escaped so the site shows it as text")
        )
