"""Raw HTML in answers, as Chromium lays the page out: each question's block stays in the
article with its own answer, and no answer's markup leaks into the questions after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import browser_fixtures
from tests.site_helpers import build_site, write_site

browser = browser_fixtures.browser

pytestmark = pytest.mark.browser

ANSWERS = {
    "stray-div": "ALPHA\n\n</div>\n\nALPHA2",
    "bold-across": "<b>start\n\nend</b> normal",
    "div-in-cell": "<div><table><tr><td>cell</div>",
    "bold-open": "Some <b>bold text",
    "plain": "Plain answer five.",
}


def topic() -> str:
    parts = ["---\ntitle: Raw\nslug: raw\n---\n# Raw\n"]
    for number, (qid, answer) in enumerate(ANSWERS.items(), start=1):
        parts.append(
            f"{number}. **Question {qid}?**\n<!-- mlprep: {{id: {qid}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(parts)


@pytest.fixture(scope="module")
def raw_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("raw-html-site")
    config = write_site(root, content={"raw.md": topic()})
    site_dir = root / "site"
    site_dir.mkdir()
    with browser_fixtures.serve_directory(site_dir) as base_url:
        # not strict: each repair is a warning, which a strict build turns into a failure
        build_site(config, site_url=base_url, site_dir=str(site_dir))
        yield base_url


def test_every_block_stays_in_the_article_with_its_own_answer(browser: Any, raw_server: str) -> None:
    with browser_fixtures.fresh_tab(browser, raw_server) as page:
        page.goto("raw/")
        page.evaluate("document.querySelectorAll('details.mlprep-question').forEach(d => d.open = true)")
        found = page.evaluate(
            """() => [...document.querySelectorAll('details.mlprep-question')].map(d => ({
                qid: d.dataset.qid,
                inArticle: !!d.closest('article'),
                nested: !!d.parentElement.closest('details.mlprep-question, table'),
                answer: (d.querySelector('.mlprep-answer') || {}).innerText || '',
                weight: getComputedStyle(d.querySelector('summary h2')).fontWeight,
            }))"""
        )
        assert [block["qid"] for block in found] == list(ANSWERS)
        assert all(block["inArticle"] and not block["nested"] for block in found), found
        text = {block["qid"]: block["answer"] for block in found}
        assert "ALPHA" in text["stray-div"] and "ALPHA2" in text["stray-div"]
        assert "cell" in text["div-in-cell"] and text["plain"] == "Plain answer five."
        weights = {block["qid"]: block["weight"] for block in found}
        plain_weight = page.evaluate(
            "getComputedStyle(document.querySelector('details[data-qid=plain] .mlprep-answer p')).fontWeight"
        )
        assert int(plain_weight) < 600, "bold markup of an earlier answer reached the last one"
        assert len(set(weights.values())) == 1  # every question heading looks alike
