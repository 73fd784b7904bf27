"""The question forms of issue 20 (item 2), each decided per section from the block structure:
markdown in, questions out, with their lines and answers; every line accounted for."""

from __future__ import annotations

from mlprep_site.core.domain.model import Question
from mlprep_site.core.loader import read_markdown
from mlprep_site.core.text.lines import normalize_text


def read(text: str, source: str = "t.md") -> list[Question]:
    reading = read_markdown(text, source)
    assert reading.ledger.problems(normalize_text(text).split("\n")) == []
    assert reading.topic is not None, reading.findings
    return list(reading.topic.questions)


def rows(text: str, source: str = "t.md") -> list[tuple[int, str, str | None]]:
    return [(q.line, q.question, q.answer) for q in read(text, source)]


def test_headings_with_a_prefix_and_stars_are_questions() -> None:
    text = "# Docker\n\n## Q1: What is Docker? ⭐\n\nA platform.\n\n## Q2: How to link containers ⭐⭐\n\nWith networks.\n"
    assert rows(text) == [
        (3, "What is Docker? ⭐", "A platform."),
        (7, "How to link containers ⭐⭐", "With networks."),
    ]


def test_a_bold_numbered_line_inside_an_answer_does_not_flip_the_file() -> None:
    answer = (
        "Node is fast:\n\n1. **Dockerfile**: how to build\n2. **Events**\n3. **No blocking I/O?** → events\n"
    )
    text = f"# Node\n\n## Q. What is Node?\n\n{answer}\n## Q. Why Node?\n\nBecause.\n"
    assert rows(text) == [(3, "What is Node?", answer.strip()), (11, "Why Node?", "Because.")]


def test_numbered_subheadings_of_an_answer_stay_in_it() -> None:
    answer = "### 1. Dockerfile\n\nBuilds images.\n\n### 2. Image\n\nA template."
    text = f"## 1. What is Docker?\n\n{answer}\n\n## 2. What is an image?\n\nA template.\n"
    assert rows(text) == [(1, "What is Docker?", answer), (11, "What is an image?", "A template.")]


def test_a_heading_inside_a_numbered_list_item() -> None:
    text = (
        "## Core React\n\n1.  ### What is React?\n\n    A library.\n\n    ```js\n    x()\n    ```\n\n"
        "   2.  ### What is JSX?\n       Syntax.\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.answer, q.answer_line) for q in questions] == [
        (3, "What is React?", "A library.\n\n```js\nx()\n```", 5),
        (11, "What is JSX?", "Syntax.", 12),
    ]
    assert {q.section for q in questions} == {"Core React"}


def test_a_summary_toggle_is_not_a_question_and_answers_in_details_stay_with_their_heading() -> None:
    toggle = "<details><summary><strong>See 20 Available Translations</strong></summary>\n<p>\n\n- [a](b)\n\n</p>\n</details>\n"
    question = (
        "###### 1. What's the output?\n\n```js\nf()\n```\n\n- A: 1\n- B: 2\n\n"
        "<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: B\n\nBecause.\n\n</p>\n</details>\n"
    )
    text = f"# JS\n\n{toggle}\n---\n\n{question}\n---\n\n{question.replace('1.', '2.', 1)}"
    questions = read(text)
    assert [(q.line, q.question) for q in questions] == [
        (13, "What's the output?"),
        (34, "What's the output?"),
    ]
    assert questions[0].answer is not None and "#### Answer: B" in questions[0].answer


def test_whole_line_bold_paragraphs_are_questions() -> None:
    text = (
        "## Supervised learning\n\n**What is supervised learning? 👶**\n\nLearning from labels.\n\n"
        "1. **Linear** relationship\n\n**Precision-recall trade-off ⭐️**\n\nA balance.\n\n**Unanswered? 🚀**\n"
    )
    assert rows(text) == [
        (3, "What is supervised learning? 👶", "Learning from labels.\n\n1. **Linear** relationship"),
        (9, "Precision-recall trade-off ⭐️", "A balance."),
        (13, "Unanswered? 🚀", None),
    ]


def test_numbered_bold_and_labelled_paragraphs_are_questions() -> None:
    text = "## SQL\n\n**1)** The number of ads.\n\n```sql\nSELECT 1\n```\n\nQuestion: What is `foo`?\n```js\nfoo\n```\n"
    assert rows(text) == [
        (3, "The number of ads.", "```sql\nSELECT 1\n```"),
        (9, "What is `foo`?", "```js\nfoo\n```"),
    ]


def test_list_questions_at_two_levels_under_a_group_item() -> None:
    text = (
        "1. [E] What is a PDF?\n"
        "2. Assume a storage system crashed 5 times.\n"
        "\t1. [M] What's the probability of a crash next month?\n"
        "\t1. [M] At any given moment?\n"
        "3. [H] Is it possible to normalise anything?\n"
        "8. Hyperparameters.\n"
        "    4. [E] What are hyperparameters?\n"
        "    5. [E] Why tune them?\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.difficulty) for q in questions] == [
        (1, "What is a PDF?", "easy"),
        (3, "What's the probability of a crash next month?", "medium"),
        (4, "At any given moment?", "medium"),
        (5, "Is it possible to normalise anything?", "hard"),
        (7, "What are hyperparameters?", "easy"),
        (8, "Why tune them?", "easy"),
    ]
    assert questions[1].question_body == "2. Assume a storage system crashed 5 times."


def test_list_items_of_a_section_whose_lists_ask_are_questions() -> None:
    text = "## Coding\n\n* What is X?\n* Explain Y.\n  * What is an example?\n* Make this work:\n\n```js\nf()\n```\n"
    questions = read(text)
    assert [(q.line, q.question, q.question_body) for q in questions] == [
        (3, "What is X?", None),
        (4, "Explain Y.", "* What is an example?"),
        (6, "Make this work:", "```js\nf()\n```"),
    ]


def test_a_table_whose_cells_ask() -> None:
    text = "| Question | Answer |\n|---|---|\n| What is X? | An x. |\n| What is Y? | |\n"
    assert rows(text) == [(3, "What is X?", "An x."), (4, "What is Y?", None)]


def test_a_command_table_is_not_a_bank() -> None:
    text = "## What is git?\n\nA tool.\n\n| command | does |\n|---|---|\n| `git add` | stages |\n"
    assert rows(text) == [
        (1, "What is git?", "A tool.\n\n| command | does |\n|---|---|\n| `git add` | stages |")
    ]


def test_one_question_per_docs_site_page() -> None:
    text = "---\ntitle: Explain event bubbling\n---\n\n## TL;DR\n\nEvents rise.\n\n## What is bubbling?\n\nRising.\n"
    questions = read(text, "questions/event-bubbling/en-US.mdx")
    assert [(q.line, q.question, q.answer_line) for q in questions] == [(2, "Explain event bubbling", 5)]
    assert questions[0].answer == "## TL;DR\n\nEvents rise.\n\n## What is bubbling?\n\nRising."


def test_a_section_named_references_that_holds_questions_is_questions() -> None:
    block = "<details>\n<summary>What is {x}?</summary><br><b>\n\nA {x}.\n</b></details>\n"
    text = "# Git\n\n## Basics\n\n" + block.format(x="commit") + "\n## References\n\n" + block.format(x="ref")
    questions = read(text)
    assert [(q.line, q.question, q.answer, q.section) for q in questions] == [
        (6, "What is commit?", "A commit.", "Basics"),
        (14, "What is ref?", "A ref.", "References"),
    ]


def test_back_to_top_links_and_separators_are_not_part_of_an_answer() -> None:
    top = '<div align="right">\n    <b><a href="#">↥ back to top</a></b>\n</div>'
    text = f"## Q. What is Node?\n\nA runtime.\n\n{top}\n\n## Q. Why?\n\nSpeed.\n\n---\n\n## Q. How?\n\nEvents.\n"
    questions = read(text)
    assert [(q.line, q.answer) for q in questions] == [(1, "A runtime."), (9, "Speed."), (15, "Events.")]


def test_a_heading_item_answer_runs_to_the_next_question() -> None:
    text = (
        "1.  ### What is React?\n\n    A library.\n\n    **[⬆ Back to Top](#table-of-contents)**\n\n"
        "2.  ### What are props?\n\n    Inputs.\n\n**Note:** props are read-only.\n\n"
        "3.  ### What is state?\n\n    Data.\n"
    )
    assert rows(text) == [
        (1, "What is React?", "A library."),
        (7, "What are props?", "Inputs.\n\n**Note:** props are read-only."),
        (13, "What is state?", "Data."),
    ]


def test_a_placeholder_answer_is_unanswered_with_a_finding() -> None:
    text = "## What is X?\n\nTo be completed.\n\n## What is Y?\n\n**Answer:**\n\n## What is Z?\n\nA zed.\n"
    reading = read_markdown(text, "t.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert reading.topic is not None
    assert [q.answer for q in reading.topic.questions] == [None, None, "A zed."]
    assert [(f.line, f.code) for f in reading.findings if f.code == "placeholder"] == [
        (3, "placeholder"),
        (7, "placeholder"),
    ]


def test_a_sub_list_indented_less_than_its_item_text_stays_its_body() -> None:
    text = "## Group\n\n9. [M] What is nine?\n   - a sub-question?\n\n10. [M] What is ten?\n   - another?\n"
    questions = read(text)
    assert [(q.line, q.question, q.question_body) for q in questions] == [
        (3, "What is nine?", "- a sub-question?"),
        (6, "What is ten?", "- another?"),
    ]


def test_multiple_choice_options_belong_to_the_question_and_the_checked_one_answers() -> None:
    text = (
        "#### Q1. How do you check git's version?\n\n- [ ] git --v\n- [x] git --version\n\n[Reference](https://x.org)\n\n"
        "#### Q2. What's the output?\n\n```js\nf()\n```\n\n- A: 1\n- B: 2\n\n"
        "<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: B\n\n</p>\n</details>\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.question_body, q.answer_line) for q in questions] == [
        (1, "How do you check git's version?", "- [ ] git --v\n- [ ] git --version", 4),
        (8, "What's the output?", "```js\nf()\n```\n\n- A: 1\n- B: 2", 17),
    ]
    assert questions[0].answer == "- [x] git --version\n\n[Reference](https://x.org)"
    assert questions[1].answer is not None and "#### Answer: B" in questions[1].answer


def test_a_reading_list_among_list_questions_is_not_questions() -> None:
    text = "## Training\n\nTips:\n\n- [A recipe](https://x.org/a)\n- [Clever Hans](https://x.org/b)\n\n41. [E] Overfit first?\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None and reading.ledger.problems(text.split("\n")) == []
    assert [(q.line, q.question) for q in reading.topic.questions] == [(8, "Overfit first?")]
    assert [(f.line, f.code) for f in reading.findings if f.code == "ignored-text"] == [
        (3, "ignored-text"),
        (5, "ignored-text"),
    ]


def test_questions_only_in_nested_items_are_read() -> None:
    text = "".join(f"{n}. Group {n}\n    1. [E] What is {n}?\n" for n in range(1, 4))
    questions = read(text)
    assert [(q.line, q.question, q.question_body) for q in questions] == [
        (2, "What is 1?", "1. Group 1"),
        (4, "What is 2?", "2. Group 2"),
        (6, "What is 3?", "3. Group 3"),
    ]


def test_many_unclosed_summaries_are_each_read_once() -> None:
    """Each unclosed block looked for its end to the end of the file (2,000 of them: 10 s);
    the file's lookahead reads each stretch once (no clock here: a quadratic reader stalls)."""
    text = "<details>\n<summary>Why?</summary>\n" * 2_000
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None and len(reading.topic.questions) == 2_000


def test_a_command_table_in_its_own_section_is_left_out() -> None:
    text = "# Git\n\n## Commands\n\n| command | does |\n|---|---|\n| `git add` | stages |\n\n## Questions\n\n- What is git?\n"
    reading = read_markdown(text, "t.md")
    assert reading.topic is not None and reading.ledger.problems(text.split("\n")) == []
    assert [(q.line, q.question) for q in reading.topic.questions] == [(11, "What is git?")]
    assert [(f.line, f.code) for f in reading.findings if f.code.startswith("ignored")] == [
        (5, "ignored-text"),
        (3, "ignored-section"),
    ]


def test_answers_under_question_headings_are_not_parsed_into_blocks() -> None:
    """Their blocks decide nothing (what lies under a question heading is its answer), and
    parsing them was most of the reading time; a `<details>` hint inside one changes nothing."""
    from mlprep_site.core.reading.dialects.heading_structure import structure

    answer = "Text.\n\n- a\n- b\n\n<details>\n<summary>Hint</summary>\n\nLook.\n\n</details>\n"
    text = "# T\n\n" + "".join(f"## {n}. What is {n}?\n\n{answer}\n" for n in range(1, 4))
    lines = text.split("\n")
    assert [(b.kind, b.start) for b in structure(lines, 0)] == [
        ("heading", 0),
        ("heading", 2),
        ("heading", 16),
        ("heading", 30),
    ]
    assert [q.answer for q in read(text)] == [answer.strip()] * 3


def test_a_list_question_takes_the_answer_block_after_it() -> None:
    """`1. What is X?` (a plain list item) then a `<details>` labelled Answer: the block is the
    question's answer, as a reader sees it (it was text left out of the bank)."""
    numbered = (
        "# Docker\n\n1. What is Docker?\n\n<details>\n<summary>Answer</summary>\n\nA container runtime.\n\n"
        "</details>\n\n2. What is an image?\n\n<details>\n<summary>Answer</summary>\n\nA template.\n\n</details>\n"
    )
    assert rows(numbered) == [
        (3, "What is Docker?", "A container runtime."),
        (12, "What is an image?", "A template."),
    ]
    bulleted = (
        "# Docker\n\n- What is Docker?\n<details><summary>Show answer</summary>\nA runtime.\n</details>\n\n"
        "- What is an image?\n"
    )
    assert rows(bulleted) == [(3, "What is Docker?", "A runtime."), (8, "What is an image?", None)]


def test_a_canonical_line_missing_its_closing_bold_keeps_its_metadata_and_answer() -> None:
    """`1. **Q?` (no closing `**`), its metadata comment, then its answer block: the question
    with that answer and metadata, and a finding about the bold (it was a list question whose
    answer block was text left out of the bank)."""
    text = (
        "---\ntitle: T\n---\n\n1. **What is Y?\n<!-- mlprep: {id: y-question, tags: [basics], difficulty: easy} -->\n"
        "<details><summary>Answer</summary>\n\nY is y.\n\n</details>\n"
    )
    reading = read_markdown(text, "t.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert reading.topic is not None
    [question] = reading.topic.questions
    assert (question.line, question.question, question.answer, question.answer_line) == (
        5,
        "What is Y?",
        "Y is y.",
        9,
    )
    assert (question.id, question.tags, question.difficulty) == ("y-question", ("basics",), "easy")
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(5, "warning", "unclosed-bold")]


def topic_title(text: str, source: str) -> str:
    reading = read_markdown(text, source)
    assert reading.ledger.problems(normalize_text(text).split("\n")) == []
    assert reading.topic is not None, reading.findings
    return reading.topic.title


def test_a_topic_title_comes_from_the_file_heading_not_its_name() -> None:
    """`## CI/CD` over `### …` sections, `## Questions` over `## Q. …` question headings and
    an HTML `<h1>` among images each name the topic; the file's name only stands in."""
    sections = "## CI/CD\n\n### Basics\n\n<details>\n<summary>What is CI?</summary><br><b>\n\nIntegration.\n</b></details>\n"
    assert topic_title(sections, "cicd.md") == "CI/CD"
    questions = (
        "## Frequently asked Node.js questions\n\n## Q. What is Node?\n\nA runtime.\n\n## Q. Why?\n\nSpeed.\n"
    )
    assert topic_title(questions, "nodejs-faq.md") == "Frequently asked Node.js questions"
    html = (
        '<div align="center">\n  <img src="js.png">\n  <h1>JavaScript <code>Questions</code></h1>\n</div>\n\n'
        "###### 1. What is x?\n\n1.\n"
    )
    assert topic_title(html, "README.md") == "JavaScript Questions"
    two = "## Intro\n\nHello.\n\n## Other\n\n### Q1: What is X?\n\nX.\n"
    assert topic_title(two, "the-bank.md") == "The Bank"


def test_a_canonical_file_keeps_its_front_matter_title() -> None:
    text = "---\ntitle: Continuous delivery\n---\n\n## CI/CD\n\n1. **What is CI?**\n\n<details><summary>Answer</summary>\n\nIt.\n\n</details>\n"
    assert topic_title(text, "cicd.md") == "Continuous delivery"
    foreign = "---\ntitle: Continuous delivery\n---\n\n## CI/CD\n\n### What is CI?\n\nIt.\n"
    assert topic_title(foreign, "cicd.md") == "Continuous delivery"


def test_a_heading_over_an_answer_label_is_a_question_whatever_its_words() -> None:
    """One question per file, `### Title` then `#### Answer` (30-seconds-of-interviews): the
    title asks even without a question mark; the label is markup, not part of the answer."""
    text = "### Create a function `batches`\n\n#### Answer\n\nDivide and floor.\n\n#### Good to hear\n\n* Math.floor\n"
    assert rows(text, "batches.md") == [
        (1, "Create a function `batches`", "Divide and floor.\n\n#### Good to hear\n\n* Math.floor")
    ]
    [question] = read(text, "batches.md")
    assert question.answer_line == 5


def test_question_headings_at_another_level_in_each_part_of_a_file() -> None:
    """`### Q1:` questions under one `#` part and `## Q2:` under the next: each part's
    level is its own; a list in an answer stays in it, and a bare `Answer:` label line is the
    answer's markup, as a `#### Answer` heading is."""
    text = (
        "# Deep learning\n\n## Basics\n\n### Q1: What is a neuron? ###\n\nA unit:\n\n* can it learn?\n\n"
        "# NLP #\n\n## Q2: What is a transformer? ##\nAnswer:\nAttention.\n"
    )
    assert [(q.line, q.question, q.answer, q.section) for q in read(text)] == [
        (5, "What is a neuron?", "A unit:\n\n* can it learn?", "Basics"),
        (13, "What is a transformer?", "Attention.", "NLP"),
    ]


def test_a_table_that_counts_questions_is_not_a_bank() -> None:
    """A table of contents whose header says "Number of questions" holds no question; a
    table whose header names its question column does."""
    toc = (
        "## Table of Contents\n\n| Chapter | Number of questions |\n| :--- | :--- |\n| [Junior](#junior) | 65 questions |\n\n"
        "## Junior\n\n<details>\n<summary><b>What is a CLI?</b></summary><br>\n\nA shell.\n\n</details>\n"
    )
    assert rows(toc) == [(10, "What is a CLI?", "A shell.")]
    bank = "| # | Question | Answer |\n|---|---|---|\n| 1 | Define latency | Time taken |\n"
    assert rows(bank) == [(3, "Define latency", "Time taken")]
    index = (
        "## Topic Index\n\n| **Topic** | **Questions** | **Count** |\n| --- | --- | --- |\n"
        "| Foundations | 1--3, 11--12, 15 | 6 |\n| Ensembles & Boosting | 16, 32\u201335 | 5 |\n\n"
        "## Foundations\n\n### Q1: What is supervised learning?\n\nLearning from labels.\n"
    )
    assert rows(index) == [(10, "What is supervised learning?", "Learning from labels.")]


def test_a_bold_line_that_recurs_is_a_label_not_a_question() -> None:
    """A tutorial's `**When to use?**` in every chapter, `**Programmatic Example**` beside it:
    no questions; `**Answer:**` under each question heading is no question either."""
    chapter = "## {0}\n\nIn plain words.\n\n**Programmatic Example**\n\n```php\n$x = 1;\n```\n\n**When to use?**\n\nOften.\n\n"
    tutorial = "# Patterns\n\n" + "".join(chapter.format(name) for name in ("Factory", "Builder", "Adapter"))
    reading = read_markdown(tutorial, "patterns.md")
    assert reading.topic is None
    assert reading.ledger.problems(tutorial.split("\n")) == []
    labelled = "".join(f"**What is {n}?**\n\n**Answer:**\n\n{n} is a letter.\n\n" for n in "XYZ")
    assert [(q.line, q.question, q.answer) for q in read(labelled)] == [
        (1, "What is X?", "**Answer:**\n\nX is a letter."),
        (7, "What is Y?", "**Answer:**\n\nY is a letter."),
        (13, "What is Z?", "**Answer:**\n\nZ is a letter."),
    ]


FORMS = {
    "heading": "## {q}\n\n{a}\n",
    "heading in a list item": "1.  ### {q}\n\n    {a}\n",
    "bold paragraph": "**{q}**\n\n{a}\n",
    "list item with an answer block": "1. {q}\n\n<details><summary>Answer</summary>\n\n{a}\n\n</details>\n",
    "summary": "<details>\n<summary>{q}</summary><br><b>\n\n{a}\n</b></details>\n",
}
TOP = "**[⬆ Back to Top](#table-of-contents)**"


def each_form(question: str, answer: str) -> dict[str, list[tuple[str, str | None]]]:
    """Two questions in each form, as (question, answer)."""
    read_ = {}
    for name, form in FORMS.items():
        text = "# T\n\n" + "\n".join(form.format(q=question.format(n=n), a=answer) for n in (1, 2))
        read_[name] = [(q.question, q.answer) for q in read(text)]
    return read_


def test_prefixes_leave_the_title_in_every_form() -> None:
    for prefix in ("Q{n}. ", "Q: ", "Question {n}: ", "{n}) "):
        for name, questions in each_form(prefix + "What is X{n}?", "It is.").items():
            assert questions == [("What is X1?", "It is."), ("What is X2?", "It is.")], (prefix, name)
    table = "| Question | Answer |\n|---|---|\n| Q12. What is X? | It is. |\n| Question 3: Why? | TBD |\n"
    assert [(q.question, q.answer) for q in read(table)] == [("What is X?", "It is."), ("Why?", None)]


def test_placeholders_are_unanswered_in_every_form() -> None:
    for placeholder in ("To be completed.", "TBD", "Answer here", "Answer:"):
        for name, questions in each_form("What is X{n}?", placeholder).items():
            assert questions == [("What is X1?", None), ("What is X2?", None)], (placeholder, name)
    reading = read_markdown(
        "<details>\n<summary>What is X?</summary><br><b>\n\nTBD\n</b></details>\n", "t.md"
    )
    assert [(f.line, f.severity, f.code) for f in reading.findings if f.code == "placeholder"] == [
        (4, "info", "placeholder")
    ]


def test_labelled_placeholders_and_answers_without_a_word_are_unanswered() -> None:
    for placeholder in (
        "**Answer:** TBD",
        "Answer: _to be added_",
        "Work in progress...",
        "...",
        "🚧",
        "___",
    ):
        for name, questions in each_form("What is X{n}?", placeholder).items():
            assert questions == [("What is X1?", None), ("What is X2?", None)], (placeholder, name)
    for answer in ("Answer: B", "A.", "`42`", "**Answer:** a pending request waits.", "Pending."):
        for name, questions in each_form("What is X{n}?", answer).items():
            assert [a for _, a in questions] == [answer, answer], (answer, name)


def test_back_to_top_links_and_separators_leave_the_answer_in_every_form() -> None:
    for decoration in (TOP, "---", "***", "<hr>", "⬆ back to top", f"{TOP}\n\n---"):
        for name, questions in each_form("What is X{n}?", f"It is.\n\n{decoration}").items():
            assert questions == [("What is X1?", "It is."), ("What is X2?", "It is.")], (decoration, name)


def test_q_and_a_lines_are_a_question_and_its_answer() -> None:
    """`Q: …` then `A: …` on the next line, or `**Q:** …` and `**A:** …` paragraphs: the `A:`
    line starts the answer; `A:` then `B:` lines are options, part of the question."""
    lines = "# T\n\nQ: What is X?\nA: It is x.\n\nQ: What is Y?\nA: It is y.\n"
    assert [(q.line, q.question, q.answer, q.answer_line) for q in read(lines)] == [
        (3, "What is X?", "A: It is x.", 4),
        (6, "What is Y?", "A: It is y.", 7),
    ]
    bold = "# T\n\n**Q1.** What is X?\n\n**A:** It is x.\n\n**Q:** What is Y?\n\nAnswer:\n"
    assert rows(bold) == [(3, "What is X?", "**A:** It is x."), (7, "What is Y?", None)]
    options = "# T\n\nQ: Which is a colour?\nA: red\nB: two\n\nAnswer: A\n"
    assert [(q.question, q.question_body, q.answer) for q in read(options)] == [
        ("Which is a colour?", "A: red\nB: two", "Answer: A")
    ]


def test_a_q_and_a_table() -> None:
    table = "| Q | A |\n|---|---|\n| What is X? | It is x. |\n| What is Y? | It is y. |\n"
    assert rows(table) == [(3, "What is X?", "It is x."), (4, "What is Y?", "It is y.")]


def test_text_under_a_list_question_is_its_answer_and_code_its_body() -> None:
    """`- **What is X?**` then its text nested, or `- What does this print?` with a snippet then
    the answer: the text is the answer, the snippet the question's body; nested items stay
    the body (follow-up questions)."""
    nested = "# T\n\n- **What is X?**\n\n  It is x.\n\n- **What does this print?**\n\n  ```py\n  print(1)\n  ```\n\n  It prints 1.\n"
    assert [(q.line, q.question, q.question_body, q.answer, q.answer_line) for q in read(nested)] == [
        (3, "What is X?", None, "It is x.", 5),
        (7, "What does this print?", "```py\nprint(1)\n```", "It prints 1.", 13),
    ]
    lazy = (
        "# T\n\n- What is X?\n  It is x.\n- What is the long question\n  that wraps here?\n  - a follow-up?\n"
    )
    assert [(q.question, q.question_body, q.answer) for q in read(lazy)] == [
        ("What is X?", None, "It is x."),
        ("What is the long question", "that wraps here?\n- a follow-up?", None),
    ]


def test_an_answer_at_the_margin_under_a_list_of_one_question() -> None:
    """Each question its own one-item list, its answer at the margin under it (up to the next
    question, a back-to-top link left out); a placeholder is no answer."""
    text = (
        "# T\n\n- What is X?\n\nIt is x.\n\n```py\nx = 1\n```\n\n- What is Y?\n\nIt is y.\n\n"
        f"{TOP}\n\n- What is Z?\n\nTBD\n"
    )
    assert [(q.line, q.question, q.answer, q.answer_line) for q in read(text)] == [
        (3, "What is X?", "It is x.\n\n```py\nx = 1\n```", 5),
        (11, "What is Y?", "It is y.", 13),
        (17, "What is Z?", None, None),
    ]


def test_a_numbered_bold_item_in_a_docs_page_does_not_make_it_canonical() -> None:
    """A docs-site page (`en-US.mdx`, its front matter title the question) whose answer lists
    `3. **DOM NodeLists**` is one question, not a canonical file of one wanted question."""
    text = (
        "---\ntitle: What are iterators?\n---\n\n## Built-in iterables\n\n1. **Arrays**: iterate elements.\n\n"
        "   ```js\n   for (const x of [1]) {}\n   ```\n\n3. **DOM NodeLists**\n\n   Iterate nodes.\n"
    )
    reading = read_markdown(text, "questions/iterators/en-US.mdx")
    assert reading.ledger.problems(text.split("\n")) == []
    assert reading.topic is not None
    [question] = reading.topic.questions
    assert (question.line, question.question, question.answer_line) == (2, "What are iterators?", 5)
    assert question.answer is not None and "3. **DOM NodeLists**" in question.answer


def test_a_shell_comment_in_a_fence_of_a_summary_answer_is_code() -> None:
    """`# It uses …` inside a fenced block of a `<summary>` question's answer is a comment, as
    GitHub shows it: no heading, no fence left open, the answer whole."""
    answer = "Run:\n\n```bash\n# It uses /var/run/utmp.\nwho\n```\n\nThen more."
    text = (
        f"## Users\n\n<details>\n<summary><b>Who is logged in?</b></summary><br>\n\n{answer}\n\n</details>\n\n"
        "<details>\n<summary><b>What is w?</b></summary><br>\n\nA command.\n\n</details>\n"
    )
    reading = read_markdown(text, "t.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert [f.code for f in reading.findings] == []
    assert reading.topic is not None
    assert [(q.line, q.question, q.answer) for q in reading.topic.questions] == [
        (4, "Who is logged in?", answer),
        (18, "What is w?", "A command."),
    ]


def test_a_references_section_keeps_its_links_and_accounts_for_its_text() -> None:
    """A foreign file's "Further reading" holds prose, labels, brackets in link text and
    parentheses in URLs: each link is a reference, the rest an `info` finding, never an error."""
    refs = (
        "For more, see:\n\n"
        "* Microsoft Docs: [Collections](https://docs.microsoft.com/c)\n"
        "[Binding? [2 easy use cases]](https://example.com/b)\n\n"
        "[Scrum (software)](https://en.wikipedia.org/wiki/Scrum_(software))\n"
        "Source: https://example.com/s and more\n\n"
        "Feel free to explore these resources.\n"
    )
    text = f"# Kotlin\n\n## What is an enum?\n\nA set of constants.\n\n## Further Reading:\n{refs}"
    reading = read_markdown(text, "t.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert reading.topic is not None
    assert [(q.line, q.question, q.answer) for q in reading.topic.questions] == [
        (3, "What is an enum?", "A set of constants.")
    ]
    assert [(r.line, r.url, r.title) for r in reading.topic.references] == [
        (10, "https://docs.microsoft.com/c", "Microsoft Docs: Collections"),
        (11, "https://example.com/b", "Binding? [2 easy use cases]"),
        (13, "https://en.wikipedia.org/wiki/Scrum_%28software%29", "Scrum (software)"),
        (14, "https://example.com/s", "Source: and more"),
    ]
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [
        (8, "info", "reference-text"),
        (16, "info", "reference-text"),
    ]


PAGE_ANSWER = (
    "The model is traced:\n\n### Steps\n\n1. **Train** it.\n2. **Export** it.\n\n"
    "### Why ONNX?\n\n```python\ntorch.onnx.export(model)\n```\n\n# Summary\n\nPortable."
)


def test_a_page_whose_first_heading_asks_is_one_question() -> None:
    """`# AI-Question08 - Describe …?` over its answer: subheadings (one asks, deeper), code, a
    numbered bold list and a later `#` section that does not carry a question number are all
    the answer; the number prefix leaves the question."""
    text = f"# AI-Question08 - Describe exporting a model to ONNX?\n\n{PAGE_ANSWER}\n"
    reading = read_markdown(text, "Artificial-Intelligence/AI-Question08.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert [f.severity for f in reading.findings] == []
    assert reading.topic is not None
    assert reading.topic.title == "AI-Question08 - Describe exporting a model to ONNX?"
    assert [(q.line, q.question, q.answer, q.answer_line) for q in reading.topic.questions] == [
        (1, "Describe exporting a model to ONNX?", PAGE_ANSWER, 3)
    ]


def test_a_question_heading_under_a_numbered_title_is_the_page_question() -> None:
    text = "# Question 31 - General Questions\n\n## Explain assembly code and CLR code\n\n### 1. Assembly\n\nNative.\n"
    reading = read_markdown(text, "GQ-Question31.md")
    assert reading.topic is not None and reading.topic.title == "Question 31 - General Questions"
    assert [(q.line, q.question, q.answer) for q in reading.topic.questions] == [
        (3, "Explain assembly code and CLR code", "### 1. Assembly\n\nNative.")
    ]


def test_a_page_named_by_a_question_is_one_question() -> None:
    """`What's interface.md`: its heading (`# Interface`) does not ask, nothing in it asks; the
    file's name is the question, the heading the topic's title, the rest the answer."""
    answer = (
        "A contract.\n\n## Defining an Interface\n\n```java\ninterface A {}\n```\n\n"
        "1. **Bundle** state\n\n## Links\nhttps://docs.oracle.com/javase/tutorial"
    )
    text = f"\n\n# Interface\n{answer}\n"
    reading = read_markdown(text, "Java/What's interface.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert [f.severity for f in reading.findings] == []
    assert reading.topic is not None and reading.topic.title == "Interface"
    assert [(q.line, q.question, q.answer, q.answer_line) for q in reading.topic.questions] == [
        (3, "What's interface", answer, 4)
    ]
    compared = read("Both run work.\n", "Android/Service vs IntentService.md")
    assert [(q.line, q.question, q.answer) for q in compared] == [
        (1, "Service vs IntentService", "Both run work.")
    ]


def test_a_page_that_holds_questions_in_another_form_is_not_one_question() -> None:
    block = "<details>\n<summary>What is {x}?</summary>\n\nA {x}.\n\n</details>\n"
    text = (
        "# What should you know about git?\n\n" + block.format(x="commit") + "\n" + block.format(x="branch")
    )
    assert [(q.line, q.question) for q in read(text, "What is git.md")] == [
        (4, "What is commit?"),
        (11, "What is branch?"),
    ]
    items = "# Notes\n\n- What is a pod?\n- What is a node?\n"
    assert [q.question for q in read(items, "What is Kubernetes.md")] == ["What is a pod?", "What is a node?"]


def test_numbered_bold_questions_with_text_answers_and_no_answer_block_are_questions() -> None:
    """`1. **What is X?**` then its answer at the margin, with no `<details>` and no mlprep
    comment anywhere: not the canonical form, so GitHub's readers see questions and answers."""
    text = "# ML\n\n1. **What is bias?**\n\nError from assumptions.\n\n2. **What is variance?**\n\nError from noise.\n"
    assert rows(text) == [
        (3, "What is bias?", "Error from assumptions."),
        (7, "What is variance?", "Error from noise."),
    ]


def test_numbered_bold_lines_that_ask_nothing_are_no_canonical_error() -> None:
    """`1. **Add fragment statically:** …` in a file with no question and no answer block: not
    a topic, with a warning, and no `no questions found (expected …)` error."""
    text = "Fragments:\n\n1. **Add statically:** in the layout.\n2. **Add dynamically:** in code.\n"
    reading = read_markdown(text, "Rx/code/notes.md")
    assert reading.topic is None
    assert reading.ledger.problems(text.split("\n")) == []
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(1, "warning", "not-questions")]


def test_numbered_task_headings_over_a_bold_answer_label_are_questions() -> None:
    """`### 1.1 Remove duplicates from a list` then `**Answer:**` under `## 1. Collections`: a
    heading over a bold answer's label asks whatever its words; the section number leaves the
    title, as a `Q12.` prefix does."""
    first = "**Answer:**  \nUse `Distinct()`.\n\n```csharp\nvar u = e.Distinct();\n```"
    second = "**Answer:** Sort, then take the second."
    text = (
        "# C# Guide\n\n## 1. Collections & LINQ\n\n### 1.1 Remove duplicates from a list\n\n"
        f"{first}\n\n### 1.2 Find second highest number\n{second}\n\n## 2. Strings\n\n"
        "### 2.1 Reverse a string\n\n__Solution__: `new string(s.Reverse().ToArray())`\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.answer, q.section) for q in questions] == [
        (5, "Remove duplicates from a list", first, "1. Collections & LINQ"),
        (14, "Find second highest number", second, "1. Collections & LINQ"),
        (19, "Reverse a string", "__Solution__: `new string(s.Reverse().ToArray())`", "2. Strings"),
    ]


def test_numbered_section_headings_without_a_label_stay_sections() -> None:
    """Without a bold answer's label under them, `### 1.1` headings are not questions (here the
    answer's sections), and a number that starts a question's words stays in its title."""
    text = "## 1. What is it?\n\n### 1.1 Setup\n\nInstall it.\n\n### 1.2 Usage\n\nRun it.\n"
    assert rows(text) == [(1, "What is it?", text.split("\n\n", 1)[1].strip())]
    assert [q.question for q in read("## 3.14 is π, why?\n\nNearly.\n")] == ["3.14 is π, why?"]


def test_bold_terms_with_descriptions_are_not_questions() -> None:
    """`1. **Discuss Scalability** - How would this work with millions of records?`: a term and
    its description; the term asks or not, not the description. A file of such lists holds no
    question and says so (not an error: no canonical markup is in it)."""
    tips = (
        "## Interview Tips\n\n1. **Clarify Requirements** - Ask about edge cases\n"
        "2. **Discuss Scalability** - How would this work with millions of records?\n"
        "3. **Performance Analysis**: Is the method call overhead acceptable?\n"
    )
    reading = read_markdown(f"# Guide\n\n{tips}", "t.md")
    assert reading.topic is None
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(1, "warning", "not-questions")]
    asking = "# Q\n\n- **What is a pod?** - see below\n- **What is a node?**: a machine\n"
    assert [(q.line, q.question) for q in read(asking)] == [
        (3, "**What is a pod?** - see below"),
        (4, "**What is a node?**: a machine"),
    ]


def test_a_heading_over_a_bold_task_label_is_a_question() -> None:
    """`### 1.1 Two Sum (Optimized)` then `**Problem**: …`: the heading poses a task; its
    statement and solution are the answer. The sections above the tasks are not questions."""
    answer = "**Problem**: Return the indices of two numbers that sum to the target.\n\n```csharp\nTwoSum(n, t);\n```"
    text = (
        f"# Coding\n\n## 1. Collections & Algorithms\n\n### 1.1 Two Sum (Optimized)\n\n{answer}\n\n"
        "### 1.2 Find Duplicates\n**Problem**: Find the repeated numbers.\n"
    )
    assert rows(text) == [
        (5, "Two Sum (Optimized)", answer),
        (13, "Find Duplicates", "**Problem**: Find the repeated numbers."),
    ]


def test_a_table_of_contents_is_not_questions() -> None:
    """`| 1 | [What is X](#what-is-x) |` rows: links to the questions further down the page."""
    toc = "| No. | Questions |\n| --- | --------- |\n| 1 | [What is a closure](#what-is-a-closure) |\n| 2 | [What is hoisting?](#what-is-hoisting) |\n"
    text = f"# JS\n\n{toc}\n1. ### What is a closure\n\n   A function and its scope.\n\n2. ### What is hoisting?\n\n   Moving declarations up.\n"
    assert rows(text) == [
        (8, "What is a closure", "A function and its scope."),
        (12, "What is hoisting?", "Moving declarations up."),
    ]
    asking = "| Question | Answer |\n| --- | --- |\n| What is a pod? | A group of containers. |\n"
    assert [q.question for q in read(asking)] == ["What is a pod?"]


def test_a_grouping_heading_at_the_question_level_holds_questions_one_level_down() -> None:
    """`### Coding Exercise` among `1.  ### What is X?` items asks nothing; the `#### 1. What is
    the output of below code` headings under it are its questions, each answered up to the
    next; a summary labelled `Solution 1 (…)` is one of an answer's toggles, not a question."""
    items = "1.  ### What is a closure?\n\n    A function with its scope.\n\n2.  ### What is hoisting?\n\n    Declarations move up.\n"
    first = "```js\nconsole.log(typeof null);\n```\n\n- 1: object\n- 2: null"
    second = "<details><summary><b>Solution 1 (Iterative generation)</b></summary>\n\nA loop.\n\n</details>"
    text = (
        f"# JS\n\n{items}\n### Coding Exercise\n\n#### 1. What is the output of below code\n\n{first}\n\n"
        f"#### 2. Write a function that returns a random HEX color\n\n{second}\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.answer) for q in questions] == [
        (3, "What is a closure?", "A function with its scope."),
        (7, "What is hoisting?", "Declarations move up."),
        (13, "What is the output of below code", first),
        (22, "Write a function that returns a random HEX color", second),
    ]
    assert questions[2].section == "Coding Exercise"


def test_a_grouping_heading_over_sections_that_ask_nothing_stays_a_section() -> None:
    text = "## What is Docker?\n\nA platform.\n\n## Setup\n\n### Install\n\nRun it.\n\n### Configure\n\nEdit it.\n"
    assert [(q.line, q.question) for q in read(text)] == [(1, "What is Docker?")]


def test_headings_between_question_and_answer_banners_are_questions() -> None:
    """A deck exported inline: `Q:: =====`, the question's heading, its id (`###### ID1`),
    `A:: =====`, the answer. Each heading is a question whose answer follows its `A::` banner
    (the id is the question's markup, the next `Q::` banner no part of the answer); a heading
    whose code sample keeps the `A::` banner from it asks by the `Q::` banner over it (its
    sample, id and banner stay in its answer, as written); a `Q::` banner is no question."""
    notes = [
        ("What are closures", "", "A function with its scope."),
        ("What is hoisting", "", "Declarations move up."),
        ("What is a promise", "", "A future value."),
        ("What is the output of below code", "```js\nf();\n```\n\n", "Answer: 4"),
        ("What is an event loop", "", "A queue runner."),
    ]
    parts = ["# Deck\n\n#### Chapter 1\n"]
    for number, (question, body, answer) in enumerate(notes, start=1):
        parts.append(
            f"Q:: ==========  \n\n##### {question}\n\n{body}###### ID{number}\n\nA:: ==========  \n{answer}\n"
        )
    text = "\n".join(parts)
    lines = text.split("\n")
    questions = read(text)
    assert [(q.line, q.question, q.answer) for q in questions] == [
        (
            lines.index(f"##### {question}") + 1,
            question,
            answer if not body else f"{body}###### ID4\n\nA:: ==========  \n{answer}",
        )
        for question, body, answer in notes
    ]
    assert {q.section for q in questions} == {"Chapter 1"}


def test_prompts_marked_by_a_coloured_difficulty_circle_are_questions() -> None:
    """`- 🟢 Explain the Module pattern …`: a prompt list, each item a question whose circle is
    its difficulty (🟢 easy, 🟡 medium, 🔴 hard), not part of its text."""
    text = (
        "# Architecture\n\n> 🟢 Easy · 🟡 Medium · 🔴 Hard · prompts only\n\n"
        "- 🟢 Explain the Module pattern and how it encapsulates state.\n"
        "- 🟡 Implement the Observer pattern from scratch.\n- 🔴 Design a state machine for UI states.\n"
    )
    questions = read(text)
    assert [(q.line, q.question, q.difficulty, q.answer) for q in questions] == [
        (5, "Explain the Module pattern and how it encapsulates state.", "easy", None),
        (6, "Implement the Observer pattern from scratch.", "medium", None),
        (7, "Design a state machine for UI states.", "hard", None),
    ]


def test_a_bold_question_with_its_answer_on_the_next_line() -> None:
    """An FAQ: `**What is X?**` and its answer in the same paragraph, on the next line."""
    text = (
        "## General\n\n**What is frontend development?**\nBuilding the part users see.\n\n"
        "**Library or framework?**\nYou call a library; a framework calls you.\n"
    )
    assert rows(text) == [
        (3, "What is frontend development?", "Building the part users see."),
        (6, "Library or framework?", "You call a library; a framework calls you."),
    ]


def test_a_questions_column_of_counts_is_an_index_not_a_bank() -> None:
    index = "| # | Category | Questions |\n|:-:|---|:-:|\n| 1 | [UI Components](ui.md) | 114 |\n| 2 | [Forms](forms.md) | 73 |\n"
    reading = read_markdown(f"# Machine coding\n\n{index}", "README.md")
    assert reading.topic is None


def test_question_headings_that_ask_in_their_words_among_ones_that_end_with_a_question_mark() -> None:
    """`## Explain what a Web Component is` and `## What is the Shadow DOM? Explain the need for
    it` among `## … ?` headings are questions too; in a guide where few headings at that level
    end with a question mark, `### Why Kestrel is Fast` stays a section of the answer."""
    text = (
        "# Web Components\n\n## Explain what a Web Component is\n\nA custom tag.\n\n"
        "## What is the Shadow DOM? Explain the need for it\n\nEncapsulation.\n\n"
        "## How do you add a template?\n\nWith `<template>`.\n\n## What is Light DOM?\n\nThe children.\n"
    )
    assert [(q.line, q.question) for q in read(text)] == [
        (3, "Explain what a Web Component is"),
        (7, "What is the Shadow DOM? Explain the need for it"),
        (11, "How do you add a template?"),
        (15, "What is Light DOM?"),
    ]
    guide = (
        "# Kestrel\n\n### What is Kestrel?\n\nA server.\n\n### Configuration\n\nIn JSON.\n\n"
        "### Why Kestrel is Fast\n\nAsync I/O.\n\n### Key Features\n\nHTTP/2.\n\n"
        "### Is Kestrel secure?\n\nBehind a proxy.\n\n### Best Practice\n\nA reverse proxy.\n"
    )
    assert [q.question for q in read(guide)] == ["What is Kestrel?", "Is Kestrel secure?"]


def test_a_guides_numbered_sections_are_not_questions() -> None:
    """`## 1. Installation`, `### 1. Continue`: headings that are questions only by their number,
    where no heading over them names questions and none beside them asks, are a guide's
    sections. A file of only those holds no question and says so."""
    for guide in (
        "# My tool\n\nIntro.\n\n## 1. Installation\n\nRun pip.\n\n## 2. Usage\n\nRun it.\n",
        "# Debugging buttons\n\n## Introduction\n\n### 1. Continue\n\n- **Description**: resumes.\n\n"
        "### 2. Step Over\n\n- **Description**: runs the line.\n",
    ):
        reading = read_markdown(guide, "guide.md")
        assert reading.topic is None
        assert [(f.line, f.code) for f in reading.findings] == [(1, "no-questions")]


def test_numbered_headings_under_a_heading_that_names_questions_are_questions() -> None:
    """`### 1. Reverse a String` under `## Coding Problems`, or beside headings that ask: a bank
    whose questions are tasks (the number leaves the title)."""
    tasks = "## Coding Problems\n\n### 1. Reverse a String\n\nUse a loop.\n\n### 2. Two Sum\n\nUse a map.\n"
    assert rows(tasks) == [(3, "Reverse a String", "Use a loop."), (7, "Two Sum", "Use a map.")]
    mixed = "# Docker\n\n## 1. What is Docker?\n\nA platform.\n\n## 2. Images\n\nLayers.\n"
    assert rows(mixed) == [(3, "What is Docker?", "A platform."), (7, "Images", "Layers.")]


def test_a_guides_numbered_sections_beside_its_questions_stay_out_of_them() -> None:
    """A guide's `#### 1. **Use the right status codes**` under `### Do's`, at the level of the
    `#### Q: …` questions of its `### Interview Questions` section: only these are questions;
    the numbered sections are text outside any question, accounted for."""
    text = (
        "# HTTP Guide\n\n### Do's\n\n#### 1. **Use the right status codes**\n\nAlways.\n\n"
        "#### 2. **Return 204 for DELETE**\n\nNo body.\n\n### Interview Questions\n\n"
        "#### Q: What is the difference between 401 and 403?\n\nWho you are, what you may do.\n"
    )
    assert rows(text) == [
        (15, "What is the difference between 401 and 403?", "Who you are, what you may do.")
    ]


def test_a_markdown_page_whose_front_matter_title_asks_is_one_question() -> None:
    """`title: Implement Array at polyfill ?` over a page that asks nothing else: the title is
    the question and the page (here an `Answer` toggle, as written) its answer; a title that
    does not ask, or a page that holds questions of its own, is no such page."""
    answer = "<details>\n    <summary>Answer</summary>\n\n```js\nArray.prototype.atImpl = (i) => 1\n```\n\n</details>"
    text = f"---\ntitle: Implement Array at polyfill ?\n---\n\n{answer}\n"
    reading = read_markdown(text, "docs/21 Polyfills/array-at-polyfill/index.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert [f.severity for f in reading.findings] == []
    assert reading.topic is not None
    assert [(q.line, q.question, q.answer) for q in reading.topic.questions] == [
        (2, "Implement Array at polyfill ?", answer)
    ]
    prose = read_markdown("---\ntitle: Release notes\n---\n\nWe shipped.\n", "notes/index.md")
    assert prose.topic is None
    held = "---\ntitle: What is in this chapter?\n---\n\n## What is a closure?\n\nA function.\n"
    assert rows(held, "c/index.md") == [(5, "What is a closure?", "A function.")]


def test_a_page_with_a_heading_that_labels_its_answer_is_one_question() -> None:
    """`# Migrate off a deprecated API`, the question's body (`How do you …?`, or a scenario
    that does not end with a question mark, or nothing), then `## Answer guide`: the title is
    the question, the text its body, and the rest of the page the answer. The repository's own
    front matter keys are left out with a note, not a warning."""
    body = "How do you move an application off an API version that will be removed?"
    answer = (
        "- Find the resources.\n- Update and validate.\n\n## References\n\n- [Policy](https://example.org/p)"
    )
    text = f"---\ntitle: Migrate\ntheme: kubernetes\n---\n\n# Migrate off a deprecated API\n\n{body}\n\n## Answer guide\n\n{answer}\n"
    reading = read_markdown(text, "questions/kubernetes/api-deprecation.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(3, "info", "front-matter")]
    assert reading.topic is not None
    assert [
        (q.line, q.question, q.question_body, q.answer, q.answer_line) for q in reading.topic.questions
    ] == [(2, "Migrate off a deprecated API", body, answer, 12)]
    bare = read("# Analyze a high load average\n\n## Model answer\n\nCheck D-state tasks.\n", "load.md")
    assert [(q.question, q.question_body, q.answer) for q in bare] == [
        ("Analyze a high load average", None, "Check D-state tasks.")
    ]
    quiz = "# Quiz\n\n- What is a pod?\n- What is a node?\n\n## Answers\n\nA group; a machine.\n"
    assert [q.question for q in read(quiz, "quiz.md")] == ["What is a pod?", "What is a node?"]


def test_unknown_front_matter_keys_warn_only_in_the_canonical_form() -> None:
    canonical = (
        "---\ntitle: T\nlayuot: x\n---\n\n1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\n"
        "X.\n\n</details>\n"
    )
    reading = read_markdown(canonical, "t.md")
    assert [(f.line, f.severity, f.code) for f in reading.findings] == [(3, "warning", "front-matter")]
    assert "unknown front matter key `layuot`" in reading.findings[0].message


def test_a_summary_whose_words_are_on_their_own_lines_is_a_question() -> None:
    """`<summary>` on its own line (or after `<details>`), the question on the next lines, then
    `</summary>`: HTML formatted over lines is a question in `<summary>` as on one line, not an
    empty answer label, and the file is not read as the canonical form; `<summary>`, `Answer`,
    `</summary>` is a label there."""
    first = (
        "<details>\n<summary>\nWhat is overfitting?\n</summary>\n\nWhen a model fits noise.\n\n</details>\n"
    )
    second = (
        "<details><summary>\n  2. What is a canary release?</summary>\n\n  Few users first.\n\n</details>\n"
    )
    assert rows(f"# ML\n\n{first}\n{second}") == [
        (5, "What is overfitting?", "When a model fits noise."),
        (13, "What is a canary release?", "  Few users first."),
    ]
    labelled = (
        "### What is drift?\n\n<details>\n<summary>\nAnswer\n</summary>\n\nThe data moves.\n\n</details>\n"
    )
    assert [q.question for q in read(labelled)] == ["What is drift?"]


def test_a_full_width_question_mark_asks() -> None:
    """Chinese and Japanese questions end with `？` (and Arabic ones with `؟`): a heading, a list
    item or a table cell that ends so asks, as one ending with `?` does."""
    text = "# React 面试题\n\n## React 是如何工作的？\n\n创建一个虚拟 DOM。\n\n## 什么是 JSX？\n\n一种语法扩展。\n"
    assert rows(text) == [
        (3, "React 是如何工作的？", "创建一个虚拟 DOM。"),
        (7, "什么是 JSX？", "一种语法扩展。"),
    ]
    assert [q.question for q in read("# Q\n\n- 什么是 props？\n- 什么是 state？\n")] == [
        "什么是 props？",
        "什么是 state？",
    ]
    table = "| 问题 | 答案 |\n|---|---|\n| 什么是 Pod？ | 一组容器。 |\n"
    assert [q.question for q in read(table)] == ["什么是 Pod？"]


def test_imperative_headings_among_question_headings_ask_in_english_and_russian() -> None:
    """A bank's headings that ask with a verb (`List …`, `Назовите …`, `Опишите …`) among
    siblings that end with a question mark are questions; in a guide, where few headings ask,
    they stay its sections."""
    bank = (
        "# AWS\n\n## What is EC2?\n\nA VM.\n\n## List different types of Cloud Services.\n\nIaaS.\n\n"
        "## Why S3?\n\nStorage.\n\n## Назовите основные интерфейсы JCF.\n\nList, Set.\n\n"
        "## Опишите иерархию исключений.\n\nThrowable.\n\n## Что такое JVM?\n\nA machine.\n"
    )
    assert rows(bank) == [
        (3, "What is EC2?", "A VM."),
        (7, "List different types of Cloud Services.", "IaaS."),
        (11, "Why S3?", "Storage."),
        (15, "Назовите основные интерфейсы JCF.", "List, Set."),
        (19, "Опишите иерархию исключений.", "Throwable."),
        (23, "Что такое JVM?", "A machine."),
    ]
    guide = "# Guide\n\n## Install\n\nRun it.\n\n## List the files\n\nWith ls.\n\n## Why?\n\nBecause.\n"
    reading = read_markdown(guide, "g.md")
    assert reading.topic is None or [q.question for q in reading.topic.questions] == ["Why?"]


def test_a_numbered_question_heading_in_bold_is_read_without_the_bold() -> None:
    text = (
        "# C++\n\n## 1. 变量的声明和定义有什么区别？\n\n答案一.\n\n## **2.delete与 delete []区别**\n\n答案二.\n\n"
        "## **3.**inline的用法\n\n答案三.\n\n## 4. What is RAII?\n\nScope-bound resources.\n"
    )
    assert rows(text) == [
        (3, "变量的声明和定义有什么区别？", "答案一."),
        (7, "delete与 delete []区别", "答案二."),
        (11, "inline的用法", "答案三."),
        (15, "What is RAII?", "Scope-bound resources."),
    ]


def test_a_link_back_up_the_page_closes_answers_and_marks_statement_headings_as_questions() -> None:
    """`[Table of Contents](#aws)` after every answer is the way back, not answer text; a heading
    that does not ask, among asking ones whose sections close with the same link, is a question."""
    back = "[Table of Contents](#aws)"
    text = (
        f"# AWS\n\n## What is EC2?\n\nA VM.\n\n{back}\n\n## List the kinds of cloud services.\n\nIaaS.\n\n"
        f"{back}\n\n## General information about S3.\n\nObject storage.\n\n{back}\n\n"
        f"## Why VPC?\n\nIsolation.\n\n{back}\n\n## Where is S3?\n\n[In S3](#general-information-about-s3)\n"
    )
    assert rows(text) == [  # (a link into the page that is the whole answer is the answer)
        (3, "What is EC2?", "A VM."),
        (9, "List the kinds of cloud services.", "IaaS."),
        (15, "General information about S3.", "Object storage."),
        (21, "Why VPC?", "Isolation."),
        (27, "Where is S3?", "[In S3](#general-information-about-s3)"),
    ]
    russian = "[к оглавлению](#jcf)"
    text = (
        f"# JCF\n\n## Что такое JCF?\n\nFramework.\n\n{russian}\n\n## Правила equals.\n\nContract.\n\n"
        f"{russian}\n\n## Зачем Map?\n\nPairs.\n\n**[к оглавлению](#jcf)**\n"
    )
    assert [(q.question, q.answer) for q in read(text)] == [
        ("Что такое JCF?", "Framework."),
        ("Правила equals.", "Contract."),
        ("Зачем Map?", "Pairs."),
    ]


def test_labelled_question_paragraphs_in_english_and_chinese() -> None:
    """`**Question**: …` (the colon after the bold) and Chinese `**题目**：…` label a question;
    `**Answer**:` and `**参考答案**：` start its answer."""
    english = "# T\n\n**Question**: What is X?\n\n**Answer**: It is x.\n\n**Q2.** Why Y?\n\n**A:** Because.\n"
    assert rows(english) == [(3, "What is X?", "**Answer**: It is x."), (7, "Why Y?", "**A:** Because.")]
    chinese = "**题目**：LRU 缓存机制\n设计和实现一个 LRU 缓存。\n\n**参考答案**：\n\n用哈希表和双向链表。\n"
    assert [(q.line, q.question, q.question_body, q.answer) for q in read(chinese)] == [
        (1, "LRU 缓存机制", "设计和实现一个 LRU 缓存。", "**参考答案**：\n\n用哈希表和双向链表。")
    ]
    heading = "#### **题目**：引用与指针有什么区别？\n\n引用必须被初始化。\n"
    assert rows(heading) == [(1, "引用与指针有什么区别？", "引用必须被初始化。")]


def test_an_answer_label_at_the_level_of_a_labelled_question_heading_opens_its_answer() -> None:
    text = (
        "#### **题目**：引用与指针有什么区别？\n\n#### **参考答案**： \n1) 引用必须被初始化。\n2) 指针不必。\n\n"
        "#### **Question:** Why RAII?\n\n#### Answer\n\nScope-bound.\n"
    )
    assert rows(text) == [
        (1, "引用与指针有什么区别？", "1) 引用必须被初始化。\n2) 指针不必。"),
        (7, "Why RAII?", "Scope-bound."),
    ]


def test_a_bold_list_item_in_an_answer_does_not_make_a_file_of_list_item_headings_canonical() -> None:
    """`N. ### Question` items whose answers hold `1. **map:**` items, and later a `<details>`
    answer of a coding exercise: the file is read by its question headings, every one of them."""
    text = (
        "# JS\n\n1. ### What are polyfills\n\n   Code that adds a feature:\n\n   1. **map:**\n\n      A map.\n\n"
        "2. ### What is a closure?\n\n   A function with its scope.\n\n"
        "#### Coding exercise\n\n<details><summary><b>Answer</b></summary>\n\nIt logs 1.\n\n</details>\n"
    )
    reading = read_markdown(text, "t.md")
    assert reading.dialect != "canonical"
    assert [q.question for q in read(text)][:2] == ["What are polyfills", "What is a closure?"]
    assert not [f for f in reading.findings if f.severity == "error"]


def test_another_repositorys_front_matter_tags_are_respelled_ours_stay_errors() -> None:
    foreign = '---\ntitle: "How does sharding work?"\ntags:\n  - "System Design"\n  - "数据库"\n  - db\n---\n\nBy key.\n'
    reading = read_markdown(foreign, "sharding.md")
    assert reading.topic is not None and reading.topic.tags == ("db", "system-design")
    assert [(f.line, f.severity) for f in reading.findings if f.code == "front-matter"] == [
        (3, "info"),
        (3, "info"),
    ]
    ours = "---\ntags: [System Design]\n---\n# T\n\n1. **What?**\n\n<details>\n<summary>Answer</summary>\n\nIt.\n\n</details>\n"
    reading = read_markdown(ours, "ours.md")
    assert [(f.line, f.severity) for f in reading.findings if f.code == "front-matter"] == [(2, "error")]


def test_korean_requests_and_spanish_imperatives_ask_among_question_headings() -> None:
    korean = (
        "# Network\n\n## #1\n\n#### TCP/IP의 각 계층을 설명해주세요.\n\n네 계층.\n\n#### References\n\n- [RFC](https://a.b/c)\n\n"
        "## #2\n\n#### TCP와 UDP의 헤더를 비교해주세요. (TCP/IP 5계층 기준)\n\n헤더.\n\n#### References\n\n- [RFC](https://a.b/d)\n"
    )
    assert [(q.line, q.answer) for q in read(korean)] == [(5, "네 계층."), (15, "헤더.")]
    spanish = (
        "# React\n\n#### ¿Qué es React?\n\nUna biblioteca.\n\n#### Explica casos de uso del hook `useEffect`\n\nEfectos.\n\n"
        "#### ¿Qué es JSX?\n\nUna sintaxis.\n"
    )
    assert [q.question for q in read(spanish)] == [
        "¿Qué es React?",
        "Explica casos de uso del hook `useEffect`",
        "¿Qué es JSX?",
    ]


def test_a_summary_that_is_only_a_link_opens_an_index_not_a_question() -> None:
    """boost-devs/ai-tech-interview's README: each `<summary>` links a chapter's file and opens
    the list of its questions, which the chapter's file answers."""
    index = (
        '# AI\n\n<details>\n<summary><a href="./answers/stats.md"><strong>📈 통계</strong></a></summary>\n\n'
        "- 확률 모형은 무엇인가요?\n- p-value는 무엇인가요?\n\n</details>\n"
    )
    reading = read_markdown(index, "README.md")
    assert reading.topic is None or not [q for q in reading.topic.questions if "통계" in q.question]
    asked = "<details>\n<summary><a href='#x'>What</a> is X?</summary>\n\nAn x.\n\n</details>\n"
    assert [q.answer for q in read(asked)] == ["An x."]


def test_a_page_whose_question_is_under_a_question_label_heading() -> None:
    """dmz-v-x/devops-interview-questions: `### Question` (or `### Question:`), the question's
    paragraph, `---`, perhaps `### Answer`, then the answer with numbered headings of its own."""
    page = (
        "### Question  \nWhat is DNS and why is it important?\n\n---\n\n### Answer  \n\n---\n\n"
        "### 1. What is DNS?\n\n- The internet's phonebook.\n\n### 2. Why?\n\nNames.\n"
    )
    assert rows(page) == [
        (
            2,
            "What is DNS and why is it important?",
            "### 1. What is DNS?\n\n- The internet's phonebook.\n\n### 2. Why?\n\nNames.",
        )
    ]
    colon = "### Question:\n\nI have three VPCs. How do you peer two of them?\n\n---\n\nWith peering.\n"
    reading = read_markdown(colon, "vpc.md")
    assert not [f for f in reading.findings if f.severity == "error"]
    assert rows(colon) == [(3, "I have three VPCs. How do you peer two of them?", "With peering.")]


def test_a_bold_line_that_opens_with_a_question_label_asks_whatever_its_words() -> None:
    """CodeWithDhruvX/java-golang-interview-questions: `**Q3: Write a query …**`, the answer on
    the next line: every item of the file carries the label, asking with a `?` or not."""
    text = (
        "# SQL\n\n**Q2: How do you retrieve unique records from a table?**\nUse `DISTINCT`.\n\n"
        "**Q3: Write a query to get the second highest salary from a table.**\nUse `LIMIT 1 OFFSET 1`.\n"
    )
    assert rows(text) == [
        (3, "How do you retrieve unique records from a table?", "Use `DISTINCT`."),
        (6, "Write a query to get the second highest salary from a table.", "Use `LIMIT 1 OFFSET 1`."),
    ]


def test_a_heading_that_only_numbers_a_question_asks_the_paragraph_under_it() -> None:
    """devopsprathamesh/interview-questions' mock interviews: `## Question 1`, then the question's
    paragraph, then the answer up to the next question."""
    text = (
        "# Mock Interview 1\n\nFifteen questions.\n\n## Question 1\n"
        '**Interviewer asks:** "What happens when two pipelines apply at once?"\n\n'
        "**Expected answer points:**\n- One gets the lock.\n\n**Follow-up questions:**\n1. What if it dies?\n\n"
        '## Question 2\n**Interviewer asks:** "Why pin providers?"\n\n**Model answer:** To avoid drift.\n'
    )
    questions = read(text)
    assert [(q.line, q.question) for q in questions] == [
        (5, '**Interviewer asks:** "What happens when two pipelines apply at once?"'),
        (14, '**Interviewer asks:** "Why pin providers?"'),
    ]
    assert questions[0].answer is not None and questions[0].answer.endswith("1. What if it dies?")
    assert questions[1].answer == "**Model answer:** To avoid drift."


def test_a_numbered_heading_over_a_list_of_questions_groups_them() -> None:
    """Jollu8/C-INTERVIEW-QUESTIONS: `## 1. Основы тестирования` under a title that names
    questions, over `1. … ?` items: the items are the questions, the heading their section."""
    text = (
        "# Testing — Questions\n\n## 1. Основы тестирования\n\n1. Что такое тестирование?\n2. Чем QA отличается от QC?\n\n"
        "## 2. Unit Testing\n\n1. What is a unit test?\n"
    )
    assert [(q.line, q.question) for q in read(text)] == [
        (5, "Что такое тестирование?"),
        (6, "Чем QA отличается от QC?"),
        (10, "What is a unit test?"),
    ]


def test_mkdocs_admonitions_that_ask_are_questions_their_bodies_answers() -> None:
    """anujonthemove/Machine-Learning-Interview-Handbook: `??? question "…"` (or unquoted, or
    `???+`), the indented body its answer, after a blank line or right under it; an admonition
    of another type whose title does not ask is no question."""
    text = (
        '# Evaluation\n\n??? question "What is a cost function?"\n\n    * It measures error.\n    * It is minimised.\n\n'
        "??? question  Accuracy\n    The share of right answers.\n\n"
        '???+ question "Why cross-validate?"\n\n    ```python\n    cv = KFold(5)\n    ```\n'
    )
    assert rows(text) == [
        (3, "What is a cost function?", "* It measures error.\n* It is minimised."),
        (8, "Accuracy", "The share of right answers."),
        (11, "Why cross-validate?", "```python\ncv = KFold(5)\n```"),
    ]
    note = '# N\n\n!!! note "Setting up"\n\n    Install it.\n\n??? tip "Why pin versions?"\n\n    Drift.\n'
    assert [q.question for q in read(note)] == ["Why pin versions?"]


def test_an_imperative_item_among_nested_questions_asks_too() -> None:
    """ajitsingh98/Machine-Learning-Interviews-Problems-And-Solutions: a group's nested items ask
    with `?`, and one among them asks with a verb (`Explain …`, `Given a vector …, find …`)."""
    text = (
        "# ML\n\n1. Hyperparameters\n    1. What is a hyperparameter?\n    1. How do you tune them?\n"
        "    1. Explain an algorithm for tuning hyperparameters.\n    1. A note without a question.\n"
    )
    assert [q.question for q in read(text)] == [
        "What is a hyperparameter?",
        "How do you tune them?",
        "Explain an algorithm for tuning hyperparameters.",
    ]


def test_lines_that_each_ask_are_questions_and_what_follows_them_answers() -> None:
    """SepidehHosseinian/MLOPs-Interview-Questions: an intro, then questions one a line, alone
    or soft-wrapped into one paragraph; LongxingTan's notes: a question line, its bullets."""
    text = (
        "# MLOps\n\nA set of questions for the interview.\n\nCan you explain MLOps?\n\n"
        "How do you version models?\nHave you used SageMaker?\nHow do you handle drift?\n\n"
        "- Retrain on a schedule.\n"
    )
    assert rows(text) == [
        (5, "Can you explain MLOps?", None),
        (7, "How do you version models?", None),
        (8, "Have you used SageMaker?", None),
        (9, "How do you handle drift?", "- Retrain on a schedule."),
    ]
    prose = "# Notes\n\nWhy does this matter? Because it does.\n\nIs it hard?\n\nNot really.\n"
    reading = read_markdown(prose, "notes.md")
    assert reading.topic is None or not reading.topic.questions
