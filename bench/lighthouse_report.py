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
    "big": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
}
# Audits that judge how the files are served (Python's http.server sends no cache headers).
BIG_TBT_MS = 200
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
    """The four category scores (0–100), total blocking time (ms), cumulative layout shift and
    the total byte weight in KiB."""
    values = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    values["tbt_ms"] = report["audits"]["total-blocking-time"]["numericValue"]
    values["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
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


# The kinds of Lighthouse details objects (audit.details and nested in tables): each has a "type"
# from this set. A table row may also have a "type" key of its own; it is a row, not details.
DETAIL_TYPES = frozenset(
    {"table", "opportunity", "list", "list-section", "checklist", "network-tree", "criticalrequestchain",
     "filmstrip", "screenshot", "debugdata", "treemap-data"}
)  # fmt: skip
# A row names what it is about in one of these keys (first found wins): an element, a URL, the
# place in a script, a third party, a label or a phase of a metric.
SUBJECT_KEYS = ("node", "url", "sourceLocation", "source", "entity", "label", "phase", "request")


def value_text(value: Any) -> str:
    """Any value a row may hold as text: a string, a number, or an object (element, URL, source
    location, code, link) by its most telling field; "" for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)):
        return f"{value:,.0f}"
    if isinstance(value, dict):
        for key in ("selector", "url", "text", "value", "snippet", "nodeLabel", "label"):
            found = value.get(key)
            if isinstance(found, (str, int, float)) and not isinstance(found, bool) and found != "":
                return str(found)
    return ""


def describe_item(item: Any) -> str:
    """One row of an audit's table: what (selector, URL, label or phase), why and how much. Rows
    come in many shapes (a console error's `source` is a string, its URL is in `sourceLocation`);
    every value is read through `value_text`."""
    if not isinstance(item, dict):
        return value_text(item)
    what = next((text for key in SUBJECT_KEYS if (text := value_text(item.get(key)))), "")
    node = item.get("node")
    explanation = node.get("explanation") if isinstance(node, dict) else None
    reasons = explanation.splitlines()[1:] if isinstance(explanation, str) else []  # after "Fix any of…"
    why = "; ".join(line.strip() for line in reasons)
    if not why and isinstance(item.get("description"), str):
        why = item["description"].strip()
    return what + amount(item) + (f" — {why}" if why else "")


def longest_chain(chains: Any) -> list[str]:
    """The URLs of a network tree's longest (critical) request chain."""
    for request in chains.values() if isinstance(chains, dict) else []:
        if isinstance(request, dict) and request.get("isLongest"):
            return [value_text(request.get("url")), *longest_chain(request.get("children"))]
    return []


def chain_rows(tree: dict[str, Any]) -> list[str]:
    chain = longest_chain(tree.get("chains"))
    longest = tree.get("longestChain")
    duration = longest.get("duration", 0) if isinstance(longest, dict) else 0
    return [f"longest chain ({duration:,.0f} ms): " + " → ".join(chain)] if chain else []


def detail_rows(details: dict[str, Any]) -> list[str]:
    """Readable rows of any details object: tables, lists of tables, checklists, network trees."""
    kind, items = details.get("type"), details.get("items")
    if kind == "checklist" and isinstance(items, dict):
        checks = [check for check in items.values() if isinstance(check, dict) and not check.get("value")]
        return [f"not met: {value_text(check.get('label'))}" for check in checks]
    if kind == "list-section":
        section = details.get("value")
        return detail_rows(section) if isinstance(section, dict) else []
    if kind == "network-tree":
        return chain_rows(details)
    rows = []
    for item in items if isinstance(items, list) else []:
        nested = isinstance(item, dict) and item.get("type") in DETAIL_TYPES
        rows += detail_rows(item) if nested else [describe_item(item)]
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


def meets_targets(result: PageResult) -> str:
    """ "met" or "MISSED"; "peer" for a page measured beside ours, which has no targets."""
    if result.site not in TARGETS:
        return "peer"
    met = all(result.scores[c] >= target for c, target in TARGETS[result.site].items())
    if result.site == "big":
        met = met and result.scores["tbt_ms"] <= BIG_TBT_MS and result.scores["cls"] == 0
    return "met" if met else "MISSED"


def table(results: list[PageResult]) -> str:
    lines = [
        "| page | " + " | ".join(COLUMNS) + " | TBT (ms) | CLS | weight (KiB) | targets |",
        "|---|" + "---:|" * (len(COLUMNS) + 3) + "---|",
    ]
    for r in results:
        cells = [f"{r.scores[c]:.0f}" for c in CATEGORIES] + [f"{r.scores['tbt_ms']:.0f}"]
        cells += [f"{r.scores['cls']:.3f}", f"{r.weight_kib:,.0f}", meets_targets(r)]
        lines.append(f"| {r.site} {r.path} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_text() -> str:
    def one(site: str) -> str:
        return ", ".join(f"{c} {'=' if t == 100 else '≥'} {t:.0f}" for c, t in TARGETS[site].items())

    return (
        f"Targets: bundled site (every page): {one('bundled')}; 2,500-question site: {one('large')}; "
        f"big pages (341 and 500 questions): {one('big')}, total blocking time ≤ {BIG_TBT_MS} ms, "
        "no layout shift; plain: their peer, no targets."
    )


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
