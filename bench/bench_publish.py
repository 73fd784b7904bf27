"""Import you can publish (issue 20, item 6): each corpus repository imported, validated and built.

For each repository of tests/corpus/manifest.yml found in the corpus folder, in a temporary
folder: `mlprep-site import REPO --out OUT`, `mlprep-site validate OUT`, then
`mlprep-site build OUT --strict`. Prints per repository: markdown files, topic files written,
questions, the import's seconds and CPU seconds (in this process, medians of --repeat runs; on a
shared machine the CPU time is the steadier figure) and exit code,
validate's errors and warnings, whether the strict build passed, the linked files copied into
OUT, and the links import reported as not copied. A Q&A repository passes when its output
validates with 0 errors and builds strictly; a prose one (kind: prose) when nothing is imported.

    python tests/corpus/extract.py --mirror DIR     # once: the files, into bench/.work/corpus
    python bench/bench_publish.py [--corpus DIR] [--repo NAME]... [--repeat N] [--check]
    python bench/bench_publish.py --mirror /work/.mirror [--repo devops-exercises]
        # whole repositories at their pinned commit (with their images), from local clones

--check exits 1 when a repository does not pass.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from click.testing import CliRunner  # noqa: E402
from tests.corpus.measure import MANIFEST, Repository, corpus_root, load_manifest  # noqa: E402

from mlprep_site.cli.main import main as cli  # noqa: E402

SUMMARY_RE = re.compile(r"(\d+) topics, (\d+) questions .*: (\d+) errors?, (\d+) warnings?")
NOT_COPIED_RE = re.compile(r"\[linked-file-(?:missing|outside|large)\]")
HEADER = (
    f"{'repository':42} {'kind':5} {'files':>5} {'topics':>6} {'questions':>9} {'import s':>8} {'cpu s':>5} "
    f"{'rc':>2} {'errors':>6} {'warnings':>8} {'strict':>6} {'copied':>6} {'not copied':>10}"
)


@dataclass
class Published:
    name: str
    kind: str
    files: int
    topics: int = 0
    questions: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    import_code: int = 0
    errors: int = 0
    warnings: int = 0
    strict: bool | None = None
    """Whether `build --strict` passed; None when nothing was imported."""
    copied: int = 0
    not_copied: int = 0
    failure: str = ""

    @property
    def passed(self) -> bool:
        if self.kind == "prose":
            return self.topics == 0 and not self.failure
        return self.errors == 0 and bool(self.strict) and self.topics > 0 and not self.failure

    def row(self) -> str:
        strict = "-" if self.strict is None else "ok" if self.strict else "FAIL"
        return (
            f"{self.name:42} {self.kind:5} {self.files:5} {self.topics:6} {self.questions:9} "
            f"{self.seconds:8.2f} {self.cpu:5.2f} {self.import_code:2} {self.errors:6} {self.warnings:8} "
            f"{strict:>6} "
            f"{self.copied:6} {self.not_copied:10}" + (f"  {self.failure}" if self.failure else "")
        )


def whole_repository(repository: Repository, mirror: Path, into: Path) -> Path:
    """The repository's tree at its pinned commit, from the clone `mirror/owner+name/repo`
    (regular files only; a blob the snapshot lacks, as its largest files may be, is left out)."""
    git_dir = mirror / repository.repo.replace("/", "+") / "repo"
    listing = subprocess.run(
        ["git", "-C", str(git_dir), "ls-tree", "-r", "-z", repository.commit],
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    blobs = []
    for entry in filter(None, listing):
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            blobs.append((sha, name.decode("utf-8", "surrogateescape")))
    batch = subprocess.run(
        ["git", "-C", str(git_dir), "cat-file", "--batch"],
        input=b"".join(sha + b"\n" for sha, _ in blobs),
        check=True,
        capture_output=True,
    ).stdout
    target = into / repository.name
    position = 0
    for _, path in blobs:
        header_end = batch.index(b"\n", position)
        header = batch[position:header_end].split()
        position = header_end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(batch[position : position + size])
        position += size + 1
    return target


def publish(repository: Repository, source: Path, work: Path, repeat: int) -> Published:
    files = sum(1 for p in source.rglob("*") if p.suffix.lower() in (".md", ".markdown", ".mdx"))
    result = Published(repository.name, repository.kind, files)
    out = work / repository.name
    runner = CliRunner()
    times, cpu = [], []
    for run in range(repeat):
        if run:  # each run starts from an empty folder, as the first did
            shutil.rmtree(out, ignore_errors=True)
        start, start_cpu = time.perf_counter(), time.process_time()
        imported = runner.invoke(cli, ["import", str(source), "--out", str(out)])
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    result.seconds, result.cpu = statistics.median(times), statistics.median(cpu)
    result.import_code = imported.exit_code
    if imported.exception is not None and not isinstance(imported.exception, SystemExit):
        result.failure = f"import raised {type(imported.exception).__name__}: {imported.exception}"
        return result
    result.not_copied = len(NOT_COPIED_RE.findall(imported.output))
    if not out.is_dir():
        return result
    result.copied = sum(1 for p in out.rglob("*") if p.is_file() and p.suffix.lower() != ".md")
    validated = runner.invoke(cli, ["validate", str(out)])
    summary = SUMMARY_RE.search(validated.output)
    if summary is None:
        result.failure = f"validate said: {validated.output.strip().splitlines()[-1:]}"
        return result
    result.topics, result.questions, result.errors, result.warnings = map(int, summary.groups())
    built = subprocess.run(
        [sys.executable, "-m", "mlprep_site", "build", repository.name, "--strict", "--quiet"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    result.strict = built.returncode == 0
    if not result.strict:
        result.failure = " | ".join(built.stderr.strip().splitlines()[-2:])[:300]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_root())
    parser.add_argument("--mirror", type=Path, help="import whole repositories from these local clones")
    parser.add_argument("--repo", action="append", default=[], help="only this repository (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="import runs per repository (median)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a repository does not pass")
    args = parser.parse_args()
    repositories = [r for r in load_manifest(MANIFEST) if not args.repo or r.name in args.repo]
    print(HEADER)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as temp:
        work = Path(temp)
        for repository in repositories:
            if args.mirror is not None:
                source = whole_repository(repository, args.mirror, work / "sources")
            else:
                source = args.corpus / repository.name
                if not source.is_dir():
                    print(f"{repository.name:42} missing under {args.corpus}")
                    continue
            result = publish(repository, source, work, args.repeat)
            results.append(result)
            print(result.row(), flush=True)
    passed = sum(r.passed for r in results)
    print(f"{passed} of {len(results)} publish (Q&A: 0 errors and a strict build; prose: nothing imported)")
    if args.check and passed < len(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
