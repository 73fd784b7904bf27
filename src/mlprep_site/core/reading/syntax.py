"""Line patterns the readers share (a question, a heading, a metadata comment, a `<details>`
tag): the canonical reader, its section reader, the foreign dialects' readers and import."""

from __future__ import annotations

import re

QUESTION_RE = re.compile(r"^ {0,3}(\d{1,9})[.)][ \t]+\*\*(.*)\*\*[ \t]*$")
# A numbered line in bold, not written as a question line (`2. **Q?** (hard)`): reported. It may
# be a list item of a question's body (`1. **Bold** step`), so its answer block stays put...
QUESTION_LIKE_RE = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]+\*\*")
# ...unless its bold text asks something (`2. **Q?** (hard)`, `2.**Q?**`, `2. __Q?__`,
# `**2. Q?**`): a question meant as one, and the answer block after it is not the question's
# before it. (`1. __init__` or `1. ____ is …` in a body ask nothing.)
MEANT_AS_QUESTION_RE = re.compile(
    r"^ {0,3}(?:\d{1,9}[.)][ \t]*(\*\*|__)[^*_\n]*\?\1|\*\*\d{1,9}[.)][ \t][^*\n]*\?\*\*)"
)
DOUBLED_NUMBER_RE = re.compile(r"^(\d{1,9})[.)][ \t]+")
HTML_TITLE_RE = re.compile(r"^\s*<h1\b[^>]*>(.*?)</h1>\s*$", re.IGNORECASE)
# The heading's text runs to its last character that is not a blank, a newline or a closing `#`:
# the text of `(.*?)[ \t#]*$`, which tries every end and rescans the blanks after it (quadratic on
# a long run of them); the possessive blanks give nothing back that the text could start with.
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]++((?:.*[^ \t#\n])?)[ \t#]*$")
ATX_MARK_RE = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
"""The `#`s that open an ATX heading, matched at a line's start (what follows them is its text)."""
META_START = "<!-- mlprep:"
COMMENT_RE = re.compile(r"^\s*<!--")

ITEM_HEADING_RE = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-*+])[ \t]+(#{1,6})[ \t]+(.*)$")
"""A heading that opens a list item (`12.  ### What is X?`): the item's first block."""
LIST_ITEM_RE = re.compile(r"^\s{0,3}(?:\d{1,9}[.)]|[-*+])[ \t]+\S")
DETAILS_OPEN_RE = re.compile(r"<details(?:\s[^>]*)?>", re.IGNORECASE)
DETAILS_CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
"""A `<details>` element's tags, wherever they are in a text."""
