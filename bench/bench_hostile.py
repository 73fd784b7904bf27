"""The hostile repros of issue 23, each through `mlprep-site validate` and a `mkdocs build` of a
one-topic site, each in a child process of its own: how long each takes, and whether it is
refused (exit status 1 with the finding) or built. Target on 2 cores: every case builds or is
refused in under 10 s, and `validate` takes under 1 s per MB.

Before the limits (issue 23's own measurements) these took: `<a ` x 30,000: 152 s; `<div>` x
20,000: 28 s; 200,000 code spans: 160 s; 50,000 reference links: >150 s; 100,000 `$x^2$`: 53 s;
20,000 footnotes: 45 s; a 2,000-level list: 35 s; 300,000 tags: 140 s. Each is now refused by
the loader (`core.reading.limits`) and the build takes under 2 s. Wall time and the child's CPU time are
both printed: on a shared machine the CPU time is the one to compare. `--at-limit` builds the
largest shape each limit lets through instead (what an accepted answer can cost), and
`--questions N` puts the answer in N questions of the topic. Not a test.

    python bench/bench_hostile.py [--case NAME ...] [--at-limit] [--questions 1] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.site_helpers import site_config  # noqa: E402
from tests.test_hostile_limits import footnotes, images, nested_details, nested_list, reference_links  # noqa: E402

from mlprep_site.core.reading import limits  # noqa: E402


def topic(answer: str, tags: list[str] | None = None, questions: int = 1) -> str:
    blocks = ["# Hostile\n"]
    for number in range(1, questions + 1):
        meta = f"{{id: q{number}" + (", tags: [" + ", ".join(tags) + "]" if tags else "") + "}"
        blocks.append(
            f"{number}. **What?**\n<!-- mlprep: {meta} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(blocks)


# name -> (the issue's count, the most the limits let through, answer text for a count)
CASES: dict[str, tuple[int, int, Callable[[int], str]]] = {
    "a-tags": (30_000, limits.MAX_TAGS_HTML, lambda n: "<a " * n),
    "divs": (20_000, limits.MAX_HTML_DEPTH, lambda n: "<div>" * n),
    "closed-tags": (20_000, limits.MAX_TAGS_HTML // 4, lambda n: "<b>x</b> " * n),  # work-bound
    "code-spans": (200_000, limits.MAX_CODE_SPANS, lambda n: "`x` " * n),
    "reference-links": (50_000, limits.MAX_LINKS // 3, reference_links),
    "images": (2_000, limits.MAX_LINKS, images),
    "math": (100_000, limits.MAX_MATH, lambda n: "$x^2$ " * n),
    "backslashes": (99_000, 20_000, lambda n: "\\" * n),  # not in the issue: 3 s in one answer
    "footnotes": (20_000, limits.MAX_LINKS // 2, footnotes),
    "nested-list": (2_000, limits.MAX_DEPTH, nested_list),
    "nested-details": (500, limits.MAX_HTML_DEPTH - 1, nested_details),  # its <summary> is one more
}
TAG_CASES = {"tags-300k": 300_000, "tags-40k": 40_000}
# Distinct formulas outside the plain grammar (each drawn to be checked), as many per topic as
# the topic's limit lets through, over enough topics to make 1 MB: the per-bank draw budget.
SPREAD_CASES = {"math-drawn-1mb": 1_000_000}


def drawn_formulas(first: int, count: int) -> str:
    return " ".join(f"$\\left(x_{{{n}}}\\right)$" for n in range(first, first + count))


def write_case(root: Path, name: str, at_limit: bool, questions: int = 1) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    if name in SPREAD_CASES:
        per_topic = limits.MAX_MATH
        formulas_per_mb = SPREAD_CASES[name] // len(drawn_formulas(10_000, 1) + " ")
        for number in range(-(-formulas_per_mb // per_topic)):
            answer = drawn_formulas(number * per_topic, per_topic)
            text = topic(answer, questions=questions).replace("{id: q", f"{{id: t{number}q")
            (content / f"hostile-{number}.md").write_text(text, encoding="utf-8")
    elif name in TAG_CASES:
        count = limits.MAX_TAGS_PER_QUESTION if at_limit else TAG_CASES[name]
        text = topic("An answer.", [f"tag-{n}" for n in range(count)], questions)
        (content / "hostile.md").write_text(text, encoding="utf-8")
    else:
        issue_count, limit_count, make = CASES[name]
        text = topic(make(limit_count if at_limit else issue_count), questions=questions)
        (content / "hostile.md").write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(yaml.safe_dump(site_config(), sort_keys=False), encoding="utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, timeout: float) -> tuple[float, float, str]:
    """Wall time, the child's CPU time (what a busy shared machine does not inflate), and
    what became of the input."""
    start, cpu = time.perf_counter(), _children_cpu()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, _children_cpu() - cpu, f"timeout after {timeout:.0f} s"
    status = "refused" if done.returncode else "built"
    said = [line for line in (done.stdout + done.stderr).splitlines() if "error" in line.lower()]
    detail = f"{status} (exit {done.returncode}){': ' + said[0] if said else ''}"
    return time.perf_counter() - start, _children_cpu() - cpu, detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=[*CASES, *TAG_CASES, *SPREAD_CASES])
    parser.add_argument("--at-limit", action="store_true")
    parser.add_argument("--questions", type=int, default=1, help="Questions carrying the answer.")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    rows = []
    for name in args.case or [*CASES, *TAG_CASES, *SPREAD_CASES]:
        root = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
        try:
            write_case(root, name, args.at_limit, args.questions)
            size = sum(path.stat().st_size for path in (root / "content").iterdir())
            validate = timed([sys.executable, "-m", "mlprep_site", "validate", "content"], root, args.timeout)
            build = timed([sys.executable, "-m", "mkdocs", "build", "-q"], root, args.timeout)
            rows.append({"case": name, "bytes": size, "validate_s": validate, "build_s": build})
            print(
                f"{name:16} {size / 1e6:6.2f} MB  validate {validate[0]:6.2f} s (cpu {validate[1]:5.2f})"
                f" {validate[2][:24]:24}  build {build[0]:6.2f} s (cpu {build[1]:5.2f}) {build[2][:60]}",
                flush=True,
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
