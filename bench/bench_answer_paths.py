"""Two ways to turn a bank's answers into HTML, CPU time side by side (issue 22's trade-off):

- **page**: the site's own path (`site.render_path`): each topic page is one conversion by
  MkDocs, with every answer parsed inside it. Measured in a real build: `process_time` from
  the end of the page's `on_page_markdown` events to the start of its `on_page_content` ones
  (MkDocs' `Page.render`), summed over the topic pages.
- **alone**: as Material's blog plugin renders excerpts: one `Markdown` made from the site's
  configuration, reset before each answer (`answers.render.AnswerRenderer`), every answer of
  the same bank converted on its own (less `page_markdown`, which both ways make outside the
  conversion). A page would still have to be converted around them: headings, TOC, blocks;
  **skeleton** is that: the same topic pages with no answer, converted in a build.

The bank is `bench_site.py`'s (10,000 questions over 100 topics; `--short` for one or two
sentences per answer). Runs alternate (page, alone, page, …), each in a fresh child process;
medians are quoted. Not a test.

    python bench/bench_answer_paths.py [--questions 10000] [--topics 100] [--repeat 3] [--short]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import generate_bank, mkdocs_config, write_content  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "answer_paths"
HOOKS = """\
import time
from mkdocs.plugins import event_priority

SPENT = {"pages": 0, "seconds": 0.0}
_started = {}


@event_priority(-100_000)  # after every plugin's edits: what MkDocs converts next
def on_page_markdown(markdown, page, config, files):
    if "<!-- mlprep:" in markdown:
        _started[page.file.src_uri] = time.process_time()
    return markdown


@event_priority(100_000)  # before every plugin's on_page_content: the conversion just ended
def on_page_content(html, page, config, files):
    started = _started.pop(page.file.src_uri, None)
    if started is not None:
        SPENT["pages"] += 1
        SPENT["seconds"] += time.process_time() - started
    return html
"""


def prepare(questions: int, topics: int, short: bool) -> tuple[Path, Path]:
    """The site of the bank, and its skeleton: the same questions, none answered."""
    if WORK.exists():
        shutil.rmtree(WORK)
    bank = generate_bank(questions, topics, short)
    skeleton = [{**t, "questions": [{**q, "answer": None} for q in t["questions"]]} for t in bank]
    paths = []
    for root, content in ((WORK / "site", bank), (WORK / "skeleton", skeleton)):
        write_content(content, root / "content")
        (root / "docs").mkdir()
        (root / "hooks.py").write_text(HOOKS, encoding="utf-8")
        plugins = ["search", {"mlprep": {"anki": False}}]
        config = {**mkdocs_config(plugins), "hooks": [str(root / "hooks.py")]}
        path = root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def child_page(config_file: str) -> dict[str, float]:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=config_file)
    build(config)
    hooks = next(p for name, p in config.plugins.items() if name.endswith("hooks.py"))
    spent = hooks.SPENT  # type: ignore[attr-defined]
    return {"pages": spent["pages"], "seconds": spent["seconds"]}


def child_alone(config_file: str) -> dict[str, float]:
    from mlprep_site.answers.commonmark import page_markdown
    from mlprep_site.answers.render import AnswerRenderer
    from mlprep_site.cli.site_markdown import site_markdown
    from mlprep_site.core.loader import load_bank

    content = Path(config_file).parent / "content"
    bank, _ = load_bank([content])
    renderer = AnswerRenderer(site_markdown(content, Path(config_file)).config)
    started = time.process_time()
    answers = sum(len(renderer.topic_answers(topic)) for topic in bank.topics)
    seconds = time.process_time() - started
    # The answers' page form (`page_markdown`) is made in both ways, but outside the page's
    # conversion (when the page's markdown is written): measured apart, to take off.
    started = time.process_time()
    for question in (q for topic in bank.topics for q in topic.questions if q.answer is not None):
        page_markdown(question.answer)
    return {"answers": answers, "seconds": seconds, "page_markdown": time.process_time() - started}


def run(kind: str, config_file: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, f"--{kind}", str(config_file)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{result.stderr[-3000:]}")
    found: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--short", action="store_true", help="one or two sentences per answer")
    parser.add_argument("--page", help=argparse.SUPPRESS)
    parser.add_argument("--alone", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page or args.alone:
        print(json.dumps(child_page(args.page) if args.page else child_alone(args.alone)))
        return
    config_file, skeleton_file = prepare(args.questions, args.topics, args.short)
    page, alone, skeleton = [], [], []
    for _ in range(args.repeat):
        page.append(run("page", config_file))
        alone.append(run("alone", config_file))
        skeleton.append(run("page", skeleton_file))
    page_s = statistics.median(r["seconds"] for r in page)
    alone_s = statistics.median(r["seconds"] for r in alone)
    kind = "short" if args.short else "long"
    print(f"{args.questions} questions over {args.topics} topics, {kind} answers, medians of {args.repeat}")
    print(f"page conversions ({int(page[0]['pages'])} topic pages): {page_s:.2f} s CPU")
    forms = statistics.median(r["page_markdown"] for r in alone)
    print(f"answers alone ({int(alone[0]['answers'])} answers):      {alone_s:.2f} s CPU")
    print(f"  of which page_markdown:            {forms:.2f} s CPU")
    print(f"alone / page: {alone_s / page_s:.2f}; without page_markdown: {(alone_s - forms) / page_s:.2f}")
    bare = statistics.median(r["seconds"] for r in skeleton)
    print(f"the pages without answers (skeleton): {bare:.2f} s CPU")
    print(f"(alone - page_markdown + skeleton) / page: {(alone_s - forms + bare) / page_s:.2f}")


if __name__ == "__main__":
    main()
