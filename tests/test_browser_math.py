"""Math in headless Chromium: formulas arrive as MathML drawn by the browser, no math script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import browser_fixtures
from tests.site_helpers import SAMPLE_CONTENT, build_site, write_site
from tests.test_math import MATH_TOPIC

browser = browser_fixtures.browser

pytestmark = pytest.mark.browser

VALID_MATH_TOPIC = MATH_TOPIC.replace("A broken one: $\\frac{1}$.", "No broken one.")
MATH_SCRIPT_RE = re.compile(r"mathjax|katex|mathml|tex-(chtml|svg|mml)|polyfill", re.IGNORECASE)


@pytest.fixture(scope="module")
def math_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("math-site")
    site = build_site(write_site(root, content={**SAMPLE_CONTENT, "math.md": VALID_MATH_TOPIC}), strict=True)
    with browser_fixtures.serve_directory(Path(site)) as base_url:
        yield base_url


def test_math_is_mathml_drawn_without_a_script(browser: Any, math_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    scripts: list[str] = []
    page.on(
        "request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None
    )
    try:
        page.goto(math_server + "math/")
        page.locator('details[data-qid="sigmoid"] > summary').click()
        inline = page.locator('math[display="inline"]')
        display = page.locator('math[display="block"]')
        assert inline.count() == 1 and display.count() == 1
        # Chromium lays MathML out itself: both have a size, the display one is wider than tall
        inline_box, display_box = inline.bounding_box(), display.bounding_box()
        assert inline_box and inline_box["width"] > 40 and inline_box["height"] > 10
        assert display_box and display_box["height"] > 10
        # a fraction is drawn as a fraction: numerator above the denominator
        numerator, denominator = (page.locator("mfrac > *").nth(i).bounding_box() for i in (0, 1))
        assert numerator and denominator and numerator["y"] + numerator["height"] <= denominator["y"] + 1
        # the TeX rides along as an annotation the reader does not see; single-letter
        # identifiers show in mathematical italic (σ as U+1D70E), MathML's own rendering
        answer_text = page.locator('details[data-qid="sigmoid"]').inner_text()
        assert "\U0001d70e" in answer_text and "\\sigma" not in answer_text and "\\frac" not in answer_text
        assert scripts and not [url for url in scripts if MATH_SCRIPT_RE.search(url)]
        assert all(url.startswith(math_server) for url in scripts)
        assert page.evaluate("typeof window.MathJax === 'undefined' && typeof window.katex === 'undefined'")
    finally:
        context.close()
