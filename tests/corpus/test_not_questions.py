"""Not Q&A is not questions (issue 20, item 5): an awesome list, a check-box study plan or a
changelog yields no questions and one finding that says why; Q&A with link lists in it is still
read as Q&A."""

from __future__ import annotations

from mlprep_site.core.loader import read_markdown
from mlprep_site.core.reading.detect import CANONICAL, HEADINGS, PROSE, SUMMARY, detect_dialect


def links(count: int, prefix: str = "- ") -> str:
    return "".join(f"{prefix}[Tool {n}](https://example.org/{n}) - does thing {n}.\n" for n in range(count))


def read_prose(text: str) -> tuple[int, list[tuple[int, str, str]]]:
    reading = read_markdown(text, "README.md")
    assert reading.dialect == PROSE
    assert reading.ledger.problems(text.split("\n")) == []
    questions = len(reading.topic.questions) if reading.topic else 0
    return questions, [(f.line, f.code, f.message) for f in reading.findings if f.code == "not-questions"]


def test_an_awesome_list_reads_as_a_link_list() -> None:
    text = "# Awesome MLOps\n\nA curated list.\n\n## Tools\n\n" + links(8) + "\n## Books\n\n" + links(8, "* ")
    questions, findings = read_prose(text)
    assert questions == 0
    assert len(findings) == 1
    line, _, message = findings[0]
    assert line == 1
    assert message.startswith("reads as a link list (16 of 16 list items are links)")


def test_numbered_bold_links_are_a_link_list_not_canonical_questions() -> None:
    text = "# Papers\n\n## 2023\n\n" + "".join(
        f"1. **[Paper {n}](https://x.org/{n})** by someone\n" for n in range(12)
    )
    assert detect_dialect(text.split("\n")) == PROSE
    questions, findings = read_prose(text)
    assert (questions, len(findings)) == (0, 1)


def test_a_study_plan_of_check_boxes_reads_as_one() -> None:
    text = "---\ntitle: Plan\n---\n\n## Study plan\n\n" + links(12, "- [ ] ") + links(3, "- [x] ")
    questions, findings = read_prose(text)
    assert questions == 0
    assert findings[0][0] == 5  # the first line of text after the front matter
    assert "reads as a check-box study plan (15 of 15 list items are links)" in findings[0][2]


def test_a_changelog_reads_as_one() -> None:
    releases = "".join(
        f"## [1.{n}.0] - 2024-0{n}-01\n\n### Added\n\n- A thing.\n- Another thing?\n\n" for n in range(1, 6)
    )
    questions, findings = read_prose("# Changelog\n\n## [Unreleased]\n\n" + releases)
    assert questions == 0
    assert "reads as a changelog (6 version headings)" in findings[0][2]


def test_numbered_sections_are_not_releases() -> None:
    sections = "".join(f"## {n}.1 Topic {n}\n\n1. [E] What is thing {n}?\n\n" for n in range(1, 6))
    assert detect_dialect(("# 5.1.1 Vectors\n\n" + sections).split("\n")) != PROSE


def test_qa_with_a_reading_list_is_still_qa() -> None:
    qa = "".join(f"## What is thing {n}?\n\nIt is a thing.\n\n" for n in range(6))
    text = "# Things\n\n" + qa + "## Further reading\n\n" + links(12)
    assert detect_dialect(text.split("\n")) == HEADINGS
    reading = read_markdown(text, "things.md")
    assert reading.topic is not None and len(reading.topic.questions) == 6


def test_a_canonical_question_is_never_outweighed_by_links() -> None:
    question = "1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\nSee below.\n\n</details>\n\n"
    assert detect_dialect((question + links(40)).split("\n")) == CANONICAL


def test_summary_questions_with_link_answers_stay_summary() -> None:
    block = "<details><summary>What is tool {n}?</summary>\n\n" + "{links}</details>\n\n"
    text = "".join(block.format(n=n, links=links(2)) for n in range(8))
    assert detect_dialect(text.split("\n")) == SUMMARY


def test_a_link_table_of_contents_does_not_outweigh_summary_questions() -> None:
    block = "<details>\n<summary>What is tool {n}?</summary><br><b>A tool.</b>\n</details>\n\n"
    questions = "".join(block.format(n=n) for n in range(3))
    text = "# Tools\n\n" + links(20) + "\n" + questions + links(20)
    assert detect_dialect(text.split("\n")) == SUMMARY
    reading = read_markdown(text, "tools.md")
    assert reading.topic is not None and len(reading.topic.questions) == 3


def test_a_multiple_choice_quiz_is_not_a_study_plan() -> None:
    quiz = "".join(f"#### Q{n}. Pick one\n\n- [ ] a\n- [x] b\n- [ ] c\n\n" for n in range(12))
    assert detect_dialect(quiz.split("\n")) != PROSE


def test_links_in_code_are_no_evidence() -> None:
    text = "## What is a link list?\n\nThis:\n\n```markdown\n" + links(30) + "```\n"
    assert detect_dialect(text.split("\n")) == HEADINGS
