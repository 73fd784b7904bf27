"""Reading Lighthouse reports for bench/lighthouse.py: the category scores, the weight, and the
failing audits in rows a person can act on (selector, URL, amount, reason), against the targets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COLUMNS = ("performance", "accessibility", "best practices", "SEO")

TARGETS: dict[str, dict[str, float]] = {
    "bundled": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
    "large": {"performance": 90},
}
# Audits that judge how the files are served (Python's http.server sends no cache headers).
SERVER_AUDITS = frozenset(
    {"uses-text-compression", "uses-long-cache-ttl", "cache-insight", "document-latency-insight"}
)
SKIPPED_MODES = frozenset({"informative", "notApplicable", "manual"})
ITEMS_SHOWN = 5


@dataclass
class Failing:
    id: str
    title: str
    score: float | None
    display: str
    items: list[str]


@dataclass
class PageResult:
    site: str
    path: str
    scores: dict[str, float]
    weight_kib: float
    benchmark_index: float  # Lighthouse's CPU benchmark (median): lower means a busier machine
    runs: list[dict[str, float]]
    failing: list[Failing]


def scores(report: dict[str, Any]) -> dict[str, float]:
    """The four category scores (0–100) and the total byte weight in KiB."""
    values = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    values["weight_kib"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    values["benchmark_index"] = report["environment"]["benchmarkIndex"]
    return values


AMOUNTS = (("wastedBytes", "wasted"), ("totalBytes", "size"), ("wastedMs", "wasted"), ("timing", ""))


def amount(item: dict[str, Any]) -> str:
    """The first amount a row states: bytes in KiB, times in ms, a layout shift as a score."""
    for key, label in AMOUNTS:
        value = item.get(key)
        if isinstance(value, (int, float)):
            text = f"{value / 1024:,.1f} KiB" if key.endswith("Bytes") else f"{value:,.0f} ms"
            return f" ({label} {text})".replace("( ", "(")
    return f" (shift {item['score']:.3f})" if isinstance(item.get("score"), (int, float)) else ""


def describe_item(item: dict[str, Any]) -> str:
    """One row of an audit's table: what (selector, URL, label or phase), why and how much."""
    node = item.get("node") or {}
    source = item.get("source") or {}
    what = node.get("selector") or node.get("value") or item.get("url") or source.get("url")
    what = str(what or item.get("label") or item.get("phase") or "")
    reasons = (node.get("explanation") or "").splitlines()[1:]  # after "Fix any of the following:"
    why = "; ".join(line.strip() for line in reasons)
    return what + amount(item) + (f" — {why}" if why else "")


def longest_chain(chains: dict[str, Any]) -> list[str]:
    """The URLs of a network tree's longest (critical) request chain."""
    for request in chains.values():
        if request.get("isLongest"):
            return [request["url"], *longest_chain(request.get("children") or {})]
    return []


def chain_rows(tree: dict[str, Any]) -> list[str]:
    chain = longest_chain(tree.get("chains") or {})
    duration = (tree.get("longestChain") or {}).get("duration", 0)
    return [f"longest chain ({duration:,.0f} ms): " + " → ".join(chain)] if chain else []


def detail_rows(details: dict[str, Any]) -> list[str]:
    """Readable rows of any details object: tables, lists of tables, checklists, network trees."""
    kind, items = details.get("type"), details.get("items")
    if kind == "checklist" and isinstance(items, dict):
        return [f"not met: {check['label']}" for check in items.values() if not check.get("value")]
    if kind == "list-section":
        return detail_rows(details.get("value") or {})
    if kind == "network-tree":
        return chain_rows(details)
    rows = []
    for item in items if isinstance(items, list) else []:
        rows += detail_rows(item) if "type" in item else [describe_item(item)]
    return [row for row in rows if row]


def audit_items(audit: dict[str, Any], base: str) -> list[str]:
    """Up to ITEMS_SHOWN distinct rows, URLs relative to the site, repeats counted."""
    rows = Counter(row.replace(base, "/") for row in detail_rows(audit.get("details") or {}))
    return [row + (f" (×{n})" if n > 1 else "") for row, n in list(rows.items())[:ITEMS_SHOWN]]


def failing_audits(report: dict[str, Any], base: str) -> list[Failing]:
    """Audits of the four categories that score below 1 (or errored), worst first."""
    ids = {ref["id"] for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]}
    found = []
    for audit_id in sorted(ids):
        audit = report["audits"][audit_id]
        mode, score = audit.get("scoreDisplayMode"), audit.get("score")
        if mode in SKIPPED_MODES or (mode != "error" and (score is None or score >= 1)):
            continue
        display = audit.get("displayValue") or audit.get("errorMessage") or ""
        found.append(Failing(audit_id, audit["title"], score, display, audit_items(audit, base)))
    return sorted(found, key=lambda f: (f.score if f.score is not None else -1, f.id))


def meets_targets(result: PageResult) -> bool:
    return all(result.scores[c] >= target for c, target in TARGETS[result.site].items())


def table(results: list[PageResult]) -> str:
    lines = [
        "| page | " + " | ".join(COLUMNS) + " | weight (KiB) | targets |",
        "|---|" + "---:|" * (len(COLUMNS) + 1) + "---|",
    ]
    for r in results:
        cells = [f"{r.scores[c]:.0f}" for c in CATEGORIES] + [f"{r.weight_kib:,.0f}"]
        cells.append("met" if meets_targets(r) else "MISSED")
        lines.append(f"| {r.site} {r.path} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_text() -> str:
    def one(site: str) -> str:
        return ", ".join(f"{c} {'=' if t == 100 else '≥'} {t:.0f}" for c, t in TARGETS[site].items())

    return f"Targets: bundled site (every page): {one('bundled')}; 2,500-question site: {one('large')}."


def failing_text(result: PageResult) -> str:
    lines = [f"### {result.site} {result.path}: failing audits"]
    if not result.failing:
        lines.append("- none")
    for f in result.failing:
        score = "error" if f.score is None else f"{f.score:.2f}"
        server = " (server)" if f.id in SERVER_AUDITS else ""
        display = f" — {f.display}" if f.display else ""
        lines.append(f"- `{f.id}`{server} {f.title} [score {score}]{display}")
        lines += [f"    - {item}" for item in f.items]
    return "\n".join(lines)
