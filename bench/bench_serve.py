"""Live reload: a real `mkdocs serve` of a generated 10,000-question bank through the mlprep
plugin, side by side with the same content written by hand (the issue's fair peer: a
`## N. Question {#id}` heading per question and a `??? note "Answer"` block under it, same
theme and markdown extensions; `bench_site` generates both).

Both servers run at once (an idle one costs nothing); edits alternate between them. For each
edit, one answer's first line in one file gets a new word, and the time is taken from the
file write until an HTTP GET of that topic's page returns the new word (the page is polled:
MkDocs holds a request while it rebuilds, so the page returned is the finished build's).

Target (issue 22): ours ≤ 0.5× the peer's time, median of the edits. Not a test.

    python bench/bench_serve.py [--questions 10000] [--topics 100] [--edits 3] [--short]
    python bench/bench_serve.py --profile   # one in-process serve-like rebuild, cProfile'd
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_site  # noqa: E402  # the bank and peer generators, shared with the full-build bench

WORK = bench_site.REPO / "bench" / ".work" / "serve"
POLL_SECONDS = 0.05
TIMEOUT_SECONDS = 300.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare(questions: int, topics: int, short: bool) -> tuple[list[dict[str, Any]], dict[str, Path]]:
    """The bank, and the folder of each site with its mkdocs.yml."""
    import shutil

    if WORK.exists():
        shutil.rmtree(WORK)
    bank = bench_site.generate_bank(questions, topics, short)
    ours, peer = WORK / "plugin", WORK / "peer"
    bench_site.write_content(bank, ours / "content")
    (ours / "docs").mkdir()
    bench_site.write_hand_docs(bank, peer / "docs", form="fair")
    plugins: dict[str, list[Any]] = {"plugin": ["search", "mlprep"], "peer": ["search"]}
    for name, root in (("plugin", ours), ("peer", peer)):
        config = bench_site.mkdocs_config(plugins[name])
        config.pop("site_url")  # served at the root
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return bank, {"plugin": ours, "peer": peer}


def topic_file(site: str, root: Path, slug: str) -> Path:
    return root / ("content" if site == "plugin" else "docs") / f"{slug}.md"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, deadline: float) -> None:
    """Poll `url` until its page holds `text` (or the deadline passes)."""
    while time.perf_counter() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"{url} did not show {text!r} in time")


class Server:
    def __init__(self, site: str, root: Path) -> None:
        self.site, self.root, self.port = site, root, free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{self.port}"]
        self.log = (root / "serve.log").open("w")
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def url(self, slug: str) -> str:
        return f"http://127.0.0.1:{self.port}/{slug}/"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def edit_and_time(server: Server, bank: list[dict[str, Any]], edit: int) -> float:
    """Edit one answer's first line in one topic's file; seconds until its page shows it."""
    topic = bank[(edit * 37 + 11) % len(bank)]
    question = next(q for q in topic["questions"][edit * 7 :] if q["answer"])
    line = question["answer"].split("\n", 1)[0]
    path = topic_file(server.site, server.root, topic["slug"])
    text = path.read_text(encoding="utf-8")
    if text.count(line) != 1:
        raise SystemExit(f"{path}: the answer's line to edit is not unique")
    word = f"edited{edit}x{server.port}"
    start = time.perf_counter()
    path.write_text(text.replace(line, f"{word} {line}"), encoding="utf-8")
    wait_for(server.url(topic["slug"]), word, start + TIMEOUT_SECONDS)
    return time.perf_counter() - start


def bench(args: argparse.Namespace) -> None:
    bank, roots = prepare(args.questions, args.topics, args.short)
    servers = {name: Server(name, root) for name, root in roots.items()}
    times: dict[str, list[float]] = {name: [] for name in servers}
    try:
        first = bank[0]["slug"]
        for server in servers.values():  # the first build: served once the page is there
            wait_for(server.url(first), "</html>", time.perf_counter() + TIMEOUT_SECONDS)
        for edit in range(args.edits):
            for name, server in servers.items():  # alternate, so drift in load hits each alike
                seconds = edit_and_time(server, bank, edit)
                times[name].append(seconds)
                print(f"  edit {edit + 1} {name:6} {seconds:6.2f} s", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    median = {name: statistics.median(values) for name, values in times.items()}
    answers = "short" if args.short else "long"
    print(f"\n{args.questions} questions / {args.topics} topics, {answers} answers, {args.edits} edits each")
    print(f"  mlprep plugin      {median['plugin']:6.2f} s  (median, edit saved -> page served)")
    print(f"  hand-written peer  {median['peer']:6.2f} s")
    print(f"  ratio {median['plugin'] / median['peer']:.3f}   (target <= 0.5)")


def profile(args: argparse.Namespace) -> None:
    """A serve-like rebuild in this process (the plugin instance kept, as `serve` keeps it),
    after an edit to one answer, under cProfile: the cumulative times of the build's stages."""
    import cProfile
    import logging
    import pstats
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    bank, roots = prepare(args.questions, args.topics, args.short)
    site_dir = tempfile.mkdtemp(prefix="bench_serve_")
    config_file = str(roots["plugin"] / "mkdocs.yml")

    def rebuild() -> float:
        config = load_config(config_file=config_file, site_dir=site_dir)
        start = time.perf_counter()
        build(config, serve_url="http://127.0.0.1:8000/", dirty=False)
        return time.perf_counter() - start

    load_config(config_file=config_file).plugins.on_startup(command="serve", dirty=False)  # once, as serve
    print(f"  first build {rebuild():.2f} s", flush=True)
    path = topic_file("plugin", roots["plugin"], bank[5]["slug"])
    line = next(q for q in bank[5]["questions"] if q["answer"])["answer"].split("\n", 1)[0]
    path.write_text(path.read_text(encoding="utf-8").replace(line, f"edited {line}"), encoding="utf-8")
    profiler = cProfile.Profile()
    profiler.enable()
    seconds = rebuild()
    profiler.disable()
    print(f"  rebuild after one edit {seconds:.2f} s (under cProfile)\n")
    stats = pstats.Stats(profiler)
    stages = {
        "load the bank": "load_bank",
        "page markdown conversion": "render",
        "page templates": "_build_template",
        "search index (topic pages)": "index_topic_page",
        "search index (written)": "on_post_build",
        "JSON-LD": "faq_jsonld",
        "quiz data": "write_quiz_data",
        "deck": "write_apkg",
        "generate topic pages' markdown": "site_pages",
        "copy static files": "copy_static_files",
    }
    table: dict[str, float] = {}
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        for stage, name in stages.items():
            if function == name and ("mkdocs" in filename or "mlprep" in filename or "material" in filename):
                table[stage] = table.get(stage, 0.0) + row[3]
    for stage, cumulative in sorted(table.items(), key=lambda item: -item[1]):
        print(f"  {stage:34} {cumulative:6.2f} s")
    if args.dump:
        stats.dump_stats(args.dump)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--short", action="store_true", help="one or two sentences per answer")
    parser.add_argument("--profile", action="store_true", help="profile one in-process rebuild instead")
    parser.add_argument("--dump", help="with --profile: write the cProfile stats to this file")
    args = parser.parse_args()
    profile(args) if args.profile else bench(args)


if __name__ == "__main__":
    main()
