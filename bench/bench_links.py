"""check-links side by side with lychee and linkinator on 1,000 loopback references.

Scenario (issue 4): 1,000 reference URLs spread over 10 loopback hosts (127.0.0.10-19), each
answering after 50 ms; 5% answer 404, 10% redirect once (301) to a page that answers 200. They are
written into a generated markdown bank (10 topic files) in a temporary folder. One run compares:

- mlprep-site check-links with its defaults (cold: empty cache);
- lychee with its defaults, and with the same global/per-host concurrency and no request interval
  (lychee 0.24 checks loopback addresses by default: excluding them is opt-in through
  --exclude-loopback / --exclude-all-private, so no flag is needed to let it reach the servers);
- linkinator and markdown-link-check (npm, installed into bench/.work/node_modules on first use);
- mlprep-site check-links again with a warm cache (the 50 broken links are rechecked, since
  failures are never cached, each with a single GET: the cache's hint that HEAD did not settle
  them last time).

Every checker is run as a command, end to end (process start, parsing, checking), and must find
exactly the 50 broken links. Also sweeps our per-host/global concurrency to justify the defaults.
Prints medians of --repeat runs and ratios; not a test.

    python bench/bench_links.py [--repeat 3] [--no-npm] [--no-sweep]

The servers are a tiny asyncio HTTP/1.1 server in a separate process, so that neither the
checkers nor Python's web framework overhead distort the comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HOSTS = [f"127.0.0.{n}" for n in range(10, 20)]
URLS = 1000
BROKEN = 50
REDIRECTED = 100
DELAY = 0.05
WORK = Path(__file__).resolve().parent / ".work"
NODE_BIN = WORK / "node_modules" / ".bin"
NPM_CHECKERS = ("linkinator", "markdown-link-check")


# --------------------------------------------------------------------------- loopback servers


class SlowHTTP(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1: /ok/* 200, /broken/* 404, /moved/<i> 301 → /ok/moved-<i>,
    each answered DELAY seconds after the request arrived."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            close = any(line.lower() == "connection: close" for line in lines[1:])
            response = self.respond(method, path, close)
            asyncio.get_running_loop().call_later(DELAY, self.send, response, close)

    def respond(self, method: str, path: str, close: bool) -> bytes:
        headers = ["Content-Type: text/html"]
        if path.startswith("/ok/"):
            status, body = "200 OK", b"<html><body>fine</body></html>"
        elif path.startswith("/moved/"):
            status, body = "301 Moved Permanently", b""
            headers.append(f"Location: /ok/moved-{path.rsplit('/', 1)[1]}")
        else:
            status, body = "404 Not Found", b"<html><body>not here</body></html>"
        headers.append(f"Content-Length: {len(body)}")
        headers.append("Connection: close" if close else "Connection: keep-alive")
        payload = f"HTTP/1.1 {status}\r\n" + "\r\n".join(headers) + "\r\n\r\n"
        return payload.encode() + (b"" if method == "HEAD" else body)

    def send(self, response: bytes, close: bool) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        self.transport.write(response)
        if close:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve_forever() -> None:
    loop = asyncio.get_running_loop()
    for _ in range(50):
        port = random.randint(20000, 60000)
        servers = []
        try:
            for host in HOSTS:
                servers.append(await loop.create_server(SlowHTTP, host, port, backlog=1024))
        except OSError:
            for server in servers:
                server.close()
            continue
        print(port, flush=True)
        await asyncio.Event().wait()
    raise SystemExit("no port free on all ten loopback addresses")


# --------------------------------------------------------------------------- the bank


def generate_bank(root: Path, port: int) -> set[str]:
    """Ten topic files citing 1,000 URLs; returns the set of broken URLs.

    Each host gets the same share (100 URLs: 5 broken, 10 redirected, at random positions), so
    no host is a straggler that would make the comparison about one queue.
    """
    shuffle = random.Random(4)
    kinds = {}
    per_host = URLS // len(HOSTS)
    for h in range(len(HOSTS)):
        mine = list(range(h, URLS, len(HOSTS)))
        picks = shuffle.sample(mine, (BROKEN + REDIRECTED) // len(HOSTS))
        split = BROKEN // len(HOSTS)
        kinds.update({i: "broken" for i in picks[:split]})
        kinds.update({i: "moved" for i in picks[split:]})
        assert len(mine) == per_host
    urls = [f"http://{HOSTS[i % len(HOSTS)]}:{port}/{kinds.get(i, 'ok')}/{i}" for i in range(URLS)]
    per_file = URLS // 10
    for f in range(10):
        references = "\n".join(
            f"- [Reference {i}]({urls[i]})" for i in range(f * per_file, (f + 1) * per_file)
        )
        (root / f"topic-{f:02}.md").write_text(
            f"---\ntitle: Topic {f}\n---\n# Topic {f}\n\n"
            f"1. **Question {f}?**\n\n<details>\n<summary>Answer</summary>\n\nAn answer.\n\n"
            f"</details>\n\n## References and Reading Materials\n{references}\n",
            encoding="utf-8",
        )
    return {urls[i] for i, kind in kinds.items() if kind == "broken"}


# --------------------------------------------------------------------------- the checkers


@dataclass
class Checker:
    name: str
    command: Callable[[int], list[str]]
    """The command line for run number k (lets each cold run use a fresh cache file)."""
    broken: Callable[[subprocess.CompletedProcess[str], int], set[str]]


def ours_broken(done: subprocess.CompletedProcess[str], _: int) -> set[str]:
    results = json.loads(done.stdout)["results"]
    return {r["url"] for r in results if r["state"] == "broken"}


def lychee_broken(out: Path) -> Callable[[subprocess.CompletedProcess[str], int], set[str]]:
    def parse(_: subprocess.CompletedProcess[str], k: int) -> set[str]:
        document = json.loads(out.with_suffix(f".{k}.json").read_text(encoding="utf-8"))
        return {entry["url"] for entries in document["error_map"].values() for entry in entries}

    return parse


def linkinator_broken(done: subprocess.CompletedProcess[str], _: int) -> set[str]:
    document = json.loads(done.stdout)
    return {link["url"] for link in document["links"] if link["state"] == "BROKEN"}


def markdown_link_check_broken(done: subprocess.CompletedProcess[str], _: int) -> set[str]:
    # With -q only dead links are listed, as "[✖] URL → Status: 404" (once per file, once more
    # in that file's summary).
    return {
        line.split("[✖]", 1)[1].split("→", 1)[0].strip() for line in done.stdout.splitlines() if "[✖]" in line
    }


def ensure_npm_package(name: str) -> Path | None:
    """The package's command in bench/.work/node_modules (installed there if missing)."""
    command = NODE_BIN / name
    if not command.exists() and shutil.which("npm") is not None:
        WORK.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(WORK), "--no-audit", "--no-fund", name],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return command if command.exists() else None


def ours_command(content: Path, cache: Path | None, *extra: str) -> list[str]:
    base = [sys.executable, "-m", "mlprep_site", "check-links", str(content), "--format", "json"]
    return base + (["--cache", str(cache)] if cache else ["--no-cache"]) + list(extra)


def timed(checker: Checker, k: int, cwd: Path, expected: set[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        checker.command(k), cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.perf_counter() - start
    try:
        found = checker.broken(done, k)
    except (ValueError, KeyError, OSError) as error:
        raise SystemExit(f"{checker.name}: unreadable output ({error})\n{done.stderr[-2000:]}") from None
    if found != expected:
        raise SystemExit(
            f"{checker.name}: found {len(found)} broken links, expected exactly {len(expected)}; "
            f"missed {sorted(expected - found)[:3]}, extra {sorted(found - expected)[:3]}"
        )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-npm", action="store_true", help="skip linkinator")
    parser.add_argument("--no-sweep", action="store_true", help="skip the concurrency sweep")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve_forever())
        return

    from mlprep_site.links.config import LinksConfig

    defaults = LinksConfig()
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory(prefix="bench-links-") as temp:
            run(Path(temp), port, args, defaults)
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(temp: Path, port: int, args: argparse.Namespace, defaults: object) -> None:
    from mlprep_site.links.config import LinksConfig

    assert isinstance(defaults, LinksConfig)
    content = temp / "content"
    content.mkdir()
    expected = generate_bank(content, port)
    warm_cache = temp / "warm.json"
    lychee_out = temp / "lychee.json"
    glob = "content/*.md"  # relative to the working folder (linkinator serves paths from it)

    def lychee(*extra: str) -> Callable[[int], list[str]]:
        return lambda k: [
            "lychee", "--no-progress", "--format", "json",
            "--output", str(lychee_out.with_suffix(f".{k}.json")), *extra, glob,
        ]  # fmt: skip

    global_limit, host_limit = defaults.concurrency, defaults.host_concurrency
    checkers = [
        Checker("mlprep-site, defaults (cold cache)",
                lambda k: ours_command(content, temp / f"cold-{k}.json"), ours_broken),
        Checker("lychee, defaults", lychee(), lychee_broken(lychee_out)),
        Checker(f"lychee, host concurrency {host_limit}, global {global_limit}, no interval",
                lychee("--host-concurrency", str(host_limit), "--host-request-interval", "0",
                       "--max-concurrency", str(global_limit)),
                lychee_broken(lychee_out)),
    ]  # fmt: skip
    linkinator = None if args.no_npm else ensure_npm_package("linkinator")
    if linkinator is not None:
        checkers.append(
            Checker("linkinator (npm), defaults",
                    lambda k: [str(linkinator), glob, "--markdown", "--format", "json"],
                    linkinator_broken)
        )  # fmt: skip
    mlc = None if args.no_npm else ensure_npm_package("markdown-link-check")
    if mlc is not None:
        checkers.append(
            Checker("markdown-link-check (npm), defaults",
                    lambda k: [str(mlc), "-q", str(content)], markdown_link_check_broken)
        )  # fmt: skip
    checkers.append(
        Checker("mlprep-site, defaults (warm cache)",
                lambda k: ours_command(content, warm_cache), ours_broken)
    )  # fmt: skip

    timed(checkers[0], 0, temp, expected)  # warm up OS caches and connections once
    shutil.copy(temp / "cold-0.json", warm_cache)
    times: dict[str, list[float]] = {c.name: [] for c in checkers}
    for k in range(1, args.repeat + 1):
        for checker in checkers:  # interleaved, so machine load drifts hit every checker alike
            times[checker.name].append(timed(checker, k, temp, expected))
    medians = print_table(times, expected)
    cold, warm = in_process(content, temp, expected, args.repeat)
    print_targets(medians, cold, warm)
    if not args.no_sweep:
        sweep(temp, content, expected, args.repeat)


def print_table(times: dict[str, list[float]], expected: set[str]) -> dict[str, float]:
    medians = {name: statistics.median(values) for name, values in times.items()}
    ours = medians["mlprep-site, defaults (cold cache)"]
    print(f"\n{URLS} URLs over {len(HOSTS)} loopback hosts, {DELAY * 1000:.0f} ms per answer, "
          f"{len(expected)} broken; every checker found exactly these {len(expected)}.")  # fmt: skip
    print(f"{'checker':<60} {'median s':>9} {'x ours cold':>12}  runs (s)")
    for name, values in times.items():
        runs = " ".join(f"{v:.2f}" for v in values)
        print(f"{name:<60} {medians[name]:>9.2f} {medians[name] / ours:>12.2f}  {runs}")
    return medians


def in_process(content: Path, temp: Path, expected: set[str], repeat: int) -> tuple[float, float]:
    """The same cold/warm comparison without interpreter start-up and imports: load, collect,
    check, save the cache, as the command does. Returns the median (cold, warm) seconds."""
    import mlprep_site.links.checker  # noqa: F401  (aiohttp: imported before timing)
    from mlprep_site.core.loader import load_bank
    from mlprep_site.links.cache import LinkCache
    from mlprep_site.links.collect import collect_links
    from mlprep_site.links.config import LinksConfig
    from mlprep_site.links.run import check_collected_sync

    def once(cache_path: Path) -> float:
        start = time.perf_counter()
        bank, _ = load_bank([content])
        config = LinksConfig()
        cache = LinkCache(cache_path, config.cache_max_age)
        results = check_collected_sync(collect_links(bank), config, cache=cache)
        cache.save()
        seconds = time.perf_counter() - start
        if {r.url for r in results if r.state == "broken"} != expected:
            raise SystemExit("in-process run: wrong set of broken links")
        return seconds

    cold = statistics.median(once(temp / f"inproc-cold-{k}.json") for k in range(repeat))
    once(temp / "inproc-warm.json")
    warm = statistics.median(once(temp / "inproc-warm.json") for _ in range(repeat))
    print("\nIn process (no interpreter start-up or imports; load + collect + check + save cache):")
    print(f"  cold {cold:.3f} s, warm {warm:.3f} s")
    return cold, warm


def print_targets(medians: dict[str, float], cold_in_process: float, warm_in_process: float) -> None:
    """Each target of issue 4 as a ratio of medians, end to end and (where it applies) in process."""
    ours = medians["mlprep-site, defaults (cold cache)"]
    warm = medians["mlprep-site, defaults (warm cache)"]
    lychee_equal = next(v for name, v in medians.items() if name.startswith("lychee, host"))

    def row(target: str, how: str, ratio: float, met: bool | None) -> None:
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(f"  {target:<52} {how:<11} {ratio:6.2f}x  {verdict}")

    print("\nTargets (issue 4), ratios of medians:")
    ratio = ours / medians["lychee, defaults"]
    row("defaults vs lychee defaults: ours/lychee <= 1", "end to end", ratio, ratio <= 1)
    ratio = ours / lychee_equal
    row("equal settings vs lychee: ours/lychee <= 1.3", "end to end", ratio, ratio <= 1.3)
    # For scale only: our check without interpreter start-up and imports against lychee's
    # whole run (a native binary starts in a few ms).
    row("  (ours in process / lychee end to end)", "mixed", cold_in_process / lychee_equal, None)
    for name, seconds in medians.items():
        if "(npm)" in name:
            checker = name.split(" (npm)")[0]
            row(f"npm checker: {checker}/ours >= 5", "end to end", seconds / ours, seconds / ours >= 5)
    row("warm cache: cold/warm >= 10", "end to end", ours / warm, ours / warm >= 10)
    ratio = cold_in_process / warm_in_process
    row("warm cache: cold/warm >= 10", "in process", ratio, ratio >= 10)


def sweep(temp: Path, content: Path, expected: set[str], repeat: int) -> None:
    """Our checker (cold) over per-host and global limits: where do the defaults sit?"""
    print("\nmlprep-site cold run, median seconds by concurrency (global x per-host):")
    hosts_limits, global_limits = (2, 4, 8, 16), (32, 64, 128)
    print(f"{'global':>8}" + "".join(f"{f'host {h}':>10}" for h in hosts_limits))
    for global_limit in global_limits:
        row = []
        for host_limit in hosts_limits:
            checker = Checker(
                "sweep",
                lambda k, g=global_limit, h=host_limit: ours_command(
                    content, None, "--concurrency", str(g), "--host-concurrency", str(h)
                ),
                ours_broken,
            )
            row.append(statistics.median(timed(checker, k, temp, expected) for k in range(repeat)))
        print(f"{global_limit:>8}" + "".join(f"{seconds:>10.2f}" for seconds in row))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
