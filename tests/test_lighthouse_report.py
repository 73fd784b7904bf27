"""bench/lighthouse_report.py reads every shape of audit details Lighthouse writes: a saved report
of the 341-question Kubernetes page (tests/fixtures/lighthouse, screenshots left out), whose
console errors (`source` a string, the URL in `sourceLocation`) made describe_item raise
AttributeError, and the other shapes one by one."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPORT = HERE / "fixtures" / "lighthouse" / "big-topic-page.json.gz"


@pytest.fixture(scope="module")
def report_module() -> ModuleType:
    """bench/lighthouse_report.py, loaded from its file (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "lighthouse_report", HERE.parent / "bench" / "lighthouse_report.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # as an import would: its dataclasses look it up
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(REPORT.read_bytes()))
    return data


def test_a_saved_report_of_the_big_page_reads_whole(
    report_module: ModuleType, report: dict[str, Any]
) -> None:
    base = report["finalDisplayedUrl"].split("kubernetes/")[0]
    failing = report_module.failing_audits(report, base)
    by_id = {f.id: f for f in failing}
    console = by_id["errors-in-console"]  # the audit that raised
    assert console.items and all(item.startswith("/kubernetes/images/") for item in console.items)
    assert all("404" in item for item in console.items)  # the console's message is the reason
    # Every failing audit of the report, scored below 1, is listed; every row is text.
    expected = {
        ref["id"]
        for category in report_module.CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if (audit := report["audits"][ref["id"]]).get("scoreDisplayMode") not in report_module.SKIPPED_MODES
        and (
            audit.get("scoreDisplayMode") == "error"
            or (audit.get("score") is not None and audit["score"] < 1)
        )
    }
    assert set(by_id) == expected
    assert all(isinstance(item, str) and item for f in failing for item in f.items)
    scores = report_module.scores(report)
    result = report_module.PageResult("big", "/kubernetes/", scores, 0, 0, [scores], failing)
    text = report_module.failing_text(result)
    assert "`errors-in-console`" in text and "/kubernetes/images/" in text


@pytest.mark.parametrize(
    ("details", "rows"),
    [
        # A console error: `source` is a string, the URL in `sourceLocation`.
        (
            {
                "type": "table",
                "items": [
                    {
                        "source": "network",
                        "description": "404",
                        "sourceLocation": {"type": "source-location", "url": "http://h/a.png"},
                    }
                ],
            },
            ["http://h/a.png — 404"],
        ),
        # An element, with the reasons after the first line of its explanation.
        (
            {
                "type": "table",
                "items": [{"node": {"type": "node", "selector": "a.x", "explanation": "Fix:\n  too small"}}],
            },
            ["a.x — too small"],
        ),
        # A node given as text, a bare string row, a URL object, a row with a "type" of its own.
        (
            {
                "type": "list",
                "items": [
                    "plain",
                    {"node": "div"},
                    {"url": {"type": "url", "value": "http://h/b"}},
                    {"type": "thirdparty", "entity": "CDN"},
                ],
            },
            ["plain", "div", "http://h/b", "CDN"],
        ),
        # Tables inside a list, amounts, a layout shift's score.
        (
            {
                "type": "list",
                "items": [
                    {
                        "type": "table",
                        "items": [{"url": "u", "wastedBytes": 2048}, {"label": "x", "score": 0.25}],
                    }
                ],
            },
            ["u (wasted 2.0 KiB)", "x (shift 0.250)"],
        ),
        # A checklist, a section, a network tree; malformed parts are skipped, not raised on.
        (
            {"type": "checklist", "items": {"a": {"label": "manifest", "value": False}, "b": "odd"}},
            ["not met: manifest"],
        ),
        ({"type": "list-section", "value": "odd"}, []),
        (
            {
                "type": "network-tree",
                "chains": {
                    "1": {
                        "url": "http://h/",
                        "isLongest": True,
                        "children": {"2": {"url": "http://h/c.css", "isLongest": True}},
                    }
                },
                "longestChain": {"duration": 120},
            },
            ["longest chain (120 ms): http://h/ → http://h/c.css"],
        ),
        ({"type": "network-tree", "chains": ["odd"], "longestChain": None}, []),
    ],
)
def test_every_details_shape_is_text(
    report_module: ModuleType, details: dict[str, Any], rows: list[str]
) -> None:
    assert report_module.detail_rows(details) == rows
