"""`mlprep-site import SRC... --out DIR`: any dialect to canonical markdown, one file per topic.

Each file is read in its dialect (detected, or `--dialect`), written with the pure renderer
(`core/render.py`) as `DIR/<slug>.md`, and reported: questions found, answered, unanswered, and
each thing not carried over with its reason (the findings that claim its lines). Importing
the imported files again changes nothing.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from mlprep_site.cli.common import DIALECT_NAMES
from mlprep_site.core.diagnostics import Finding
from mlprep_site.core.model import Topic


def _inside(folder: Path, slug: str) -> Path | None:
    """`folder/slug.md` when it stays inside `folder`, else None."""
    root = folder.resolve()
    target = (root / f"{slug}.md").resolve()
    return target if target.parent == root else None


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the canonical topic files into.",
)
@click.option("--dialect", type=click.Choice(DIALECT_NAMES), help="Read every file in this dialect.")
@click.option(
    "--sanitize",
    is_flag=True,
    help="Clean the raw HTML and link URLs of questions and answers (code and text stay as written).",
)
def import_(sources: tuple[Path, ...], out: Path, dialect: str | None, sanitize: bool) -> None:
    """Convert Q&A markdown in any dialect under SOURCES to canonical topic files in --out."""
    from mlprep_site.core.loader import decode_source, iter_sources, read_markdown
    from mlprep_site.core.render import render_markdown

    files, problems = iter_sources(sources)
    failed = bool(problems)
    for finding in problems:
        click.echo(str(finding), err=True)
    written: dict[Path, Path] = {}
    for path in (f for f in files if f.suffix.lower() in (".md", ".markdown", ".mdx")):
        text, findings = decode_source(path.read_bytes(), str(path))
        reading = read_markdown(text, str(path), dialect) if text is not None else None
        topic = reading.topic if reading is not None else None
        findings = reading.findings if reading is not None else findings
        dropped = [f for f in findings if f.code != "unanswered"]
        if topic is None or not topic.questions:
            failed = True
            click.echo(f"{path}: not imported", err=True)
            _print_dropped(dropped)
            continue
        target = _inside(out, topic.slug)
        if target is None or target in written:
            failed = True
            why = "outside --out" if target is None else f"same slug as {written[target]}"
            click.echo(f"{path}: not imported: {topic.slug}.md would be {why}", err=True)
            continue
        cleaned = 0
        if sanitize:
            topic, cleaned = sanitized_topic(topic)
        target.parent.mkdir(parents=True, exist_ok=True)
        rendered = render_markdown(topic)
        target.write_text(rendered, encoding="utf-8")
        written[target] = path
        lost = _not_carried(topic, rendered, target)
        for message in lost:
            click.echo(f"{path}:{message}", err=True)
        failed = failed or bool(lost)
        answered = topic.answered_count
        assert reading is not None
        click.echo(
            f"{path} ({reading.dialect}) -> {target}: {len(topic.questions)} questions, "
            f"{answered} answered, {len(topic.questions) - answered} unanswered"
            + (f"; HTML cleaned in {cleaned} question{'s' if cleaned != 1 else ''}" if sanitize else "")
            + (f"; {len(dropped)} not carried over:" if dropped else "")
        )
        _print_dropped(dropped)
        failed = failed or any(f.severity == "error" for f in findings)
    click.echo(f"imported {len(written)} of {len(files)} files into {out}", err=True)
    sys.exit(1 if failed or not written else 0)


def _not_carried(topic: Topic, rendered: str, target: Path) -> list[str]:
    """`line: message` for each question the canonical file does not read back as it was read
    (an answer holding an unbalanced `</details>` cannot be written in a `<details>` block):
    what the import writes must load as what it read."""
    from mlprep_site.core.loader import parse_markdown

    reread, findings = parse_markdown(rendered, str(target))
    problems = [f for f in findings if f.code != "unanswered"]  # a wanted question is no loss
    if reread is not None and replace(reread, source=topic.source) == topic and not problems:
        return []
    again = {q.id: q for q in reread.questions} if reread is not None else {}
    messages = [
        f"{q.line}: error: question {q.id} does not read back from {target} as written; "
        "fix it in the source (an unbalanced <details> tag in its answer?) [not-carried]"
        for q in topic.questions
        if again.get(q.id) != q
    ]
    return messages or [f"1: error: {target} does not read back as this file was read [not-carried]"]


def sanitized_topic(topic: Topic) -> tuple[Topic, int]:
    """The topic with each question's answer and body cleaned (`core/sanitize_markdown.py`),
    and how many questions that changed."""
    from mlprep_site.core.sanitize_markdown import sanitize_markdown

    def clean(text: str | None) -> str | None:
        return None if text is None else sanitize_markdown(text)

    questions = [
        replace(q, answer=clean(q.answer), question_body=clean(q.question_body)) for q in topic.questions
    ]
    changed = sum(new != old for new, old in zip(questions, topic.questions, strict=True))
    return replace(topic, questions=tuple(questions)), changed


def _print_dropped(findings: list[Finding]) -> None:
    for finding in sorted(findings, key=lambda f: f.line):
        click.echo(f"  {finding.line}: {finding.severity}: {finding.message} [{finding.code}]")
