"""The reader's experience in headless Chromium: nothing moves, no page but the quiz fetches
question data, the quiz card comes first, tags open the quiz, progress moves between browsers,
and every control we add has a name and works from the keyboard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import after_next_frames, browser, served_build  # noqa: F401 (pytest fixture)
from tests.test_browser_study import (
    ALPHA,
    ANSWERED,
    BETA,
    expect_text,
    quiz_card,
    run_quiz_by_skipping,
    stored,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
# Sums the layout shifts of the page from its first byte (recorded before any script runs).
RECORD_SHIFTS = """
window.mlprepShifts = [];
window.mlprepTakeShifts = (entries) => {
  for (const entry of entries) {
    if (!entry.hadRecentInput) window.mlprepShifts.push(entry.value);
  }
  return window.mlprepShifts;
};
window.mlprepShiftObserver = new PerformanceObserver((list) => window.mlprepTakeShifts(list.getEntries()));
window.mlprepShiftObserver.observe({ type: "layout-shift", buffered: true });
"""
# Entries not yet handed to the observer's callback are taken from its queue.
TAKE_SHIFTS = "window.mlprepTakeShifts(window.mlprepShiftObserver.takeRecords())"
PYTHON_TAGGED = {"a-easy", "a-medium", "b-easy"}  # answered questions tagged python


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    content = {"alpha.md": ALPHA, "beta.md": BETA}
    with served_build(tmp_path_factory.mktemp("reader-site"), content, {"anki": True}) as base_url:
        yield base_url


class Tab:
    """A page in its own browser context, with the URLs it requested and its script errors."""

    def __init__(self, chromium: Any, base_url: str, viewport: dict[str, int]) -> None:
        self.context = chromium.new_context(viewport=viewport, base_url=base_url, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))


@pytest.fixture
def tabs(browser: Any, reader_site: str) -> Iterator[Any]:  # noqa: F811 (browser: the imported fixture)
    opened: list[Tab] = []

    def open_tab(viewport: dict[str, int] = DESKTOP) -> Tab:
        opened.append(Tab(browser, reader_site, viewport))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.context.close()
    assert [e for tab in opened for e in tab.errors] == [], "JavaScript errors on the page"


def quiz_data_requests(tab: Tab) -> list[str]:
    return [url.split("/assets/mlprep/quiz/")[1] for url in tab.requests if "/assets/mlprep/quiz/" in url]


def grade_on_topic_page(page: Any, qid: str, name: str) -> None:
    block = page.locator(f'details.mlprep-question[data-qid="{qid}"]')
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()
    block.get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("url", ["alpha/", "./", "quiz/"])
def test_nothing_moves_while_the_page_loads(tabs: Any, viewport: dict[str, int], url: str) -> None:
    tab = tabs(viewport)
    tab.page.goto("alpha/")  # a returning reader: grades make badges and counts
    grade_on_topic_page(tab.page, "a-easy", "Knew it")
    grade_on_topic_page(tab.page, "a-medium", "Didn't know")
    tab.page.add_init_script(RECORD_SHIFTS)
    tab.page.goto(url)
    tab.page.wait_for_load_state("networkidle")
    if url == "quiz/":
        quiz_card(tab.page).wait_for()
    else:
        expect_text(tab.page.locator(".mlprep-progress").first, " known")
    after_next_frames(tab.page)  # a shift is recorded with the frame that made it
    shifts = tab.page.evaluate(TAKE_SHIFTS)
    assert sum(shifts) < 0.001, f"{url}: layout shifts {shifts}"


def test_only_the_quiz_fetches_question_data(tabs: Any) -> None:
    tab = tabs()
    for url in ("./", "alpha/", "tags/"):
        tab.page.goto(url)
        tab.page.wait_for_load_state("networkidle")
    expect_text(tab.page.locator(".md-typeset h1"), "Tags")
    tab.page.goto("./")
    expect_text(tab.page.locator('.mlprep-progress[data-topic="alpha"]'), "0 of 5 known")
    expect_text(tab.page.locator('.mlprep-progress[data-topic="beta"]'), "0 of 3 known")
    tab.page.wait_for_load_state("networkidle")
    assert quiz_data_requests(tab) == []
    assert not [url for url in tab.requests if "bank.json" in url]

    # A one-topic quiz fetches the index and that topic's questions, however long it runs.
    tab.page.goto("quiz/?topic=beta")
    quiz_card(tab.page).wait_for()
    assert sorted(run_quiz_by_skipping(tab.page)) == sorted(ANSWERED["beta"])
    assert quiz_data_requests(tab) == ["index.json", "beta.json"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_quiz_card_is_on_screen_first_and_filters_reopen(tabs: Any, viewport: dict[str, int]) -> None:
    page = tabs(viewport).page
    page.goto("quiz/")
    card = quiz_card(page)
    card.wait_for()
    box = card.bounding_box()
    reveal = page.get_by_role("button", name="Reveal answer").bounding_box()
    assert box["y"] >= 0 and reveal["y"] + reveal["height"] <= viewport["height"], (box, reveal)
    filters = page.locator("details.mlprep-quiz-filter-box")
    assert filters.bounding_box()["y"] > box["y"] + box["height"]  # under the card
    topic_filter = page.locator('input[name="topic"][value="beta"]')
    assert not topic_filter.is_visible()
    page.get_by_text("Filters (all questions)").click()
    topic_filter.check()
    expect_text(filters.locator("summary"), "Filters (1 chosen)")
    assert card.get_attribute("data-topic") == "beta"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_a_tag_on_the_home_page_opens_the_quiz_filtered_by_it(tabs: Any, reader_site: str) -> None:
    page = tabs().page
    page.goto("./")
    tags = page.locator("#tags ~ p a.mlprep-tag")
    # Tags of two or more questions only (python, stats, trees); the rest are on the tags page.
    assert tags.all_text_contents() == ["python", "stats", "trees"]
    tags.filter(has_text="python").click()
    page.wait_for_url(reader_site + "quiz/?tag=python")
    quiz_card(page).wait_for()
    assert page.locator('input[name="tag"][value="python"]').is_checked()
    assert sorted(run_quiz_by_skipping(page)) == sorted(PYTHON_TAGGED)


def export_progress(page: Any, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def import_progress(page: Any, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(path))


def test_progress_exported_from_one_browser_is_imported_into_another(tabs: Any, tmp_path: Path) -> None:
    first = tabs().page
    first.goto("alpha/")
    grade_on_topic_page(first, "a-easy", "Knew it")
    grade_on_topic_page(first, "a-medium", "Knew it")
    first.goto("beta/")
    grade_on_topic_page(first, "b-easy", "Knew it")
    first.goto("./")
    exported = export_progress(first, tmp_path)
    expect_text(first.locator(".mlprep-progress-message"), "Exported 3 grades.")
    assert json.loads(exported.read_text(encoding="utf-8")) == stored(first)

    second = tabs().page
    second.goto("alpha/")
    grade_on_topic_page(second, "a-medium", "Didn't know")  # newer than the exported grade: kept
    grade_on_topic_page(second, "a-hard-one", "Partly")
    second.goto("./")
    import_progress(second, exported)
    expect_text(second.locator(".mlprep-progress-message"), "Imported 2 grades of 3")
    expect_text(second.locator('.mlprep-progress[data-topic="alpha"]'), "1 of 5 known")
    expect_text(second.locator('.mlprep-progress[data-topic="beta"]'), "1 of 3 known")
    grades = {qid: entry["g"] for qid, entry in stored(second)["q"].items()}
    assert grades == {"a-easy": "known", "a-medium": "unknown", "a-hard-one": "partly", "b-easy": "known"}
    second.goto("alpha/")
    badge = second.locator('details[data-qid="a-easy"] .mlprep-badge')
    expect_text(badge, "knew it")
    expect_text(second.locator('.mlprep-progress[data-topic="alpha"]'), "1 of 5 known")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"v": 2, "q": {}}', "not an mlprep progress file"),
        ('{"v": 1, "q": []}', "not an mlprep progress file"),
        ('{"v": 1, "q": {"x": {"g": "known", "b": 9, "due": 0}}}', "question \u201cx\u201d"),
    ],
)
def test_a_malformed_progress_file_is_rejected(tabs: Any, tmp_path: Path, content: str, message: str) -> None:
    page = tabs().page
    page.goto("beta/")
    grade_on_topic_page(page, "b-easy", "Knew it")
    before = stored(page)
    page.goto("./")
    bad = tmp_path / "progress.json"
    bad.write_text(content, encoding="utf-8")
    import_progress(page, bad)
    note = page.locator(".mlprep-progress-message")
    expect_text(note, "Not imported: ")
    expect_text(note, message)
    assert stored(page) == before


def test_keyboard_only_and_names_of_our_controls(tabs: Any, tmp_path: Path) -> None:
    page = tabs().page
    page.goto("alpha/")
    controls = page.get_by_role("group", name="Study tools")
    assert controls.get_by_role("button").all_text_contents() == [
        "Expand all",
        "Collapse all",
        "⋯",  # "More actions": what forgets grades, behind a menu
    ]
    controls.get_by_role("button", name="Expand all").focus()
    page.keyboard.press("Enter")
    assert page.locator("details.mlprep-question[open]").count() == 6
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Collapse all
    assert page.locator("details.mlprep-question[open]").count() == 0
    grades = page.locator('details[data-qid="a-easy"]').get_by_role("group", name="How well did you know it?")
    page.locator('details[data-qid="a-easy"] summary').focus()
    page.keyboard.press("Enter")
    grades.get_by_role("button", name="Knew it").focus()
    page.keyboard.press("Space")
    assert stored(page)["q"]["a-easy"]["g"] == "known"

    # Listening before the page loads makes Playwright intercept file pickers from the start
    # (`expect_file_chooser` turns interception on only when it is called, which can race).
    choosers: list[Any] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto("./")
    tools = page.get_by_role("group", name="Your progress")
    assert tools.get_by_role("button").all_text_contents() == ["Export progress", "Import progress"]
    tools.get_by_role("button", name="Export progress").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "mlprep-progress.json"
    expect_text(page.get_by_role("status"), "Exported 1 grade.")
    page.keyboard.press("Tab")
    expect(tools.get_by_role("button", name="Import progress")).to_be_focused()
    with page.expect_file_chooser():  # interception is on since page.on above: no race
        page.keyboard.press("Enter")  # Import progress opens the file picker
    assert len(choosers) == 1
    # The search dialog has a name (Material's has none).
    assert page.get_by_role("dialog", name="Search", include_hidden=True).count() == 1

    page.goto("quiz/")
    quiz_card(page).wait_for()
    page.locator("details.mlprep-quiz-filter-box summary").focus()
    page.keyboard.press("Enter")  # the filters open from the keyboard
    snapshot = page.locator("#mlprep-quiz").aria_snapshot()
    for line in (
        "- status: Question 1 of 8",
        '- article "Quiz question"',
        '- button "Reveal answer"',
        '- button "Skip"',
        '- button "Shuffle"',
        '- group "Quiz filters"',
        '- group "Difficulty"',
        '- checkbox "Alpha topic"',
    ):
        assert line in snapshot, snapshot
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first topic checkbox
    assert page.locator('input[name="topic"][value="alpha"]').is_checked()
    assert quiz_card(page).get_attribute("data-topic") == "alpha"


# The contrast of an element's text with what is behind it (alpha blended up the tree), WCAG 2.
CONTRAST = """(node) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const blend = (top, bottom) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const layers = [];
  for (let e = node; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c.length && (c.length < 4 || c[3] > 0)) layers.push(c);
  }
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = blend(layer, background);
  const text = blend(parse(getComputedStyle(node).color), background);
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(text), lum(background)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


def test_tag_pills_and_footer_text_contrast_and_underlined_links(tabs: Any) -> None:
    page = tabs().page
    page.goto("alpha/")
    for pill in page.locator(".mlprep-counts .mlprep-tag").all():
        assert pill.evaluate(CONTRAST) >= 4.5
    page.goto("./")
    for selector in ("a.mlprep-tag", ".md-copyright", ".mlprep-counts"):
        element = page.locator(selector).first
        assert element.evaluate(CONTRAST) >= 4.5, selector
    link = page.locator(".md-typeset li a").first
    assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")


def test_a_search_hit_on_a_page_title_lands_without_an_empty_highlight(tabs: Any, reader_site: str) -> None:
    page = tabs().page
    page.goto("./")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("alpha easy")
    # Beta's page heads its hit on "easy" with no term of its own: Material writes `?h=`.
    hit = page.locator('a.md-search-result__link[href$="/beta/?h="]')
    hit.wait_for()
    hit.click()
    page.wait_for_url(reader_site + "beta/")
    expect(page.locator("details.mlprep-question")).to_have_count(3)  # swapped in by instant navigation
    # An address with an empty term, arriving from elsewhere, opens its question.
    page.goto("alpha/?h=#a-medium")
    page.wait_for_url(reader_site + "alpha/#a-medium")
    assert page.locator('details[data-qid="a-medium"]').evaluate("d => d.open")


def test_home_and_tags_pages_fit_a_phone(tabs: Any) -> None:
    page = tabs(PHONE).page
    for url in ("./", "tags/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    page.goto("./")
    progress = page.locator('.mlprep-progress[data-topic="beta"]')
    expect_text(progress, "0 of 3 known")
    box = progress.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # the reader's progress shows whole
    item = page.locator(".md-content li").filter(has_text="Alpha topic")
    expect_text(item, "6 questions, 5 answered")
    assert item.bounding_box()["width"] <= PHONE["width"]
