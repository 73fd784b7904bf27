"""Lighthouse scores and page weight of the study site: the bundled bank and a generated bank of
2,500 questions (25 topics), both built with the repository's mkdocs.yml and overrides/.

Each site is built with `mkdocs build` into bench/.work/lighthouse/<site>/site, served from
127.0.0.1 on a free port by Python's http.server in a thread (static files, text ones
gzip-compressed as static hosts such as GitHub Pages send them, `--no-gzip` for none; no
Cache-Control headers, HTTP/1.0, so the audits marked "(server)" in the output judge this
server, not the site), and audited by the Lighthouse CLI with its defaults: mobile form factor,
simulated throttling, categories performance, accessibility, best practices and SEO. Chromium
runs headless and resolves no host but 127.0.0.1, so no request leaves the machine.

The build uses this checkout's plugin (src/ comes first on the build's PYTHONPATH).

Lighthouse comes from npm, installed on first use into bench/.work/node:

    npm install --prefix bench/.work/node lighthouse@12     # 13 needs Node >= 22.19

Runs are sequential; on a shared machine hold the benchmark lock:

    flock /tmp/bench.lock python bench/lighthouse.py [--runs N] [--only bundled|large]
        [--questions 2500] [--json FILE] [--chrome /usr/bin/chromium]

With --runs N each page is audited N times: the table shows the median of each score and of the
weight, the failing audits are those of the run with the median performance score. A run that
fails (a DevTools call can time out on a busy machine) is tried again, up to 3 times. Raw reports
are kept under bench/.work/lighthouse/reports/. Simulated throttling scales the CPU time observed,
so performance drops when the machine is busy: the output gives Lighthouse's CPU benchmark index
and the load average beside the table. Not a test.

Targets: bundled site performance >= 95 and accessibility, best practices, SEO = 100 on every
page; 2,500-question site performance >= 90.
"""

from __future__ import annotations

import argparse
import functools
import gzip as gzip_module
import json
import os
import random
import re
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
LIGHTHOUSE_CLI = NODE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PACKAGE = "lighthouse@12"  # lighthouse 13 requires Node >= 22.19
CHROME_FLAGS = "--headless=new --no-sandbox --host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
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


# --- the 2,500-question bank -------------------------------------------------------------------

TOPICS = (
    "Feature stores", "Model registries", "Batch inference", "Online serving", "Model compression",
    "GPU scheduling", "Data validation", "Experiment tracking", "Training pipelines", "Drift detection",
    "Shadow deployments", "Blue-green releases", "Canary analysis", "Autoscaling", "Caching predictions",
    "Observability", "Incident response", "Access control", "Privacy", "Cost control",
    "Streaming features", "Edge deployment", "LLM serving", "Evaluation", "Reproducibility",
)  # fmt: skip
WORDS = (
    "model", "feature", "drift", "latency", "canary", "rollout", "batch", "stream", "serving",
    "cache", "replica", "shadow", "metric", "threshold", "gradient", "ensemble", "pipeline",
    "schema", "registry", "tensor", "quantise", "label", "embedding", "retrain", "monitor",
    "alert", "rollback", "traffic", "experiment", "variant", "bucket", "sample",
)  # fmt: skip
DIFFICULTIES = ("easy", "medium", "medium", "hard")


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def answer(rng: random.Random, i: int) -> str:
    """A lead sentence in bold, two paragraphs, a list; every third has code, every fifth a table."""
    parts = [f"**{sentence(rng, 16)}**", f"{sentence(rng, 30)} {sentence(rng, 25)}", sentence(rng, 35)]
    parts.append("\n".join(f"- **{rng.choice(WORDS)}:** {sentence(rng, 14)}" for _ in range(4)))
    if i % 3 == 0:
        code = f"def predict_{i}(features):\n    scores = model.predict(features)\n    return scores > 0.5"
        parts.append(f"```python\n{code}\n```")
    if i % 5 == 0:
        rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} ms |" for _ in range(4))
        parts.append(f"| stage | p95 |\n|---|---|\n{rows}")
    return "\n\n".join(parts)


def question_block(rng: random.Random, number: int, i: int) -> str:
    meta = (
        f"{{id: generated-{i}, tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}], "
        f"difficulty: {rng.choice(DIFFICULTIES)}}}"
    )
    body = f"\n{answer(rng, i)}\n" if i % 20 else ""  # one question in twenty is still wanted
    return (
        f"{number}. **{sentence(rng, 10)[:-1]}, case {i}?**\n<!-- mlprep: {meta} -->\n\n"
        f"<details>\n<summary>Answer</summary>\n{body}\n</details>\n"
    )


def topic_file(rng: random.Random, order: int, title: str, per_topic: int) -> str:
    slug = slugify(title)
    head = (
        f"---\ntitle: {title}\nslug: {slug}\norder: {order}\n"
        f"description: Interview questions on {title.lower()}.\ntags: [{rng.choice(WORDS)}]\n---\n"
        f"# {title}\n"
    )
    first = order * per_topic
    blocks = [question_block(rng, n + 1, first + n + 1) for n in range(per_topic)]
    refs = "".join(f"- [{title}, part {k}](https://example.org/{slug}/{k})\n" for k in (1, 2, 3))
    return "\n".join([head, *blocks, f"## References and Reading Materials\n{refs}"])


def write_bank(folder: Path, questions: int, topics: int = len(TOPICS)) -> list[str]:
    """The bank as topic files in `folder`; returns the topic slugs."""
    rng = random.Random(2500)
    folder.mkdir(parents=True)
    per_topic = questions // topics
    for order, title in enumerate(TOPICS[:topics]):
        text = topic_file(rng, order, title, per_topic)
        (folder / f"{slugify(title)}.md").write_text(text, encoding="utf-8")
    return [slugify(title) for title in TOPICS[:topics]]


def large_site(questions: int) -> Site:
    """A project folder with the repository's mkdocs.yml, docs/ and overrides/ and a generated bank
    in the folder the plugin's `content:` names."""
    project = WORK / "large" / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("docs", "src/mlprep_site/site/overrides"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy(REPO / "CONTRIBUTING.md", project)  # docs/contributing.md includes it
    match = re.search(r"^\s+content:\s*(\S+)\s*$", config, re.MULTILINE)
    slugs = write_bank(project / (match.group(1) if match else "content"), questions)
    return Site("large", project, (f"/{slugs[0]}/", "/quiz/"))


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
    Pages, Netlify, S3 behind a CDN)."""

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
        body = gzip_module.compress(path.read_bytes(), 6)
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


def measure_page(site: Site, base: str, path: str, runs: int, chrome: str) -> PageResult:
    reports, numbers = [], []
    name = path.strip("/").replace("/", "-") or "home"
    for run in range(runs):
        report = run_with_retry(
            base + path.lstrip("/"), WORK / "reports" / f"{site.name}-{name}-{run}.json", chrome
        )
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
    parser.add_argument("--only", choices=("bundled", "large"), help="measure one site only")
    parser.add_argument("--questions", type=int, default=2500, help="questions of the large site")
    parser.add_argument("--json", type=Path, help="save the numbers and failing audits to FILE")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument(
        "--gzip",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="serve text files gzip-compressed, as static hosts do (default); --no-gzip: plain",
    )
    args = parser.parse_args()
    ensure_lighthouse()
    sites = []
    if args.only in (None, "bundled"):
        sites.append(Site("bundled", REPO, ("/", "/canary-and-ab-testing/", "/quiz/")))
    if args.only in (None, "large"):
        sites.append(large_site(args.questions))
    results = [r for site in sites for r in measure_site(site, max(args.runs, 1), args.chrome, args.gzip)]
    print_report(results, max(args.runs, 1), args.gzip)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
