"""The theme overrides of the repository (overrides/): what they add to Material, and that they
stay Material's own files otherwise, so a Material upgrade cannot drift past them unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from mlprep_site.site.bundle import ASSETS_DIR, bundle
from tests.site_helpers import OVERRIDES, build_site, write_site

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
HEADER_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def test_search_override_is_materials_partial_with_a_dialog_name() -> None:
    ours = HEADER_COMMENT.sub("", (OVERRIDES / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = HEADER_COMMENT.sub(
        "", (MATERIAL_TEMPLATES / "partials" / "search.html").read_text(encoding="utf-8")
    )
    dialog = '<div class="md-search" data-md-component="search" role="dialog"'
    named = dialog + " aria-label=\"{{ lang.t('search') }}\">"
    assert theirs.count(dialog + ">") == 1 and ours.count(named) == 1
    assert ours.replace(named, dialog + ">") == theirs


def test_built_pages_name_the_search_dialog_and_defer_every_script(tmp_path: Path) -> None:
    site = build_site(write_site(tmp_path), strict=True)
    html = (site / "sample" / "index.html").read_text(encoding="utf-8")
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in html
    scripts = re.findall(r"<script src=[^>]*>", html)
    assert len(scripts) == 2 and all(s.endswith(" defer>") for s in scripts), scripts
    assert scripts[0].startswith('<script src="../assets/javascripts/bundle.')  # Material's runs first


def test_bundle_takes_one_kind_of_asset() -> None:
    with pytest.raises(ValueError, match="one kind"):
        bundle([ASSETS_DIR / "site.js", ASSETS_DIR / "site.css"])
