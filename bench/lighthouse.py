"""Lighthouse scores and page weight of the study site: the bundled bank, a generated bank of
2,500 questions (25 topics), and two big topic pages (341 and 500 questions, see
lighthouse_banks.py), all built with the repository's mkdocs.yml and theme overrides; and the
big pages' peer, plain Material with the same generated questions written by hand.

Each site is built with `mkdocs build` into bench/.work/lighthouse/<site>/site, served from
127.0.0.1 on a free port by Python's http.server in a thread (static files, text ones
gzip-compressed as static hosts such as GitHub Pages send them, `--no-gzip` for none; no
Cache-Control headers, HTTP/1.0, so the audits marked "(server)" in the output judge this
server, not the site), and audited by the Lighthouse CLI with its defaults: mobile form factor,
simulated throttling, categories performance, accessibility, best practices and SEO. Chromium
runs headless and resolves no host but 127.0.0.1, so no request leaves the machine.

The build uses this checkout's plugin (src/ comes first on the build's PYTHONPATH).

Lighthouse comes from npm, installed on first use into bench/.work/node (or set
MLPREP_LIGHTHOUSE to the cli/index.js of one installed elsewhere):

    npm install --prefix bench/.work/node lighthouse@12     # 13 needs Node >= 22.19

Runs are sequential; on a shared machine hold the benchmark lock:

    flock /tmp/bench.lock python bench/lighthouse.py [--runs N] [--only bundled|large|big|plain ...]
        [--questions 2500] [--json FILE] [--chrome /usr/bin/chromium] [--build-only]

With --runs N each page is audited N times: the table shows the median of each score and of the
weight, the failing audits are those of the run with the median performance score. A run that
fails (a DevTools call can time out on a busy machine) is tried again, up to 3 times. Raw reports
are kept under bench/.work/lighthouse/reports/. Simulated throttling scales the CPU time observed,
so performance drops when the machine is busy: the output gives Lighthouse's CPU benchmark index
and the load average beside the table. Not a test.

Targets: bundled site and big pages performance >= 95 and accessibility, best practices, SEO = 100
on every page; 2,500-question site performance >= 90.
"""

from __future__ import annotations

import argparse
import functools
import gzip as gzip_module
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from lighthouse_banks import copy_project, write_bank, write_big_bank, write_plain_project  # noqa: E402
from lighthouse_report import (  # noqa: E402
    CATEGORIES,
    PageResult,
    failing_audits,
    failing_text,
    scores,
    table,
    targets_text,
)

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / ".work" / "lighthouse"
NODE_PREFIX = REPO / "bench" / ".work" / "node"
LIGHTHOUSE_CLI = Path(
    os.environ.get("MLPREP_LIGHTHOUSE", NODE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js")
)
LIGHTHOUSE_PACKAGE = "lighthouse@12"  # lighthouse 13 requires Node >= 22.19
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
)
ATTEMPTS = 3  # per Lighthouse run


@dataclass(frozen=True)
class Site:
    name: str
    project: Path  # the folder of its mkdocs.yml
    pages: tuple[str, ...]

    @property
    def output(self) -> Path:
        return WORK / self.name / "site"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def large_site(questions: int) -> Site:
    """A project with the repository's set-up and a generated bank of `questions` in 25 topics."""
    project = WORK / "large" / "project"
    slugs = write_bank(project / copy_project(REPO, project), questions)
    return Site("large", project, (f"/{slugs[0]}/", "/quiz/"))


def big_site() -> Site:
    """A project with the repository's set-up and two big topic pages (341 and 500 questions)."""
    project = WORK / "big" / "project"
    corpus = Path(os.environ.get("MLPREP_CORPUS", REPO / "bench" / ".work" / "corpus"))
    slugs = write_big_bank(project / copy_project(REPO, project), corpus)
    return Site("big", project, tuple(f"/{slug}/" for slug in slugs))


def plain_site() -> Site:
    """The peer of the big pages: plain Material (no plugin, no overrides) with the generated
    341- and 500-question pages written by hand, `## N. Question` and a collapsed
    `??? note "Answer"` each."""
    project = WORK / "plain" / "project"
    return Site("plain", project, tuple(f"/{name}/" for name in write_plain_project(project)))


# --- build and serve ---------------------------------------------------------------------------


def build(site: Site, site_url: str) -> None:
    path = os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "MLPREP_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site.output)]
    result = subprocess.run(command, cwd=site.project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build of the {site.name} site failed:\n{result.stderr[-3000:]}")


COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class QuietHandler(SimpleHTTPRequestHandler):
    gzip = False
    """Send text files gzip-compressed to clients that accept it, as static hosts do (GitHub
    Pages, Netlify, S3 behind a CDN), each file compressed once (while it is unchanged) as such
    a host keeps it: compressing a 600 KB page again for every request, on a busy machine,
    delayed the stylesheets behind it."""
    compressed: dict[tuple[Path, int], bytes] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802  # http.server's name
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepted and path.is_file() and path.suffix in COMPRESSED_SUFFIXES):
            super().do_GET()
            return
        key = (path, path.stat().st_mtime_ns)
        body = self.compressed.get(key)
        if body is None:
            body = self.compressed[key] = gzip_module.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path, gzip: bool = False) -> Iterator[str]:
    """Serves `folder` (which may be filled later) on 127.0.0.1; yields the base URL."""
    handler = functools.partial(type("Handler", (QuietHandler,), {"gzip": gzip}), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- Lighthouse --------------------------------------------------------------------------------


def ensure_lighthouse() -> None:
    if LIGHTHOUSE_CLI.exists():
        return
    command = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_PREFIX), LIGHTHOUSE_PACKAGE]
    log("installing Lighthouse: " + " ".join(command))
    if shutil.which("npm") is None or subprocess.run(command).returncode != 0:
        raise SystemExit(f"Lighthouse is missing; install it with:\n  {' '.join(command)}")


class LighthouseError(Exception):
    pass


def run_lighthouse(url: str, report: Path, chrome: str) -> dict[str, Any]:
    command = [
        "node", str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}", "--quiet", "--no-enable-error-reporting",
    ]  # fmt: skip
    report.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not report.exists():
        raise LighthouseError(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise LighthouseError(f"Lighthouse failed on {url}: {data['runtimeError']}")
    return data


def run_with_retry(url: str, report: Path, chrome: str) -> dict[str, Any]:
    """A run that fails (on a busy machine a DevTools call can time out) is tried again."""
    failure = ""
    for attempt in range(1, ATTEMPTS + 1):
        report.unlink(missing_ok=True)
        try:
            return run_lighthouse(url, report, chrome)
        except LighthouseError as error:
            failure = str(error).strip()
            log(f"  attempt {attempt} of {ATTEMPTS}: {failure}")
    raise SystemExit(failure)


def report_path(site: Site, path: str, run: int) -> Path:
    name = path.strip("/").replace("/", "-") or "home"
    return WORK / "reports" / f"{site.name}-{name}-{run}.json"


def measure_page(site: Site, base: str, path: str, runs: int, chrome: str, reuse: bool = False) -> PageResult:
    reports, numbers = [], []
    for run in range(runs):
        if reuse:  # the report of an earlier run, read back
            report = json.loads(report_path(site, path, run).read_text(encoding="utf-8"))
            base = report["finalDisplayedUrl"].split(path, 1)[0] + "/"
        else:
            report = run_with_retry(base + path.lstrip("/"), report_path(site, path, run), chrome)
        reports.append(report)
        numbers.append(scores(report))
        log(f"  {site.name} {path} run {run + 1}: {numbers[-1]}")
    median_run = sorted(range(runs), key=lambda r: numbers[r]["performance"])[runs // 2]
    median = {key: statistics.median(n[key] for n in numbers) for key in numbers[0]}
    weight, index = median.pop("weight_kib"), median.pop("benchmark_index")
    failing = failing_audits(reports[median_run], base)
    return PageResult(site.name, path, median, weight, index, numbers, failing)


def measure_site(site: Site, runs: int, chrome: str, gzip: bool) -> list[PageResult]:
    with serve(site.output, gzip) as base:
        log(f"building the {site.name} site into {site.output} (served at {base})")
        build(site, base)
        return [measure_page(site, base, path, runs, chrome) for path in site.pages]


def print_report(results: list[PageResult], runs: int, gzip: bool) -> None:
    index = statistics.median(r.benchmark_index for r in results)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nLighthouse {lighthouse_version()}, mobile, simulated throttling, median of {runs} run(s);")
    print(f"Lighthouse CPU benchmark index {index:.0f} (median), load average at the end {load}\n")
    print(table(results))
    print(f"\n{targets_text()}")
    compression = "text files gzip-compressed" if gzip else "no compression"
    print(f"Served by Python's http.server: {compression}, no cache headers; audits marked (server)")
    print("judge that server, not the site.\n")
    for result in results:
        print(failing_text(result) + "\n")


def lighthouse_version() -> str:
    package = json.loads((LIGHTHOUSE_CLI.parents[1] / "package.json").read_text(encoding="utf-8"))
    return str(package["version"])


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--only",
        choices=("bundled", "large", "big", "plain"),
        action="append",
        help="measure this site only (may be given again); plain: the big pages' plain Material peer",
    )
    parser.add_argument("--questions", type=int, default=2500, help="questions of the large site")
    parser.add_argument("--json", type=Path, help="save the numbers and failing audits to FILE")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument(
        "--gzip",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="serve text files gzip-compressed, as static hosts do (default); --no-gzip: plain",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="no new audits: the table of the reports the last run saved"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the sites, no audits (for bench/profile_page.py)"
    )
    args = parser.parse_args()
    if not (args.reuse or args.build_only):
        ensure_lighthouse()
    sites = []
    wanted = set(args.only or ("bundled", "large", "big", "plain"))
    if "bundled" in wanted:
        sites.append(Site("bundled", REPO, ("/", "/canary-and-ab-testing/", "/quiz/")))
    if "large" in wanted:
        sites.append(large_site(args.questions))
    if "big" in wanted:
        sites.append(big_site())
    if "plain" in wanted:
        sites.append(plain_site())
    runs = max(args.runs, 1)
    if args.build_only:
        for site in sites:
            build(site, "http://127.0.0.1/")
            print(site.output)
        return
    if args.reuse:
        results = [
            measure_page(site, "", path, runs, args.chrome, reuse=True)
            for site in sites
            for path in site.pages
        ]
    else:
        results = [r for site in sites for r in measure_site(site, runs, args.chrome, args.gzip)]
    print_report(results, runs, args.gzip)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
