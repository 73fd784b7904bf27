"""Topic pages as a reader uses them, in headless Chromium: the in-page filter, find-in-page,
search on a phone, the question rows, the "⋯" menu, the home page; and ids named like
JavaScript's object members (`constructor`), and progress files that try them.

One small site (tests/test_browser_study.py's topics) plus a topic of 80 generated questions:
more than blocks.TOC_QUESTIONS_MAX, so its blocks are laid out only near the screen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from mlprep_site.site.blocks import TOC_QUESTIONS_MAX
from tests.browser_fixtures import browser, fresh_tab, served_build  # noqa: F401 (pytest fixture)
from tests.test_browser_study import ALPHA, BETA, topic

pytestmark = pytest.mark.browser

MANY = 80
# A sentence deep in an answer far down the long page: what find-in-page and search look for.
DEEP = "Rebalancing the shards drains each replica before it moves"


def many_topic() -> str:
    specs = []
    for n in range(1, MANY + 1):
        answer = f"Answer {n} opens with a sentence. It goes on for a while about case {n}."
        if n == 70:
            answer += f"\n\n{DEEP}.\n\n" + "\n\n".join(f"Paragraph {k} of a long answer." for k in range(40))
        level = "hard" if n == 70 else "medium"
        specs.append((f"many-{n}", f"Question {n} about sharding, case {n}?", level, ["shards"], answer))
    return topic("many", "Many questions", *specs)


OBJECT_NAMES = topic(
    "constructor",
    "Object names",
    ("constructor", "What is a constructor?", "easy", ["constructor"], "It makes objects."),
    ("hasownproperty", "What is hasOwnProperty?", "medium", ["tostring"], "It asks an object."),
)


@pytest.fixture(scope="module")
def topics_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    content = {"alpha.md": ALPHA, "beta.md": BETA, "many.md": many_topic(), "constructor.md": OBJECT_NAMES}
    with served_build(tmp_path_factory.mktemp("topics-site"), content) as base_url:
        yield base_url


@pytest.fixture
def page(browser: Any, topics_site: str) -> Iterator[Any]:  # noqa: F811 (browser: the imported fixture)
    with fresh_tab(browser, topics_site) as tab:
        yield tab
    assert tab.js_errors == [], "JavaScript errors on the page"


@pytest.fixture
def phone(browser: Any, topics_site: str) -> Iterator[Any]:  # noqa: F811
    """A 375 px touch screen."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, base_url=topics_site
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], "JavaScript errors on the page"


def block(page: Any, qid: str) -> Any:
    return page.locator(f'details.mlprep-question[data-qid="{qid}"]')


def shown_ids(page: Any) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "details.mlprep-question", "all => all.filter(d => !d.hidden).map(d => d.dataset.qid)"
    )
    return ids


def wait_open(page: Any, qid: str) -> None:
    """Wait until the question `qid` is on the page, open (instant navigation swaps pages in)."""
    page.wait_for_function(
        "qid => { const d = document.querySelector(`details[data-qid='${qid}']`); return !!d && d.open; }",
        arg=qid,
    )


def grade(page: Any, qid: str, name: str) -> None:
    question = block(page, qid)
    if not question.evaluate("d => d.open"):
        question.locator("summary").click()
    question.get_by_role("button", name=name, exact=True).click()


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def stored(page: Any) -> dict[str, Any]:
    raw = page.evaluate("localStorage.getItem('mlprep-study')")
    return json.loads(raw) if raw else {}


def test_filter_by_words_tag_difficulty_and_grade_with_a_shareable_url(page: Any, topics_site: str) -> None:
    page.goto("alpha/")
    everything = ["a-easy", "a-medium", "a-hard-one", "a-hard-two", "a-unrated", "a-wanted-hard"]
    assert shown_ids(page) == everything
    status = page.locator(".mlprep-filter-status")

    words = page.get_by_role("searchbox", name="Words in the question or its answer")
    words.focus()
    page.keyboard.type("hard answer")  # in the answers' text too, not only the questions'
    expect(status).to_have_text("Showing 2 of 6 questions")
    assert shown_ids(page) == ["a-hard-one", "a-hard-two"]
    assert query(page) == {"words": ["hard answer"]}

    page.keyboard.press("Tab")  # the tag menu, by keyboard
    tag = page.get_by_role("combobox", name="Tag")
    expect(tag).to_be_focused()
    tag.select_option("trees")
    expect(status).to_have_text("Showing 1 of 6 questions")
    assert shown_ids(page) == ["a-hard-two"]
    assert query(page) == {"words": ["hard answer"], "tag": ["trees"]}

    # The address is the filter: opened elsewhere, it shows the same questions.
    shared = page.url
    with fresh_tab(page.context.browser, topics_site) as other:
        other.goto(shared)
        expect(other.locator(".mlprep-filter-status")).to_have_text("Showing 1 of 6 questions")
        assert shown_ids(other) == ["a-hard-two"]
        assert other.get_by_role("combobox", name="Tag").input_value() == "trees"
        assert other.js_errors == []

    page.get_by_role("button", name="Clear filter").click()
    expect(status).to_have_text("")
    assert shown_ids(page) == everything and query(page) == {}

    page.get_by_role("combobox", name="Difficulty").select_option("hard")
    expect(status).to_have_text("Showing 3 of 6 questions")
    assert shown_ids(page) == ["a-hard-one", "a-hard-two", "a-wanted-hard"]

    # Grades: "not known yet" leaves out what the reader knew; "due" is what is due for review.
    page.get_by_role("button", name="Clear filter").click()
    grade(page, "a-easy", "Knew it")
    grade(page, "a-medium", "Didn't know")
    page.get_by_role("combobox", name="Your grade").select_option("not-known")
    expect(status).to_have_text("Showing 4 of 6 questions")
    assert "a-easy" not in shown_ids(page) and "a-wanted-hard" not in shown_ids(page)
    page.get_by_role("combobox", name="Your grade").select_option("due")
    expect(status).to_have_text("Showing 1 of 6 questions")
    assert shown_ids(page) == ["a-medium"] and query(page) == {"grade": ["due"]}
    grade(page, "a-medium", "Knew it")  # no longer due: the filter follows the grade
    expect(status).to_have_text("Showing 0 of 6 questions")


def test_filter_fits_a_phone_and_the_menu_takes_no_row_of_its_own(phone: Any) -> None:
    phone.goto("many/")
    controls = phone.locator(".mlprep-study-controls")
    controls.get_by_role("button", name="Expand all").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    for name in ("Expand all", "Collapse all", "More actions"):
        box = controls.get_by_role("button", name=name).bounding_box()
        assert box["x"] + box["width"] <= 375 and box["height"] >= 36, name
    rows = {
        round(controls.get_by_role("button", name=n).bounding_box()["y"])
        for n in ("Expand all", "More actions")
    }
    assert len(rows) == 1  # "⋯" sits beside Expand all
    phone.get_by_role("searchbox").fill("case 70.")
    expect(phone.locator(".mlprep-filter-status")).to_have_text(f"Showing 1 of {MANY} questions")
    assert shown_ids(phone) == ["many-70"]


def test_find_in_page_opens_a_closed_answer_far_down_a_long_page(page: Any) -> None:
    """A text fragment (`#:~:text=`) finds and reveals text the way Ctrl+F does (the browser's
    one ancestor-revealing algorithm): the answer is closed, far below the screen, in a block
    that is not laid out yet; it is found, its question opens, and it is on screen."""
    assert MANY > TOC_QUESTIONS_MAX
    page.goto("many/")
    assert block(page, "many-70").evaluate("d => d.classList.contains('mlprep-far') && !d.open")
    page.goto("alpha/")  # the fragment acts on a navigation to the page, not on a hash change
    page.goto("many/#:~:text=" + quote(DEEP))
    wait_open(page, "many-70")
    found = page.get_by_text(DEEP)
    expect(found).to_be_in_viewport()
    # Opened, the question shows its links: to itself (its heading has none on a long page; made
    # when it opens) and to its source line (in the HTML).
    foot = block(page, "many-70").locator(".mlprep-question-foot")
    expect(foot.get_by_role("link", name="link")).to_have_attribute("href", "#many-70")
    expect(foot.get_by_role("link", name="source")).to_have_attribute("href", re.compile(r"/many\.md#L\d+$"))
    assert page.locator("details.mlprep-question[open]").count() == 1
    # The answers are in the page's HTML (search engines read them), not fetched.
    html = page.evaluate("fetch(location.pathname).then(r => r.text())")
    assert DEEP in html and "Paragraph 39 of a long answer." in html


def open_search(page: Any, words: str) -> None:
    page.locator("label.md-header__button[for='__search']").first.click()
    page.locator(".md-search__input").press_sequentially(words, delay=20)


def test_search_hit_lands_on_its_question_opened_on_a_phone(phone: Any) -> None:
    phone.goto("./")
    open_search(phone, "rebalancing drains")
    hit = phone.locator("a.md-search-result__link", has_text="Question 70 about sharding")
    hit.wait_for()
    # The preview is the question and one sentence: the one the words were found in.
    preview = hit.locator("article")
    expect(preview).to_contain_text(DEEP)
    assert preview.bounding_box()["height"] < 120
    expect(preview.get_by_text("Paragraph 3 of a long answer.")).to_be_hidden()
    hit.click()
    phone.wait_for_url("**/many/**#many-70")
    wait_open(phone, "many-70")
    expect(phone.locator("#many-70")).to_be_in_viewport()
    assert phone.evaluate("scrollY") > 1000

    # Words of the question only: the answer's first sentence.
    phone.goto("alpha/")
    open_search(phone, "sharding case 70")
    preview = phone.locator("a.md-search-result__link", has_text="Question 70 about sharding").locator(
        "article"
    )
    expect(preview).to_contain_text("Answer 70 opens with a sentence.")
    expect(preview).not_to_contain_text("It goes on for a while")
    expect(preview).not_to_contain_text("Paragraph 3 of a long answer.")
    assert preview.bounding_box()["height"] < 120

    # A hit on a page's title lands at the top of that page.
    phone.goto("alpha/")
    open_search(phone, "many questions")
    title_hit = phone.locator("a.md-search-result__link", has=phone.locator("h1", has_text="Many questions"))
    title_hit.first.click()
    phone.wait_for_url("**/many/**")
    expect(phone.locator("article h1#many")).to_be_in_viewport()
    assert phone.evaluate("scrollY") == 0


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "touch"])
def test_a_tap_in_the_middle_of_a_question_row_opens_it(browser: Any, topics_site: str, touch: bool) -> None:  # noqa: F811
    size = {"width": 375, "height": 740} if touch else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=size, is_mobile=touch, has_touch=touch, base_url=topics_site)
    try:
        tab = context.new_page()
        tab.goto("alpha/")
        for qid in ("a-easy", "a-hard-two", "a-unrated", "a-wanted-hard"):
            summary = block(tab, qid).locator(":scope > summary")
            summary.scroll_into_view_if_needed()
            # Nothing in the row is a link but the heading's permalink: no tap leaves the page.
            assert summary.locator("a:not(.headerlink)").count() == 0
            box = summary.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            if touch:
                tab.touchscreen.tap(x, y)
            else:
                tab.mouse.click(x, y)
            expect(block(tab, qid)).to_have_attribute("open", "")
            assert urlsplit(tab.url).path.endswith("/alpha/") and urlsplit(tab.url).fragment == ""
        # The source link is in the footer after the answer.
        source = block(tab, "a-easy").locator(".mlprep-question-foot").get_by_role("link", name="source")
        expect(source).to_be_visible()
        assert "/blob/main/content/alpha.md#L" in source.get_attribute("href")
    finally:
        context.close()


def test_reset_menu_asks_before_it_forgets(page: Any) -> None:
    page.goto("beta/")
    grade(page, "b-easy", "Knew it")
    page.goto("alpha/")
    grade(page, "a-easy", "Knew it")
    grade(page, "a-medium", "Knew it")
    progress = page.locator('.mlprep-progress[data-topic="alpha"]')
    expect(progress).to_have_text("2 of 5 known")
    menu = page.get_by_role("button", name="More actions")
    reset_topic = page.get_by_role("button", name="Reset topic…")
    assert not reset_topic.is_visible()  # behind "⋯"

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    reset_topic.click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Forget your grades for this topic?")
    page.get_by_role("button", name="Cancel").click()  # asked, and told not to
    expect(confirm).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    assert sorted(stored(page)["q"]) == ["a-easy", "a-medium", "b-easy"]

    menu.click()
    page.keyboard.press("Escape")  # closes the menu, forgets nothing
    expect(reset_topic).to_be_hidden()
    menu.click()
    reset_topic.click()
    page.get_by_role("button", name="Forget", exact=True).click()
    expect(progress).to_have_text("0 of 5 known")
    assert list(stored(page)["q"]) == ["b-easy"]  # the other topic keeps its grades

    menu.click()
    page.get_by_role("button", name="Reset everything…").click()
    expect(confirm).to_contain_text("Forget all your grades on this site?")
    page.get_by_role("button", name="Forget", exact=True).click()
    assert stored(page)["q"] == {}


def test_home_page_continues_where_the_reader_left_off(page: Any) -> None:
    page.goto("./")
    cont = page.locator(".mlprep-continue")
    expect(cont).to_contain_text("New here? Start with Alpha topic")
    topics = page.locator(".mlprep-topics li")
    assert topics.count() == 4
    assert (
        page.locator("#topics").bounding_box()["y"]
        < page.locator(".mlprep-progress-tools").bounding_box()["y"]
    )

    page.goto("beta/")
    grade(page, "b-easy", "Knew it")
    grade(page, "b-hard", "Didn't know")
    grade(page, "b-medium", "Partly")
    page.goto("./")
    expect(cont).to_contain_text("Continue where you left off: Beta topic: 2 questions due for review.")
    link = cont.get_by_role("link", name="Beta topic")
    assert query_of(link.get_attribute("href")) == {"grade": ["due"]}
    bar = page.locator('.mlprep-bar[data-topic="beta"]')
    assert abs(float(bar.evaluate("b => b.style.getPropertyValue('--known')")) - 1 / 3) < 1e-9
    expect(page.locator('.mlprep-progress[data-topic="beta"]')).to_have_text("1 of 3 known")
    link.click()
    expect(page.locator(".mlprep-filter-status")).to_have_text("Showing 2 of 3 questions")


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_quiz_counts_follow_the_grades_and_the_grade_buttons_stay_in_reach(phone: Any) -> None:
    phone.goto("quiz/?topic=many")
    status = phone.locator(".mlprep-quiz-status")
    expect(status).to_contain_text(f"Question 1 of {MANY} (0 due, {MANY} new)")
    phone.get_by_role("button", name="Reveal answer").click()
    phone.get_by_role("button", name="Didn't know").click()
    expect(status).to_contain_text(f"Question 2 of {MANY + 1} (1 due, {MANY - 1} new)")
    phone.get_by_role("button", name="Skip").click()
    expect(status).to_contain_text(f"Question 3 of {MANY + 1} (1 due, {MANY - 2} new)")
    # Keyboard hints are not shown on a touch screen.
    expect(phone.locator(".mlprep-keys")).to_be_hidden()
    # The long answer: its grade buttons stay on screen, wherever the reader is in it.
    phone.goto("quiz/?topic=many&difficulty=hard")
    expect(phone.locator(".mlprep-quiz-card")).to_have_attribute("data-qid", "many-70")
    phone.get_by_role("button", name="Reveal answer").click()
    expect(phone.get_by_text("Paragraph 20 of a long answer.")).to_be_visible()
    phone.get_by_text("Paragraph 20 of a long answer.").scroll_into_view_if_needed()
    expect(phone.get_by_role("button", name="Knew it")).to_be_in_viewport()


def test_keyboard_hints_show_with_a_mouse(page: Any) -> None:
    page.goto("quiz/")
    expect(page.locator(".mlprep-keys")).to_be_visible()


def test_ids_and_slugs_named_like_object_members(page: Any) -> None:
    page.goto("constructor/")
    progress = page.locator('.mlprep-progress[data-topic="constructor"]')
    expect(progress).to_have_text("0 of 2 known")
    grade(page, "constructor", "Knew it")
    expect(progress).to_have_text("1 of 2 known")
    expect(block(page, "constructor").locator(".mlprep-badge")).to_have_text("(your grade: knew it)")
    expect(block(page, "hasownproperty").locator(".mlprep-badge")).to_have_count(0)
    page.get_by_role("combobox", name="Tag").select_option("constructor")
    expect(page.locator(".mlprep-filter-status")).to_have_text("Showing 1 of 2 questions")
    page.goto("./")
    expect(page.locator('.mlprep-progress[data-topic="constructor"]')).to_have_text("1 of 2 known")
    page.goto("quiz/?topic=constructor")
    expect(page.locator(".mlprep-quiz-status")).to_contain_text("Question 1 of 2 (0 due, 1 new)")
    expect(page.locator(".mlprep-quiz-card")).to_have_count(1)


def import_file(page: Any, tmp_path: Path, data: Any) -> Any:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.locator(".mlprep-progress-tools input[type=file]").set_input_files(str(path))
    return page.locator(".mlprep-progress-message")


def entry(g: str, at: int = 5) -> dict[str, Any]:
    return {"g": g, "b": 2, "due": 0, "t": "alpha", "at": at}


def test_import_takes_only_real_grades_and_counts_what_it_stored(page: Any, tmp_path: Path) -> None:
    page.goto("./")
    message = import_file(page, tmp_path, {"v": 1, "q": {"a-easy": entry("toString")}})
    expect(message).to_have_text("Not imported: The grade of question “a-easy” in this file is malformed.")
    assert stored(page) == {}

    # `__proto__` and `constructor` are ids like any other: stored, and counted because stored.
    given = {"__proto__": entry("known"), "constructor": entry("partly"), "a-easy": entry("unknown")}
    message = import_file(page, tmp_path, {"v": 1, "q": given})
    expect(message).to_have_text("Imported 3 grades of 3 (a grade newer in this browser is kept).")
    assert stored(page)["q"] == given
    expect(page.locator('.mlprep-progress[data-topic="constructor"]')).to_have_text("0 of 2 known")


def test_import_says_so_when_the_browser_keeps_nothing(page: Any, tmp_path: Path) -> None:
    page.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"
    )
    page.goto("./")
    message = import_file(page, tmp_path, {"v": 1, "q": {"a-easy": entry("known"), "b-easy": entry("known")}})
    expect(message).to_contain_text("Imported 2 grades of 2 for this visit only")
    expect(message).to_contain_text("refused to store them")
    assert stored(page) == {}
