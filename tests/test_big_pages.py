"""Big topic pages: what the page writer and the theme overrides do past blocks.TOC_QUESTIONS_MAX
(the table of contents lists sections and references only, the blocks come in groups laid out
near the screen, each question's links are in its footer), and Material's `content.lazy` on every
page (overrides/main.html)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import material
import pytest
import yaml
from playwright.sync_api import expect

from mlprep_site.site.blocks import TOC_QUESTIONS_MAX
from mlprep_site.site.far_groups import GROUP_CLASS, GROUP_SIZE
from tests.browser_fixtures import browser, fresh_tab, recording_tab, serve_directory  # noqa: F401 (fixture)
from tests.site_helpers import OVERRIDES, build_site, write_site
from tests.test_browser_study import topic
from tests.test_site_a11y import HEADER_COMMENT, MATERIAL_TEMPLATES

BIG = TOC_QUESTIONS_MAX + 1


WIDE_ANSWER = (  # question 40's: a code block wider than the page, and a table
    "Answer 40.\n\n```python\nvalues = [" + ", ".join(str(n) for n in range(200)) + "]\n```\n\n"
    "| stage | p95 |\n|---|---|\n| serve | 12 ms |\n"
)


def big_topic() -> str:
    specs = [(f"big-{n}", f"Big question {n}?", "easy", ["t"], f"Answer {n}.") for n in range(1, BIG + 1)]
    specs[39] = (*specs[39][:4], WIDE_ANSWER)
    text = topic("big", "Big topic", *specs)
    # A section from question 30 on, and the topic's references.
    text = text.replace("30. **Big question 30?**", "## Later ones\n\n30. **Big question 30?**")
    return text + "\n## References and Reading Materials\n- [Ref](https://example.org/r)\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    small = topic(
        "small", "Small topic", ("s-1", "Small one?", "easy", [], "A."), ("s-2", "Small two?", None, [], "B.")
    )
    root = tmp_path_factory.mktemp("big-site")
    return build_site(write_site(root, content={"big.md": big_topic(), "small.md": small}), strict=True)


def toc_links(html: str) -> list[str]:
    toc = html[html.index('<nav class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index("</nav>")]
    return re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)


def test_toc_override_is_materials_partial_with_the_filter() -> None:
    ours = HEADER_COMMENT.sub("", (OVERRIDES / "partials" / "toc.html").read_text(encoding="utf-8"))
    theirs = HEADER_COMMENT.sub(
        "", (MATERIAL_TEMPLATES / "partials" / "toc.html").read_text(encoding="utf-8")
    )
    added = (
        "  {% if page.meta and page.meta.mlprep_toc is defined %}\n"
        "    {% set toc = [] %}\n"
        "    {% for anchor, title in page.meta.mlprep_toc %}\n"
        '      {% set _ = toc.append({"url": "#" ~ anchor, "title": title, "mlprep": true}) %}\n'
        "    {% endfor %}\n"
        "  {% endif %}\n"
    )
    item = '        {% include "partials/toc-item.html" %}\n'
    our_item = (
        "        {% if toc_item.mlprep %}\n"
        '          <li class="md-nav__item"><a href="{{ toc_item.url }}" class="md-nav__link">'
        '<span class="mlprep-toc-entry">{{ toc_item.title }}</span></a></li>\n'
        "        {% else %}\n"
        "  " + item + "        {% endif %}\n"
    )
    assert ours.count(added) == 1 and ours.count(our_item) == 1
    assert ours.replace(added, "").replace(our_item, item) == theirs
    assert Path(material.__file__).parent / "templates" == MATERIAL_TEMPLATES


def test_a_big_page_lists_its_sections_and_lays_out_near_the_screen(site: Path) -> None:
    html = (site / "big" / "index.html").read_text(encoding="utf-8")
    # The table of contents lists the section and the references, not the questions.
    assert toc_links(html) == ["section-later-ones", "references"]
    assert toc_titles(html) == ["Later ones", "References"]
    assert '<h2 class="mlprep-section" id="section-later-ones">Later ones</h2>' in html
    assert len(re.findall(r'<details class="mlprep-question mlprep-far"', html)) == BIG
    # No permalink in the HTML (study.js links the question to itself when it is opened); the
    # link to its source line is in its footer, in the HTML (it works without JavaScript).
    assert 'id="big-1">1. Big question 1?</h2>' in html and 'href="#big-' not in html
    feet = re.findall(r'<p class="mlprep-question-foot" data-search-exclude>(.*?)</p>', html)
    assert len(feet) == BIG
    assert re.fullmatch(
        r'<a class="mlprep-source" href="https://github\.com/[^"]+/blob/main/content/big\.md#L7">source</a>',
        feet[0],
    )
    small = (site / "small" / "index.html").read_text(encoding="utf-8")
    assert toc_links(small) == ["s-1", "s-2"]
    assert "mlprep-far" not in small and "mlprep-group" not in small
    assert '<a class="headerlink" href="#s-1" title="Permanent link">&para;</a></h2>' in small
    small_feet = re.findall(r'<p class="mlprep-question-foot" data-search-exclude>(.*?)</p>', small)
    assert len(small_feet) == 2 and all(">source</a>" in f for f in small_feet)


def toc_titles(html: str) -> list[str]:
    """A big page's table of contents entries (not Material's `md-ellipsis`, whose every
    element Material's script watches when the page loads)."""
    toc = html[html.index('<nav class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index("</nav>")]
    assert "md-ellipsis" not in toc
    return re.findall(r'<span class="mlprep-toc-entry">(.*?)</span>', toc, re.DOTALL)


CONTENT_COMPONENT = '<div class="md-content" data-md-component="content">'


def test_a_big_pages_content_is_not_materials_content_component(site: Path, tmp_path: Path) -> None:
    """Material's content component would set up every block and link of a big page when it
    loads (overrides/main.html); a small page keeps it, and so does a big page of a site that
    turns on a feature only the component provides."""
    html = (site / "big" / "index.html").read_text(encoding="utf-8")
    assert '<div class="md-content" data-mlprep-content>' in html and CONTENT_COMPONENT not in html
    assert CONTENT_COMPONENT in (site / "small" / "index.html").read_text(encoding="utf-8")
    config = write_site(tmp_path, content={"big.md": big_topic()})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"]["features"].append("content.code.copy")
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    copying = build_site(config, strict=True)
    assert CONTENT_COMPONENT in (copying / "big" / "index.html").read_text(encoding="utf-8")
    # An answer with annotations (an element of class `annotate`) needs the component too; a word
    # in the text does not.
    annotated = big_topic().replace(
        "Answer 7.", "Answer 7, annotated (1).\n{: .lead .annotate }\n\n1. A note."
    )
    mentioned = big_topic().replace("Answer 7.", "Annotate the data; annotate it well.")
    for text, kept in ((annotated, True), (mentioned, False)):
        folder = tmp_path / str(kept)
        html = (build_site(write_site(folder, content={"big.md": text})) / "big" / "index.html").read_text(
            encoding="utf-8"
        )
        assert (CONTENT_COMPONENT in html) == kept


class Groups(HTMLParser):
    """The question ids of each div.mlprep-group of a page, in order, and those outside any."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[list[str]] = []
        self.outside: list[str] = []
        self.depth = 0  # of <div> inside the open group; 0: no group open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and self.depth:
            self.depth += 1
        elif tag == "div" and values.get("class") == GROUP_CLASS:
            self.groups.append([])
            self.depth = 1
        elif tag == "details" and "mlprep-question" in (values.get("class") or ""):
            (self.groups[-1] if self.depth else self.outside).append(values.get("data-qid") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1


def test_a_big_page_groups_its_blocks_within_sections(site: Path) -> None:
    """Runs of GROUP_SIZE blocks at most, cut at the section heading before question 30."""
    parsed = Groups()
    parsed.feed((site / "big" / "index.html").read_text(encoding="utf-8"))
    assert parsed.outside == []
    assert [len(g) for g in parsed.groups] == [GROUP_SIZE, 29 - GROUP_SIZE, GROUP_SIZE, BIG - 29 - GROUP_SIZE]
    assert [g[0] for g in parsed.groups] == [
        "big-1",
        f"big-{GROUP_SIZE + 1}",
        "big-30",
        f"big-{30 + GROUP_SIZE}",
    ]
    assert [qid for g in parsed.groups for qid in g] == [f"big-{n}" for n in range(1, BIG + 1)]
    small = Groups()
    small.feed((site / "small" / "index.html").read_text(encoding="utf-8"))
    assert small.groups == [] and small.outside == ["s-1", "s-2"]


def test_every_page_turns_materials_content_lazy_on(site: Path) -> None:
    for page in ("big", "small", "quiz", "."):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
        assert found is not None
        features = json.loads(found.group(1))["features"]
        assert features.count("content.lazy") == 1 and "navigation.instant" in features


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_directory(site) as base_url:
        yield base_url


# What scripts change in the question blocks once the page is parsed: every mutation inside a
# block or a group, but the theme's (it makes every relative link absolute).
RECORD_WRITES = """
window.mlprepWrites = [];
document.addEventListener("DOMContentLoaded", () => new MutationObserver((records) => {
  for (const r of records) {
    const where = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    const block = where && where.closest("details.mlprep-question, .mlprep-group");
    if (block && r.attributeName !== "href") window.mlprepWrites.push(block.dataset.qid || "group");
  }
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true }));
"""
READY = "performance.getEntriesByName('mlprep grades').length > 0"


@pytest.mark.browser
def test_a_new_readers_big_page_is_not_written_to_and_a_grade_touches_its_block_only(
    browser: Any,  # noqa: F811 (the imported fixture)
    served: str,
) -> None:
    with recording_tab(browser, served) as page:
        page.add_init_script(RECORD_WRITES)
        page.goto(served + "big/")
        page.wait_for_function(READY)
        assert page.evaluate("window.mlprepWrites") == []
        assert page.locator(".mlprep-progress").text_content() == f"0 of {BIG} known"
        # A returning reader with two grades: those two blocks are written to, no other.
        grades = {qid: {"g": "known", "b": 2, "due": 0, "t": "big", "at": 1} for qid in ("big-3", "big-50")}
        page.evaluate("g => localStorage.setItem('mlprep-study', JSON.stringify({v: 1, q: g}))", grades)
        page.reload()
        page.wait_for_function(READY)
        assert sorted(set(page.evaluate("window.mlprepWrites"))) == ["big-3", "big-50"]
        assert page.locator("details[data-grade]").evaluate_all("all => all.map(d => d.dataset.qid)") == [
            "big-3",
            "big-50",
        ]
        assert page.locator(".mlprep-progress").text_content() == f"2 of {BIG} known"
        assert page.other_origin_requests == [] and page.js_errors == []


@pytest.mark.browser
def test_the_filter_hides_groups_and_sections_left_empty(browser: Any, served: str) -> None:  # noqa: F811
    with fresh_tab(browser, served) as page:
        page.goto("big/")
        page.wait_for_function(READY)
        words = page.get_by_role("searchbox", name="Words in the question or its answer")
        status = page.locator(".mlprep-filter-status")
        shown = "all => all.filter(e => !e.hidden).length"
        words.fill("question 45?")
        expect(status).to_have_text(f"Showing 1 of {BIG} questions")
        assert page.locator(".mlprep-group").evaluate_all(shown) == 1
        expect(page.locator("#big-45")).to_be_visible()
        expect(page.get_by_role("heading", name="Later ones")).to_be_visible()
        words.fill("question 29?")
        expect(status).to_have_text(f"Showing 1 of {BIG} questions")
        expect(page.get_by_role("heading", name="Later ones")).to_be_hidden()
        page.get_by_role("button", name="Clear filter").click()
        assert page.locator(".mlprep-group").evaluate_all(shown) == 4
        assert page.js_errors == []


@pytest.mark.browser
def test_without_javascript_a_question_links_to_its_source_and_has_an_address(
    browser: Any,  # noqa: F811
    served: str,
) -> None:
    context = browser.new_context(
        java_script_enabled=False, base_url=served, viewport={"width": 375, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto("big/")
        question = page.locator('details[data-qid="big-40"]')
        question.locator("summary").click()  # the browser's own <details>
        expect(question).to_have_attribute("open", "")
        source = question.get_by_role("link", name="source")
        expect(source).to_be_visible()
        assert re.search(r"/blob/main/content/big\.md#L\d+$", source.get_attribute("href") or "")
        # The question's address is its heading's id.
        page.goto("small/")
        page.goto("big/#big-40")
        expect(page.locator("#big-40")).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.browser
def test_a_search_hit_on_a_big_page_marks_its_terms_in_the_question_it_opens(
    browser: Any,  # noqa: F811
    served: str,
) -> None:
    with fresh_tab(browser, served) as page:
        page.goto("big/?h=answer#big-40")
        question = page.locator('details[data-qid="big-40"]')
        expect(question).to_have_attribute("open", "")
        marks = page.locator("mark[data-md-highlight]")
        expect(marks).to_have_count(1)
        expect(question.locator(".mlprep-answer mark[data-md-highlight]")).to_have_text("Answer")
        assert page.js_errors == []


@pytest.mark.browser
def test_an_opened_big_page_question_gets_its_wide_code_and_table_set_up(
    browser: Any,  # noqa: F811
    served: str,
) -> None:
    """What Material's content component does to an answer (keyboard-scrollable wide code, a
    table in its scrolling box) is done when the question is opened."""
    with fresh_tab(browser, served) as page:
        page.goto("big/")
        page.wait_for_function(READY)
        question = page.locator('details[data-qid="big-40"]')
        code = question.locator("pre > code")
        assert code.get_attribute("tabindex") is None
        question.locator("summary").click()
        expect(code).to_have_attribute("tabindex", "0")
        expect(question.locator(".md-typeset__scrollwrap > .md-typeset__table > table")).to_have_count(1)
        # The small page's answers are Material's to set up, as before.
        page.goto("small/")
        expect(page.locator('[data-md-component="content"]')).to_have_count(1)
        assert page.js_errors == []


@pytest.mark.browser
def test_a_big_pages_table_of_contents_leads_to_its_sections(browser: Any, served: str) -> None:  # noqa: F811
    with fresh_tab(browser, served) as page:
        page.goto("big/")
        page.wait_for_function(READY)
        toc = page.locator("nav.md-nav--secondary")
        expect(toc.get_by_role("link")).to_have_text(["Later ones", "References"])
        toc.get_by_role("link", name="Later ones").click()
        expect(page).to_have_url(re.compile(r"#section-later-ones$"))
        expect(page.get_by_role("heading", name="Later ones")).to_be_in_viewport()
        assert page.js_errors == []


def test_a_big_pages_toc_data_holds_its_sections_not_its_questions(tmp_path: Path) -> None:
    """`page.toc` of a big page (what MkDocs and other plugins read) has the page's title and its
    references (sections are raw HTML headings, listed from the front matter), no question; a
    small page keeps its questions. Search still finds each question at its own anchor."""
    hook = tmp_path / "toc_hook.py"
    seen = tmp_path / "toc.json"
    hook.write_text(
        "import json\nfrom pathlib import Path\n"
        "def ids(items):\n"
        "    return [[item.id, ids(item.children)] for item in items]\n"
        "def on_page_content(html, page, **kwargs):\n"
        f"    path = Path({str(seen)!r})\n"
        "    found = json.loads(path.read_text()) if path.exists() else {}\n"
        "    found[page.file.src_uri] = ids(page.toc)\n"
        "    path.write_text(json.dumps(found))\n"
        "    return html\n",
        encoding="utf-8",
    )
    small = topic("small", "Small topic", ("s-1", "Small one?", "easy", [], "A."))
    config = write_site(tmp_path, content={"big.md": big_topic(), "small.md": small}, hooks=[str(hook)])
    site = build_site(config, strict=True)
    tocs = json.loads(seen.read_text())
    (title,) = tocs["big.md"]
    assert title[0] == "big" and [child[0] for child in title[1]] == ["references"]
    assert tocs["small.md"] == [["small", [["s-1", []]]]]
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    locations = {d["location"] for d in docs}
    assert {f"big/#big-{n}" for n in range(1, BIG + 1)} <= locations
