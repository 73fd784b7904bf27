"""Links to the anchors an answer's raw HTML gives (`<a id>`, `<a name>`) are validated by MkDocs
as links to any other anchor of the page: the page's anchors hold those of every answer's raw
HTML (`core.text.html_anchors`, added by the plugin), with public APIs only."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from mlprep_site.core.text.html_anchors import raw_html_anchors
from tests.site_helpers import build_site, write_site


def topic(*answers: str) -> str:
    parts = ["---\ntitle: Anchors\nslug: anchors\n---\n# Anchors\n"]
    for number, answer in enumerate(answers, start=1):
        parts.append(
            f"{number}. **Question {number}?**\n<!-- mlprep: {{id: anchors-q{number}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(parts)


LINKING = "See [the id](#by-id), [the name](#by-name) and [the third](#in-three)."
ANSWERS = (
    '<a id="by-id"></a>The first answer.',
    LINKING,
    'Third, with <a name="by-name">a name</a> and <span id="in-three">an id</span>.',
)


def test_links_to_raw_html_anchors_in_other_answers_build_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(tmp_path, content={"anchors.md": topic(*ANSWERS)})
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site = build_site(config_file, strict=True)
    assert "no such anchor" not in caplog.text and "does not contain an anchor" not in caplog.text
    html = (site / "anchors" / "index.html").read_text(encoding="utf-8")
    assert 'href="#by-id"' in html and 'href="#by-name"' in html and 'href="#in-three"' in html


def test_a_link_to_a_missing_anchor_still_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    answers = (*ANSWERS, "A [dead link](#nowhere).")
    config_file = write_site(tmp_path, content={"anchors.md": topic(*answers)})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config_file, strict=True)
    warned = [r.getMessage() for r in caplog.records if "no such anchor" in r.getMessage()]
    assert len(warned) == 1 and "'#nowhere'" in warned[0]


def test_raw_html_anchors_outside_code() -> None:
    text = (
        '<a id="one"></a> <a name="two">x</a> <span name="not-an-anchor" id="three"></span>\n'
        '`<a id="span">` in a code span\n\n'
        '```html\n<a id="fenced"></a>\n```\n\n'
        '    <a id="indented"></a>\n\n'
        "<div ID='four'>raw</div>"
    )
    assert raw_html_anchors(text) == {"one", "two", "three", "four"}
    assert raw_html_anchors("no tags, id=x") == set()


def test_a_kept_conversion_keeps_the_raw_html_anchors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On `serve`, a topic page converted once is reused (`page_cache`): its anchors, raw
    HTML's included, are kept with it, so the links to them still validate."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = write_site(tmp_path, content={"anchors.md": topic(*ANSWERS)})
    config = load_config(config_file=str(config_file), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            for _ in range(2):
                config = load_config(config_file=str(config_file), strict=True)
                build(config)
        conversions = config.plugins["mlprep"].cache.conversions  # type: ignore[attr-defined]
        assert conversions.converted == 0 and conversions.reused >= 1  # the second build kept all
    finally:
        config.plugins.on_shutdown()
    assert "no such anchor" not in caplog.text
