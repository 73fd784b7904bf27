"""The header of a fence's opening line, read the way pymdownx.superfences reads it, in linear time.

superfences (pymdown-extensions 10) matches an opening line, after its indentation, with
`RE_NESTED_FENCE_START`; without `relaxed_headers` its "unrecognized" alternative makes no fence,
so the rule is this regex (the oracle of tests/test_fence_header.py):

    (?P<fence>~{3,}|`{3,})
    (?:[ \\t]*\\.?(?P<lang>[\\w#.+-]+)(?=[\\t ]|$))?
    (?:
        [ \\t]*\\{(?P<attrs>[^\\n]*)\\} |
        (?P<options>(?:[ \\t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?(?=[\\t ]|$))+)
    )?[ \\t]*$

Run as a regex, its options take exponential time on a line that fails late: a quoted value may
end at any later quote of its kind, so the regex tries every way of cutting the line into
options (```` ```py a="" a="" … ! ````: four times as long for every two options more).
`parse_header` captures the same groups (all but `quot`, which only pairs the quotes) in one
pass: the rule without options is an unambiguous regex, and options are found by a sweep.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The rule without its options: linear as a regex. When it matches, the whole rule matches the
# same way (a blank rest or attributes leave no room for options); when it does not, only
# options can make the line a header.
_PLAIN_HEADER_RE = re.compile(
    r"(?P<fence>~{3,}|`{3,})(?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?"
    r"(?:[ \t]*\{(?P<attrs>[^\n]*)\})?[ \t]*$"
)
_FENCE_RE = re.compile(r"~{3,}|`{3,}")
_LANG_RE = re.compile(r"[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$)")
_KEY_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9_]*")
_BLANK = " \t"


class Header(NamedTuple):
    """The groups superfences' regex captures on an opening line."""

    fence: str
    lang: str | None
    attrs: str | None
    options: str | None


def parse_header(line: str, start: int = 0) -> Header | None:
    """The header that `line[start:]` opens with, or None when it is no fence header."""
    plain = _PLAIN_HEADER_RE.match(line, start)
    if plain is not None:
        return Header(plain["fence"], plain["lang"], plain["attrs"], None)
    # `$` matches at the end or before a final newline, and nothing else matches a newline.
    end = len(line) - 1 if line.endswith("\n") else len(line)
    fence = _FENCE_RE.match(line, start, end)
    if fence is None or line.find("\n", start, end) >= 0:
        return None
    # The whole run of backticks or tildes: a shorter fence leaves one that nothing can match.
    # Then options after the language, or with none, in the order the regex backtracks (with
    # none, the language is the first key and the same options follow: never a match but
    # tried, so that this reads as the regex does).
    lang = _LANG_RE.match(line, fence.end(), end)
    if lang is not None and (last := _options_end(line, lang.end(), end)) is not None:
        return Header(fence.group(), lang["lang"], None, line[lang.end() : last])
    if (last := _options_end(line, fence.end(), end)) is not None:
        return Header(fence.group(), None, None, line[fence.end() : last])
    return None


def _options_end(line: str, start: int, end: int) -> int | None:
    """Where the options that `line[start:end]` holds end, with only blanks after them; None
    when it is not a run of options."""
    first = start
    while first < end and line[first] in _BLANK:
        first += 1
    last = end
    while last > first and line[last - 1] in _BLANK:
        last -= 1
    return last if first < last and _options_reach(line, first, last, end) else None


def _options_reach(line: str, first: int, last: int, end: int) -> bool:
    """Whether options starting at `first` can end exactly at `last`.

    An option is a key, or a key, `=` and a quoted value, followed by a blank or the end. Each
    place a token can start is marked before the sweep reaches it (a token ends after its key
    or after a closing quote, both further on, and the next starts after the blanks). `opened`
    holds, per quote, the first opening quote of a value that a reachable token began: any
    later quote of its kind followed by a blank or the end may close that value, so each place
    where a token can end is found once, however many ways lead to it."""
    starts = {first}
    opened: dict[str, int] = {}
    for index in range(first, last):
        char = line[index]
        if index in starts and (key := _KEY_RE.match(line, index, end)) is not None:
            after = key.end()
            if after < end and line[after] == "=" and after + 1 < end and line[after + 1] in "\"'":
                opened.setdefault(line[after + 1], after + 1)
                continue
            if after < end and line[after] not in _BLANK:
                continue
            token_end = after
        elif char in "\"'" and opened.get(char, index) < index:
            if index + 1 < end and line[index + 1] not in _BLANK:
                continue
            token_end = index + 1
        else:
            continue
        if token_end == last:
            return True
        following = token_end
        while line[following] in _BLANK:  # a token that ends before `last` has blanks after it
            following += 1
        starts.add(following)
    return False
