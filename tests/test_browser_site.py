"""The reader's experience in headless Chromium: questions, permalinks, search, dark mode, mobile."""

from __future__ import annotations

from typing import Any

import pytest

from tests import browser_fixtures

# The shared fixtures, made visible to this module's tests.
browser = browser_fixtures.browser
browser_page = browser_fixtures.browser_page
built_site = browser_fixtures.built_site
site_server = browser_fixtures.site_server

pytestmark = pytest.mark.browser


def question(page: Any, qid: str) -> Any:
    return page.locator(f'details.mlprep-question[data-qid="{qid}"]')


def is_open(page: Any, qid: str) -> bool:
    return bool(question(page, qid).evaluate("el => el.open"))


def test_clicking_a_question_shows_its_answer(browser_page: Any, site_server: str) -> None:
    browser_page.goto(site_server + "sample/")
    block = question(browser_page, "compare-values")
    text = block.locator("p", has_text="It compares")
    assert not text.is_visible()
    block.locator(":scope > summary").click()
    text.wait_for(state="visible")
    assert is_open(browser_page, "compare-values")
    assert block.locator("div.highlight").is_visible()
    assert browser_page.js_errors == []


def test_permalink_opens_its_question(browser_page: Any, site_server: str) -> None:
    browser_page.goto(site_server + "sample/#wanted-question")
    browser_page.wait_for_function("document.querySelector('[data-qid=\"wanted-question\"]').open === true")
    assert not is_open(browser_page, "compare-values")
    note = question(browser_page, "wanted-question").locator(".mlprep-wanted-note")
    assert note.is_visible()
    assert "No answer yet" in note.inner_text()


def test_search_lands_on_the_question(browser_page: Any, site_server: str) -> None:
    browser_page.goto(site_server)
    browser_page.locator(".md-search__input").click()
    # typed key by key: Material's search reacts to keyboard input
    browser_page.locator(".md-search__input").press_sequentially("regularisation zeroes", delay=30)
    result = browser_page.locator("a.md-search-result__link", has_text="zeroes coefficients").first
    result.wait_for(state="visible")
    assert "#wanted-question" in (result.get_attribute("href") or "")
    result.click()
    browser_page.wait_for_url("**/sample/**#wanted-question")
    browser_page.wait_for_function("document.querySelector('[data-qid=\"wanted-question\"]').open === true")
    heading = browser_page.locator("#wanted-question")
    assert heading.is_visible()
    assert browser_page.js_errors == []


def test_instant_navigation_to_a_permalink_opens_the_question(browser_page: Any, site_server: str) -> None:
    browser_page.goto(site_server + "second/")
    # a link inside the page to another page's question, followed by instant navigation
    browser_page.evaluate(
        """() => {
            const a = document.createElement("a");
            a.href = "../sample/#hostile-question"; a.id = "jump"; a.textContent = "jump";
            document.querySelector("article").prepend(a);
        }"""
    )
    browser_page.locator("#jump").click()
    browser_page.wait_for_url("**/sample/#hostile-question")
    browser_page.wait_for_function("document.querySelector('[data-qid=\"hostile-question\"]').open === true")
    title = question(browser_page, "hostile-question").locator("h2").inner_text()
    assert '<script>alert(1)</script> "quoted" & code' in title


def test_dark_mode_toggle(browser_page: Any, site_server: str) -> None:
    browser_page.goto(site_server + "sample/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert browser_page.evaluate(scheme) == "default"
    browser_page.locator("label.md-header__button[for='__palette_1']").click()
    browser_page.wait_for_function(f"{scheme} === 'slate'")
    browser_page.reload()
    assert browser_page.evaluate(scheme) == "slate"  # the choice is remembered


@pytest.mark.parametrize("path", ["", "sample/", "quiz/"])
def test_phone_width_has_no_horizontal_scroll(browser: Any, site_server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_server + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        browser_fixtures.after_next_frames(page)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], widths
    finally:
        context.close()


def test_site_requests_nothing_from_other_origins(browser_page: Any, site_server: str) -> None:
    for path in ("", "sample/", "quiz/"):
        browser_page.goto(site_server + path)
        browser_page.wait_for_load_state("networkidle")
    assert browser_page.other_origin_requests == []


@pytest.mark.parametrize("fragment", ["%", "%E0%A4%A"])
def test_malformed_fragment_throws_nothing_and_questions_still_open(
    browser_page: Any, site_server: str, fragment: str
) -> None:
    # `#%` and a cut-off UTF-8 escape are not valid percent-encoding: decodeURIComponent throws.
    browser_page.goto(f"{site_server}sample/#{fragment}")
    browser_page.wait_for_function("window.mlprepSite !== undefined")
    assert browser_page.evaluate("location.hash") == f"#{fragment}"
    # The same fragment again through hashchange, then a real one: events run in order, so an
    # error from the malformed one is recorded before the question opens.
    browser_page.evaluate("hash => { location.hash = 'elsewhere'; location.hash = hash; }", fragment)
    browser_page.evaluate("() => { location.hash = 'hostile-question'; }")
    browser_page.wait_for_function("document.querySelector('[data-qid=\"hostile-question\"]').open === true")
    block = question(browser_page, "compare-values")
    block.locator(":scope > summary").click()
    block.locator("p", has_text="It compares").wait_for(state="visible")
    assert browser_page.js_errors == []
