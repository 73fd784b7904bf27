"""The rules for the fields that become URLs, file names, HTML attributes and page text: question
ids, topic slugs, tags, titles and descriptions. One set, whatever the source (markdown front
matter and question metadata, YAML/JSON banks, `import`).

Ids and slugs are lower-case kebab words, `[a-z0-9][a-z0-9-]*`: they are URL fragments, file
names (`<slug>.md`) and HTML ids, so nothing in them needs escaping and none can leave a folder.
Tags are lower-case words too, with `+`, `#` and `.` allowed after the first character (`c++`,
`c#`, `node.js`): they are separated by spaces in `data-tags` and in Anki. Titles are one line;
titles and descriptions are text (always escaped where shown), within a length.

Each `*_problem` function returns what is wrong with a value, or None when it is fine.
"""

from __future__ import annotations

import re

ID_MAX_LENGTH = 100
SLUG_MAX_LENGTH = 100
TAG_MAX_LENGTH = 40
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
NUMBER_MAX = 10**9
"""Largest `order` or question `number` (YAML reads `0x…` of any length as an integer, and
Python cannot write one past 4,300 digits as text: it would fail every report and export)."""

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_RE = ID_RE
TAG_RE = re.compile(r"[a-z0-9][a-z0-9+#.-]*")
# C0 and C1 control characters (tab and, in descriptions, newline are allowed): they have no
# business in a title and some of them are not allowed in XML (the Anki deck, sitemap).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What YAML and browsers take for a line break, beyond the C0/C1 controls.
_LINE_BREAK_RE = re.compile("[\n\u2028\u2029]")

ID_ALPHABET = "lower-case letters, digits and `-`, starting with a letter or digit"
TAG_ALPHABET = "lower-case letters, digits and `-` `+` `#` `.`, starting with a letter or digit"


def shown(value: object, limit: int = 40) -> str:
    """A value for a message: its repr, cut short (a hostile value may be a megabyte, or an
    integer too long for Python to write as text)."""
    if isinstance(value, int) and number_problem(value):
        return f"a {value.bit_length():,}-bit number"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _word_problem(
    value: object, what: str, pattern: re.Pattern[str], alphabet: str, limit: int
) -> str | None:
    if not isinstance(value, str):
        return f"{what} must be a string, not {type(value).__name__}"
    if len(value) > limit:
        return f"{what} {shown(value)} is longer than {limit} characters"
    if not pattern.fullmatch(value):
        return f"{what} {shown(value)} must be {alphabet}"
    return None


def id_problem(value: object) -> str | None:
    return _word_problem(value, "question id", ID_RE, ID_ALPHABET, ID_MAX_LENGTH)


def slug_problem(value: object) -> str | None:
    return _word_problem(value, "topic slug", SLUG_RE, ID_ALPHABET, SLUG_MAX_LENGTH)


def tag_problem(value: object) -> str | None:
    return _word_problem(value, "tag", TAG_RE, TAG_ALPHABET, TAG_MAX_LENGTH)


def respelled_tag(tag: str) -> str | None:
    """`tag` written in the tag alphabet (`Software Development` as `software-development`), or
    None when nothing of it fits."""
    respelled = re.sub(r"[^a-z0-9+#.]+", "-", tag.lower()).strip("-")
    respelled = re.sub(r"^[^a-z0-9]+", "", respelled)[:TAG_MAX_LENGTH].rstrip("-")
    return respelled if respelled and tag_problem(respelled) is None else None


def number_problem(value: int) -> str | None:
    if -NUMBER_MAX <= value <= NUMBER_MAX:
        return None
    return f"a number between {-NUMBER_MAX:,} and {NUMBER_MAX:,} is expected"


def title_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"title must be a string, not {type(value).__name__}"
    if not value.strip():
        return "title is empty"
    if len(value) > TITLE_MAX_LENGTH:
        return f"title is longer than {TITLE_MAX_LENGTH} characters"
    if _LINE_BREAK_RE.search(value) or _CONTROL_RE.search(value):
        return "title must be one line of text, without control characters"
    return None


def description_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"description must be a string, not {type(value).__name__}"
    if len(value) > DESCRIPTION_MAX_LENGTH:
        return f"description is longer than {DESCRIPTION_MAX_LENGTH} characters"
    if _CONTROL_RE.search(value):
        return "description must be text, without control characters"
    return None
