"""Study mode in headless Chromium, on a small site built through the mlprep plugin.

Each test gets a fresh browser context, so localStorage starts empty.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import browser, fresh_tab, served_build  # noqa: F401 (pytest fixture)
from tests.test_anki import read_apkg

pytestmark = pytest.mark.browser


def topic(slug: str, title: str, *specs: tuple[str, str, str | None, list[str], str | None]) -> str:
    """A topic file; each spec is (id, text, difficulty, tags, answer markdown or None)."""
    parts = [f"---\ntitle: {title}\nslug: {slug}\n---\n# {title}\n\n"]
    for number, (qid, text, difficulty, tags, answer) in enumerate(specs, start=1):
        meta = {"id": qid, "tags": tags, **({"difficulty": difficulty} if difficulty else {})}
        parts.append(
            f"{number}. **{text}**\n<!-- mlprep: {json.dumps(meta)} -->\n\n<details>\n"
            f"<summary>Answer</summary>\n\n{answer or ''}\n\n</details>\n\n"
        )
    return "".join(parts)


HOSTILE = '<b>bold?</b> & "quotes" `code`'
ALPHA = topic(
    "alpha",
    "Alpha topic",
    ("a-easy", "Alpha easy?", "easy", ["python"], "Easy **answer**."),
    ("a-medium", "Alpha medium?", "medium", ["python", "stats"], "Medium answer."),
    ("a-hard-one", "Alpha hard one?", "hard", ["stats"], "Hard answer one."),
    (
        "a-hard-two",
        "Alpha hard two?",
        "hard",
        ["trees"],
        "Hard answer two.\n\n<details>\n<summary>Hint</summary>\n\nA nested hint.\n\n</details>",
    ),
    ("a-unrated", HOSTILE, None, [], "Unrated answer."),
    ("a-wanted-hard", "Alpha wanted hard?", "hard", ["stats"], None),
)
BETA = topic(
    "beta",
    "Beta topic",
    ("b-hard", "Beta hard?", "hard", ["trees"], "Beta hard answer."),
    ("b-easy", "Beta easy?", "easy", ["python"], "Beta easy answer."),
    ("b-medium", "Beta medium?", "medium", [], "Beta medium answer."),
)
ANSWERED = {
    "alpha": ["a-easy", "a-medium", "a-hard-one", "a-hard-two", "a-unrated"],
    "beta": ["b-hard", "b-easy", "b-medium"],
}
DIFFICULTY = {
    "a-easy": "easy",
    "a-medium": "medium",
    "a-hard-one": "hard",
    "a-hard-two": "hard",
    "a-unrated": "",
    "b-hard": "hard",
    "b-easy": "easy",
    "b-medium": "medium",
}


@pytest.fixture(scope="module")
def study_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    content = {"alpha.md": ALPHA, "beta.md": BETA}
    with served_build(tmp_path_factory.mktemp("study-site"), content, {"anki": True}) as base_url:
        yield base_url


@pytest.fixture
def page(browser: Any, study_site: str) -> Iterator[Any]:  # noqa: F811 (browser: the imported fixture)
    with fresh_tab(browser, study_site, timeout=10_000) as tab:
        yield tab
    assert tab.js_errors == [], "JavaScript errors on the page"


def stored(page: Any) -> dict[str, Any]:
    raw = page.evaluate("localStorage.getItem('mlprep-study')")
    return json.loads(raw) if raw else {}


def progress(page: Any, topic: str) -> Any:
    return page.locator(f'.mlprep-progress[data-topic="{topic}"]')


def question_block(page: Any, qid: str) -> Any:
    return page.locator(f'details.mlprep-question[data-qid="{qid}"]')


def grade_on_topic_page(page: Any, qid: str, name: str) -> None:
    block = question_block(page, qid)
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()
    block.get_by_role("button", name=name, exact=True).click()


def test_grade_and_count_persist_across_reload(page: Any) -> None:
    page.goto("alpha/")
    expect_text(progress(page, "alpha"), "0 of 5 known")
    block = question_block(page, "a-easy")
    grade_bar = block.locator(".mlprep-grade")
    assert not grade_bar.is_visible()  # only once the question is opened

    block.locator("summary").click()
    expect(grade_bar).to_be_visible()  # made when the question is first opened
    block.get_by_role("button", name="Knew it", exact=True).click()
    grade_on_topic_page(page, "a-medium", "Partly")

    def check() -> None:
        expect_text(progress(page, "alpha"), "1 of 5 known")
        expect_text(question_block(page, "a-easy").locator(".mlprep-badge"), "knew it")
        expect_text(question_block(page, "a-medium").locator(".mlprep-badge"), "partly")
        assert not question_block(page, "a-hard-one").locator(".mlprep-badge").is_visible()
        if not question_block(page, "a-easy").evaluate("d => d.open"):
            question_block(page, "a-easy").locator("summary").click()  # grade buttons come with it
        pressed = question_block(page, "a-easy").locator('.mlprep-grade [aria-pressed="true"]')
        assert pressed.text_content() == "Knew it"

    check()
    page.reload()
    check()
    data = stored(page)
    assert data["v"] == 1
    assert {qid: entry["g"] for qid, entry in data["q"].items()} == {"a-easy": "known", "a-medium": "partly"}
    page.goto("./")
    expect_text(progress(page, "alpha"), "1 of 5 known")
    expect_text(progress(page, "beta"), "0 of 3 known")


def test_unanswered_question_has_no_grade_buttons(page: Any) -> None:
    page.goto("alpha/")
    wanted = question_block(page, "a-wanted-hard")
    wanted.locator("summary").click()
    assert wanted.locator(".mlprep-grade").count() == 0


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("not json", "0 of 5 known"),
        ('{"v": 99, "q": {"a-easy": {"g": "known", "b": 2, "due": 0}}}', "0 of 5 known"),
        ('{"v": 1, "q": {"a-easy": null, "a-medium": {"g": "known", "b": 2, "due": 0}}}', "1 of 5 known"),
    ],
)
def test_unreadable_storage_starts_afresh(page: Any, raw: str, count: str) -> None:
    page.add_init_script(f"localStorage.setItem('mlprep-study', {json.dumps(raw)})")
    page.goto("alpha/")
    expect_text(progress(page, "alpha"), count)
    grade_on_topic_page(page, "a-hard-one", "Knew it")  # and grading still works
    assert stored(page)["q"]["a-hard-one"]["g"] == "known"


def test_expand_all_then_collapse_all(page: Any) -> None:
    page.goto("alpha/")
    questions = page.locator("details.mlprep-question")
    opened = page.locator("details.mlprep-question[open]")
    assert questions.count() == 6 and opened.count() == 0
    question_block(page, "a-easy").locator("summary").click()
    controls = page.locator(".mlprep-study-controls")
    for _ in range(2):  # sets, never toggles: the open question stays open, twice over
        controls.get_by_role("button", name="Expand all").click()
        assert opened.count() == 6
    assert page.get_by_text("Hard answer one.").is_visible()
    for _ in range(2):
        controls.get_by_role("button", name="Collapse all").click()
        assert opened.count() == 0
    assert not page.get_by_text("Hard answer one.").is_visible()


def quiz_card(page: Any) -> Any:
    return page.locator(".mlprep-quiz-card")


def run_quiz_by_skipping(page: Any) -> list[str]:
    """Skip through the current round; the ids shown, in order."""
    shown = []
    while True:
        # A question of a topic not fetched yet shows once its file is here.
        expect(page.locator(".mlprep-quiz-status")).not_to_contain_text("Loading")
        if not quiz_card(page).count():
            break
        shown.append(quiz_card(page).get_attribute("data-qid"))
        page.get_by_role("button", name="Skip").click()
        assert len(shown) <= 20, "the round never ends"
    return shown


def open_filters(page: Any) -> None:
    """The quiz's filters fold away under the card; open them."""
    filters = page.locator("details.mlprep-quiz-filter-box")
    if not filters.evaluate("d => d.open"):
        filters.locator("summary").click()


def test_quiz_difficulty_filter_only_shows_matching(page: Any) -> None:
    page.goto("quiz/")
    quiz_card(page).wait_for()
    open_filters(page)
    page.get_by_role("checkbox", name="hard").check()
    hard = {qid for qid, level in DIFFICULTY.items() if level == "hard"}
    for _ in range(3):  # several shuffles, each within the filter
        shown = run_quiz_by_skipping(page)
        assert sorted(shown) == sorted(hard)  # the wanted hard question is never quizzed
        expect_text(page.locator(".mlprep-quiz-status"), "Done")
        page.get_by_role("button", name="Shuffle").click()

    # "Didn't know" brings a question back in the same round, still within the filter.
    first = quiz_card(page).get_attribute("data-qid")
    page.get_by_role("button", name="Reveal answer").click()
    page.get_by_role("button", name="Didn't know").click()
    shown = run_quiz_by_skipping(page)
    assert set(shown) <= hard and shown.count(first) == 1 and len(shown) == len(hard)

    page.get_by_role("checkbox", name="Beta topic").check()  # hard AND beta
    assert run_quiz_by_skipping(page) == ["b-hard"]
    page.get_by_role("checkbox", name="hard").uncheck()
    page.get_by_role("checkbox", name="python").check()  # beta AND tagged python
    assert run_quiz_by_skipping(page) == ["b-easy"]


def test_keyboard_only_quiz_run(page: Any) -> None:
    page.goto("quiz/")
    quiz_card(page).wait_for()
    answer = page.locator(".mlprep-quiz-answer")
    skipped = quiz_card(page).get_attribute("data-qid")
    page.keyboard.press("ArrowRight")
    assert quiz_card(page).get_attribute("data-qid") != skipped
    assert stored(page) == {}

    graded = {}
    for key, grade in (("1", "known"), ("2", "partly"), ("3", "unknown")):
        qid = quiz_card(page).get_attribute("data-qid")
        assert not answer.is_visible()
        page.keyboard.press(key)  # no grading before the answer is shown
        assert quiz_card(page).get_attribute("data-qid") == qid
        page.keyboard.press("Space")
        assert answer.is_visible()
        page.keyboard.press(key)
        graded[qid] = grade
        # The next question is shown with a visibly focused Reveal button.
        assert quiz_card(page).get_attribute("data-qid") not in graded
        focused = page.evaluate(
            "() => { const e = document.activeElement; return [e.textContent,"
            " e.matches(':focus-visible'), getComputedStyle(e).outlineStyle] }"
        )
        assert focused == ["Reveal answer", True, "solid"]
    assert {qid: e["g"] for qid, e in stored(page)["q"].items()} == graded
    expect_text(page.locator(".mlprep-quiz-status"), "Question 5 of")


def test_spaced_review_brings_missed_questions_back_first(page: Any) -> None:
    page.goto("quiz/?topic=beta")
    quiz_card(page).wait_for()
    assert page.locator('input[name="topic"][value="beta"]').is_checked()
    grades = {}
    for name in ("Knew it", "Partly", "Didn't know"):
        grades[quiz_card(page).get_attribute("data-qid")] = name
        page.get_by_role("button", name="Reveal answer").click()
        page.get_by_role("button", name=name, exact=True).click()
    known = next(qid for qid, name in grades.items() if name == "Knew it")
    missed = {qid for qid, name in grades.items() if name != "Knew it"}
    entries = stored(page)["q"]
    assert {qid: entries[qid]["b"] for qid in grades} == {
        qid: 2 if name == "Knew it" else 1 for qid, name in grades.items()
    }
    day = 86_400_000
    assert entries[known]["due"] - entries[known]["at"] == day
    assert all(entries[qid]["due"] == entries[qid]["at"] for qid in missed)

    for _ in range(3):  # a later visit: the missed ones first, the known one last
        page.goto("quiz/?topic=beta")
        quiz_card(page).wait_for()
        expect_text(page.locator(".mlprep-quiz-status"), "(2 due, 0 new)")
        shown = run_quiz_by_skipping(page)
        assert set(shown[:2]) == missed and shown[2] == known


def test_leitner_boxes(page: Any) -> None:
    page.goto("quiz/")
    boxes = page.evaluate(
        """() => {
          const { nextBox } = window.mlprepStudy;
          const run = (grades) => grades.reduce((box, g) => nextBox(box, g), 0);
          return {
            knownTwice: run(["known", "known"]), knownSixTimes: run(Array(6).fill("known")),
            newPartly: run(["partly"]), partlyFromFour: run(["known", "known", "known", "partly"]),
            unknownFromFive: run([...Array(5).fill("known"), "unknown"]),
            intervals: window.mlprepStudy.INTERVAL_DAYS,
          };
        }"""
    )
    assert boxes == {
        "knownTwice": 3,
        "knownSixTimes": 5,
        "newPartly": 1,
        "partlyFromFour": 3,
        "unknownFromFive": 1,
        "intervals": [0, 0, 1, 3, 7, 21],
    }


def test_quiz_question_text_is_text(page: Any) -> None:
    page.goto("quiz/?topic=alpha&difficulty=")
    quiz_card(page).wait_for()
    title = page.locator(".mlprep-quiz-question")
    # The quiz data holds the question's words (core.text.inline.plain_text): no tag, no backtick.
    assert title.text_content() == 'bold? & "quotes" code'
    assert title.locator("b").count() == 0 and title.locator("code").count() == 0
    page.get_by_role("button", name="Reveal answer").click()
    expect_text(page.locator(".mlprep-quiz-answer"), "Unrated answer.")
    link = page.get_by_role("link", name="Open on its topic page")
    assert link.get_attribute("href").endswith("/alpha/#a-unrated")


def test_print_shows_every_answer_and_hides_controls(page: Any) -> None:
    page.goto("alpha/")
    question_block(page, "a-easy").locator("summary").click()
    page.emulate_media(media="print")
    # The print stylesheet alone shows closed answers and hides the study controls.
    assert page.get_by_text("Hard answer one.").is_visible()
    assert not page.locator(".mlprep-study-controls").is_visible()
    assert not question_block(page, "a-easy").locator(".mlprep-grade").is_visible()

    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0  # nested hints too
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator("details.mlprep-question[open]").count() == 1  # the reader's one
    assert not page.get_by_text("A nested hint.").is_visible()


def test_instant_navigation_binds_once(page: Any, study_site: str) -> None:
    page.goto("./")
    page.evaluate("window.sameDocument = true")
    for _ in range(2):  # home -> topic -> home -> topic, all swapped in by Material
        page.locator(".md-content .mlprep-topics").get_by_role("link", name="Alpha topic").click()
        page.wait_for_url(study_site + "alpha/")
        page.get_by_role("button", name="Expand all").wait_for()
        # Expand, Collapse, "⋯" and its two: each once. Forget and Cancel are made when first
        # asked for, once.
        assert page.locator(".mlprep-study-controls button").count() == 5
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Reset topic…").click()
        expect(page.locator(".mlprep-study-controls button")).to_have_count(7)
        page.get_by_role("button", name="Cancel").click()
        graded = len(stored(page).get("q", {}))  # a-easy from the round before
        expect(page.locator(".mlprep-badge:not([hidden])")).to_have_count(graded)
        page.get_by_role("button", name="Expand all").click()
        expect(page.locator(".mlprep-grade")).to_have_count(5)  # one per answered question, once open
        grade_on_topic_page(page, "a-easy", "Knew it")
        expect_text(progress(page, "alpha"), "1 of 5 known")
        page.locator(".md-header a.md-logo").click()
        page.wait_for_url(study_site)
        expect_text(progress(page, "alpha"), "1 of 5 known")
    assert page.evaluate("window.sameDocument") is True  # instant navigation, no reload

    # The link of "Your progress" (until study.js fills it in, the continue box has one too).
    progress_text = page.locator(".md-content p", has_text="asks the questions you missed first")
    progress_text.get_by_role("link", name="quiz").click()
    quiz_card(page).wait_for()
    assert page.evaluate("window.sameDocument") is True
    page.keyboard.press("Space")
    page.keyboard.press("1")  # bound twice, this would grade and skip two questions
    assert len(stored(page)["q"]) == 2
    expect_text(page.locator(".mlprep-quiz-status"), "Question 2 of 8")


def test_phone_width_has_no_horizontal_scroll(browser: Any, study_site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=study_site)
    try:
        phone = context.new_page()
        for url in ("alpha/", "quiz/"):
            phone.goto(url)
            if url == "quiz/":
                quiz_card(phone).wait_for()
                phone.get_by_role("button", name="Reveal answer").click()
            else:
                phone.locator(".mlprep-study-controls").get_by_role("button", name="Expand all").click()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{url} is {width}px wide"
            grade = phone.get_by_role("button", name="Didn't know").first
            assert grade.is_visible() and grade.bounding_box()["height"] >= 36
    finally:
        context.close()


def test_quiz_and_deck_come_from_the_build(study_site: str, tmp_path: Path) -> None:
    """The quiz reads the published quiz files; the deck published next to them holds the same
    answers, rendered once by the site build."""

    def fetch(path: str) -> Any:
        with urllib.request.urlopen(study_site + "assets/mlprep/quiz/" + path) as response:
            return json.load(response)

    index = fetch("index.json")
    answered = {t["slug"]: [row[0] for row in t["questions"]] for t in index["topics"]}
    assert answered == ANSWERED
    answer_html = {
        qid: entry[1] for slug in answered for qid, entry in fetch(slug + ".json")["questions"].items()
    }
    deck = tmp_path / "mlprep-deck.apkg"
    with urllib.request.urlopen(study_site + "assets/mlprep/mlprep-deck.apkg") as response:
        deck.write_bytes(response.read())
    notes = {n["fields"]["Id"]: n for n in read_apkg(deck)["notes"].values()}
    assert {qid: n["fields"]["Answer"] for qid, n in notes.items()} == answer_html
    assert notes["b-hard"]["deck"] == "mlprep::Beta topic"
    assert "<summary>Hint</summary>" in notes["a-hard-two"]["fields"]["Answer"]


def expect_text(locator: Any, text: str) -> None:
    """Wait until `locator` contains `text` (study.js updates the DOM asynchronously)."""
    expect(locator).to_contain_text(text)
