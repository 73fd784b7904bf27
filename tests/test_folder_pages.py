"""A folder of pages, each one question (issue 20, item 2; the blind check's
Android-Interview-Questions): markdown files in, one question per file out, with its line and
answer. What asks inside a page (a list of the problems a pattern solves, a heading, a
`<summary>`) is its answer's, and a folder of pages beside folders of pages named by their
questions is one too."""

from __future__ import annotations

from pathlib import Path

from mlprep_site.core.loader import load_bank, read_markdown

ASKING = (
    "What is Fragment",
    "What is a coroutine",
    "How does inline work",
    "Why sealed classes",
    "What is a flow",
)


def pages(folder: Path, names: tuple[str, ...]) -> None:
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.md").write_text(f"# {name}\n\nAbout {name.split()[-1]}.\n")


def by_file(root: Path) -> dict[str, list[tuple[int, str, str | None]]]:
    bank, findings = load_bank([root])
    assert [f for f in findings if f.severity == "error"] == []
    return {
        str(Path(t.source).relative_to(root)): [(q.line, q.question, q.answer) for q in t.questions]
        for t in bank.topics
    }


def test_what_asks_inside_a_page_named_by_its_question_is_its_answer(tmp_path: Path) -> None:
    pages(tmp_path / "General", ASKING)
    answer = (
        "Objects get what they depend on.\n\n## Overview\nDependency injection solves:\n"
        "- How can a class be independent of how its objects are created?\n"
        "- How can an application support different configurations?\n\n"
        "<details>\n<summary>Why not a service locator?</summary>\n\nIt hides them.\n</details>"
    )
    (tmp_path / "General" / "What do you know about DI.md").write_text(f"# Dependency injection\n{answer}\n")
    asked = "It upgrades HTTP.\n\n## When should you use WebSocket?\nFor live data."
    (tmp_path / "General" / "What do you know about WebSocket.md").write_text(
        f"# How does WebSocket work?\n{asked}\n"
    )
    found = by_file(tmp_path)
    assert found["General/What do you know about DI.md"] == [(1, "What do you know about DI", answer)]
    assert found["General/What do you know about WebSocket.md"] == [(1, "How does WebSocket work?", asked)]
    assert found["General/What is a flow.md"] == [(1, "What is a flow", "About flow.")]


def test_a_folder_of_pages_beside_folders_of_question_pages_is_one_too(tmp_path: Path) -> None:
    for folder in ("Android", "Java", "Kotlin"):
        pages(tmp_path / folder, ASKING)
    patterns = ("Builder pattern", "Adapter pattern", "Facade pattern", "Proxy pattern", "State pattern")
    pages(tmp_path / "Patterns", patterns)
    answer = "Builds objects step by step. It solves problems like:\n- How can a class be simplified?\n- How can a representation vary?"
    (tmp_path / "Patterns" / "Builder pattern.md").write_text(f"# Builder pattern\n{answer}\n")
    (tmp_path / "Patterns" / "Generics.md").write_text(
        "# Generics\n\n- What is variance?\n- What is reified?\n"
    )
    found = by_file(tmp_path)
    assert found["Patterns/Builder pattern.md"] == [(1, "Builder pattern", answer)]
    assert found["Patterns/Proxy pattern.md"] == [(1, "Proxy pattern", "About pattern.")]
    # A page that opens with its questions, whose name does not ask, holds them.
    assert found["Patterns/Generics.md"] == [(3, "What is variance?", None), (4, "What is reified?", None)]
    assert len(found) == 3 * len(ASKING) + len(patterns) + 1


def test_a_folder_of_pages_alone_is_no_questions(tmp_path: Path) -> None:
    """Without folders of question pages beside it, a folder of notes named by their subjects
    is not a bank (a study guide)."""
    pages(
        tmp_path / "Patterns",
        ("Builder pattern", "Adapter pattern", "Facade pattern", "Proxy pattern", "State pattern"),
    )
    pages(tmp_path / "Java", ASKING)
    bank, _ = load_bank([tmp_path])
    assert sorted(Path(t.source).parent.name for t in bank.topics) == ["Java"] * len(ASKING)


NOTE = (  # the notes' banner and heading lines end in two spaces
    "========== Question ==========  \n\n### {question}  \n\n========== Answer ==========  \n\n"
    "{answer}\n\n========== Id ==========  \n{number}\n\n---\n\nDECK INFO\n\nTARGET DECK: Javascript::Interview\n"
)


def test_a_folder_of_flashcard_notes_numbered_by_name(tmp_path: Path) -> None:
    """`335 - How do you convert character to ascii code.md` (names cut short, a number before
    them): each note is one question, the heading its `Question` banner heads, and its answer
    what the `Answer` banner heads, up to the next banner; the id and the deck's notes are left
    out with a finding."""
    folder = tmp_path / "Chapter 1 - Interview Questions"
    folder.mkdir()
    answers = {}
    for number, question in enumerate(
        (
            "How do you convert character to ASCII code",
            "What is a prototype chain?",
            "What is hoisting",
            "How do you decode or encode a URL?",
            "What are closures",
        ),
        start=331,
    ):
        answers[number] = f"Use `charCodeAt()`:\n\n```javascript\n'A'.charCodeAt(0);\n```\n\nNote {number}."
        name = f"{number} - {question.rstrip('?').lower()[:30]}.md"
        (folder / name).write_text(NOTE.format(question=question, answer=answers[number], number=number))
    bank, findings = load_bank([tmp_path])
    assert [f for f in findings if f.severity != "info"] == []
    found = {
        Path(t.source).name[:3]: [(q.line, q.question, q.answer, q.answer_line) for q in t.questions]
        for t in bank.topics
    }
    assert found["331"] == [(3, "How do you convert character to ASCII code", answers[331], 7)]
    assert found["332"] == [(3, "What is a prototype chain?", answers[332], 7)]
    assert len(found) == 5
    left_out = [f.line for f in findings if Path(f.path).name.startswith("331 - ")]
    assert left_out == [16]  # the id and the deck's notes


def test_a_flashcard_note_read_alone_is_one_question() -> None:
    answer = "Use `encodeURI()`.\n\n```javascript\nencodeURI(uri);\n```"
    text = NOTE.format(question="How do you encode a URL in JavaScript?", answer=answer, number=23)
    reading = read_markdown(text, "23 - how do you encode a url.md")
    assert reading.ledger.problems(text.split("\n")) == []
    assert reading.topic is not None
    assert [(q.line, q.question, q.answer, q.answer_line) for q in reading.topic.questions] == [
        (3, "How do you encode a URL in JavaScript?", answer, 7)
    ]
