"""Import of a whole repository (issue 20, item 8): at most 1 s of CPU for devops-exercises.

The repository's tree at its manifest commit comes from a local clone (`--mirror`, as
bench_publish's), or any folder is given with `--source`. Times `mlprep-site import SOURCE
--out OUT` two ways, CPU time (the machine is shared), medians: first in fresh processes, its
imports done before the clock starts (nothing read before, as a user's one import runs), and
repeated in one process (the per-file caches hold what fits). Prints PASS/MISS against the
target; not a test.

    python bench/bench_import.py --mirror /work/.mirror [--repo devops-exercises] [--cold 5] [--repeat 5]
    python bench/bench_import.py --source DIR
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.corpus.measure import MANIFEST, load_manifest  # noqa: E402

from bench_publish import whole_repository  # noqa: E402

TARGET_SECONDS = 1.0  # issue 20, item 8

_FIRST_IMPORT = """
import json, sys, time
from click.testing import CliRunner
from mlprep_site.cli.main import main as cli
import mlprep_site.cli.import_cmd, mlprep_site.core.loader
start = time.process_time()
result = CliRunner().invoke(cli, ["import", sys.argv[1], "--out", sys.argv[2]])
print(json.dumps([time.process_time() - start, result.output.strip().splitlines()[-1]]))
"""


def first_imports(source: Path, work: Path, repeat: int) -> tuple[float, str]:
    """The median CPU time of the import in `repeat` fresh processes, and what it printed last."""
    runs = []
    for run in range(repeat):
        out = work / f"first-{run}"
        command = [sys.executable, "-c", _FIRST_IMPORT, str(source), str(out)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        shutil.rmtree(out, ignore_errors=True)
    return statistics.median(cpu for cpu, _ in runs), runs[0][1]


def repeated_imports(source: Path, work: Path, repeat: int) -> float:
    """The median CPU time of `repeat` imports in this process, each into an empty folder."""
    from click.testing import CliRunner

    from mlprep_site.cli.main import main as cli

    runner = CliRunner()
    runner.invoke(cli, ["import", str(source), "--out", str(work / "warm-up")])
    cpu = []
    for run in range(repeat):
        out = work / f"repeated-{run}"
        start = time.process_time()
        runner.invoke(cli, ["import", str(source), "--out", str(out)])
        cpu.append(time.process_time() - start)
        shutil.rmtree(out, ignore_errors=True)
    return statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="local clones, as bench_publish's --mirror")
    parser.add_argument("--repo", default="devops-exercises", help="manifest name (with --mirror)")
    parser.add_argument("--source", type=Path, help="import this folder instead")
    parser.add_argument("--cold", type=int, default=5, help="fresh processes for the first import")
    parser.add_argument("--repeat", type=int, default=5, help="imports repeated in this process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        work = Path(temp)
        if args.source is not None:
            source = args.source
        elif args.mirror is not None:
            repository = next(r for r in load_manifest(MANIFEST) if r.name == args.repo)
            source = whole_repository(repository, args.mirror, work / "sources")
        else:
            parser.error("give --mirror or --source")
        files = sum(1 for p in source.rglob("*") if p.suffix.lower() in (".md", ".markdown", ".mdx"))
        first, said = first_imports(source, work, args.cold)
        repeated = repeated_imports(source, work, args.repeat)
    print(f"import of {source.name} ({files} markdown files): {said}")
    print(f"  first import in a process (median of {args.cold}): CPU {first * 1000:8.1f} ms")
    print(f"  repeated in one process (median of {args.repeat}):  CPU {repeated * 1000:8.1f} ms")
    for verdict, seconds in (("first import", first), ("repeated imports", repeated)):
        verdict = f"target: at most {TARGET_SECONDS:.1f} s of CPU ({verdict})"
        print("PASS" if seconds <= TARGET_SECONDS else "MISS", verdict)


if __name__ == "__main__":
    main()
