"""Answers on the site against GitHub's rendering of them (issue 20, item 1).

For each repository of the corpus, its site is built once with the project's own build
(`mlprep-site build`'s configuration and MkDocs' build, into a temporary folder), and each
answered question's HTML, as the plugin holds it from the topic page's conversion, is compared
with cmark-gfm's rendering of the answer's markdown, by structure (tests/parity.py: list
items, list depth, code blocks, tables and rows, visible text). Prints per repository: answers,
differing, %, and the fields that differ most; then the total. Target: <= 0.5% differ.

    python bench/bench_parity.py [--corpus DIR] [--show N] [--repo NAME ...] [--check]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.measure import MANIFEST, corpus_root, load_manifest  # noqa: E402
from tests.parity import Structure, compare, github_markdown  # noqa: E402

from mlprep_site.core.domain.model import Question  # noqa: E402
from mlprep_site.site.site_config import ComposedConfig  # noqa: E402

TARGET = 0.5  # percent of answers that may differ


@dataclass
class Differing:
    source: str
    question: Question
    theirs: Structure
    ours: Structure
    fields: list[str]


@dataclass
class RepositoryParity:
    name: str
    answers: int = 0
    differing: list[Differing] = field(default_factory=list)

    def percent(self) -> float:
        return 100 * len(self.differing) / self.answers if self.answers else 0.0

    def causes(self) -> Counter[str]:
        return Counter(name for d in self.differing for name in d.fields)


def built_answers(folder: Path) -> tuple[list[tuple[str, Question, str]], int]:
    """Each answered question of the site of `folder` with its answer's HTML as the plugin
    holds it after a build; and how many answered questions have no HTML (not rendered)."""
    from mkdocs.commands.build import build

    with tempfile.TemporaryDirectory() as out:
        config = ComposedConfig(folder).load(site_dir=out)
        config.plugins["mlprep"].config.anki = False  # the deck is made from the same HTML
        try:
            build(config)
        except Exception as error:  # noqa: BLE001  # after the pages: the answers are held
            print(f"{folder.name}: the build failed after its pages ({error!r})", file=sys.stderr)
        plugin = config.plugins["mlprep"]
        found: list[tuple[str, Question, str]] = []
        missing = 0
        for topic in plugin.bank.topics:
            answers = plugin.rendered.answers(topic)
            for question in topic.questions:
                if question.answer is None:
                    continue
                html = answers.get(question.id)
                if html is None:
                    missing += 1
                else:
                    found.append((topic.source, question, html))
        return found, missing


def measure(name: str, folder: Path) -> RepositoryParity:
    result = RepositoryParity(name)
    found, missing = built_answers(folder)
    if missing:
        print(f"{name}: {missing} answered questions not on any page", file=sys.stderr)
    for source, question, html in found:
        assert question.answer is not None
        result.answers += 1
        theirs, ours, differ = compare(question.answer, html)
        if differ:
            result.differing.append(Differing(source, question, theirs, ours, differ))
    return result


def row(name: str, answers: int, differing: int, causes: Counter[str]) -> str:
    percent = 100 * differing / answers if answers else 0.0
    top = ", ".join(f"{cause} {count}" for cause, count in causes.most_common(4))
    return f"{name:42} {answers:7} {differing:9} {percent:6.2f}%  {top}"


def short(source: str) -> str:
    """A source path from the corpus folder on."""
    marker = "/corpus/"
    return source[source.find(marker) + len(marker) :] if marker in source else source


def first_difference(one: str, other: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )


def show(example: Differing) -> None:
    question = example.question
    print(
        f"\n=== {short(example.source)}:{question.answer_line or question.line} ({', '.join(example.fields)})"
    )
    print(github_markdown(question.answer or ""))
    for side, shape in (("github", example.theirs), ("site  ", example.ours)):
        values = {
            name: getattr(shape, name)
            for name in ("items", "depth", "code", "tables", "rows", "in_paragraph")
        }
        print(f"--- {side} {values}")
    if "text" in example.fields:
        at = first_difference(example.theirs.text, example.ours.text)
        for side, shape in (("github", example.theirs), ("site  ", example.ours)):
            print(f"    {side} text at {at}: …{shape.text[max(0, at - 60) : at + 100]}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_root())
    parser.add_argument("--show", type=int, default=0, help="print this many differing answers")
    parser.add_argument("--repo", action="append", help="only this repository (repeatable)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 past {TARGET}% differing")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the builds' own findings are not what is measured
    repositories = [r for r in load_manifest(MANIFEST) if r.kind == "qa"]
    if args.repo:
        repositories = [r for r in repositories if r.name in args.repo]
    missing = [r.name for r in repositories if not (args.corpus / r.name).is_dir()]
    if missing:
        sys.exit(
            f"corpus not found under {args.corpus} for {', '.join(missing)}: run tests/corpus/extract.py"
        )
    print(f"{'repository':42} {'answers':>7} {'differing':>9} {'%':>7}  top causes")
    results = []
    for repository in repositories:
        result = measure(repository.name, args.corpus / repository.name)
        results.append(result)
        print(row(result.name, result.answers, len(result.differing), result.causes()), flush=True)
    answers = sum(r.answers for r in results)
    differing = sum(len(r.differing) for r in results)
    total_causes: Counter[str] = sum((r.causes() for r in results), Counter())
    print(row("total", answers, differing, total_causes))
    examples = [d for r in results for d in r.differing]
    for example in examples[: args.show]:
        show(example)
    if args.check and answers and 100 * differing / answers > TARGET:
        sys.exit(
            f"{100 * differing / answers:.2f}% of answers differ from GitHub's rendering (target {TARGET}%)"
        )


if __name__ == "__main__":
    main()
