"""Text as HTML: question and title text rendered to plain HTML, with nothing in it that
markdown or a browser could take for markup."""

from __future__ import annotations

import functools
import re
from html import escape

from mlprep_site.core.code_spans import code_spans

# Characters that would let question text become markup: raw HTML, links, attribute lists
# (`{: onclick=…}`), backslash escapes, table cells, code spans, math (`$…$` in a title would
# be drawn from the entities above).
_TEXT_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "`": "&#96;",
    "$": "&#36;",
}
TEXT_TABLE = str.maketrans(_TEXT_ESCAPES)
# Emphasis markers left over after <strong>/<em> are entities too, so the result is plain HTML
# that no markdown context (heading, table cell, raw block) can reinterpret.
MARKER_TABLE = str.maketrans({"*": "&#42;", "_": "&#95;"})
CODE_TABLE = str.maketrans({**_TEXT_ESCAPES, "*": "&#42;", "_": "&#95;"})
# An emphasis' text never runs past the next marker of its kind (intra-word `_` aside), so each
# opening marker is tried against one stretch of text and a long line costs linear time; `.+?`
# would try every later marker for every opener (10,000 unclosed `**` took seconds).
STRONG_RE = re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
EM_RE = re.compile(
    r"\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*|(?<!\w)_(?=[^\s_])((?:[^_]|(?<=\w)_(?=\w))+?)(?<=[^\s_])_(?!\w)"
)


def _emphasis(escaped: str) -> str:
    html = STRONG_RE.sub(lambda m: f"<strong>{m.group(2)}</strong>", escaped)
    html = EM_RE.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", html)
    return html.translate(MARKER_TABLE)


@functools.lru_cache(maxsize=1 << 16)  # a question's heading is wanted by page, contents and deck
def inline_text(text: str) -> str:
    """A question (or title) as HTML: code spans and emphasis render, nothing else is markup.

    Rendered here rather than by markdown: a `</h2>` inside backticks would otherwise close
    the raw-HTML heading the question sits in, since md_in_html reads tags before markdown
    sees code spans. Everything else shows as written: `<`, `&`, quotes, brackets, braces.
    """
    parts: list[str] = []
    position = 0
    for start, end, ticks in code_spans(text):
        parts.append(_emphasis(text[position:start].translate(TEXT_TABLE)))
        parts.append(f"<code>{text[start + ticks : end - ticks].strip().translate(CODE_TABLE)}</code>")
        position = end
    parts.append(_emphasis(text[position:].translate(TEXT_TABLE)))
    return " ".join("".join(parts).split())


def attr(value: str) -> str:
    return escape(value, quote=True)


def link(url: str | None, text: str) -> str:
    return f'<a href="{attr(url)}">{escape(text)}</a>' if url else escape(text)
