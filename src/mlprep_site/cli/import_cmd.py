"""`mlprep-site import SRC... --out DIR`: any dialect to canonical markdown, one file per topic.

Each file is read in its dialect (detected, or `--dialect`), made publishable
(`core.importer.publishable`: slugs and ids unique across DIR, formulas that are not TeX kept
as text, markup GitHub and the site read differently rewritten), its linked files found
(`core.importer.linked_files`), written as `DIR/<slug>.md` by the pure renderer
(`core/storage/canonical_markdown.py`), and reported: questions found, answered, unanswered,
and each thing not carried over or changed, with its source line. Importing the imported
files again changes nothing.

Every source is read before anything is written (a folder can be imported into itself), each
file (topic or linked file) is written atomically inside --out, and an existing file is not
replaced without `--force` unless it is the file the topic was read from or already holds what
would be written (`core.storage.paths.OutputFolder`). A file found in a folder that holds no question
(a README that introduces the topics) is left out with its reason; one named by itself fails.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlprep_site.cli.common import DIALECT_NAMES
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Question, Topic

if TYPE_CHECKING:
    from mlprep_site.core.storage.paths import OutputFolder

_REPORTED_APART = {
    "math-as-text": "formula{s} kept as text",
    "doubled-number": "title{s} written without {its} number",
    "rewritten": "place{s} rewritten so that the site shows {it} as GitHub does",
    "linked-file-missing": "linked file{s} not copied",
    "linked-file-outside": "linked file{s} not copied",
    "linked-file-large": "linked file{s} not copied",
    "link-anchor": "link{s} that cannot work on the site written as text",
    "link-absolute": "link{s} that cannot work on the site written as text",
}


@dataclass(frozen=True, slots=True)
class _Converted:
    """One source file read and made publishable, before anything is written."""

    path: Path
    boundary: Path
    """The folder the file was found in (given to import), resolved: linked files stay in it."""
    dialect: str
    topic: Topic
    cleaned: int
    findings: list[Finding]
    copies: dict[str, Path] = field(default_factory=dict)
    """Linked files to copy: uri under --out → the file."""


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
    from mlprep_site.core.loader import dialect_hints, iter_sources
    from mlprep_site.core.storage.paths import OutputFolder

    failed = False
    found: list[tuple[Path, Path, bool, str | None]] = []  # file, its boundary, named by itself, dialect
    for source in sources:
        files, problems = iter_sources([source])
        failed = failed or bool(problems)
        for finding in problems:
            click.echo(str(finding), err=True)
        boundary = (source if source.is_dir() else source.parent).resolve()
        hints = dialect_hints(files, dialect)  # as the loader reads them
        found.extend(
            (path, boundary, not source.is_dir(), hint) for path, hint in zip(files, hints, strict=True)
        )
    # Everything is read before anything is written: importing a folder into itself, a file
    # whose slug names another source must not replace that source before it is read.
    converted: list[_Converted] = []
    for path, boundary, named, hint in found:
        if path.suffix.lower() not in (".md", ".markdown", ".mdx"):
            continue
        item = _convert(path, boundary, hint, sanitize)
        if item is None:
            failed = failed or named
        else:
            converted.append(item)
    converted = _publishable(converted, out)
    folder = OutputFolder(out, force)
    written: dict[str, Path] = {}
    copied: dict[str, Path] = {}
    for item in converted:
        uri = f"{item.topic.slug}.md"
        topic, rendered, lost = _carried(item.topic, out / uri)
        item = replace(item, topic=topic)
        refused = _refusal(folder, uri, item, rendered, written)
        if refused:
            failed = True
            click.echo(f"{item.path}: not imported: {uri} would be {refused}", err=True)
            continue
        target = folder.write(uri, rendered)
        written[uri] = item.path
        failed = _report(item, lost, target, sanitize) or failed
        failed = _copy(folder, item, copied) or failed
    click.echo(
        f"imported {len(written)} of {len(found)} files into {out}"
        + (f", with {len(copied)} linked file{'s' if len(copied) != 1 else ''}" if copied else ""),
        err=True,
    )
    sys.exit(1 if failed or not written else 0)


def render_topic(topic: Topic) -> str:
    from mlprep_site.core.storage.canonical_markdown import render_markdown

    return render_markdown(topic)


def _convert(path: Path, boundary: Path, dialect: str | None, sanitize: bool) -> _Converted | None:
    """`path` read, cleaned when asked and made publishable; None (after saying why) when it
    holds no question."""
    from mlprep_site.answers.sanitize_rendered import sanitized_topic
    from mlprep_site.core.importer.publishable import (
        math_as_text_topic,
        portable_topic,
        single_numbered_topic,
    )
    from mlprep_site.core.loader import decode_source, read_markdown

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
    topic, single = single_numbered_topic(topic)
    topic, as_text = math_as_text_topic(topic)
    topic, rewritten = portable_topic(topic)
    changes = [*single, *as_text, *rewritten]
    return _Converted(path, boundary, reading.dialect, topic, cleaned, [*findings, *changes])


def _publishable(converted: list[_Converted], out: Path) -> list[_Converted]:
    """The topics with slugs and ids unique across --out, and their links rewritten to where
    their linked files land (`core.importer.linked_files`)."""
    from mlprep_site.core.importer.linked_files import Links, relink
    from mlprep_site.core.importer.publishable import (
        bank_unique_ids,
        distinct_slugs,
        map_texts,
        one_spelling_per_tag,
    )

    slugs = distinct_slugs([c.path for c in converted], [c.topic.slug for c in converted])
    uris = {f"{slug}.md" for slug in slugs}
    sources = {c.path.resolve() for c in converted}
    topics = bank_unique_ids(
        [replace(c.topic, slug=slug) for c, slug in zip(converted, slugs, strict=True)],
        _existing_topics(out, uris, sources),
    )
    topics, respelled = one_spelling_per_tag(topics)
    topic_uris = {c.path.resolve(): f"{t.slug}.md" for c, t in zip(converted, topics, strict=True)}
    result = []
    for item, topic in zip(converted, topics, strict=True):
        read = zip(item.topic.questions, topic.questions, strict=True)
        anchors = {**{old.id: new.id for old, new in read}, **{q.id: q.id for q in topic.questions}}
        links = Links(item.boundary, topic_uris, anchors)

        def relinked(text: str, line: int, path: Path = item.path, links: Links = links) -> str:
            return relink(text, line, path, links)

        topic = map_texts(topic, relinked)
        notes = [finding for finding in respelled if finding.path == item.topic.source]
        findings = [*item.findings, *notes, *links.problems]
        result.append(replace(item, topic=topic, findings=findings, copies=links.copies))
    return result


def _existing_topics(out: Path, uris: set[str], sources: set[Path]) -> list[Topic]:
    """The topics already in --out that this import leaves as they are: their ids are taken."""
    from mlprep_site.core.loader import decode_source, iter_sources, parse_markdown

    if not out.is_dir():
        return []
    files, _ = iter_sources([out])
    topics = []
    for path in files:
        if path.suffix.lower() != ".md" or path.resolve() in sources:
            continue
        if path.relative_to(out).as_posix() in uris:
            continue
        text, _ = decode_source(path.read_bytes(), str(path))
        topic = parse_markdown(text, str(path))[0] if text is not None else None
        if topic is not None:
            topics.append(topic)
    return topics


def _refusal(
    folder: OutputFolder, uri: str, item: _Converted, rendered: str, written: dict[str, Path]
) -> str:
    """Why the topic file may not be written at `uri` (outside --out, a slug taken, a user's
    file), or an empty string."""
    from mlprep_site.core.storage.paths import OutsideFolder

    try:
        foreign = folder.foreign(uri, rendered, own=item.path)
    except OutsideFolder:
        return "outside --out"
    if uri in written:
        return f"same slug as {written[uri]}"
    return "replacing an existing file (give --force to replace it)" if foreign else ""


def _copy(folder: OutputFolder, item: _Converted, copied: dict[str, Path]) -> bool:
    """Copy the topic's linked files into --out; whether one could not be (a failure)."""
    from mlprep_site.core.storage.paths import OutsideFolder

    failed = False
    for uri, path in sorted(item.copies.items()):
        if copied.get(uri) == path:
            continue
        why = ""
        try:
            target = folder.target(uri)
            data = path.read_bytes()
            if uri in copied:
                why = f"{uri} already holds {copied[uri]}"
            elif target != path and folder.foreign(uri, data):
                why = f"{uri} would replace an existing file (give --force to replace it)"
        except (OSError, OutsideFolder) as error:
            why = str(error)
        if why:
            failed = True
            click.echo(f"{item.path}: linked file {path} not copied: {why}", err=True)
            continue
        if target != path:
            folder.write(uri, data)
        copied[uri] = path
    return failed


def _report(item: _Converted, lost: list[str], target: Path, sanitize: bool) -> bool:
    """Say what was imported and what was not carried over; whether that is a failure."""
    topic, path = item.topic, item.path
    dropped = [f for f in item.findings if f.code != "unanswered" and f.code not in _REPORTED_APART]
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
    for label in dict.fromkeys(_REPORTED_APART.values()):
        apart = [f for f in item.findings if _REPORTED_APART.get(f.code) == label]
        if apart:
            many = len(apart) != 1
            words = label.format(
                s="s" if many else "", it="them" if many else "it", its="their" if many else "its"
            )
            click.echo(f"  {len(apart)} {words}:")
            _print_dropped(apart)
    return bool(lost) or any(f.severity == "error" for f in item.findings)


def _carried(topic: Topic, target: Path) -> tuple[Topic, str, list[str]]:
    """The topic as written to `target`, its canonical text, and `line: message` for what of it
    does not read back as it was read: what import writes must load as what it read. A
    question that does not (an answer holding a `<details>` it never closes cannot be written
    in a `<details>` block) is left out, with an error at its source line, so that the file
    written validates; when the file still does not read back, it is written as it is, with
    an error."""
    rendered = render_topic(topic)
    wrong = _not_read_back(topic, rendered, target)
    if wrong is None:
        return topic, rendered, []
    if wrong and len(wrong) < len(topic.questions):
        ids = {q.id for q in wrong}
        kept = replace(topic, questions=tuple(q for q in topic.questions if q.id not in ids))
        text = render_topic(kept)
        if _not_read_back(kept, text, target) is None:
            return (
                kept,
                text,
                [
                    f"{q.line}: error: question {q.id} is left out: written in the canonical form it "
                    "would not read back as it was read; fix it in the source (a <details> left open, "
                    "or closed in code, in its answer?) [not-carried]"
                    for q in wrong
                ],
            )
    return topic, rendered, [f"1: error: {target} does not read back as this file was read [not-carried]"]


def _not_read_back(topic: Topic, rendered: str, target: Path) -> list[Question] | None:
    """The questions `rendered` does not read back as they are in `topic` (empty when it is
    the file as a whole), or None when it reads back whole."""
    from mlprep_site.core.loader import parse_markdown

    reread, findings = parse_markdown(rendered, str(target))
    problems = [f for f in findings if f.code != "unanswered"]  # a wanted question is no loss
    if reread is not None and replace(reread, source=topic.source) == topic and not problems:
        return None
    again = {q.id: q for q in reread.questions} if reread is not None else {}
    return [q for q in topic.questions if again.get(q.id) != q]


def _print_dropped(findings: list[Finding]) -> None:
    for finding in sorted(findings, key=lambda f: f.line):
        click.echo(f"  {finding.line}: {finding.severity}: {finding.message} [{finding.code}]")
