"""The summary dialect's reader: where each line of a block goes, and its `<br>`/`<b>` wrapper
stripped exactly and in linear time."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import read_markdown
from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.dialects.summary import strip_trailing_breaks
from mlprep_site.core.reading.topic_file import read_topic

FIXTURE = Path(__file__).parent / "fixtures" / "dialects" / "summary" / "ml-basics.md"


def kinds(text: str) -> dict[int, list[str]]:
    return read_markdown(text, "t.md", "summary").ledger.line_kinds()


def test_each_line_of_the_fixture_goes_to_its_kind() -> None:
    expected = {
        "title": [1], "description": [3], "section": [5, 26],
        "question": [7, 12, 22, 24, 28],
        "question-body": [14, 15, 16, 30, 31, 32],
        "answer": [8, 19, 33, 34, 35],
        "markup": [9, 11, 13, 17, 18, 20, 29, 36],
    }  # fmt: skip
    by_line = kinds(FIXTURE.read_text(encoding="utf-8"))
    assert by_line == {n: [kind] for kind, numbers in expected.items() for n in numbers}


def test_a_line_with_question_and_answer_is_the_question_s() -> None:
    assert kinds("<details><summary>Q?</summary>A.</details>\n") == {1: ["question"]}
    text = "<details><summary>Q?\n- b\n</summary>A\nB</b></details>\n"
    assert kinds(text) == {1: ["question"], 2: ["question-body"], 3: ["answer"], 4: ["answer"]}


# The rule `strip_trailing_breaks` follows, as a regex: quadratic on a long run of tags, so the
# reader does not run it; here it is the oracle.
TRAILING_BREAKS_RE = re.compile(r"(?:<br\s*/?>[ \t]*)+$", re.IGNORECASE)
PIECES = ["<br>", "<BR/>", "<br />", "<br\n>", "<br", " ", "\t", "\n", "x", "<", ">", "/"]
BREAKY = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(BREAKY)
def test_trailing_breaks_are_stripped_as_the_rule_says(text: str) -> None:
    assert strip_trailing_breaks(text) == TRAILING_BREAKS_RE.sub("", text)


def test_a_long_run_of_breaks_is_read() -> None:
    """The rule as a regex takes quadratic time here (20,000 tags: 15 s); the reader looks at
    each tag once, so this runs in milliseconds (no clock in the test: a quadratic reader
    would stall the suite for minutes). The wrapper goes only when it ends the answer."""
    run = "<br>" * 50_000
    for text, answer in (
        (f"<details><summary>Q?</summary><br><b>\nA</b>{run}x\n</details>\n", f"<b>\nA</b>{run}x"),
        (f"<details><summary>Q?</summary><br><b>\nA\n{run}x>\n</details>\n", f"<b>\nA\n{run}x>"),
        (f"<details><summary>Q?</summary><br><b>\nA\n</b>{run}\n</details>\n", "A"),
    ):
        topic = read_topic(TopicParser(text, "t.md"))  # the reader; the loader then bounds the answer
        assert topic is not None
        assert topic.questions[0].answer == answer
