"""An answer's HTML compared with GitHub's rendering of its markdown, by structure (issue 20,
item 1): GitHub's renderer is cmark-gfm (the `cmarkgfm` package) with its GFM extensions.

The structure of an HTML fragment is what a reader sees of it: how many list items and how
deep the lists nest, how many code blocks, tables and table rows, and its visible text with
whitespace collapsed. Left out of the text: math (our site draws `$…$` as MathML, GitHub shows
the TeX; each formula counts as one `⟨math⟩` on both sides) and `toc`'s permalink anchors. A
task's checkbox counts as the ☑ or ☐ the site draws for it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, fields
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from mlprep_site.core.text.tex import TexError, find_math, tex_to_mathml

MATH = "⟨math⟩"
LISTS = {"ul", "ol"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements that end a line of text where they start and end (inline ones, such as the spans a
# highlighter wraps code in, do not).
BLOCKS = {
    *LISTS,
    "li",
    "p",
    "div",
    "pre",
    "br",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "input",
}
PARAGRAPH_ENDERS = {
    *LISTS,
    "pre",
    "div",
    "table",
    "blockquote",
    "details",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
SPACE_RE = re.compile(r"\s+")
MATH_SPACE_RE = re.compile(rf"\s*{MATH}\s*")


@dataclass(frozen=True)
class Structure:
    items: int
    depth: int
    code: int
    tables: int
    rows: int
    text: str
    in_paragraph: int = 0
    """Paragraphs with words that a block (code, a list, a table…) starts inside and words
    after it, before the paragraph's end: a browser ends the paragraph at the block, and the
    words that follow it are no paragraph (a fence that Python-Markdown left in a `<p>`). A
    block at the end of a paragraph's words shows as a paragraph and then the block (GitHub's
    raw `<p>` holding text and then markdown)."""

    def differences(self, other: Structure) -> list[str]:
        """The names of the fields in which `other` differs from this one."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


class _StructureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items = self.code = self.tables = self.rows = 0
        self.depth = self.max_depth = 0
        self.paragraphs = self.in_paragraph = self.worded = 0  # `worded`: the open one has text
        self.broken = False  # a block broke a worded paragraph: words after it, before its `</p>`, count
        self.inside: list[str] = []  # the blocks open since then
        self.text: list[str] = []
        self.hidden: list[str] = []  # the open elements whose text is left out (math, permalinks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag not in VOID:
                self.hidden.append(tag)
            return
        values = dict(attrs)
        if tag == "math":
            self.text.append(f" {MATH} ")
            self.hidden.append(tag)
        elif tag == "a" and "headerlink" in (values.get("class") or "").split():
            self.hidden.append(tag)
        elif tag == "input" and values.get("type") == "checkbox":  # a task's box, as the site draws it
            self.text.append(" ☑ " if "checked" in values else " ☐ ")
        if tag in PARAGRAPH_ENDERS and self.paragraphs:  # a browser ends the paragraph here
            self.broken = self.broken or bool(self.worded)
            self.paragraphs = self.worded = 0
        if tag in PARAGRAPH_ENDERS and self.broken:
            self.inside.append(tag)
        if tag == "p":
            self.paragraphs += 1
        elif tag in LISTS:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        elif tag == "li":
            self.items += 1
        elif tag == "pre":
            self.code += 1
        elif tag == "table":
            self.tables += 1
        elif tag == "tr":
            self.rows += 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<div/>` opens a div in HTML; a void tag is the same

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag in self.hidden:
                while self.hidden and self.hidden.pop() != tag:
                    pass
            return
        if tag in LISTS:
            self.depth = max(0, self.depth - 1)
        elif tag == "p":
            self.paragraphs = max(0, self.paragraphs - 1)
            self.worded = 0
        if self.broken and tag in self.inside:
            while self.inside.pop() != tag:
                pass
        elif self.broken and not self.inside:  # the broken paragraph's end, or its container's
            self.broken = False
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)
            if self.paragraphs and data.strip():
                self.worded = 1
            if self.broken and not self.inside and data.strip():
                self.in_paragraph += 1
                self.broken = False


def structure(html: str) -> Structure:
    """What a reader sees of an HTML fragment (see the module's docstring)."""
    parser = _StructureParser()
    parser.feed(html)
    parser.close()
    text = SPACE_RE.sub(" ", "".join(parser.text)).strip()
    text = MATH_SPACE_RE.sub(MATH, text)
    return Structure(
        parser.items, parser.max_depth, parser.code, parser.tables, parser.rows, text, parser.in_paragraph
    )


def github_markdown(answer: str) -> str:
    """The answer's markdown as GitHub is given it: dedented as the page does (an answer read
    from inside a list item is indented by the item), each formula our math draws replaced
    by MATH (GitHub shows the TeX, the site MathML: neither is the other's text)."""
    if answer[:1] in (" ", "\t"):
        answer = textwrap.dedent(answer)
    if "$" not in answer:
        return answer
    raw = {  # lines of raw HTML blocks, where the site draws no math either
        line
        for token in MarkdownIt("commonmark").enable("table").parse(answer)
        if token.type == "html_block" and token.map
        for line in range(*token.map)
    }
    for span in find_math(answer):
        if span.line in raw:
            continue
        try:
            tex_to_mathml(span.tex, span.display)
        except TexError:  # shown as written on the site too
            continue
        answer = answer.replace(span.source, MATH, 1)
    return answer


def github_html(answer: str) -> str:
    """The answer's HTML as GitHub renders it: cmark-gfm with the GFM extensions (tables,
    strikethrough, autolinks, task lists), raw HTML kept."""
    import cmarkgfm  # type: ignore[import-untyped]  # the test extra's; it ships no types
    from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

    return str(
        cmarkgfm.github_flavored_markdown_to_html(github_markdown(answer), options=Options.CMARK_OPT_UNSAFE)
    )


def compare(answer: str, html: str) -> tuple[Structure, Structure, list[str]]:
    """GitHub's structure of `answer`, ours of `html`, and the fields that differ."""
    theirs = structure(github_html(answer))
    ours = structure(html)
    return theirs, ours, theirs.differences(ours)


class _CodeParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.depth += 1
            if self.depth == 1:
                self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.blocks[-1].append(data)


def code_texts(html: str) -> list[str]:
    """The text of each code block (`<pre>`) of an HTML fragment, exactly (its final line
    break aside): a highlighter's markup inside it is not text."""
    parser = _CodeParser()
    parser.feed(html)
    parser.close()
    return ["".join(block).strip("\n") for block in parser.blocks]
