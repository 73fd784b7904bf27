"""Raw HTML blocks of an answer as `answers.commonmark` rewrites them (`HtmlBlockEdits`): an
element that CommonMark leaves open at the blank line ending the block gets md_in_html's
`markdown` attribute (and a closing tag at the answer's end when nothing closes it), and the
block's own lines stay raw."""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

from mlprep_site.answers.commonmark_text import BLOCK_TAG_RE, HTML_DEPTH, MARKDOWN_ATTR_RE, raw_text

_FENCE_RUN_RE = re.compile(r"`{3,}|~{3,}")
# md_in_html reads these as inline content unless told `markdown="block"`.
_SPAN_TAGS = {
    "address",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "legend",
    "li",
    "p",
    "summary",
    "td",
    "th",
}
_RAW_TAGS = {"canvas", "math", "option", "pre", "script", "style", "textarea"}
_ANY_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


class HtmlBlockEdits:
    """The raw-HTML part of `answers.commonmark`'s edits of one answer."""

    lines: list[str]
    replaced: dict[int, str]
    closers: list[str]
    """Closing tags for the elements with a `markdown` attribute that the answer leaves open,
    innermost first."""
    closed: dict[str, int] | None
    """What `_unclosed` counts, once."""

    def _html_block(self, start: int, end: int, item_old: int) -> None:
        """A raw HTML block that CommonMark ends at a blank line with elements left open: they
        get md_in_html's `markdown` attribute, so that the markdown after the block is read
        inside them, as on GitHub; the block's own lines stay raw: their text is escaped, and
        they lose the indentation that would make them code (or, on the first line, text)."""
        block = "\n".join(self.lines[start:end])
        if block.lstrip()[:2] in ("<!", "<?"):  # a comment, declaration or CDATA: no markdown
            return
        if _RAW_TAGS.intersection(tag.lower() for _, tag, _, _ in BLOCK_TAG_RE.findall(block)):
            return  # its text is shown as written, spaces and all
        open_tags: list[tuple[str, int, int, bool]] = []  # tag, line, where its name ends, marked
        for index in range(start, end):
            for match in BLOCK_TAG_RE.finditer(self.lines[index]):
                closing, name, attributes, void = match.groups()
                tag = name.lower()
                if closing:
                    if any(open_tag[0] == tag for open_tag in open_tags[-HTML_DEPTH:]):
                        while open_tags.pop()[0] != tag:
                            pass
                elif not void and tag in BLOCK_LEVEL_ELEMENTS:
                    open_tags.append((tag, index, match.start(3), bool(MARKDOWN_ATTR_RE.search(attributes))))
        if any(tag in _RAW_TAGS for tag, _, _, _ in open_tags):
            return
        unclosed = self._unclosed() if open_tags else {}
        closers: list[str] = []  # innermost first
        for tag, index, at, marked in reversed(open_tags):
            if not marked:
                value = "block" if tag in _SPAN_TAGS else "1"
                line = self.replaced.get(index, self.lines[index])
                self.replaced[index] = f'{line[:at]} markdown="{value}"{line[at:]}'
            if unclosed.get(tag, 0) > 0:  # closed by the browser at the end: here too
                unclosed[tag] -= 1  # (md_in_html drops what an open one holds)
                closers.append(f"</{tag}>")
        self.closers[:0] = closers  # a later block's elements are inside an earlier one's
        # At the container's margin: Python-Markdown reads raw HTML only from a line's start.
        first = item_old if not self.lines[start][:item_old].strip() else 0
        elements: list[tuple[str, bool]] = []  # block-level elements open: name, markdown read in it
        for index in range(start, end):
            line = self.replaced.get(index, self.lines[index])
            indent = len(line) - len(line.lstrip(" "))
            head = line[: min(indent, first)]  # raw HTML's indentation shows nothing
            text = line[indent:]
            fence = _FENCE_RUN_RE.match(text)
            if fence:  # superfences reads fences before raw HTML is set aside: not this one
                text = "".join(f"&#{ord(char)};" for char in fence.group(0)) + text[fence.end() :]
            self.replaced[index] = head + raw_text(text, elements)

    def _unclosed(self) -> dict[str, int]:
        """Each tag name → how many elements of it the answer leaves open at its end."""
        if self.closed is None:
            self.closed = {}
            for line in self.lines:
                if "<" in line:
                    for closing, name in _ANY_TAG_RE.findall(line):
                        tag = name.lower()
                        self.closed[tag] = max(0, self.closed.get(tag, 0) + (-1 if closing else 1))
        return self.closed
