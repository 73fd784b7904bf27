"""A fence's opening line (core/importer/fence_header.py): the groups superfences' header regex captures,
found left to right in linear time, and the same lines accepted as fences."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.importer.fence_header import parse_header
from mlprep_site.core.importer.fences import opening_fence
from mlprep_site.core.loader import parse_markdown

# superfences' RE_NESTED_FENCE_START without its "unrecognized" alternative: what the loader
# matched with until it took exponential time on a line of many options that fails late.
HEADER_RE = re.compile(
    r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*\{(?P<attrs>[^\n]*)\} |
        (?P<options>(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?(?=[\t ]|$))+)
    )?[ \t]*$
    """
)
GROUPS = ("fence", "lang", "attrs", "options")

# The characters the header gives meaning to; lines made of them, and headers with options
# (quoted values that hold blanks and quotes of both kinds), some with one character inserted.
CHARS = list("`~ \t{}.=\"'ab#_1-+>!\n") + ["é"]
BLANKS = st.sampled_from([" ", "  ", "\t", ""])
VALUE = st.lists(st.sampled_from([" ", "a", '"', "'", "=", "b=", "#"]), max_size=4).map("".join)
OPTION = st.builds(
    lambda key, quote, value, valued: f"{key}={quote}{value}{quote}" if valued else key,
    st.sampled_from(["a", "title", "x_1", "py", "B2"]),
    st.sampled_from(['"', "'"]),
    VALUE,
    st.booleans(),
)
HEADER = st.builds(
    lambda fence, lang, options, tail: fence + lang + "".join(options) + tail,
    st.sampled_from(["```", "~~~", "````", "``", "```~"]),
    st.sampled_from(["", "py", " py", ".py", " c++", " {.py}"]),
    st.lists(st.tuples(BLANKS, OPTION).map("".join), max_size=4),
    st.sampled_from(["", " ", "\t ", "!", "\n", "}", '"']),
)


@st.composite
def lines(draw: st.DrawFn) -> str:
    line = draw(st.one_of(st.lists(st.sampled_from(CHARS), max_size=16).map("".join), HEADER, HEADER))
    if line and draw(st.booleans()):
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(st.sampled_from(CHARS)) + line[at:]
    return line


def old_groups(line: str, start: int) -> tuple[str | None, ...] | None:
    match = HEADER_RE.match(line, start)
    return None if match is None else tuple(match.group(g) for g in GROUPS)


def new_groups(line: str, start: int) -> tuple[str | None, ...] | None:
    header = parse_header(line, start)
    return None if header is None else (header.fence, header.lang, header.attrs, header.options)


@settings(max_examples=1000, deadline=None)
@given(lines(), st.integers(0, 3))
def test_header_groups_are_the_regex_groups(line: str, start: int) -> None:
    start = min(start, len(line))
    assert new_groups(line, start) == old_groups(line, start)


def test_header_corners() -> None:
    for line in [
        '```py a="1"b="2"',  # one option: the value runs to the last quote
        '```py a="x" "',  # the lone quote closes a's value
        "```.py",  # the dot is not the language's
        "``` {}",
        "``` { } x }  ",
        "```py\n",  # `$` before a final newline
        "```py\nx",
        "````~",
        "```é a='",
        "```a='x' b",
    ]:
        assert new_groups(line, 0) == old_groups(line, 0), line


def test_many_options_that_fail_late_are_read_at_once() -> None:
    """The old regex takes about 4 s on 24 such options and four times as long for every two
    more; at 5,000 it would not finish. No clock here: a super-linear reader stalls the suite."""
    line = "```py" + ' a=""' * 5_000 + "!"
    assert parse_header(line) is None and opening_fence(line) is None
    fine = "```py" + ' title=""' * 5_000
    assert opening_fence(fine) is not None
    for hostile in (
        "```" + " " * 50_000 + "!",
        "`" * 50_000 + "!",
        "```{" + "} " * 25_000 + "x",
        "```" + " a" * 25_000 + "=",
    ):
        assert opening_fence(hostile) is None
    # To GitHub (and the loader, core.text.code) any info string opens a fence: closed, it is code.
    text = f"1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n{line}\n```\n\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None and topic.questions[0].answer == line + "\n```"
    assert findings == []
