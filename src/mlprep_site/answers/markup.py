"""The markdown that answers are written in: the extensions pages are rendered with, and an
answer's markdown as it goes into a page (nested hints rendered as markdown)."""

from __future__ import annotations

import re
import textwrap

from mlprep_site.core.reading.answer_blocks import DETAILS_LINE_RE
from mlprep_site.core.reading.syntax import DETAILS_OPEN_RE
from mlprep_site.core.text.code import close_open_fence, code_lines

# The markdown extensions generated pages are written for; mkdocs.yml enables them (and `toc`),
# and the Anki deck renders answers with the same list.
MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "mlprep_site.answers.math_markdown",  # `$…$` and `$$…$$` as MathML, drawn at build time
)

MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\s*=", re.IGNORECASE)


def answer_markdown(answer: str) -> str:
    """The answer as page markdown: nested `<details>` hints get `markdown="1"` so their
    content renders as markdown inside the question block, as it does on GitHub, and a code
    fence left open is closed at the answer's end, so it cannot run on into the next question
    (the loader reports it)."""
    if answer[:1] in (" ", "\t"):
        answer = textwrap.dedent(answer)
    answer = close_open_fence(answer)
    if DETAILS_OPEN_RE.search(answer) is None:  # tag names in any case
        return answer
    lines = answer.split("\n")
    for index, (line, in_code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        if in_code:
            continue
        opener = DETAILS_LINE_RE.match(line)
        if opener and not MARKDOWN_ATTR_RE.search(opener.group(0)):
            lines[index] = line[: opener.end() - 1] + ' markdown="1">' + line[opener.end() :]
    return "\n".join(lines)
