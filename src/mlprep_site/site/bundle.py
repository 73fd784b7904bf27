"""Our assets as the site ships them: the scripts in one minified file, the stylesheets in
another, so a page makes two requests for them instead of four and downloads a third less.

Minified at build time by rjsmin and rcssmin (small, long-maintained, dependency-free): they
only drop comments and whitespace, never rename or reorder, so the shipped code is the source
code. The sources in `assets/` stay readable and are what contributors edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

ASSETS_DIR = Path(__file__).parent / "assets"
SITE_SOURCES = ("site.js", "site.css")
STUDY_SOURCES = ("study.js", "quiz.js", "study.css")  # quiz.js uses study.js
BUNDLE_NAMES = {".js": "mlprep.min.js", ".css": "mlprep.min.css"}


def bundle(sources: Iterable[Path]) -> str:
    """The sources (all .js or all .css) concatenated and minified. Each script is a
    self-contained IIFE; `;` keeps one from running into the next."""
    paths = list(sources)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if all(p.suffix == ".js" for p in paths):
        return ";\n".join(str(rjsmin.jsmin(t)) for t in texts) + "\n"
    if all(p.suffix == ".css" for p in paths):
        return "\n".join(str(rcssmin.cssmin(t)) for t in texts) + "\n"
    raise ValueError(f"cannot bundle {[p.name for p in paths]}: one kind of asset at a time")


def bundles(study: bool) -> dict[str, str]:
    """File name → minified text: site.js/.css, with study.js/.css when `study`."""
    names = SITE_SOURCES + (STUDY_SOURCES if study else ())
    result = {}
    for suffix, bundle_name in BUNDLE_NAMES.items():
        result[bundle_name] = bundle(ASSETS_DIR / n for n in names if n.endswith(suffix))
    return result
