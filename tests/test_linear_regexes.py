"""Line regexes that backtracked over a long run of blanks (quadratic) and their linear
replacements: the same matches on generated lines (the old regex is the oracle), and the
hostile line itself read through the loader. No clock in the tests: each hostile line is long
enough that the old regex would take minutes, so a regression stalls the suite."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import parse_markdown, read_markdown
from mlprep_site.core.reading import detect
from mlprep_site.core.reading.detect import TABLE_RULE_RE, detect_dialect
from mlprep_site.core.reading.dialects.docsite import STATEMENT_END_RE
from mlprep_site.core.reading.syntax import HEADING_RE

OLD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
OLD_DETECT_HEADING_RE = re.compile(r"^ {0,3}(#{2,6})[ \t]+(.*?)[ \t#]*$")
OLD_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
OLD_STATEMENT_END_RE = re.compile(r"""(?:from\s*['"][^'"]*['"]|^import\s*['"][^'"]*['"])\s*;?\s*$|;\s*$""")
LONG = 200_000  # blanks: about a minute or more for each old regex (40,000: 3 to 10 s, 4x per doubling)


def texts(*pieces: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(pieces)), max_size=14).map("".join)


def groups(match: re.Match[str] | None) -> tuple[object, ...] | None:
    return None if match is None else (match.span(), *match.groups())


@settings(max_examples=1000, deadline=None)
@given(texts("#", "##", " ", "  ", "\t", "a", "b c", "\\#", "\n", "\r", "x#"))
def test_headings_match_as_the_lazy_regexes_did(line: str) -> None:
    assert groups(HEADING_RE.match(line)) == groups(OLD_HEADING_RE.match(line))
    assert groups(detect._HEADING_RE.match(line)) == groups(OLD_DETECT_HEADING_RE.match(line))


@settings(max_examples=1000, deadline=None)
@given(texts(" ", "\t", "|", ":", "-", "---", "x", "\n", "\u00a0"))
def test_table_rules_match_as_the_old_regex_did(line: str) -> None:
    assert groups(TABLE_RULE_RE.match(line)) == groups(OLD_TABLE_RULE_RE.match(line))


@settings(max_examples=1000, deadline=None)
@given(texts("import ", "from", " ", "\t", "'x'", '"', "'", ";", "X", "\n"))
def test_import_ends_are_found_as_the_old_regex_found_them(line: str) -> None:
    assert groups(STATEMENT_END_RE.search(line)) == groups(OLD_STATEMENT_END_RE.search(line))


QUESTION = "1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\nX.\n\n</details>\n"


def test_a_heading_with_a_long_run_of_blanks_inside() -> None:
    heading = "a" + " " * LONG + "b"
    topic, findings = parse_markdown(f"# T\n\n## {heading} ##\n\n{QUESTION}", "t.md")
    assert topic is not None and topic.questions[0].section == heading
    assert findings == []
    lines = ["## What is X" + " " * LONG + "x", "", "An answer."]
    assert detect_dialect(lines) == "canonical"  # a heading that asks nothing: no evidence
    assert detect_dialect([lines[0] + "?", *lines[1:]]) == "headings"


def test_a_long_run_of_blanks_that_is_no_table_rule() -> None:
    line = " " * LONG + "x"
    assert detect_dialect([line, "- What is X?"]) == "lists"
    topic, _ = parse_markdown(f"# T\n\n{line}\n\n{QUESTION}", "t.md")
    assert topic is not None and topic.description == line.strip() and len(topic.questions) == 1
    for rule in ("---" + " " * LONG + "x", "|---" + " " * LONG + "|x"):
        reading = read_markdown(f"# T\n\n- What is X?\n\n| a |\n{rule}\n", "t.md", "lists")
        assert reading.topic is not None and [q.question for q in reading.topic.questions] == ["What is X?"]


def test_an_import_with_a_long_run_of_blanks_after_its_module() -> None:
    text = "import X from 'x'" + " " * LONG + "z\nexport default X;\n\n### What is X?\n\nAn answer.\n"
    topic, findings = parse_markdown(text, "t.mdx")
    assert topic is not None and [q.question for q in topic.questions] == ["What is X?"]
    assert [f.code for f in findings if f.code == "docs-markup"] == ["docs-markup"]
