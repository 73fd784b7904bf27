"""The markdown extension `mlprep_site.answers.math_markdown`: `$…$` and `$$…$$` drawn as MathML
when the page is built (no math JavaScript, no web fonts).

The same syntax as pymdownx.arithmatex with smart dollars (inline math has no space just inside
its dollars, so "$5 and $10" is text; `\\$` is a literal dollar; code spans and fenced code are
never math), but arithmatex only wraps the TeX for a script to typeset in the browser, and takes
no formatter of ours for the dollar syntax. The formulas are drawn by `core.text.tex`, which also
finds invalid TeX for `validate` and the build (with the line), and undoes this for Anki.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.util import ETX, STX
from pymdownx.util import escape_chars

from mlprep_site.core.text.tex import BLOCK_MATH_RE, INLINE_MATH, is_balanced, math_html

# An escaped backslash, as markdown's own escape pattern leaves it for the later stages.
ESCAPED_BACKSLASH = STX + str(ord("\\")) + ETX


class InlineMathProcessor(InlineProcessor):
    """`$TeX$` inside a paragraph, list item, table cell or heading."""

    # The stubs give InlineProcessor the signature of the older Pattern.handleMatch.
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int] | tuple[None, None, None]:
        if m.group(1):  # backslashes before a `$`: each pair is one literal backslash
            return m.group(1).replace("\\\\", ESCAPED_BACKSLASH), m.start(0), m.end(0)
        if not is_balanced(m.group(3)):  # not math: its dollars stay text (core.text.tex)
            return None, None, None
        html = math_html(m.group(3), display=False, source=m.group(0))
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class DisplayMathProcessor(BlockProcessor):
    """A paragraph that is `$$TeX$$` alone (the dollars may sit on lines of their own)."""

    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        self.match: re.Match[str] | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        self.match = BLOCK_MATH_RE.match(block)
        return self.match is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        assert self.match is not None
        html = math_html(self.match.group("math"), display=True, source=block.rstrip(" "))
        paragraph = etree.SubElement(parent, "p")  # a stashed block replaces its whole paragraph
        paragraph.text = self.parser.md.htmlStash.store(html)
        return True


class MathExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        escape_chars(md, ["$"])
        # Just after code spans (190), which are never math; before escapes and emphasis.
        md.inlinePatterns.register(InlineMathProcessor(INLINE_MATH, md), "mlprep-math-inline", 189.9)
        # Before paragraphs and raw HTML, after code blocks and fences (superfences stashes first).
        md.parser.blockprocessors.register(DisplayMathProcessor(md.parser), "mlprep-math-block", 79.9)


def makeExtension(**kwargs: Any) -> MathExtension:  # noqa: N802  # the name markdown looks up
    return MathExtension(**kwargs)
