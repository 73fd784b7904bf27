"""YAML metadata: a topic's front matter and a question's `<!-- mlprep: {...} -->` comment."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import yaml

from mlprep_site.core.domain.model import DIALECT_NAMES, DIFFICULTIES
from mlprep_site.core.domain.rules import (
    description_problem,
    id_problem,
    number_problem,
    slug_problem,
    tag_problem,
    title_problem,
)
from mlprep_site.core.reading.limits import long_number
from mlprep_site.core.reading.references import question_references
from mlprep_site.core.text import safe_yaml

Report = Callable[..., None]

FRONT_MATTER_KEYS = {
    "title": str,
    "slug": str,
    "description": str,
    "order": int,
    "tags": list,
    "dialect": str,
}
# Keys of docs-site generators (Docusaurus, GitBook, MkDocs) that say nothing about the questions.
DOCS_SITE_KEYS = frozenset(
    {"id", "sidebar_label", "sidebar_position", "sidebar_class_name", "keywords", "hide_title"}
    | {"hide_table_of_contents", "pagination_label", "custom_edit_url", "displayed_sidebar", "image"}
    | {"hide", "search", "template", "authors", "date", "last_update", "draft", "unlisted"}
)
QUESTION_META_KEYS = ("id", "tags", "difficulty", "refs")
# The rules (core/domain/rules.py) each front matter field must pass; a field that fails is left out.
FIELD_RULES = {"slug": slug_problem, "title": title_problem, "description": description_problem}


WORD = r"[^\W\d][\w-]*"
# In a flow mapping, YAML reads `id:abc` as one word: a key's colon is followed by a space.
# Blanks are spaces and line breaks: PyYAML refuses some tabs that libyaml takes, so text with
# a tab goes to the YAML loader, whichever it is.
FLOW_PAIR_RE = re.compile(rf" *({WORD}) *:[ \n]+(?:\[([\w \n,-]*)\]|({WORD}))[ \n]*(,|$)")
WORD_RE = re.compile(WORD)
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}
# The rest of the flow YAML the fast reader takes (`refs: ['https://…', {url: '…', title: src}]`,
# as `render` writes references): a key, and a scalar that is a quoted string without `''`
# escapes, a plain word or a small decimal integer. What follows each is checked by the caller.
# Quoted text leaves out what YAML reads otherwise: control characters, line breaks (also
# U+0085, U+2028 and U+2029), the byte order mark and non-characters.
QUOTED = "'([ -&(-~\u00a0-\u2027\u2030-\ud7ff\ue000-\ufefe\uff00-\ufffd]*)'(?!')"
FLOW_KEY_RE = re.compile(rf"[ \n]*({WORD}) *:[ \n]+")  # a key and its colon share a line
FLOW_SCALAR_RE = re.compile(rf"[ \n]*(?:{QUOTED}|({WORD})|(0|[1-9][0-9]{{0,8}}))[ \n]*")
BLANKS = " \n"


def _plain_word(word: str) -> str | None:
    return word if WORD_RE.fullmatch(word) and word.lower() not in YAML_WORDS else None


def _flow_scalar(text: str, pos: int) -> tuple[str | int, int] | None:
    match = FLOW_SCALAR_RE.match(text, pos)
    if match is None:
        return None
    quoted, word, number = match.groups()
    if word is not None and word.lower() in YAML_WORDS:
        return None
    value = quoted if quoted is not None else word if word is not None else int(number)
    return value, match.end()


def _after_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in BLANKS:
        pos += 1
    return pos


def _flow_key(text: str, pos: int, taken: dict[str, Any]) -> tuple[str, int] | None:
    """A mapping's key at `pos` and where its value starts; None when it is not a plain word,
    is one YAML reads as a boolean or null, or is in `taken` already."""
    match = FLOW_KEY_RE.match(text, pos)
    if match is None or match.group(1) in taken or match.group(1).lower() in YAML_WORDS:
        return None
    return match.group(1), match.end()


def _flow_collection(text: str, pos: int) -> tuple[Any, int] | None:
    """The flow list or mapping of scalars (a list may hold mappings) that starts at `pos`
    (after blanks), and the position after it; None for anything else."""
    pos = _after_blanks(text, pos)
    opener = text[pos : pos + 1]
    if opener not in ("[", "{"):
        return None
    closer = "]" if opener == "[" else "}"
    items: list[Any] = []
    pairs: dict[str, Any] = {}
    pos += 1
    while True:
        key = None
        if opener == "{":
            found = _flow_key(text, pos, pairs)
            if found is None:
                return None
            key, pos = found
        nested = opener == "[" and text.startswith("{", _after_blanks(text, pos))
        parsed = _flow_collection(text, pos) if nested else _flow_scalar(text, pos)
        if parsed is None:
            return None
        value, pos = parsed
        if key is None:
            items.append(value)
        else:
            pairs[key] = value
        pos = _after_blanks(text, pos)
        if text[pos : pos + 1] == closer:
            return (items if opener == "[" else pairs), pos + 1
        if text[pos : pos + 1] != ",":
            return None
        pos += 1


def _simple_flow_mapping(text: str) -> dict[str, Any] | None:
    """`{id: a-b, tags: [x, y]}` without a YAML parser, or None for anything less plain.

    Ten thousand questions each carry one such comment; this keeps loading under budget, and
    whatever it does not fully understand goes to the YAML loader.
    """
    body = text.strip(BLANKS)
    if not (body.startswith("{") and body.endswith("}")):
        return None
    body = body[1:-1].strip(BLANKS)
    result: dict[str, Any] = {}
    pos = 0
    end = len(body)
    while pos < end:
        match = FLOW_PAIR_RE.match(body, pos)
        if match is None:
            return _with_flow_collection(body, pos, result)
        # The key and a scalar value matched WORD whole: only the YAML words are left to rule out.
        key, items, word, _ = match.groups()
        if key in result or key.lower() in YAML_WORDS:
            return None
        if items is not None:
            words = [w.strip() for w in items.split(",")] if items.strip() else []
            for item in words:
                if _plain_word(item) is None:
                    return None
            result[key] = words
        elif word.lower() in YAML_WORDS:
            return None
        else:
            result[key] = word
        pos = match.end()
    return result


def _with_flow_collection(body: str, pos: int, result: dict[str, Any]) -> dict[str, Any] | None:
    """The rest of `_simple_flow_mapping`'s pairs from `pos`, where one holds more than words
    (references); None for anything less plain."""
    while pos < len(body):
        found = _flow_key(body, pos, result)
        if found is None:
            return None
        key, start = found
        parsed = _flow_collection(body, start) or _flow_scalar(body, start)
        if parsed is None:
            return None
        result[key], pos = parsed
        pos = _after_blanks(body, pos)
        if pos < len(body) and body[pos] != ",":
            return None
        pos += 1
    return result


# A front matter line of the plainest kind: a key, then a word (or words) starting with a
# letter, a small decimal integer, or a flow list (`_flow_collection`).
BLOCK_PAIR_RE = re.compile(
    r"([a-z_][a-z0-9_]*): (?:([A-Za-z](?:[A-Za-z0-9 _-]*[A-Za-z0-9_-])?)|(0|[1-9][0-9]{0,8})|(\[.*))"
)


def _simple_block_mapping(text: str) -> dict[str, Any] | None:
    """`title: Topic\norder: 3\ntags: [a, b]` without a YAML parser, or None for anything less
    plain (each front matter is read once; this keeps a bank of many files under budget)."""
    result: dict[str, Any] = {}
    for line in text.split("\n"):
        match = BLOCK_PAIR_RE.fullmatch(line)
        if match is None:
            return None
        key, words, number, flow = match.groups()
        if key in result or key in YAML_WORDS:
            return None
        if words is not None:
            if words.lower() in YAML_WORDS:
                return None
            result[key] = words
        elif number is not None:
            result[key] = int(number)
        else:
            parsed = _flow_collection(flow, 0)
            if parsed is None or parsed[1] != len(flow):
                return None
            result[key] = parsed[0]
    return result


def _load_yaml(text: str, first_line: int, report: Report, code: str) -> Any:
    simple = _simple_flow_mapping(text) if text.lstrip(BLANKS)[:1] == "{" else _simple_block_mapping(text)
    if simple is not None:
        return simple
    try:
        return safe_yaml.load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        last = text.count("\n")  # libyaml can point one line past the end of the text
        line = first_line + (min(mark.line, last) if mark is not None else 0)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        report(line, "error", f"invalid YAML: {problem}", code)
        return None
    except ValueError:  # a number past Python's int-to-str limit
        at, problem = long_number(text)
        report(first_line + at, "error", f"invalid YAML: {problem}", code)
        return None


DeferredTag = tuple[int, str, str, str]
"""(line, key, tag, problem) of a front matter tag that breaks the tag rule, for the caller to
report once it knows the file's form (`read_topic`)."""


def _tag_list(
    value: Any, key: str, line: int, report: Report, code: str, deferred: list[DeferredTag] | None = None
) -> list[str]:
    """The tags that pass the tag rule; one error for each that does not (put in `deferred`
    when given)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        report(line, "error", f"`{key}` must be a list of words", code)
        return []
    tags = []
    for item in value:
        if isinstance(item, int) and (problem := number_problem(item)):  # `0x…` of any length
            report(line, "error", f"`{key}`: {problem}", code)
            continue
        tag = str(item)
        if not isinstance(item, str):  # `3.10` is 3.1 to YAML, `010` is 8, `12:30` is 750
            kind = "true or false" if isinstance(item, bool) else "a number"
            message = f"`{key}`: YAML reads a tag as {kind}, {tag} (kept as '{tag}'): "
            message += "quote it to keep it as written"
            report(line, "warning", message, code)
        problem = tag_problem(tag)
        if problem is None:
            tags.append(sys.intern(tag))  # a few tags repeat over thousands of questions: one copy each
        elif deferred is not None:
            deferred.append((line, key, tag, problem))
        else:
            report(line, "error", problem, code)
    return tags


def unknown_key_finding(key: str, canonical: bool) -> tuple[str, str]:
    """The message and code of a front matter key that is not ours: in a file of our canonical
    form a mistake (a warning), in another repository's file its own metadata (`theme:`,
    `layout:`), left out with a note."""
    if canonical:
        return f"unknown front matter key `{key}` (known: {', '.join(FRONT_MATTER_KEYS)})", "front-matter"
    return f"front matter key `{key}` is not one this site reads; left out", "front-matter"


def parse_front_matter(
    lines: Sequence[str],
    report: Report,
    unknown: list[tuple[int, str]] | None = None,
    deferred_tags: list[DeferredTag] | None = None,
) -> tuple[dict[str, Any], int]:
    """Front matter between `---` lines at the top; returns (metadata, next line index). Keys
    that are not ours are reported (`unknown_key_finding`), or, with `unknown`, put in it as
    (line, key) for the caller to report once it knows the file's form; so are tags that
    break the tag rule, with `deferred_tags`."""
    # The closing marker starts its line, as YAML's (and MkDocs') rule has it: an indented
    # `...` is part of a multi-line value, as `render` writes a description.
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        report(1, "error", "front matter is not closed with a `---` line", "front-matter")
        return {}, len(lines)
    data = _load_yaml("\n".join(lines[1:end]), 2, report, "front-matter")
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        report(1, "error", "front matter must be a YAML mapping (key: value lines)", "front-matter")
        return {}, end + 1
    meta: dict[str, Any] = {}
    for key, value in data.items():
        line = _key_line(lines, 1, end, str(key))
        expected = FRONT_MATTER_KEYS.get(str(key))
        if expected is None and key in DOCS_SITE_KEYS:
            continue
        if expected is None:
            if unknown is not None:
                unknown.append((line, str(key)))
            else:
                report(line, "warning", *unknown_key_finding(str(key), canonical=True))
        elif expected is list:
            meta[key] = _tag_list(value, str(key), line, report, "front-matter", deferred_tags)
        elif not isinstance(value, expected) or isinstance(value, bool):
            report(line, "error", f"`{key}` must be {expected.__name__}", "front-matter")
        elif isinstance(value, int) and (problem := number_problem(value)):
            report(line, "error", f"`{key}`: {problem}", "front-matter")
        elif isinstance(value, str) and key in FIELD_RULES and (problem := FIELD_RULES[key](value.strip())):
            report(line, "error", problem, "front-matter")
        elif key == "dialect" and value not in DIALECT_NAMES:
            report(line, "error", f"`dialect` must be one of {', '.join(DIALECT_NAMES)}", "front-matter")
        else:
            meta[key] = value.strip() if isinstance(value, str) else value
    return meta, end + 1


def _key_line(lines: Sequence[str], start: int, end: int, key: str) -> int:
    for i in range(start, end):
        if lines[i].lstrip().startswith(f"{key}:"):
            return i + 1
    return start + 1


OPEN_COMMENT_END_RE = re.compile(r"\s*(?:$|<|\d{1,9}[.)]\s)")
"""A line that ends an open metadata comment: blank, a tag or comment, a numbered item."""


def parse_question_meta(lines: Sequence[str], i: int, report: Report) -> tuple[dict[str, Any], int]:
    """The comment that starts on `lines[i]`; returns (metadata, next line index)."""
    start = i
    if "-->" in lines[i]:  # the comment of one line
        text = lines[i]
    else:
        # A metadata comment is a few lines of flow YAML: it is not closed if a blank line, a
        # block, another comment or a question comes first (else one missing `-->` would take
        # the next question's comment and give its answer to this question).
        i += 1
        while i < len(lines) and "-->" not in lines[i] and not OPEN_COMMENT_END_RE.match(lines[i]):
            i += 1
        if i == len(lines) or "-->" not in lines[i]:
            report(start + 1, "error", "metadata comment is not closed with `-->`", "question-meta")
            return {}, start + 1
        text = "\n".join(lines[start : i + 1])
    close = text.rindex("-->")
    body = text[text.index("mlprep:") + len("mlprep:") : close]
    trailing = text[close + 3 :]
    if trailing.strip():
        report(i + 1, "error", "text after the metadata comment on the same line", "stray-text")
    written = _WRITTEN_META_RE.fullmatch(body)
    if written is not None and (meta := _written_meta(written)) is not None:
        return meta, i + 1
    data = _load_yaml(body, start + 1, report, "question-meta")
    if data is None:
        return {}, i + 1
    if not isinstance(data, dict):
        report(start + 1, "error", "question metadata must be a YAML mapping", "question-meta")
        return {}, i + 1
    return _check_question_meta(data, start + 1, report), i + 1


# The metadata as `render` writes it (refs aside) with every value within its rule and no YAML
# word: read at once, as the general way below reads it (`_written_meta`); anything else goes
# that way. A bank holds one such comment per question.
_WRITTEN_META_RE = re.compile(
    r" \{id: ([a-z][a-z0-9-]{0,99})(?:, tags: \[([a-z][a-z0-9-]{0,39}(?:, [a-z][a-z0-9-]{0,39})*)\])?"
    r"(?:, difficulty: (easy|medium|hard))?\} "
)


def _written_meta(written: re.Match[str]) -> dict[str, Any] | None:
    """The metadata of a `_WRITTEN_META_RE` comment, or None when a value is a YAML word."""
    question_id, tags, difficulty = written.groups()
    if question_id in YAML_WORDS:
        return None
    meta: dict[str, Any] = {"id": question_id}
    if tags is not None:
        words = tags.split(", ")
        if not YAML_WORDS.isdisjoint(words):
            return None
        meta["tags"] = list(map(sys.intern, words))
    if difficulty is not None:
        meta["difficulty"] = DIFFICULTIES[DIFFICULTIES.index(difficulty)]
    return meta


def _check_question_meta(data: dict[Any, Any], line: int, report: Report) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, value in data.items():
        if key == "id":
            if problem := id_problem(value):
                report(line, "error", problem, "question-meta")
            else:
                meta["id"] = value
        elif key == "tags":
            meta["tags"] = _tag_list(value, "tags", line, report, "question-meta")
        elif key == "difficulty":
            if value not in DIFFICULTIES:
                allowed = ", ".join(DIFFICULTIES)
                report(line, "error", f"`difficulty` must be one of {allowed}", "question-meta")
            else:
                meta["difficulty"] = DIFFICULTIES[DIFFICULTIES.index(value)]  # the one shared copy
        elif key == "refs":
            meta["refs"] = question_references(value, line, report)
        else:
            known = ", ".join(QUESTION_META_KEYS)
            report(line, "error", f"unknown question metadata `{key}` (known: {known})", "question-meta")
    return meta
