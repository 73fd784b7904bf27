"""Our reader on the public corpus of issue 20 (item 7), against each repository's ground truth.

Prints per repository: questions present (by the repository's own convention, counted without
our reader: tests/corpus/truth.py), found (we have a question starting within two lines of it
in the same file), answered present and found answered, our questions and the false ones (no
truth question within two lines), files whose reading raised, and the time our loader took;
then the totals. Targets (issue 20): >= 98% found, >= 98% answered found, <= 1% false, 0
tracebacks. With --missed N, the first N missed questions and false ones per repository.

    python tests/corpus/extract.py --mirror DIR     # once: the files, into bench/.work/corpus
    python bench/bench_corpus.py [--corpus DIR] [--missed N] [--traceback] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.measure import (  # noqa: E402
    MANIFEST,
    RepositoryResult,
    corpus_root,
    floor_problems,
    load_manifest,
    measure,
    percent,
)

HEADER = (
    f"{'repository':42} {'kind':5} {'files':>5} {'present':>7} {'found':>12} {'answered':>8} "
    f"{'ans. found':>12} {'ours':>5} {'false':>12} {'tb':>3} {'seconds':>7}"
)


def row(name: str, kind: str, results: list[RepositoryResult]) -> str:
    files = sum(len(r.files) for r in results)
    present = sum(r.present for r in results)
    found = sum(r.found for r in results)
    answered = sum(r.answered for r in results)
    answered_found = sum(r.answered_found for r in results)
    ours = sum(r.ours for r in results)
    false = sum(r.false for r in results)
    tracebacks = sum(r.tracebacks for r in results)
    seconds = sum(r.seconds for r in results)
    return (
        f"{name:42} {kind:5} {files:5} {present:7} {found:5} {percent(found, present):>6} {answered:8} "
        f"{answered_found:5} {percent(answered_found, answered):>6} {ours:5} "
        f"{false:5} {percent(false, ours):>6} {tracebacks:3} {seconds:7.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_root())
    parser.add_argument("--missed", type=int, default=0, help="list this many missed and false questions")
    parser.add_argument("--traceback", action="store_true", help="print each traceback")
    parser.add_argument("--check", action="store_true", help="exit 1 when a floor is broken")
    args = parser.parse_args()
    repositories = load_manifest(MANIFEST)
    missing = [r.name for r in repositories if not (args.corpus / r.name).is_dir()]
    if missing:
        sys.exit(
            f"corpus not found under {args.corpus} for {', '.join(missing)}: run tests/corpus/extract.py"
        )
    results = [measure(repository, args.corpus) for repository in repositories]
    print(HEADER)
    for result in results:
        print(row(result.repository.name, result.repository.kind, [result]))
    qa = [r for r in results if r.repository.kind == "qa"]
    print(row("total, Q&A", "qa", qa))
    print(row("total, not Q&A", "prose", [r for r in results if r.repository.kind != "qa"]))
    print(row("total", "", results))
    for result in results:
        if args.missed:
            for path, question in result.missed()[: args.missed]:
                print(f"missed {result.repository.name}/{path}:{question.line}: {question.text[:90]}")
            false = [(f.path, line) for f in result.files for line in f.false_lines()]
            for path, line in false[: args.missed]:
                print(f"false  {result.repository.name}/{path}:{line}")
        if args.traceback:
            for file in result.files:
                if file.error:
                    print(f"traceback {result.repository.name}/{file.path}:\n{file.error}")
    if args.check:
        problems = floor_problems(results, args.corpus)
        for problem in problems:
            print(f"FLOOR {problem}")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
