r"""An answer's markdown rewritten so that Python-Markdown (with the site's extensions) builds
the tree GitHub shows (issue 20, item 1).

Answers are written for GitHub, whose renderer is CommonMark with GFM's tables. Python-Markdown
reads some of the same text otherwise; `normalise` reads the answer with markdown-it-py
(CommonMark, GFM tables: block rules only, as `core.reading.blocks` does) and, from each block's line
range, rewrites only what Python-Markdown would read otherwise:

- blank lines where CommonMark needs none: before a list, fence, table, heading or raw HTML
  block right after a paragraph line (in a blockquote, a `>` line), before a quote or a later
  list item under a list item's text, after a table or a fence;
- list items: their lines indented to Python-Markdown's four columns per level (a nested list
  indented by two was flattened, a `1.` item's fence indented by three left out); `1)` written
  `1.`; a task's `[x]` or `[ ]` drawn as ☑ or ☐ (GitHub draws a box); an empty item given an
  HTML comment (a bare `-` was a heading's underline); content that starts on the line after the
  marker taken up beside it;
- fences: closed by their own marker (not a longer one), the info string cut to what
  superfences takes (`jsx harmony` made it refuse the fence), at their container's margin with
  CommonMark's indentation taken off their lines, and an empty one given its empty line;
- headings: an ATX heading indented by one to three spaces at the margin, a setext heading of
  several lines on one;
- raw HTML blocks: an element that CommonMark leaves open at the blank line ending the block
  (`<details><p>` before the answer's markdown) gets md_in_html's `markdown` attribute, and a
  closing tag at the answer's end when nothing closes it; the block's own lines stay raw (their
  markdown escaped, fence lines as entities, indentation that would make code taken off);
- text (`commonmark_text.inline_text`): CommonMark-only escapes (`\'`, `\/`, a hard break's `\`),
  emphasis marks that CommonMark cannot pair, a `<` that opens no CommonMark tag, a link whose
  destination has spaces (no link on GitHub), `𝟭.` (a list number to Python-Markdown), and `\|`
  in a table's code span.

Code (fenced, indented, in code spans) keeps its text, and no visible text changes: only blank
lines, indentation, markers, escapes and invisible comments. The stored answer is not touched:
`page_markdown` is the form both rendering paths take (the topic page through `site.blocks`,
exports, quiz data and deck through `answers.render`). The work is linear in the answer's length
(each link, closing tag and HTML element is looked at within a bounded window).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from mlprep_site.answers.commonmark_html import HtmlBlockEdits
from mlprep_site.answers.commonmark_text import (
    inline_text,
)
from mlprep_site.answers.markup import answer_markdown
from mlprep_site.core.text.code import PARSER  # CommonMark block rules with GFM tables, as every reader

TAB = 4  # Python-Markdown's tab_length: the indentation of a list item's content

_MARKER_RE = re.compile(r"( {0,3})(?:[-+*]|\d{1,9}[.)])( *)")
_FENCE_CLOSE_RE = re.compile(r"^( *)(`{3,}|~{3,})[ \t]*$")
# Blocks that CommonMark starts on the line after a paragraph's, and Python-Markdown after a
# blank line only.
_INTERRUPTING = {"bullet_list_open", "ordered_list_open", "table_open", "html_block", "fence", "heading_open"}
_TASK_RE = re.compile(r"\[([ xX])\](?=[ \t]+\S)")
_DASHES_RE = re.compile(r"[\s|:-]*")
_QUOTE_RE = re.compile(r"[ \t]*>[ >]*")
_INLINE_RE = re.compile(r"[\\<*_`]|\]\(|^ {0,3}\d+\.", re.MULTILINE)
# A line that may open a block other than a paragraph (a list, heading, quote, fence, code,
# table, HTML, thematic break or setext underline).
_BLOCKS_RE = re.compile(r"^(?: {0,3}(?:[-+*=_#>|<]|\d{1,9}[.)]|```|~~~)| {4}|\t)|\|", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Item:
    old: int
    """The column of the item's content in the answer."""
    new: int
    """… and once rewritten."""
    line: int = -1
    """The item's first line (its marker's)."""

    @property
    def shift(self) -> int:
        return self.new - self.old


_TOP = _Item(0, 0)

_NESTED_IN_QUOTE = "a list nested in a list inside a blockquote"
_SETEXT_ENDING_IN_HASH = "a setext heading ending in '#' inside a list item"
# What an answer needs to hold for `_Edits` to find a shape it cannot make alike: a list marker
# after a `>`, or a setext underline.
_UNLIKE_RE = re.compile(r"^[ \t]*>.*?(?:[-+*]|\d{1,9}[.)])[ \t]|^ +(?:=+|-+)[ \t]*$", re.MULTILINE)


def page_markdown(answer: str) -> str:
    """An answer's markdown (as the loader holds it) as every page, export and deck renders it:
    `answers.markup.answer_markdown`'s form, normalised. The one place both rendering paths take
    it from (`answers.render`, `site.blocks`)."""
    return normalise(answer_markdown(answer))


def normalise(markdown: str) -> str:
    """`markdown` as Python-Markdown reads it the way GitHub does (see the module's docstring)."""
    if _BLOCKS_RE.search(markdown) is None:  # paragraphs only: no block parser needed
        return _paragraphs(markdown) if _INLINE_RE.search(markdown) else markdown
    lines = markdown.split("\n")
    edits = _Edits(lines)
    edits.read(PARSER.parse(markdown))
    return edits.apply()


def unlike_shapes(answer: str) -> list[tuple[int, str]]:
    """Where `page_markdown` knows the site cannot show `answer` as GitHub does: each line
    (0-based, in the answer) with the shape found there."""
    markdown = answer_markdown(answer)
    if _UNLIKE_RE.search(markdown) is None:
        return []
    edits = _Edits(markdown.split("\n"))
    edits.read(PARSER.parse(markdown))
    return edits.unlike


def _paragraphs(markdown: str) -> str:
    """`markdown` that is only paragraphs (no line opens any other block) with each paragraph's
    text rewritten as `inline_text` does."""
    chunks = re.split(r"(\n[ \t]*\n)", markdown)
    return "".join(chunk if index % 2 else inline_text(chunk) for index, chunk in enumerate(chunks))


class _Edits(HtmlBlockEdits):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blank_before: dict[int, str] = {}
        """Line → the blank line to put before it (a blockquote's is its `>`)."""
        self.shift: dict[int, int] = {}
        self.replaced: dict[int, str] = {}
        self.quoted_items: set[int] = set()
        """The first lines of the list items in blockquotes."""
        self.removed: set[int] = set()
        """Lines taken up into the line before them."""
        self.joined: dict[int, int] = {}
        """First line → the line after the last of the lines written as one."""
        self.closers: list[str] = []
        """Closing tags for the elements with a `markdown` attribute that the answer leaves
        open, innermost first."""
        self.closed: dict[str, int] | None = None
        """What `_unclosed` counts, once."""
        self.paragraph_ends: set[int] = set()
        """Lines right after a paragraph's last line."""
        self.unlike: list[tuple[int, str]] = []
        """Lines that the site cannot show as GitHub does, and why (`unlike_shapes`)."""

    def blank(self, index: int) -> bool:
        """Whether line `index` is blank (or a blockquote's blank line), or no line at all."""
        return not 0 <= index < len(self.lines) or not self.lines[index].strip(" \t>")

    def read(self, tokens: list[Token]) -> None:
        items: list[_Item] = [_TOP]
        quoted = 0  # blockquotes open: their lines need their `>`, so nothing is added there
        item_lines: set[int] = set()  # the first lines of the list items so far
        in_table = False
        quoted_lists = 0  # lists open inside a blockquote
        for token in tokens:
            kind, where = token.type, token.map
            if kind in ("bullet_list_open", "ordered_list_open") and quoted:
                quoted_lists += 1
                if quoted_lists == 2 and where is not None:
                    self.unlike.append((where[0], _NESTED_IN_QUOTE))
            elif kind in ("bullet_list_close", "ordered_list_close") and quoted:
                quoted_lists -= 1
            if kind == "blockquote_open":
                if where is not None and not quoted and not self.blank(where[0] - 1):
                    # Python-Markdown reads a quote under a list item's line into the item.
                    self.blank_before[where[0]] = ""
                quoted += 1
            elif kind == "blockquote_close":
                quoted -= 1
            elif kind in ("table_open", "table_close"):
                in_table = kind == "table_open"
            elif kind == "list_item_close":
                items.pop()
            elif kind == "list_item_open":
                if where is not None:
                    item_lines.add(where[0])
                    # A later item under a line of the item before that is not its first:
                    # Python-Markdown reads it into that item's paragraph.
                    if where[0] - 1 not in item_lines and not self.blank(where[0] - 1) and not quoted:
                        self.blank_before.setdefault(where[0], "")
                items.append(self._item(items[-1], where, quoted, token.markup))
                if quoted and where is not None:
                    self.quoted_items.add(where[0])
                    if token.markup == ")":
                        self._quoted_paren(where[0])
            if where is None:
                continue
            start, end = where
            if kind == "inline":  # in a blockquote, a `*` may be a list's marker after the `>`
                self._inline(start, end, items[-1], in_table, quoted=bool(quoted))
            if kind == "paragraph_open":
                self.paragraph_ends.add(end)
            if (
                kind in _INTERRUPTING
                and start in self.paragraph_ends
                and not self.blank(start - 1)
                # A header row made of dashes only is one that cmark-gfm does not take there.
                and not (kind == "table_open" and _DASHES_RE.fullmatch(self.lines[start]))
            ):
                quote = _QUOTE_RE.match(self.lines[start]) if quoted else None
                self.blank_before.setdefault(start, quote.group(0).rstrip() if quote else "")
            if quoted:
                continue
            if kind == "heading_open" and token.markup.startswith("#"):
                self._at_margin(start, items[-1])
            elif kind == "heading_open" and items[-1] is not _TOP:
                self._setext_in_item(token, start, end, items[-1])
            elif kind == "heading_open" and end - start > 2:
                # A setext heading of more than one line: Python-Markdown's are of one.
                self.joined[start] = end - 1
            if kind in ("table_open", "fence") and not self.blank(end):
                self.blank_before[end] = ""
            if kind == "fence":
                self._fence(token, start, end, items[-1])
            elif kind == "html_block":
                self._html_block(start, end, items[-1].old)

    def _item(self, parent: _Item, where: list[int] | None, quoted: int, markup: str) -> _Item:
        """A list item's content columns, and the shift of its lines after the first. An
        ordered item's `1)` is written `1.`, the only delimiter Python-Markdown knows."""
        if where is None or quoted:
            return parent
        start, end = where
        line = self.lines[start]
        marker = _MARKER_RE.match(line, parent.old) if "\t" not in line else None
        if marker is None:
            return parent
        spaces = len(marker.group(2))
        rest = line[marker.end() :]
        # Content on the next line, or indented code: the content starts a space after the marker.
        old = marker.end() - spaces + 1 if not rest.strip() or spaces > TAB else marker.end()
        if markup == ")":
            at = marker.end() - spaces - 1
            self.replaced[start] = f"{line[:at]}.{line[at + 1 :]}"
        task = _TASK_RE.match(rest)
        if task:  # GitHub draws a task's box; Python-Markdown would show `[x]`
            box = "☐" if task.group(1) == " " else "☑"
            current = self.replaced.get(start, line)
            self.replaced[start] = current[: marker.end()] + box + current[marker.end() + 3 :]
        # Python-Markdown takes a marker with nothing after it for text (and a bare `-` under a
        # line for a heading's underline).
        following = self.lines[start + 1] if start + 1 < end else ""
        if not rest.strip() and not following.strip():
            # An empty item. Four spaces: no line after it is deeper than its content
            # (CommonMark ends an empty item at the blank line after it).
            self.replaced[start] = self.replaced.get(start, line).rstrip() + "    <!-- -->"
            if not self.blank(end) and self.lines[end].startswith(" " * (parent.old + TAB)):
                # Code after it, which Python-Markdown would take into the item: a comment ends
                # the list first.
                self.blank_before[end] = "\n" + " " * parent.new + "<!-- -->\n"
            elif not self.blank(end):  # and no lazy line for Python-Markdown
                self.blank_before[end] = ""
        elif not rest.strip() and not following.lstrip().startswith(("```", "~~~")):
            # Content from the next line on: its first line goes up beside the marker.
            self.replaced[start] = self.replaced.get(start, line).rstrip() + " " + following.lstrip()
            self.removed.add(start + 1)
        item = _Item(old, max(parent.new + TAB, old + parent.shift), start)
        for index in range(start + 1, end):  # not a lazy line: it is no deeper in either reading
            following = self.lines[index]
            if len(following) - len(following.lstrip(" ")) >= old:
                self.shift[index] = item.shift
        return item

    def _quoted_paren(self, index: int) -> None:
        """A `1)` item in a blockquote written `1.`, the only delimiter Python-Markdown knows."""
        line = self.replaced.get(index, self.lines[index])
        quote = _QUOTE_RE.match(line)
        marker = _MARKER_RE.match(line, quote.end()) if quote else None
        if marker is not None:
            at = marker.end() - len(marker.group(2)) - 1
            if line[at] == ")":
                self.replaced[index] = f"{line[:at]}.{line[at + 1 :]}"

    def _setext_in_item(self, token: Token, start: int, end: int, item: _Item) -> None:
        """A setext heading in a list item (Python-Markdown reads its underline as text there)
        written as an ATX heading of its level, on one line."""
        line = self.lines[start]
        cut = item.old if start == item.line else len(line) - len(line.lstrip(" "))
        head = line[:cut]
        text = " ".join([line[cut:].strip(), *(self.lines[i].strip() for i in range(start + 1, end - 1))])
        if text.endswith("#"):  # an ATX heading would take it for its closing sequence
            self.unlike.append((start, _SETEXT_ENDING_IN_HASH))
            return
        level = "#" if token.markup.startswith("=") else "##"
        self.replaced[start] = f"{head}{level} {text}"
        self.removed.update(range(start + 1, end))

    def _fence(self, token: Token, start: int, end: int, item: _Item) -> None:
        """A fence as superfences reads it as CommonMark does: closed by its own marker (not a
        longer one), its info string only what superfences takes (the language, `key=value`
        options; GitHub shows neither: bare words after the language made superfences refuse
        the fence), and at its container's margin, its lines losing the fence's indentation as
        CommonMark takes it away (superfences left out a fence with a line indented less)."""
        lines = self.lines
        opening = token.markup
        opener = lines[start]
        at = opener.find(opening)
        if at < 0:
            return
        words = token.info.split()
        info = token.info.strip()
        if words and not info.startswith("{"):
            info = " ".join([words[0], *(word for word in words[1:] if "=" in word or word[:1] in ".#")])
        indent = at - item.old if not opener[item.old : at].strip() else 0
        margin = opener[: at - max(0, indent)]
        for index in range(start + 1, end):
            line = self.replaced.get(index, lines[index])
            spaces = len(line) - len(line.lstrip(" "))
            cut = min(max(0, indent), max(0, spaces - item.old))
            self.replaced[index] = line[: spaces - cut] + line[spaces:]
        new_opener = margin + opening + info
        if new_opener.rstrip() != opener.rstrip():
            self.replaced[start] = new_opener
        closer = _FENCE_CLOSE_RE.match(lines[end - 1]) if end - 1 > start else None
        if closer and closer.group(2)[0] == opening[0] and len(closer.group(2)) >= len(opening):
            self.replaced[end - 1] = margin + opening
            if end - 1 == start + 1:  # superfences draws no block for a fence with no line
                self.blank_before[end - 1] = ""
        if not self.blank(start - 1):  # Python-Markdown reads a fence after a blank line only
            self.blank_before.setdefault(start, "")

    def _at_margin(self, index: int, item: _Item) -> None:
        """An ATX heading indented by one to three spaces (CommonMark allows them, Python-Markdown
        reads the line as text) at its container's margin."""
        line = self.lines[index]
        spaces = len(line) - len(line.lstrip(" "))
        if spaces > item.old and line[item.old : spaces].strip() == "":
            self.replaced[index] = line[: item.old] + line[spaces:]

    def _inline(self, start: int, end: int, item: _Item, in_table: bool, quoted: bool = False) -> None:
        """Escapes, emphasis marks and `<` in the text of lines `start`…`end` (see
        `inline_text`); a list item's marker and indentation, and a blockquote's `>`, are left
        as they are."""
        heads: list[str] = []
        texts: list[str] = []
        for index in range(start, end):
            line = self.replaced.get(index, self.lines[index])
            quote = _QUOTE_RE.match(line) if quoted else None
            if quote is not None:
                cut = quote.end()
                marker = _MARKER_RE.match(line, cut) if index in self.quoted_items else None
                cut = cut if marker is None else marker.end()
            elif index == item.line:
                cut = item.old
            else:
                cut = min(item.old, len(line) - len(line.lstrip(" ")))
            heads.append(line[:cut])
            texts.append(line[cut:])
        text = "\n".join(texts)
        if not _INLINE_RE.search(text):
            return
        rewritten = inline_text(text, in_table)
        if rewritten == text:
            return
        lines = rewritten.split("\n")
        if len(lines) != len(heads):  # a code span over lines written as HTML, whose breaks are spaces:
            self.replaced[start] = heads[0] + " ".join(lines)  # the paragraph on one line, as shown
            self.removed.update(range(start + 1, end))
            return
        for offset, (head, line) in enumerate(zip(heads, lines, strict=True)):
            self.replaced[start + offset] = head + line

    def apply(self) -> str:
        out: list[str] = []
        for index, line in enumerate(self.lines):
            if index in self.removed:
                continue
            if index in self.joined:
                last = self.joined[index]
                self.removed.update(range(index + 1, last))
                first = self.replaced.get(index, line)
                joined = " ".join(self.replaced.get(i, self.lines[i]).strip() for i in range(index, last))
                self.replaced[index] = first[: len(first) - len(first.lstrip())] + joined
            between = self.blank_before.get(index)
            if between is not None and (between.strip(" >") or (out and out[-1].strip(" \t>"))):
                out.append(between)
            line = self.replaced.get(index, line)
            shift = self.shift.get(index, 0)
            if shift > 0 and line.strip():
                line = " " * shift + line
            out.append(line)
        if self.closers:
            out += ["", *self.closers]
        return "\n".join(out)
