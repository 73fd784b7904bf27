"""Questions the reader missed in public repositories, each written as its class: markdown in,
questions out, with their lines and answers; every line accounted for."""

from __future__ import annotations

from mlprep_site.core.loader import read_markdown
from tests.test_question_forms import read, rows


def test_a_heading_item_that_continues_an_answers_plain_list_is_the_next_question() -> None:
    # An ordered list goes on whatever its items' numbers: `12.` is an item of the answer's
    # list `1.`-`3.`, and its heading is a question as in a list of such items.
    answer = "There are three:\n\n1. Full integration.\n2. Simple syntax.\n3. Supported everywhere."
    text = (
        f"11. ### What are some unique features of JavaScript?\n\n{answer}\n\n"
        "12. ### What is event delegation?\n\nA pattern.\n\n- No handlers.\n\n"
        "13. ### What is hoisting?\n\nMoving declarations up.\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.answer, q.answer_line) for q in questions] == [
        (1, "What are some unique features of JavaScript?", answer, 3),
        (9, "What is event delegation?", "A pattern.\n\n- No handlers.", 11),
        (15, "What is hoisting?", "Moving declarations up.", 17),
    ]


def test_plain_items_around_a_heading_item_stay_what_they_were() -> None:
    # Before the heading item: a guide's steps are left out, items that ask stay questions of
    # their own; after it, a plain item of the heading items' list is left out, as in a list
    # that opens with a heading item.
    guide = "# JS\n\n1. Install it.\n2. Run it.\n3. ### What is Z?\n\n   A zed.\n4. Lint it.\n\n5. ### What is W?\n\n   A w.\n"
    reading = read_markdown(guide, "t.md")
    assert rows(guide) == [(5, "What is Z?", "A zed."), (10, "What is W?", "A w.")]
    assert [(f.line, f.code) for f in reading.findings] == [(3, "ignored-text"), (8, "ignored-text")]
    asking = "# JS\n\nSome guide.\n\n1. What is X?\n2. What is Y?\n3. ### What is Z?\n\n   A zed.\n"
    assert rows(asking) == [(5, "What is X?", None), (6, "What is Y?", None), (7, "What is Z?", "A zed.")]


def test_a_heading_item_below_the_question_level_stays_in_the_answer() -> None:
    answer = "Steps:\n\n1. Install.\n2. #### Configure\n\n   Edit it."
    text = f"## What is X?\n\n{answer}\n\n## What is Y?\n\nA y.\n"
    assert rows(text) == [(1, "What is X?", answer), (10, "What is Y?", "A y.")]


def test_a_numbered_heading_a_level_deeper_that_continues_the_questions_is_the_next_question() -> None:
    # `### 48.` inside question 47's answer continues the run 46, 47: it is question 48, and
    # so are `### 49.` after it and `### 51.` under question 50; the answers' own subheadings
    # (`#### Part I`) stay theirs.
    text = (
        "# JS\n\n## Question 46. What is enumerable?\n\nA flag.\n\n"
        "## Question 47. What is binding?\n\nBinds `this`.\n\n"
        "### 48. How to replace callback hell?\n\nWith promises.\n\n#### Part I\n\nNested callbacks.\n\n"
        "### 49. What is a generator?\n\nA function that yields.\n\n"
        "## Question 50. What is a proxy?\n\nA wrapper.\n\n### 51. What is Reflect?\n\nAn API.\n\n"
        "# Coding\n\n## Hoisting\n\n### 1. What is the output?\n\n`undefined`.\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.answer, q.answer_line) for q in questions] == [
        (3, "What is enumerable?", "A flag.", 5),
        (7, "What is binding?", "Binds `this`.", 9),
        (11, "How to replace callback hell?", "With promises.\n\n#### Part I\n\nNested callbacks.", 13),
        (19, "What is a generator?", "A function that yields.", 21),
        (23, "What is a proxy?", "A wrapper.", 25),
        (27, "What is Reflect?", "An API.", 29),
        (35, "What is the output?", "`undefined`.", 37),
    ]
    assert questions[-1].section == "Coding / Hoisting"


def test_numbered_subheadings_of_an_answer_that_restart_stay_in_it() -> None:
    # Question 2's steps are numbered 1, 2, 3: step 3 carries the next question's number, but
    # the answer numbers its headings of its own; so does question 12's, whatever comes next.
    steps = "### 1. Build\n\nMake it.\n\n### 2. Test\n\nCheck it.\n\n### 3. Ship\n\nSend it."
    text = f"## 1. What is CI?\n\nOn each push.\n\n## 2. How to deploy?\n\n{steps}\n\n## 3. What is CD?\n\nShipping.\n"
    assert rows(text) == [
        (1, "What is CI?", "On each push."),
        (5, "How to deploy?", steps),
        (19, "What is CD?", "Shipping."),
    ]
    steps = "### 1. Step one\n\nBuild.\n\n### 13. Step thirteen\n\nShip."
    text = f"## 11. What is A?\n\nAn a.\n\n## 12. How to deploy?\n\n{steps}\n\n## 13. What is C?\n\nA c.\n"
    assert rows(text) == [
        (1, "What is A?", "An a."),
        (5, "How to deploy?", steps),
        (15, "What is C?", "A c."),
    ]


def test_a_numbered_question_heading_one_level_too_high_continues_the_questions() -> None:
    # pedrobertao/golang-interview-prep: `#### 1.`, `### 2.`, `#### 3.` under one section, and
    # a last `### 15.` after `#### 14.`: questions, not sections over the questions after them.
    text = (
        "## Tricky\n\n#### 1. What is the output?\n\nHello.\n\n### 2. How do you prevent a race?\n\nA mutex.\n\n"
        "#### 3. What will it print?\n\nNothing.\n\n#### 4. What is nil?\n\nZero.\n\n### 5. Define X.\n\nY.\n"
    )
    assert rows(text) == [
        (3, "What is the output?", "Hello."),
        (7, "How do you prevent a race?", "A mutex."),
        (11, "What will it print?", "Nothing."),
        (15, "What is nil?", "Zero."),
        (19, "Define X.", "Y."),
    ]
    sections = "### 1. What is X?\n\nAn x.\n\n## 2. Advanced\n\n### 1. What is Y?\n\nA y.\n"
    assert [(q.line, q.question) for q in read(sections)] == [(1, "What is X?"), (7, "What is Y?")]


def test_two_levels_of_labelled_question_headings_are_both_questions() -> None:
    # Libra11/interview-questions: `## 问题 4：…` holds `### 问题 1: …` items, a second level of
    # questions; the outer ones stay questions, and a summary's numbered subheadings do not ask.
    text = (
        "# Sticky\n\n## 问题 1：什么是 sticky\n\n粘性定位。\n\n## 问题 2：常见问题\n\n以下几种：\n\n"
        "### 问题 1: sticky 不生效\n\n父元素 overflow。\n\n### 问题 2: Safari 中不生效\n\n加前缀。\n\n"
        "## 问题 3：与 fixed 的对比\n\n不同。\n\n## 总结\n\n### 1. sticky 特点\n\n混合。\n"
    )
    assert rows(text) == [
        (3, "什么是 sticky", "粘性定位。"),
        (7, "常见问题", "以下几种："),
        (11, "sticky 不生效", "父元素 overflow。"),
        (15, "Safari 中不生效", "加前缀。"),
        (19, "与 fixed 的对比", "不同。"),
    ]
