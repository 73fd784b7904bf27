"""A run of questions (`<details>` elements, headings that ask) with only blank lines between
them is parsed as its first question's line and one blank line (`reading.question_runs`): the
blocks the forms read are the ones they read when each question's line is parsed, and the run
costs one parse of a line, not one per question. When the parser does not read the first line
as a block of its own, every line is read."""

from __future__ import annotations

from unittest import mock

from mlprep_site.core.reading import blocks
from mlprep_site.core.reading.blocks import Block, group_details, outline
from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.dialects.heading_structure import structure
from mlprep_site.core.text.kept import forget_kept

RUN = [
    "# Topic",
    "",
    "<details><summary>What is X?</summary><br><b>",
    "",
    "X is a thing.",
    "## not a heading: inside the answer",
    "",
    "</b></details>",
    "",
    "  ",
    "<details><summary>What is Y?</summary><br><b>",
    "",
    "```",
    "</details> in a fence",
    "```",
    "</b></details>",
    "<details><summary>What is Z?</summary>",
    "Z.",
    "</details>",
    "",
    "Text after the run.",
]


def kinds(found: list[Block]) -> list[tuple[str, int, int]]:
    return [(block.kind, block.start, block.end) for block in found]


def texts(found: list[Block]) -> list[str]:
    return [block.text for block in found]


def element_by_element(lines: list[str]) -> list[Block]:
    """`structure` with each element parsed as its own opening line (no runs)."""
    forget_kept()
    with mock.patch("mlprep_site.core.reading.dialects.heading_structure.runs", return_value=[]):
        found: list[Block] = structure(lines, 0)
    return found


def test_a_run_gives_the_blocks_of_the_whole_parse_with_one_line_parsed_for_it() -> None:
    forget_kept()
    with mock.patch.object(blocks.PARSER, "parse", wraps=blocks.PARSER.parse) as parse:
        found = structure(list(RUN), 0)
    fed = parse.call_args.args[0].split("\n")
    assert [line for line in fed if line.startswith("<details")] == [RUN[2]]  # the run's first only
    whole = group_details(outline(list(RUN)))
    assert [(b.start, b.end) for b in found] == [(b.start, b.end) for b in whole]
    one_by_one = element_by_element(list(RUN))
    assert kinds(found) == kinds(one_by_one)
    assert texts(found) == texts(one_by_one)
    assert kinds(found) == [
        ("heading", 0, 1),
        ("details", 2, 8),
        ("details", 10, 16),
        ("details", 16, 19),
        ("paragraph", 20, 21),
    ]


HEADINGS = [
    "# Topic",
    "",
    "#### 1) What is X? [[src](https://example.org/x)]",
    "",
    "X is a thing.",
    "",
    "```sh",
    "# a comment, not a heading",
    "```",
    "#### 2) What is Y? ####",
    "Y.",
    "",
    "  ####\tWhat is Z? \\#",
    "",
    "<details><summary>Hint</summary>",
    "",
    "Z.",
    "</details>",
    "",
    "## Next group",
    "Text.",
]


def test_a_run_of_question_headings_gives_the_headings_the_parser_gives() -> None:
    forget_kept()
    with mock.patch.object(blocks.PARSER, "parse", wraps=blocks.PARSER.parse) as parse:
        found = structure(list(HEADINGS), 0)
    fed = parse.call_args.args[0].split("\n")
    assert [line for line in fed if line.lstrip().startswith("####")] == [HEADINGS[2]]
    one_by_one = element_by_element(list(HEADINGS))
    assert kinds(found) == kinds(one_by_one)
    assert texts(found) == texts(one_by_one)
    assert [(b.level, b.text) for b in found if b.kind == "heading"] == [
        (1, "Topic"),
        (4, "1) What is X? [[src](https://example.org/x)]"),
        (4, "2) What is Y?"),
        (4, "What is Z? \\#"),
        (2, "Next group"),
    ]


def test_a_run_whose_first_line_is_inside_an_html_comment_is_read_whole() -> None:
    text = ["# Topic", "", "<!-- a comment left open", "", *RUN[2:], "-->", "", "Text."]
    forget_kept()
    found = structure(text, 0)
    assert kinds(found) == kinds(group_details(outline(list(text))))
    assert [b.kind for b in found] == ["heading", "html", "paragraph"]


def test_the_questions_of_a_run_are_read_with_their_lines_and_answers() -> None:
    parser = TopicParser("\n".join(RUN), "run.md")
    from mlprep_site.core.reading.topic_file import read_topic

    topic = read_topic(parser)
    assert topic is not None
    assert [(q.question, q.line, q.answer_line) for q in topic.questions] == [
        ("What is X?", 3, 5),
        ("What is Y?", 11, 13),
        ("What is Z?", 17, 18),
    ]
    assert [q.answer for q in topic.questions] == [
        "X is a thing.\n## not a heading: inside the answer",
        "```\n</details> in a fence\n```",
        "Z.",
    ]


TRICKY_HEADINGS = [
    "# x",
    "   ###### six",
    "####### seven is no heading",
    "#5 no space",
    "## closed ##   ",
    "## not closed\\##",
    "##\tTab\t#",
    "## #",
    "##",
    "## trailing# ",
    "## Q?\u00a0",  # trailing no-break space: left to the parser (its releases trim it differently)
    "    ## indented code",
]


def test_a_heading_line_is_written_as_the_parser_reads_it() -> None:
    from mlprep_site.core.reading.question_runs import atx_heading

    written = 0
    for line in TRICKY_HEADINGS:
        heading = atx_heading(line)
        tokens = blocks.PARSER.parse(line + "\n\n")
        if heading is None:
            assert line.endswith("\u00a0") or not tokens or tokens[0].type != "heading_open", line
            continue
        written += 1
        assert tokens[0].type == "heading_open" and tokens[0].map == [0, 1], line
        assert heading == (int(tokens[0].tag[1:]), tokens[1].content), line
    assert written == 8
