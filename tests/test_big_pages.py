"""Big topic pages: what the page writer and the theme overrides do past blocks.TOC_QUESTIONS_MAX
(the table of contents lists sections and references only, the blocks are laid out near the
screen), and Material's `content.lazy` on every page (overrides/main.html)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest

from mlprep_site.site.blocks import TOC_QUESTIONS_MAX
from tests.site_helpers import OVERRIDES, build_site, write_site
from tests.test_browser_study import topic
from tests.test_site_a11y import HEADER_COMMENT, MATERIAL_TEMPLATES

BIG = TOC_QUESTIONS_MAX + 1


def big_topic() -> str:
    specs = [(f"big-{n}", f"Big question {n}?", "easy", ["t"], f"Answer {n}.") for n in range(1, BIG + 1)]
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
        "  {% if toc and page.meta and page.meta.mlprep_toc is defined %}\n"
        "    {% set keep = page.meta.mlprep_toc.split() %}\n"
        '    {% set toc = toc | selectattr("id", "in", keep) | list %}\n'
        "  {% endif %}\n"
    )
    assert ours.count(added) == 1 and ours.replace(added, "") == theirs
    assert Path(material.__file__).parent / "templates" == MATERIAL_TEMPLATES


def test_a_big_page_lists_its_sections_and_lays_out_near_the_screen(site: Path) -> None:
    html = (site / "big" / "index.html").read_text(encoding="utf-8")
    # Section headings are raw HTML, which `toc` does not list: the references stay.
    assert toc_links(html) == ["references"]
    assert len(re.findall(r'<details class="mlprep-question mlprep-far"', html)) == BIG
    # No permalink in the question headings (study.js links the question after its answer).
    assert 'id="big-1">1. Big question 1?</h2>' in html and 'href="#big-' not in html
    small = (site / "small" / "index.html").read_text(encoding="utf-8")
    assert toc_links(small) == ["s-1", "s-2"]
    assert "mlprep-far" not in small
    assert '<a class="headerlink" href="#s-1" title="Permanent link">&para;</a></h2>' in small


def test_every_page_turns_materials_content_lazy_on(site: Path) -> None:
    for page in ("big", "small", "quiz", "."):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
        assert found is not None
        features = json.loads(found.group(1))["features"]
        assert features.count("content.lazy") == 1 and "navigation.instant" in features
