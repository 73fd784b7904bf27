"""Load and import 10,000 questions in each foreign dialect, side by side with the canonical load.

Target (issue 10): each dialect's load within 1.5x of the canonical load of the same questions.
The canonical bank is bench_load.py's; each dialect writes the same questions and answers in
its own form over 100 files. Import = load + render every topic to canonical markdown (in
memory); reload = loading what import wrote (the site's load after an import: a headings
dialect's `[[src](…)]` links become references in every question's comment). Prints medians
of CPU time (the machine is shared) and ratios; not a test. Load is timed twice: repeated in
one process (files read before, as serve reads them again), and first in fresh processes
(`--cold` of them: nothing read before, as validate reads).

    python bench/bench_dialects.py [--questions 10000] [--files 100] [--repeat 5] [--cold 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_load import ANSWER, first_load_times, generate, median_times  # noqa: E402
from mlprep_site.core.loader import load_bank  # noqa: E402
from mlprep_site.core.storage.canonical_markdown import render_markdown  # noqa: E402


def summary_question(i: int) -> str:
    question = f"Generated question {i}: what is `x` and why?"
    return f"<details><summary>{question}</summary><br><b>\n\n{ANSWER.format(i=i)}\n\n</b></details>\n"


def heading_question(i: int) -> str:
    return f"#### {i}) Generated question {i}: what is `x` and why? [[src](https://example.org/q/{i})]\n\n{ANSWER.format(i=i)}\n"


def list_question(i: int) -> str:
    return f"{i}. [M] Generated question {i}: what is `x` and why?\n   - a sub-question {i}?\n"


DIALECTS: dict[str, Callable[[int], str]] = {
    "summary": summary_question,
    "headings": heading_question,
    "lists": list_question,
}


TARGET_RATIO = 1.5
"""Issue 20, item 8: each form's load within 1.5x of the canonical load of the same questions."""


def generate_dialect(root: Path, dialect: str, questions: int, files: int) -> None:
    per_file = questions // files
    for f in range(files):
        parts = [f"# Topic {f}\n", f"## Group {f}\n"]
        parts.extend(DIALECTS[dialect](f * per_file + n) for n in range(1, per_file + 1))
        (root / f"topic-{f:03}.md").write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3, help="fresh processes for the first load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"canonical": Path(tmp) / "canonical"}
        roots["canonical"].mkdir()
        generate(roots["canonical"], args.questions, args.files)
        for dialect in DIALECTS:
            roots[dialect] = Path(tmp) / dialect
            roots[dialect].mkdir()
            generate_dialect(roots[dialect], dialect, args.questions, args.files)
        results: dict[str, tuple[float, float, float, float]] = {}
        for name, root in roots.items():
            _, first, questions, first_errors = first_load_times(root, args.cold)
            bank, findings = load_bank([root])
            errors = [f for f in findings if f.severity == "error"]
            assert len(bank.questions) == questions == args.questions, name
            assert not errors and not first_errors, (name, errors[:3])
            load = cpu_seconds(lambda root=root: load_bank([root]), args.repeat)
            both = cpu_seconds(
                lambda root=root: [render_markdown(t) for t in load_bank([root])[0].topics], args.repeat
            )
            imported = Path(tmp) / f"{name}-imported"
            imported.mkdir()
            for topic in bank.topics:
                (imported / f"{topic.slug}.md").write_text(render_markdown(topic), encoding="utf-8")
            reloaded, findings = load_bank([imported])
            assert reloaded.questions == bank.questions and not [f for f in findings if f.severity == "error"]
            reload = cpu_seconds(lambda imported=imported: load_bank([imported]), args.repeat)
            results[name] = (first, load, both, reload)
    base_first, base = results["canonical"][:2]
    print(f"{args.questions} questions, {args.files} files, CPU s, medians of {args.repeat} and {args.cold}")
    for name, (first, load, both, reload) in results.items():
        print(
            f"{name:>10}: first load {first:.3f} s ({first / base_first:.2f}x canonical), "
            f"load {load:.3f} s ({load / base:.2f}x), import {both:.3f} s, "
            f"reload {reload:.3f} s ({reload / base:.2f}x)"
        )
    for what, column, canonical in (("repeated loads", 1, base), ("first loads", 0, base_first)):
        ratio, name = max((results[name][column] / canonical, name) for name in DIALECTS)
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(f"{verdict} target: each form at most {TARGET_RATIO}x canonical ({what}: {name} {ratio:.2f}x)")


def cpu_seconds(action: Callable[[], object], repeat: int) -> float:
    return median_times(action, repeat)[1]


if __name__ == "__main__":
    main()
