"""The Anki export: open the generated .apkg (a zip with an SQLite collection) and look inside."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlprep_site.answers.render import AnswerRenderer
from mlprep_site.cli.main import main
from mlprep_site.core.domain.model import Bank, Question, Topic
from mlprep_site.exports.anki import (
    FIELD_NAMES,
    MODEL_NAME,
    NoteFields,
    render_question_html,
    stable_anki_id,
    write_apkg,
)
from mlprep_site.exports.anki_kept import KeptCollection

CANARY = Topic(
    slug="canary-and-ab-testing",
    title="Canary and A/B releases",
    source="content/canary-and-ab-testing.md",
    description="Ship safely.",
    questions=(
        Question(
            id="canary-deployment",
            number=1,
            question="What is canary deployment and why is it useful?",
            answer=("Route **5%** of traffic to the new version.\n\n```python\nweights = [95, 5]\n```"),
            tags=("release", "canary"),
            difficulty="medium",
        ),
        Question(
            id="ab-vs-canary",
            number=2,
            question='How does `<b>` & "A/B" differ from <i>canary</i>?',
            answer="| A/B | canary |\n|---|---|\n| metric | safety |",
            tags=("machine learning", "experimentation"),
            difficulty="hard",
        ),
        Question(id="unanswered-one", number=3, question="Nobody answered me?", answer=None),
    ),
)
DRIFT = Topic(
    slug="drift",
    title="Model drift",
    source="content/drift.md",
    questions=(
        Question(
            id="what-is-drift", number=1, question="What is drift?", answer="Change.", difficulty="easy"
        ),
    ),
)
EMPTY = Topic(
    slug="empty",
    title="Nothing answered yet",
    source="content/empty.md",
    questions=(Question(id="lonely", number=1, question="Anyone?"),),
)
BANK = Bank(topics=(CANARY, DRIFT, EMPTY))


def read_apkg(path: Path) -> dict[str, Any]:
    """Notes (by guid) with their fields, tags, deck name; and the decks and models."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        db_path = path.with_suffix(".anki2")
        db_path.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db_path)
    try:
        decks_json, models_json = conn.execute("SELECT decks, models FROM col").fetchone()
        decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        models = json.loads(models_json)
        notes = {}
        for note_id, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes"):
            deck_ids = {did for (did,) in conn.execute("SELECT did FROM cards WHERE nid=?", (note_id,))}
            assert len(deck_ids) == 1
            notes[guid] = {
                "fields": dict(zip(FIELD_NAMES, flds.split("\x1f"), strict=True)),
                "tags": tags.split(),
                "deck": decks[deck_ids.pop()],
                "model_id": mid,
            }
    finally:
        conn.close()
    return {"notes": notes, "decks": decks, "models": models}


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "deck.apkg"
    write_apkg(BANK, out)
    return read_apkg(out)


def notes_by_id(apkg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {note["fields"]["Id"]: note for note in apkg["notes"].values()}


def test_one_note_per_answered_question_unanswered_skipped(exported: dict[str, Any]) -> None:
    assert sorted(notes_by_id(exported)) == ["ab-vs-canary", "canary-deployment", "what-is-drift"]


def test_subdeck_per_topic_under_one_parent(exported: dict[str, Any]) -> None:
    names = set(exported["decks"].values())
    assert {"mlprep", "mlprep::Canary and A/B releases", "mlprep::Model drift"} <= names
    # A topic with nothing answered gets no empty deck.
    assert "mlprep::Nothing answered yet" not in names
    notes = notes_by_id(exported)
    assert notes["canary-deployment"]["deck"] == "mlprep::Canary and A/B releases"
    assert notes["ab-vs-canary"]["deck"] == "mlprep::Canary and A/B releases"
    assert notes["what-is-drift"]["deck"] == "mlprep::Model drift"


def test_fields_front_question_back_rendered_answer(exported: dict[str, Any]) -> None:
    note = notes_by_id(exported)["canary-deployment"]
    assert note["fields"]["Question"] == "What is canary deployment and why is it useful?"
    answer = note["fields"]["Answer"]
    assert "<strong>5%</strong>" in answer
    assert '<div class="highlight">' in answer and "weights" in answer
    assert note["fields"]["Topic"] == "Canary and A/B releases"
    table = notes_by_id(exported)["ab-vs-canary"]["fields"]["Answer"]
    assert "<table>" in table and "<td>safety</td>" in table


def test_question_text_is_escaped(exported: dict[str, Any]) -> None:
    """Code is text; inline HTML formatting (`<i>`) renders as on GitHub (core.text.inline)."""
    front = notes_by_id(exported)["ab-vs-canary"]["fields"]["Question"]
    assert front == "How does <code>&lt;b&gt;</code> &amp; &quot;A/B&quot; differ from <i>canary</i>?"


def test_tags_carried_without_spaces(exported: dict[str, Any]) -> None:
    notes = notes_by_id(exported)
    assert notes["canary-deployment"]["tags"] == ["release", "canary", "difficulty::medium"]
    assert notes["ab-vs-canary"]["tags"] == ["machine_learning", "experimentation", "difficulty::hard"]


def test_card_templates_show_question_then_answer(exported: dict[str, Any]) -> None:
    (model,) = exported["models"].values()
    assert model["name"] == MODEL_NAME
    assert [f["name"] for f in model["flds"]] == list(FIELD_NAMES)
    (template,) = model["tmpls"]
    assert "{{Question}}" in template["qfmt"] and "{{Answer}}" not in template["qfmt"]
    assert "{{Answer}}" in template["afmt"]
    # Highlighted code is styled by the card CSS itself: nothing fetched from elsewhere.
    assert ".highlight .k" in model["css"] and "http" not in model["css"]


def test_ids_stable_across_exports_and_edits(tmp_path: Path) -> None:
    first = tmp_path / "first.apkg"
    write_apkg(BANK, first)
    edited_question = dataclasses.replace(
        CANARY.questions[0],
        question="What is a canary release?",
        answer="A rewritten answer.",
    )
    edited = Bank(
        topics=(
            dataclasses.replace(CANARY, questions=(edited_question, *CANARY.questions[1:])),
            DRIFT,
            EMPTY,
        )
    )
    second = tmp_path / "second.apkg"
    write_apkg(edited, second)
    one, two = read_apkg(first), read_apkg(second)

    assert one["notes"].keys() == two["notes"].keys()
    assert one["decks"] == two["decks"]
    assert one["models"].keys() == two["models"].keys()
    by_id_one, by_id_two = notes_by_id(one), notes_by_id(two)
    guid_of = {note["fields"]["Id"]: guid for guid, note in two["notes"].items()}
    assert two["notes"][guid_of["canary-deployment"]]["fields"]["Answer"] == ("<p>A rewritten answer.</p>")
    assert by_id_one["canary-deployment"]["deck"] == by_id_two["canary-deployment"]["deck"]
    assert {n["model_id"] for n in two["notes"].values()} == {stable_anki_id(f"model:{MODEL_NAME}")}


def test_guid_depends_on_id_only(tmp_path: Path) -> None:
    """Two questions with the same text but different ids are different notes."""
    twin = dataclasses.replace(DRIFT.questions[0], id="what-is-drift-again", number=2)
    bank = Bank(topics=(dataclasses.replace(DRIFT, questions=(DRIFT.questions[0], twin)),))
    out = tmp_path / "twins.apkg"
    write_apkg(bank, out)
    assert len(read_apkg(out)["notes"]) == 2


def test_prerendered_answer_html_is_used_when_given(tmp_path: Path) -> None:
    out = tmp_path / "site.apkg"
    site = {"what-is-drift": '<p class="from-site">Change.</p>'}
    write_apkg(BANK, out, answer_html=lambda topic: site)
    notes = notes_by_id(read_apkg(out))
    assert notes["what-is-drift"]["fields"]["Answer"] == '<p class="from-site">Change.</p>'
    # Questions missing from the mapping are rendered from markdown.
    assert "<strong>5%</strong>" in notes["canary-deployment"]["fields"]["Answer"]


def test_hostile_topic_and_answer_stay_text_one_level_and_cleaned(tmp_path: Path) -> None:
    """A title's `:::` makes no extra deck level, a description is text (Anki shows deck
    descriptions as HTML), and with `sanitize` an answer the site did not render is cleaned
    here as the site would."""
    hostile = Topic(
        slug="templates",
        title="C++:::Templates::::x",
        source="content/templates.md",
        description="Uses <img src=x onerror=alert(1)> & <b>bold</b>",
        questions=(
            Question(
                id="q", number=1, question="Q?", answer='<script>alert(2)</script>\n\n<p onclick="x">Hi</p>'
            ),
        ),
    )
    out = tmp_path / "deck.apkg"
    write_apkg(Bank(topics=(hostile,)), out, answer_html=lambda topic: {}, sanitize=True)
    apkg = read_apkg(out)
    note = notes_by_id(apkg)["q"]
    assert note["deck"] == "mlprep::C++:Templates:x"
    assert "alert" not in note["fields"]["Answer"] and "onclick" not in note["fields"]["Answer"]
    assert "Hi" in note["fields"]["Answer"]
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    try:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        conn.close()
    descriptions = {deck["name"]: deck["desc"] for deck in decks.values()}
    assert (
        descriptions["mlprep::C++:Templates:x"]
        == "Uses &lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    )
    write_apkg(Bank(topics=(hostile,)), out)  # without sanitize: as written
    assert "<script>" in notes_by_id(read_apkg(out))["q"]["fields"]["Answer"]


def test_writes_into_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "site" / "assets" / "mlprep" / "mlprep-deck.apkg"
    write_apkg(BANK, out)
    assert len(read_apkg(out)["notes"]) == 3


@pytest.mark.parametrize(
    ("markdown_text", "html"),
    [
        ("plain", "plain"),
        ("`a < b` and *em*", "<code>a &lt; b</code> and <em>em</em>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&amp; is an entity, as on GitHub", "&amp; is an entity, as on GitHub"),
        ("# not a heading", "# not a heading"),
        ("[not](javascript:alert(1)) a link", "not a link"),
        (
            "[a link](https://example.org/x) <b>bold</b>",
            '<a href="https://example.org/x">a link</a> <b>bold</b>',
        ),
    ],
)
def test_render_question_html(markdown_text: str, html: str) -> None:
    assert render_question_html(markdown_text) == html


def test_answers_not_given_are_rendered_with_the_package_page_markdown(tmp_path: Path) -> None:
    """Without a site configuration the card backs are the answers as the package's defaults
    render them (admonitions, details, fences, nested `<details>` hints as markdown)."""
    answer = (
        '??? note "Hint"\n    hidden hint\n\n~~~\nno language\n~~~\n\n!!! warning\n    careful\n\n'
        "<details>\n<summary>Think</summary>\n\n*think*\n\n</details>\n"
    )
    question = Question(id="q", number=1, question="Q?", answer=answer)
    out = tmp_path / "deck.apkg"
    write_apkg(Bank(topics=(dataclasses.replace(DRIFT, questions=(question,)),)), out)
    back = notes_by_id(read_apkg(out))["q"]["fields"]["Answer"]
    assert back == AnswerRenderer().render(answer).deck_html
    assert '<details class="note">' in back and "<summary>Hint</summary>" in back
    assert '<div class="admonition warning">' in back
    assert "no language" in back and "<pre>" in back
    assert "<summary>Think</summary>" in back and "<em>think</em>" in back


TOPIC_SOURCE = """\
---
title: Canary releases
tags: [release]
---
# Canary releases

1. **What is a `canary` release?**
<!-- mlprep: {id: canary-release, tags: [release, risk-control], difficulty: medium} -->

<details>
<summary>Answer</summary>

A small share of traffic goes to the new version first.

</details>

2. **Not answered yet?**
<!-- mlprep: {id: not-answered-yet} -->

<details>
<summary>Answer</summary>
</details>
"""


def test_cli_export_anki_from_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "canary.md").write_text(TOPIC_SOURCE, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", "--format", "anki", "-o", str(out), str(content)])
    assert result.exit_code == 0, result.output
    (note,) = read_apkg(out)["notes"].values()
    assert note["fields"]["Question"] == "What is a <code>canary</code> release?"
    assert note["fields"]["Answer"] == "<p>A small share of traffic goes to the new version first.</p>"
    assert note["tags"] == ["release", "risk-control", "difficulty::medium"]
    assert note["deck"] == "mlprep::Canary releases"


def test_cli_export_anki_needs_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "anki", str(tmp_path)])
    assert result.exit_code != 0
    assert "-o deck.apkg" in result.output


def test_two_topics_sharing_an_id_keep_their_own_card_backs_in_a_lenient_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Explicit ids shared by two topics are an error (the build fails), reported with both
    files as contributors know them; the site the build writes all the same gives each card the
    answer its own page shows, from the site's deck and from `export --format anki` next to the site's
    mkdocs.yml alike."""
    from tests.site_helpers import build_site, write_site

    def topic(slug: str, answer: str) -> str:
        return (
            f"---\ntitle: {slug}\nslug: {slug}\n---\n# {slug}\n\n1. **Shared?**\n<!-- mlprep: {{id: shared}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )

    content = {"one.md": topic("one", "Answer *one*."), "two.md": topic("two", "Answer *two*.")}
    config_file = write_site(tmp_path, content=content, plugin={"anki": True})
    with caplog.at_level(logging.ERROR):
        site = build_site(config_file, content_errors=True)
    assert "content/two.md:7: question id 'shared' already used at content/one.md:7" in caplog.text
    expected = {
        ("mlprep::one", "<p>Answer <em>one</em>.</p>"),
        ("mlprep::two", "<p>Answer <em>two</em>.</p>"),
    }
    deck = read_apkg(site / "assets" / "mlprep" / "mlprep-deck.apkg")
    assert {(note["deck"], note["fields"]["Answer"]) for note in deck["notes"].values()} == expected
    out = tmp_path / "exported.apkg"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--format",
            "anki",
            "-o",
            str(out),
            "--config-file",
            str(config_file),
            str(tmp_path / "content"),
        ],
    )
    assert result.exit_code == 1 and "shared" in result.output  # the loader's error, reported
    exported = read_apkg(out)
    assert {(note["deck"], note["fields"]["Answer"]) for note in exported["notes"].values()} == expected


PROJECT = Path(__file__).resolve().parent.parent


def test_export_of_an_edited_copy_carries_the_edit_with_the_project_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22: `content/` copied elsewhere, one answer edited, exported from the project
    folder: the real deck carries the edited answer, rendered with ./mkdocs.yml's markdown
    configuration, and no site is built for it."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(PROJECT / "content", copy)
    topic = copy / "canary-and-ab-testing.md"
    text = topic.read_text(encoding="utf-8")
    first_line = "**A canary deployment sends a small, growing share of live traffic"
    assert text.count(first_line) == 1
    edited = "An *edited* answer with $x^2$.\n\n" + first_line
    topic.write_text(text.replace(first_line, edited), encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "d.apkg"
    result = CliRunner().invoke(main, ["export", str(copy), "--format", "anki", "-o", str(out)])
    assert result.exit_code == 0, result.output
    notes = notes_by_id(read_apkg(out))
    back = notes["canary-deployment"]["fields"]["Answer"]
    assert back.startswith("<p>An <em>edited</em> answer with \\(x^2\\).</p>\n<p><strong>A canary deployment")
    untouched = notes["ab-testing-models"]["fields"]["Answer"]
    assert untouched.startswith("<p><strong>An A/B test randomly splits users")
    # Nothing but the deck (and read_apkg's copy of its collection) was written: no site.
    assert set(tmp_path.rglob("*")) - before == {out, out.with_suffix(".anki2")}


def test_export_uses_the_config_file_markdown_with_notes_scoped_to_their_answer(tmp_path: Path) -> None:
    """A partial mkdocs.yml that adds footnotes and abbreviations (over the package's
    defaults): each card back has its own note and abbreviation, though two answers use the
    same labels; pymdownx.snippets never reads a file into an answer of a sanitised site."""
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "markdown_extensions:\n  - footnotes\n  - abbr\n  - pymdownx.snippets:\n"
        "      base_path: [.]\nplugins:\n  - mlprep:\n      sanitize: true\n",
        encoding="utf-8",
    )
    content = tmp_path / "content"
    content.mkdir()
    (content / "t.md").write_text(
        "---\ntitle: T\n---\n# T\n\n"
        "1. **One?**\n<!-- mlprep: {id: one} -->\n\n<details>\n<summary>Answer</summary>\n\n"
        "One NN[^1].\n\n[^1]: First note.\n\n*[NN]: neural network\n\n</details>\n\n"
        "2. **Two?**\n<!-- mlprep: {id: two} -->\n\n<details>\n<summary>Answer</summary>\n\n"
        'Two[^1].\n\n[^1]: Second note.\n\n--8<-- "secret.txt"\n\n</details>\n',
        encoding="utf-8",
    )
    out = tmp_path / "d.apkg"
    result = CliRunner().invoke(
        main,
        [
            "export",
            str(content),
            "--format",
            "anki",
            "-o",
            str(out),
            "--config-file",
            str(tmp_path / "mkdocs.yml"),
        ],
    )
    assert result.exit_code == 0, result.output
    notes = notes_by_id(read_apkg(out))
    one, two = notes["one"]["fields"]["Answer"], notes["two"]["fields"]["Answer"]
    assert '<abbr title="neural network">NN</abbr>' in one and "First note." in one
    assert "Second note." not in one
    assert "Second note." in two and "First note." not in two and "<abbr" not in two
    assert 'class="footnote"' in one and 'class="footnote"' in two
    assert "SECRET" not in two and "--8&lt;--" in two


def test_export_with_a_broken_config_file_is_a_message_and_no_deck(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "canary.md").write_text(TOPIC_SOURCE, encoding="utf-8")
    bad = tmp_path / "mkdocs.yml"
    bad.write_text("markdown_extensions:\n  - footnotes\n bad: [\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    args = ["export", str(content), "--format", "anki", "-o", str(out), "--config-file", str(bad)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"cannot read the site configuration of {bad}: {bad}:3:" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_export_without_any_mkdocs_yml_uses_the_package_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ./mkdocs.yml and none beside the content: the card backs are rendered with the
    markdown configuration of the package's defaults.yml (its toc gives headings permalinks)."""
    content = tmp_path / "content"
    content.mkdir()
    source = TOPIC_SOURCE.replace("A small share", "### Step one\n\nA small share")
    (content / "canary.md").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", "content", "--format", "anki", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (note,) = read_apkg(out)["notes"].values()
    assert note["fields"]["Answer"] == (
        '<h3 id="step-one">Step one<a class="headerlink" href="#step-one" title="Permanent link">&para;</a></h3>\n'
        "<p>A small share of traffic goes to the new version first.</p>"
    )


def test_a_deck_leaves_no_file_behind(tmp_path: Path) -> None:
    """genanki's own writer leaves its collection database in the temporary folder, one per
    deck; ours removes it, and writes the deck whole into its folder."""
    temporary, out = tmp_path / "tmp", tmp_path / "out"
    temporary.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "mlprep_site", "export", str(PROJECT / "content"), "--format", "anki"]
        + ["-o", str(out / "deck.apkg")],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(temporary.iterdir()) == [] and [p.name for p in out.iterdir()] == ["deck.apkg"]
    assert read_apkg(out / "deck.apkg")  # a whole package, with its notes


def test_kept_notes_are_made_again_only_for_a_changed_topic_and_read_as_a_fresh_export(
    tmp_path: Path,
) -> None:
    store: dict[str, tuple[Topic, object, list[NoteFields]]] = {}
    made: list[str] = []

    def kept(topic: Topic, source: object, make: Callable[[], list[NoteFields]]) -> list[NoteFields]:
        held = store.get(topic.slug)
        if held is None or held[0] is not topic or held[1] != source:
            made.append(topic.slug)
            held = store[topic.slug] = (topic, source, make())
        return held[2]

    collection = KeptCollection()  # serve's: only the decks whose notes changed are written again
    write_apkg(BANK, tmp_path / "first.apkg", kept=kept, collection=collection)
    assert made == ["canary-and-ab-testing", "drift"]  # the topics with an answer
    answer = dataclasses.replace(DRIFT.questions[0], answer="Change over *time*.")
    edited = Bank(topics=(CANARY, dataclasses.replace(DRIFT, questions=(answer,)), EMPTY))
    made.clear()
    write_apkg(edited, tmp_path / "kept.apkg", kept=kept, collection=collection)
    assert made == ["drift"] and collection.decks_written == 1
    write_apkg(edited, tmp_path / "fresh.apkg")
    notes = read_apkg(tmp_path / "kept.apkg")["notes"]
    assert notes == read_apkg(tmp_path / "fresh.apkg")["notes"]
    assert "<em>time</em>" in notes_by_id({"notes": notes})["what-is-drift"]["fields"]["Answer"]
    # A deck renamed: the collection is written whole again, with the new name.
    renamed = Bank(topics=(dataclasses.replace(CANARY, title="Canaries"), *edited.topics[1:]))
    write_apkg(renamed, tmp_path / "renamed.apkg", kept=kept, collection=collection)
    assert collection.decks_written == 2
    decks = read_apkg(tmp_path / "renamed.apkg")["decks"].values()
    assert "mlprep::Canaries" in decks and "mlprep::Canary and A/B releases" not in decks
