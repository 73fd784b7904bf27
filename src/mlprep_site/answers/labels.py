"""Footnote and link reference labels made an answer's own: each label the answer defines is
renamed `SCOPE:label` in its definition and in its uses, outside code.

A topic page is one conversion (`site.render_path`), and Python-Markdown keeps one footnote
store and one link reference store per conversion: two answers that define `[^1]` or `[1]:`
would otherwise share the label, and one answer's note or link would lead to the other's.
Renamed in the markdown the page converts, no label can clash and a use can only reach a
definition of its own answer, as on GitHub, where each answer is shown alone. Nothing visible
changes: a link reference's label is not shown, and footnotes are numbered by their order.

Only labels the answer defines are renamed: an undefined `[^x]` or `[x]` shows as written.
The rules are CommonMark's: a full reference `[text][label]`, a collapsed `[label][]` and a
shortcut `[label]` (written `[label][SCOPE:label]` so that its text stays), with no space
between the brackets; an inline link `[text](url)` is not a reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.common.utils import normalizeReference

from mlprep_site.core.text.code import PARSER, code_lines, outside_code

SEPARATOR = ":"
"""Between the scope and the label: ids never hold it, so no renamed label is another's."""
# A footnote label has no white space: GitHub reads `[^a b]` as text (Python-Markdown as a
# note, which is then left to the page's store).
FOOTNOTE_DEFINITION_RE = re.compile(r"^[ \t>]*\[\^([^\]\s]+)\]:", re.MULTILINE)
FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")
# A definition's first line, after its containers' markers (quotes, list items).
REFERENCE_DEFINITION_RE = re.compile(r"(?:[ \t>]|[-+*][ \t]|[0-9]{1,9}[.)][ \t])*\[((?:\\.|[^\[\]\\])+)\]:")
BRACKETS_RE = re.compile(r"(?<!\\)\[((?:\\.|[^\[\]\\])*)\]")
"""A bracketed text with no brackets inside (a label, or the text of a link)."""


@dataclass
class ScopedLabels:
    markdown: str
    footnotes: list[str] = field(default_factory=list)
    """The footnote labels the answer defines, as renamed."""


def scoped_labels(markdown: str, scope: str, footnotes: bool = True) -> ScopedLabels:
    """`markdown` (one answer) with the footnote and link reference labels it defines renamed
    `scope:label`, in definitions and uses outside code (see the module's docstring).
    `footnotes`: whether the page reads footnotes (without them, `[^x]` is text)."""
    if "]:" not in markdown:  # defines no label
        return ScopedLabels(markdown)
    lines = markdown.split("\n")
    masked = outside_code(markdown)
    edits: dict[int, tuple[int, str]] = {}  # start → (end, replacement) in the text
    found = FOOTNOTE_DEFINITION_RE.finditer(masked) if footnotes else iter(())
    notes = list(dict.fromkeys(match[1] for match in found))
    # GitHub matches a note's label as a link's (any case): a use in another case takes the
    # label of the first definition it matches.
    matched: dict[str, str] = {}
    for label in notes:
        matched.setdefault(normalizeReference(label), label)
    for match in FOOTNOTE_RE.finditer(masked):
        label = match[1] if match[1] in notes else matched.get(normalizeReference(match[1]))
        if label is not None:
            edits[match.start()] = (match.end(), f"[^{scope}{SEPARATOR}{label}]")
    references = _defined_references(markdown, lines)
    if references.labels:
        _reference_edits(masked, lines, references, scope, edits)
    if not edits:
        return ScopedLabels(markdown)
    parts: list[str] = []
    position = 0
    for start in sorted(edits):
        end, replacement = edits[start]
        parts += [markdown[position:start], replacement]
        position = end
    parts.append(markdown[position:])
    return ScopedLabels("".join(parts), [f"{scope}{SEPARATOR}{label}" for label in notes])


@dataclass
class _Definitions:
    labels: set[str]
    """The link reference labels the answer defines, normalised as CommonMark matches them."""
    lines: list[int]
    """The lines that may start a definition: in no leaf block (a duplicate definition of a
    label defines nothing, but is no text either)."""


CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})


def _defined_references(markdown: str, lines: list[str]) -> _Definitions:
    if "[" not in markdown:
        return _Definitions(set(), [])
    # A footnote's definition is a paragraph to GitHub, which a line under it continues
    # (`[^1]: Note.` then `[x]: url` defines no `x`); CommonMark alone reads a definition.
    text = FOOTNOTE_DEFINITION_RE.sub(lambda found: found[0].replace("[^", "x^", 1), markdown)
    env: dict[str, dict[str, object]] = {}
    tokens = PARSER.parse(text, env)
    held = env.get("references", {})
    if not held:
        return _Definitions(set(), [])
    leaf = [False] * len(lines)
    for token in tokens:
        if token.map is not None and token.type not in CONTAINERS:
            for number in range(token.map[0], min(token.map[1], len(lines))):
                leaf[number] = True
    return _Definitions(set(held), [n for n, is_leaf in enumerate(leaf) if not is_leaf and lines[n].strip()])


def _reference_edits(
    masked: str,
    lines: list[str],
    definitions: _Definitions,
    scope: str,
    edits: dict[int, tuple[int, str]],
) -> None:
    def renamed(label: str) -> str:
        return f"{scope}{SEPARATOR}{label}"

    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    references = definitions.labels
    for number in definitions.lines:
        found = REFERENCE_DEFINITION_RE.match(masked, starts[number])
        if found is not None and normalizeReference(found[1]) in references:
            edits[found.start(1) - 1] = (found.end(1) + 1, f"[{renamed(found[1])}]")
    previous: re.Match[str] | None = None
    for match in BRACKETS_RE.finditer(masked):
        text, start, end = match[1], match.start(), match.end()
        after = masked[end : end + 1]
        # Right after a closing bracket (not a footnote's): the label of [text][label].
        follows = previous is not None and previous.end() == start
        label_slot = masked[start - 1 : start] == "]" and not (follows and previous[1].startswith("^"))  # type: ignore[index]
        if text.startswith("^") or start in edits:
            pass  # a footnote, or a definition's label
        elif label_slot:  # [text][label] or [text][]
            own = text if text.strip() else previous[1] if follows and previous else ""
            if own and normalizeReference(own) in references:
                edits[start] = (end, f"[{renamed(own)}]")
        elif after not in ("(", "[") and text.strip() and normalizeReference(text) in references:
            edits[start] = (end, f"[{text}][{renamed(text)}]")  # a shortcut keeps its text
        previous = match


ABBREVIATION_RE = re.compile(r"^[*]\[(?P<abbr>[^\\\n]*?)\][ ]?:[ ]*(?P<title>\S.*)$", re.MULTILINE)
"""An abbreviation's definition on a line of its own (Python-Markdown's `abbr`, title on the line)."""


def own_abbreviations(markdown: str) -> tuple[str, dict[str, str]]:
    """`markdown` (one answer) without its abbreviations' definitions outside code (each line
    left blank, as `abbr` splits the block there), and the abbreviations it defines → their
    titles. The page's `abbr` then knows only the site's (its glossary, the page's own), and
    the answer's are applied to the answer alone (`site.answer_capture`)."""
    if "*[" not in markdown:
        return markdown, {}
    lines = markdown.split("\n")
    own: dict[str, str] = {}
    for index, is_code in enumerate(code_lines(lines)):
        found = None if is_code else ABBREVIATION_RE.match(lines[index])
        if found is None or not found["abbr"].strip():
            continue
        title = found["title"].strip()
        if title in ("''", '""'):  # forgets an abbreviation: the site's stays hidden from the answer
            own[found["abbr"].strip()] = ""
        else:
            own[found["abbr"].strip()] = title
        lines[index] = ""
    return ("\n".join(lines), own) if own else (markdown, {})
