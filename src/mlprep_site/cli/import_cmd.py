"""`mlprep-site import SRC... --out DIR`: any dialect to canonical markdown, one file per topic.

Each file is read in its dialect (detected, or `--dialect`), written with the pure renderer
(`core/render.py`) as `DIR/<slug>.md`, and reported: questions found, answered, unanswered, and
each thing not carried over with its reason (the findings that claim its lines). Importing
the imported files again changes nothing.

Every source is read before anything is written (a folder can be imported into itself), each
file is written atomically inside --out, and an existing file is not replaced without
`--force` unless it is the file the topic was read from or already holds what would be
written (`core.paths.OutputFolder`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click

from mlprep_site.cli.common import DIALECT_NAMES
from mlprep_site.core.diagnostics import Finding
from mlprep_site.core.model import Topic


@dataclass(frozen=True, slots=True)
class _Converted:
    """One source file read and written out as canonical markdown, before anything is written."""

    path: Path
    dialect: str
    topic: Topic
    uri: str
    rendered: str
    cleaned: int
    findings: list[Finding]


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
@click.option(
    "--force",
    is_flag=True,
    help="Replace files in --out that import did not write (or that changed since it wrote them).",
)
def import_(sources: tuple[Path, ...], out: Path, dialect: str | None, sanitize: bool, force: bool) -> None:
    """Convert Q&A markdown in any dialect under SOURCES to canonical topic files in --out."""
    from mlprep_site.core.loader import iter_sources
    from mlprep_site.core.paths import OutputFolder, OutsideFolder

    files, problems = iter_sources(sources)
    failed = bool(problems)
    for finding in problems:
        click.echo(str(finding), err=True)
    # Everything is read before anything is written: importing a folder into itself, a file
    # whose slug names another source must not replace that source before it is read.
    converted: list[_Converted] = []
    for path in (f for f in files if f.suffix.lower() in (".md", ".markdown", ".mdx")):
        item = _convert(path, dialect, sanitize)
        if item is None:
            failed = True
        else:
            converted.append(item)
    folder = OutputFolder(out, force)
    written: dict[str, Path] = {}
    for item in converted:
        try:
            foreign = folder.foreign(item.uri, item.rendered, own=item.path)
        except OutsideFolder:
            foreign = None
        if foreign is None or item.uri in written or foreign:
            failed = True
            why = (
                "outside --out"
                if foreign is None
                else f"same slug as {written[item.uri]}"
                if item.uri in written
                else "replacing an existing file (give --force to replace it)"
            )
            click.echo(f"{item.path}: not imported: {item.uri} would be {why}", err=True)
            continue
        target = folder.write(item.uri, item.rendered)
        written[item.uri] = item.path
        failed = _report(item, target, sanitize) or failed
    click.echo(f"imported {len(written)} of {len(files)} files into {out}", err=True)
    sys.exit(1 if failed or not written else 0)


def _convert(path: Path, dialect: str | None, sanitize: bool) -> _Converted | None:
    """`path` read, cleaned when asked and rendered; None (after saying why) when it holds no
    question."""
    from mlprep_site.core.loader import decode_source, read_markdown
    from mlprep_site.core.render import render_markdown

    text, findings = decode_source(path.read_bytes(), str(path))
    reading = read_markdown(text, str(path), dialect) if text is not None else None
    topic = reading.topic if reading is not None else None
    findings = reading.findings if reading is not None else findings
    if reading is None or topic is None or not topic.questions:
        click.echo(f"{path}: not imported", err=True)
        _print_dropped([f for f in findings if f.code != "unanswered"])
        return None
    cleaned = 0
    if sanitize:
        topic, cleaned = sanitized_topic(topic)
    topic, as_text = math_as_text_topic(topic)
    findings = [*findings, *as_text]
    return _Converted(
        path, reading.dialect, topic, f"{topic.slug}.md", render_markdown(topic), cleaned, findings
    )


def _report(item: _Converted, target: Path, sanitize: bool) -> bool:
    """Say what was imported and what was not carried over; whether that is a failure."""
    topic, path = item.topic, item.path
    dropped = [f for f in item.findings if f.code not in ("unanswered", "math-as-text")]
    as_text = [f for f in item.findings if f.code == "math-as-text"]
    lost = _not_carried(topic, item.rendered, target)
    for message in lost:
        click.echo(f"{path}:{message}", err=True)
    answered = topic.answered_count
    cleaned = item.cleaned
    click.echo(
        f"{path} ({item.dialect}) -> {target}: {len(topic.questions)} questions, "
        f"{answered} answered, {len(topic.questions) - answered} unanswered"
        + (f"; HTML cleaned in {cleaned} question{'s' if cleaned != 1 else ''}" if sanitize else "")
        + (f"; {len(dropped)} not carried over:" if dropped else "")
    )
    _print_dropped(dropped)
    if as_text:
        click.echo(f"  {len(as_text)} formula{'s' if len(as_text) != 1 else ''} kept as text:")
        _print_dropped(as_text)
    return bool(lost) or any(f.severity == "error" for f in item.findings)


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


def math_as_text_topic(topic: Topic) -> tuple[Topic, list[Finding]]:
    """The topic with each formula that is not valid TeX kept as text (`core.tex.math_as_text`),
    and a warning at each: what import writes must validate, whatever the source's TeX."""
    from mlprep_site.core.tex import math_as_text

    findings: list[Finding] = []

    def as_text(text: str | None, first_line: int) -> str | None:
        if text is None or "$" not in text:
            return text
        text, spans = math_as_text(text)
        findings.extend(
            Finding(
                topic.source,
                first_line + span.line,
                "warning",
                f"invalid TeX {span.source[:60]}: written as text, with its dollars escaped",
                "math-as-text",
            )
            for span in spans
        )
        return text

    questions = tuple(
        replace(
            q,
            answer=as_text(q.answer, q.answer_line if q.answer_line is not None else q.line),
            question_body=as_text(q.question_body, q.line + 1),
        )
        for q in topic.questions
    )
    return replace(topic, questions=questions), findings


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
