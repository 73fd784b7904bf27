"""Where a page's main-thread time goes while it loads: Chromium's trace of the page (CDP
tracing, driven by Playwright, the CPU slowed down as Lighthouse's mobile audit assumes), cut
into the renderer's tasks, each task's time split by what ran in it (a script by file, style,
layout, HTML parsing, garbage collection, other).

Lighthouse's total blocking time is the part past 50 ms of every main-thread task between the
first paint and the page's quiet; on a shared, busy machine it swings with the load. The task
count and the time per source swing less, and say whose work it is (ours is
/assets/mlprep/mlprep.min.js, the theme's /assets/javascripts/bundle.*.js).

    python bench/profile_page.py SITE_FOLDER /five-hundred/ [/kubernetes/ ...] [--runs 3] [--cpu 4]
        [--peer PEER_SITE_FOLDER]

SITE_FOLDER is a built site (e.g. bench/.work/lighthouse/big/site after bench/lighthouse.py, or
`python bench/lighthouse.py --build-only --only big --only plain`); `--peer` profiles the same
paths of another (bench/.work/lighthouse/plain/site: plain Material) in the same run and prints
ours over theirs. Served gzip-compressed on 127.0.0.1 as bench/lighthouse.py serves it; the
browser resolves no other host. Each figure is the median of the runs.

Besides the tasks: the time of each script's evaluation and of the DOMContentLoaded handlers
(where Material's components are set up), the elements styled and objects laid out, and what the
page holds that scripts go over at load (elements, <details> and links, those inside Material's
content component, navigation entries). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from lighthouse import CHROME_FLAGS, serve  # noqa: E402

CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute,blink.user_timing"
TASK_NAMES = {"RunTask", "ThreadControllerImpl::RunTask"}
WRAPPERS = TASK_NAMES | {"Receive mojo message", "HandlePostMessage"}  # no work of their own
LONG_MS = 50.0
QUIET_MS = 3000  # the page is watched this long after its load event
KINDS = (
    ("style", {"UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet"}),
    ("layout", {
        "Layout", "UpdateLayerTree", "PrePaint", "Paint", "Layerize",
        "IntersectionObserverController::computeIntersections",
    }),
    ("parse HTML", {"ParseHTML"}),
    ("gc", {
        "MinorGC", "MajorGC", "V8.GC_SCAVENGER", "BlinkGC.AtomicPhase",
        "ThreadState::performIdleLazySweep",
    }),
)  # fmt: skip
SCRIPT_EVENTS = {
    "EvaluateScript", "FunctionCall", "v8.compile", "v8.compileModule", "TimerFire",
    "FireIdleCallback", "EventDispatch", "FireAnimationFrame", "v8.evaluateModule",
    "XHRReadyStateChange",
}  # fmt: skip


# What the page holds that scripts go over when it loads: Material's content component (when the
# page has one) sets up each <details> and link in it, its ellipsis patch watches each
# .md-ellipsis (navigation and table of contents entries).
DOM_COUNTS = """() => {
  const count = (selector, root = document) => root.querySelectorAll(selector).length;
  const content = document.querySelector('[data-md-component="content"]');
  return {
    elements: count("*"), details: count("details"), links: count("a"),
    "ellipsis entries": count(".md-ellipsis"),
    "content component details": content ? count("details", content) : 0,
    "content component links": content ? count("a", content) : 0,
  };
}"""


def script_name(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url or "")
    return re.sub(r"\.[0-9a-f]{8}\.min\.js$", ".min.js", path) or "(inline)"


def main_thread(events: list[dict[str, Any]]) -> tuple[int, int]:
    """The renderer main thread that parsed the page's HTML (not a browser page of its own)."""
    parsed = Counter(
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "ParseHTML"
        and str(((e.get("args") or {}).get("beginData") or {}).get("url", "")).startswith("http")
    )
    return parsed.most_common(1)[0][0]


def breakdown(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Tasks of the page's main thread and the self time of what ran in them, by kind."""
    thread = main_thread(events)
    mine = sorted(
        (e for e in events if (e["pid"], e["tid"]) == thread and e.get("ph") == "X" and "dur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    fcp = min((e["ts"] for e in events if e.get("name") == "firstContentfulPaint"), default=0)
    tasks: list[dict[str, Any]] = []
    stack: list[tuple[dict[str, Any], str]] = []  # (event, kind) open around the current one
    for event in mine:
        while stack and stack[-1][0]["ts"] + stack[-1][0]["dur"] <= event["ts"]:
            stack.pop()
        if event["name"] in TASK_NAMES and not stack:
            tasks.append({"ts": event["ts"], "ms": event["dur"] / 1000, "self": Counter(), "work": Counter()})
            stack.append((event, "other"))
            continue
        if not stack or not tasks:
            continue
        kind = stack[-1][1]
        name = event["name"]
        data = event.get("args", {}).get("data", {}) or {}
        if name in SCRIPT_EVENTS and (data.get("url") or kind.startswith("other")):
            kind = "script " + script_name(data.get("url", ""))
        for label, names in KINDS:
            if name in names:
                kind = label
        if kind == "other" and name not in WRAPPERS:
            kind = "other " + name
        counts = tasks[-1]["work"]
        if name == "UpdateLayoutTree":
            counts["elements styled"] += event.get("args", {}).get("elementCount") or 0
            counts["forced style recalcs" if kind.startswith("script") else "style recalcs"] += 1
        elif name == "Layout":
            counts["objects laid out"] += (event.get("args", {}).get("beginData", {}) or {}).get(
                "dirtyObjects", 0
            )
            counts["forced layouts" if kind.startswith("script") else "layouts"] += 1
        parent = stack[-1]
        # self time: a child's time moves from its parent's kind to its own
        tasks[-1]["self"][parent[1]] -= (
            min(event["dur"], parent[0]["ts"] + parent[0]["dur"] - event["ts"]) / 1000
        )
        tasks[-1]["self"][kind] += event["dur"] / 1000
        stack.append((event, kind))
    for task in tasks:
        task["self"]["other"] += task["ms"]
    long = [t for t in tasks if t["ms"] > LONG_MS]
    by_kind: Counter[str] = Counter()
    in_long: Counter[str] = Counter()
    for task in tasks:
        by_kind.update({k: v for k, v in task["self"].items()})
        if task["ms"] > LONG_MS:
            in_long.update({k: v for k, v in task["self"].items()})
    work: Counter[str] = Counter()
    for task in tasks:
        work.update(task["work"])
    blocking = sum(t["ms"] - LONG_MS for t in long if t["ts"] >= fcp)
    phases: Counter[str] = Counter()  # the page's load phases where scripts run
    for event in mine:
        data = event.get("args", {}).get("data", {}) or {}
        if event["name"] == "EvaluateScript":
            phases[f"evaluate {script_name(data.get('url', ''))}"] += event["dur"] / 1000
        elif event["name"] == "EventDispatch" and data.get("type") == "DOMContentLoaded":
            phases["DOMContentLoaded handlers"] += event["dur"] / 1000
    return {
        "tasks": len(tasks),
        "long tasks": len(long),
        "blocking ms (after first paint)": round(blocking),
        "main thread ms": round(sum(t["ms"] for t in tasks)),
        "longest ms": round(max((t["ms"] for t in tasks), default=0)),
        "work": dict(sorted(work.items())),
        "by kind ms": {k: round(v) for k, v in by_kind.most_common() if round(v)},
        "in long tasks ms": {k: round(v) for k, v in in_long.most_common() if round(v)},
        "long tasks ms": [round(t["ms"]) for t in long],
        "phases ms": {k: round(v) for k, v in sorted(phases.items()) if round(v)},
    }


def profile(browser: Any, url: str, cpu: float) -> dict[str, Any]:
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    events: list[dict[str, Any]] = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(QUIET_MS)  # the page's own timers and idle work (a bench, not a test)
    done: list[bool] = []
    cdp.on("Tracing.tracingComplete", lambda message: done.append(True))
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    counts = page.evaluate(DOM_COUNTS)
    marks = page.evaluate(
        "performance.getEntriesByType('measure').filter(m => m.name.startsWith('mlprep'))"
        ".map(m => [m.name, m.duration])"
    )
    context.close()
    result = breakdown(events)
    measures: Counter[str] = Counter()
    for name, ms in marks:
        measures[name] += ms
    result["mlprep measures ms"] = {k: round(v, 1) for k, v in measures.items()}
    result["dom"] = counts
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in runs[0].items():
        if isinstance(value, (int, float)):
            out[key] = statistics.median(r[key] for r in runs)
        elif isinstance(value, dict):
            keys = {k for r in runs for k in r[key]}
            out[key] = dict(sorted(((k, statistics.median(r[key].get(k, 0) for r in runs)) for k in keys),
                                   key=lambda kv: -kv[1]))  # fmt: skip
        else:
            out[key] = [r[key] for r in runs]
    return out


RATIO_KEYS = ("main thread ms", "blocking ms (after first paint)", "long tasks")


def ratios(ours: dict[str, Any], peer: dict[str, Any]) -> dict[str, float | None]:
    """Ours over the peer's, for the figures that say how heavy a page is."""
    pairs = {key: (ours[key], peer[key]) for key in RATIO_KEYS}
    for key in ("elements styled", "objects laid out"):
        pairs[key] = (ours["work"].get(key, 0), peer["work"].get(key, 0))
    pairs["elements"] = (ours["dom"]["elements"], peer["dom"]["elements"])
    return {key: round(a / b, 2) if b else None for key, (a, b) in pairs.items()}


def profile_site(browser: Any, folder: Path, paths: list[str], runs: int, cpu: float) -> dict[str, Any]:
    """Each path's median figures, the runs taking turns with the other paths'."""
    found: dict[str, list[dict[str, Any]]] = {path: [] for path in paths}
    with serve(folder, gzip=True) as base:
        for _ in range(runs):
            for path in paths:
                found[path].append(profile(browser, base + path.lstrip("/"), cpu))
    return {path: median_of(results) for path, results in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu", type=float, default=4.0, help="CPU slowdown (Lighthouse mobile: 4)")
    parser.add_argument("--peer", type=Path, help="a built peer site with the same paths (plain Material)")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    # Lighthouse's flags but headless (Playwright's own); the host rules are one flag with spaces.
    flags = ["--" + f.lstrip("-") for f in CHROME_FLAGS.split(" --") if "headless" not in f]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chrome, args=flags)
        try:
            ours = profile_site(browser, args.site, args.paths, args.runs, args.cpu)
            peer = profile_site(browser, args.peer, args.paths, args.runs, args.cpu) if args.peer else {}
        finally:
            browser.close()
    conditions = f"median of {args.runs}, CPU slowed {args.cpu:g}x, load {os.getloadavg()[0]:.1f}"
    for path, figures in ours.items():
        print(f"{path} ({conditions})")
        print(json.dumps(figures, indent=1))
        if path in peer:
            print(f"{path} peer ({args.peer})")
            print(json.dumps(peer[path], indent=1))
            print(f"{path} ours / peer: {json.dumps(ratios(figures, peer[path]))}")


if __name__ == "__main__":
    main()
