"""Site build: a generated bank of 10,000 questions through the mlprep plugin, side by side with
the same content written by hand in plain MkDocs, the issue's fair peer: a `## N. Question {#id}`
heading per question (permalink, TOC entry, search section) and a `??? note "Answer"` block
(pymdownx.details) under it.

Both sites use the same theme, overrides and markdown extensions; the plugin site runs with its
defaults (quiz data, JSON-LD, study assets, quiz, Anki deck) unless --no-anki. Builds alternate
(plugin, hand, plugin, hand, …), each in a fresh child process; wall time is measured around the
child, peak memory is the larger of the child's own maximum RSS and that of any process it
forked and waited for (`getrusage` of RUSAGE_SELF and RUSAGE_CHILDREN inside it: the plugin
writes the quiz data and the deck in a forked process, `site.background`).

`--short` gives every answer one or two sentences, as in imported question lists, where the
per-question overhead dominates. `--heading-peer` adds a third build for scale: the same
content by hand with the headings but no `???` block (nothing collapses).

Targets (issue 22): wall-time ratio ≤ 1.25, peak-memory ratio ≤ 1.20, for long and short
answers alike. Not a test.

    python bench/bench_site.py [--questions 10000] [--topics 100] [--repeat 5] [--no-anki] [--short]
                               [--heading-peer]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / ".work" / "site"
WORDS = (
    "model",
    "feature",
    "drift",
    "latency",
    "canary",
    "rollout",
    "batch",
    "stream",
    "serving",
    "cache",
    "replica",
    "shadow",
    "metric",
    "threshold",
    "gradient",
    "ensemble",
    "pipeline",
    "schema",
    "registry",
    "tensor",
    "quantise",
    "label",
    "embedding",
    "retrain",
    "monitor",
    "alert",
    "rollback",
    "traffic",
    "experiment",
    "variant",
    "bucket",
    "sample",
)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def answer_text(rng: random.Random, i: int) -> str:
    """A realistic answer: lead sentence, paragraphs, a list, sometimes code and a table."""
    parts = [f"**{sentence(rng, 14)}**", sentence(rng, 30) + " " + sentence(rng, 25)]
    parts.append(
        "\n".join(f"- **{rng.choice(WORDS)}:** {sentence(rng, 12)} `{rng.choice(WORDS)}`" for _ in range(4))
    )
    if i % 3 == 0:
        parts.append(
            "```python\n"
            f"def predict_{i}(features):\n"
            "    scores = model.predict(features)\n"
            "    return [s for s in scores if s > 0.5]\n"
            "```"
        )
    if i % 5 == 0:
        rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(3))
        parts.append(f"| name | value |\n|---|---|\n{rows}")
    parts.append(sentence(rng, 20))
    return "\n\n".join(parts)


def short_answer_text(rng: random.Random, i: int) -> str:
    """One or two sentences, as in the question lists people import."""
    text = sentence(rng, 16)
    return text + " " + sentence(rng, 10) if i % 2 else text


def generate_bank(questions: int, topics: int, short: bool = False) -> list[dict[str, Any]]:
    rng = random.Random(3)
    per_topic = questions // topics
    bank = []
    for t in range(topics):
        items = []
        for n in range(1, per_topic + 1):
            i = t * per_topic + n
            answered = i % 10 != 0  # one question in ten is wanted
            items.append(
                {
                    "id": f"q-{i}",
                    "number": n,
                    "question": f"{sentence(rng, 9)[:-1]} number {i}?",
                    "answer": (short_answer_text if short else answer_text)(rng, i) if answered else None,
                    "tags": [rng.choice(WORDS), rng.choice(WORDS)],
                }
            )
        bank.append({"slug": f"topic-{t:03}", "title": f"Topic {t}", "order": t, "questions": items})
    return bank


def write_content(bank: list[dict[str, Any]], folder: Path) -> None:
    """The bank as mlprep topic files (the plugin's input)."""
    folder.mkdir(parents=True)
    for topic in bank:
        parts = [
            f"---\ntitle: {topic['title']}\nslug: {topic['slug']}\norder: {topic['order']}\n"
            f"description: Generated questions of {topic['title']}.\n---\n# {topic['title']}\n"
        ]
        for q in topic["questions"]:
            meta = f"{{id: {q['id']}, tags: [{', '.join(q['tags'])}], difficulty: medium}}"
            answer = f"\n{q['answer']}\n" if q["answer"] else ""
            parts.append(
                f"{q['number']}. **{q['question']}**\n<!-- mlprep: {meta} -->\n\n"
                f"<details>\n<summary>Answer</summary>\n{answer}\n</details>\n"
            )
        parts.append(
            "## References and Reading Materials\n"
            + "".join(f"[{k}]. https://example.org/{topic['slug']}/{k} \\\n" for k in (1, 2, 3))
        )
        (folder / f"{topic['slug']}.md").write_text("\n".join(parts), encoding="utf-8")


def write_hand_docs(bank: list[dict[str, Any]], folder: Path, form: str = "fair") -> None:
    """The same content as a person would write it for plain MkDocs. `form` "fair" (the issue's
    fair peer, with the features the plugin's pages have): a `## N. Question {#id}` heading per
    question (permalink, TOC entry, search section), then a `??? note "Answer"` block
    (pymdownx.details) holding the answer; "headings": the heading, then the answer as is."""
    folder.mkdir(parents=True)
    lines = ["# Interview questions\n"]
    lines += [f"- [{t['title']}]({t['slug']}.md)" for t in bank]
    (folder / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for topic in bank:
        parts = [
            f"---\ndescription: Generated questions of {topic['title']}.\n---\n# {topic['title']}\n",
            f"Generated questions of {topic['title']}.\n",
        ]
        for q in topic["questions"]:
            body = q["answer"] or "No answer yet."
            heading = f"## {q['number']}. {q['question']} {{#{q['id']}}}\n"
            if form == "headings":
                parts.append(f"{heading}\n{body}\n")
                continue
            indented = "\n".join(("    " + line) if line else "" for line in body.split("\n"))
            parts.append(f'{heading}\n??? note "Answer"\n\n{indented}\n')
        parts.append(
            "## References\n\n"
            + "\n".join(f"{k}. <https://example.org/{topic['slug']}/{k}>" for k in (1, 2, 3))
            + "\n"
        )
        (folder / f"{topic['slug']}.md").write_text("\n".join(parts), encoding="utf-8")


def mkdocs_config(plugins: list[Any]) -> dict[str, Any]:
    """The repository's mkdocs.yml theme and extensions, with the given plugins."""
    return {
        "site_name": "bench",
        "site_url": "https://example.org/bench/",
        "repo_url": "https://github.com/example/bench",
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "custom_dir": str(REPO / "src" / "mlprep_site" / "site" / "overrides"),
            "font": False,
            "features": ["navigation.instant", "search.highlight", "search.suggest", "content.action.edit"],
            "palette": [
                {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "Dark"}},
                {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "Light"}},
            ],
        },
        "plugins": plugins,
        "markdown_extensions": [*MARKDOWN_EXTENSIONS, {"toc": {"permalink": True}}],
    }


def prepare(questions: int, topics: int, anki: bool, short: bool, heading_peer: bool) -> dict[str, Path]:
    if WORK.exists():
        shutil.rmtree(WORK)
    bank = generate_bank(questions, topics, short)
    plugin_root, hand_root, headed_root = WORK / "plugin", WORK / "hand", WORK / "headed"
    write_content(bank, plugin_root / "content")
    (plugin_root / "docs").mkdir()
    write_hand_docs(bank, hand_root / "docs")
    configs: dict[str, tuple[Path, list[Any]]] = {
        "plugin": (plugin_root, ["search", {"mlprep": {"anki": anki}}]),
        "hand": (hand_root, ["search"]),
    }
    if heading_peer:
        write_hand_docs(bank, headed_root / "docs", form="headings")
        configs["headed"] = (headed_root, ["search"])
    paths = {}
    for name, (root, plugins) in configs.items():
        path = root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(mkdocs_config(plugins), sort_keys=False), encoding="utf-8")
        paths[name] = path
    return paths


def child_build(config_file: str) -> None:
    """Runs in the child: one quiet build, then its peak RSS, or that of a process it forked
    if larger, as JSON on stdout."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_config(config_file=config_file))
    peak_kib = max(
        resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    print(json.dumps({"peak_mib": peak_kib / 1024}))


def run_once(config_file: Path) -> tuple[float, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(config_file)],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", **dict(__import__("os").environ)},
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {config_file} failed:\n{result.stderr[-3000:]}")
    peak = json.loads(result.stdout.strip().splitlines()[-1])["peak_mib"]
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-anki", dest="anki", action="store_false", help="plugin without the deck")
    parser.add_argument("--short", action="store_true", help="one or two sentences per answer")
    parser.add_argument("--heading-peer", action="store_true", help="also build `## question` pages by hand")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(args.child)
        return
    paths = prepare(args.questions, args.topics, args.anki, args.short, args.heading_peer)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in paths}
    for rep in range(args.repeat):
        for name in paths:  # alternate, so drift in machine load hits each alike
            wall, peak = run_once(paths[name])
            results[name].append((wall, peak))
            print(f"  run {rep + 1} {name:6} {wall:7.2f} s  {peak:7.1f} MiB", flush=True)
    wall = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    peak = {k: statistics.median(p for _, p in v) for k, v in results.items()}
    print(
        f"\n{args.questions} questions / {args.topics} topics, {args.repeat} alternating runs each, "
        f"anki={'on' if args.anki else 'off'}, {'short' if args.short else 'long'} answers"
    )
    print(f"{'':22}{'median wall':>14}{'median peak RSS':>18}")
    print(f"{'mlprep plugin':22}{wall['plugin']:12.2f} s{peak['plugin']:14.1f} MiB")
    print(f"{'hand-written ## + ???':22}{wall['hand']:12.2f} s{peak['hand']:14.1f} MiB")
    print(
        f"{'ratio plugin/hand':22}{wall['plugin'] / wall['hand']:14.3f}"
        f"{peak['plugin'] / peak['hand']:18.3f}"
        "   (targets: wall ≤ 1.25, memory ≤ 1.20)"
    )
    if "headed" in wall:
        print(f"{'hand-written ## headings':22}{wall['headed']:12.2f} s{peak['headed']:14.1f} MiB")
        print(
            f"{'ratio plugin/headings':22}{wall['plugin'] / wall['headed']:14.3f}"
            f"{peak['plugin'] / peak['headed']:18.3f}   (for scale; no target)"
        )


if __name__ == "__main__":
    main()
