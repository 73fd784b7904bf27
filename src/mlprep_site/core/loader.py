"""Read interview Q&A markdown (and YAML bank files) into the model, with findings: files and
folders in, a bank out. The reading of one file's text is `core.reading.canonical`'s (and, for other
dialects, `core.reading.dialects`'); parsing never raises on content, and a file that cannot be read
costs its own findings, not the others' topics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Bank, Topic
from mlprep_site.core.domain.tags import tag_findings
from mlprep_site.core.reading.accounting import Ledger
from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.detect import CANONICAL, NAMED_PAGE
from mlprep_site.core.reading.dialects.pages import named_page_folders
from mlprep_site.core.reading.limits import bounded_topic
from mlprep_site.core.reading.sources import iter_sources as iter_sources  # the plugin's import
from mlprep_site.core.reading.topic_file import read_topic
from mlprep_site.core.text.ids import separate_derived_ids
from mlprep_site.core.text.kept import forget_kept


@dataclass(frozen=True, slots=True)
class Reading:
    """One topic file read: the topic, its findings, its dialect and where each line went."""

    topic: Topic | None
    findings: list[Finding]
    dialect: str
    ledger: Ledger


def read_markdown(text: str, source: str, dialect: str | None = None) -> Reading:
    """Read one topic file's text in its dialect (detected unless given). Pure, never raises
    on content."""
    parser = TopicParser(text, source, dialect)
    topic, refused = bounded_topic(read_topic(parser))  # shapes the page renderer cannot bound
    return Reading(topic, parser.findings + refused, parser.dialect or CANONICAL, parser.ledger)


def parse_markdown(text: str, source: str, dialect: str | None = None) -> tuple[Topic | None, list[Finding]]:
    """Parse one topic file's text. Pure: no I/O, never raises on content."""
    reading = read_markdown(text, source, dialect)
    return reading.topic, reading.findings


def decode_source(data: bytes, source: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text, or a finding at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        return None, [Finding(source, line, "error", message, "encoding", col)]


def load_file(path: Path, dialect: str | None = None) -> tuple[list[Topic], list[Finding]]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [Finding(source, 1, "error", f"cannot read: {error.strerror}", "io")]
    text, findings = decode_source(data, source)
    if text is None:
        return [], findings
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        from mlprep_site.core.storage.bank_data import parse_yaml_bank

        bank, findings = parse_yaml_bank(text, source)
        bounded = [bounded_topic(topic) for topic in (bank.topics if bank else ())]
        findings += [finding for _, refused in bounded for finding in refused]
        return [topic for topic, _ in bounded if topic is not None], findings
    topic, findings = parse_markdown(text, source, dialect)
    return ([topic] if topic else []), findings


def check_bank(topics: Sequence[Topic]) -> list[Finding]:
    """Findings that span files: ids and slugs must be unique within the bank."""
    findings: list[Finding] = []
    first_id: dict[str, str] = {}  # id -> "source:line" where it is first used
    first_topic: dict[str, Topic] = {}
    for topic in topics:
        if topic.slug in first_topic:
            other = first_topic[topic.slug].source
            message = f"topic slug {topic.slug!r} already used by {other}"
            findings.append(Finding(topic.source, 1, "error", message, "duplicate-slug"))
        first_topic.setdefault(topic.slug, topic)
        seen_here: set[str] = set()
        for q in topic.questions:
            if q.id in first_id and q.id not in seen_here:
                message = f"question id {q.id!r} already used at {first_id[q.id]}"
                findings.append(Finding(topic.source, q.line, "error", message, "duplicate-id"))
            first_id.setdefault(q.id, f"{topic.source}:{q.line}")
            seen_here.add(q.id)
    return findings


def distinct_topic_slugs(topics: list[Topic]) -> list[Topic]:
    """Same-named files in different folders (`Events/Introduction.md`, `LINQ/Introduction.md`)
    take their slugs from their folders, by import's rule (`importing.distinct_slugs`); a slug
    not made from its file's name (front matter's `slug:`) is kept, so two such slugs that are
    equal stay a `duplicate-slug` error."""
    slugs = [topic.slug for topic in topics]
    if len(set(slugs)) == len(slugs):
        return topics
    from mlprep_site.core.importer.publishable import distinct_slugs

    distinct = distinct_slugs([Path(topic.source) for topic in topics], slugs)
    return [t if s == t.slug else replace(t, slug=s) for t, s in zip(topics, distinct, strict=True)]


def dialect_hints(files: Sequence[Path], dialect: str | None) -> list[str | None]:
    """The dialect each of `files` is read in: `dialect` when one is forced; else detected
    (None), except in a folder of pages (`named_page_folders`), where each file is one question
    (NAMED_PAGE)."""
    named = named_page_folders(files) if dialect is None else set()
    return [NAMED_PAGE if path.parent in named else dialect for path in files]


FileLoader = Callable[[Path, str | None], tuple[list[Topic], list[Finding]]]


def load_bank(
    paths: Sequence[str | Path], dialect: str | None = None, load: FileLoader = load_file
) -> tuple[Bank, list[Finding]]:
    """Load every topic under `paths` into one bank; topics sorted by (order, slug).

    `dialect` forces one dialect for every markdown file (default: each file's own). A file
    that cannot be read costs its own findings, not the others' topics. A path under which no
    question at all is found is an error. `load` reads one file in one dialect (`load_file`;
    `serve` passes one that reads only the files changed since its last load).
    """
    topics: list[Topic] = []
    findings: list[Finding] = []
    for raw in paths:
        files, missing = iter_sources([raw])
        findings.extend(missing)
        questions = 0
        path_errors = False
        for path, hint in zip(files, dialect_hints(files, dialect), strict=True):
            file_topics, file_findings = load(path, hint)
            topics.extend(file_topics)
            findings.extend(file_findings)
            questions += sum(len(topic.questions) for topic in file_topics)
            path_errors = path_errors or any(f.severity == "error" for f in file_findings)
        if not missing and not questions and (Path(raw).is_dir() or not path_errors):
            message = f"no question files found under {raw}"
            findings.append(Finding(str(raw), 1, "error", message, "no-questions-found"))
    topics = distinct_topic_slugs(topics)
    topics.sort(key=lambda t: (t.order is None, t.order or 0, t.slug))
    topics = separate_derived_ids(topics)
    findings.extend(check_bank(topics))
    findings.extend(tag_findings(topics))
    return Bank(tuple(topics)), findings


def forget_read_files() -> None:
    """Let go of what the readers keep of the files read last (their code and blocks, keyed by
    the files' texts, so that a repeated load of unchanged files parses nothing again): to a
    caller that loads once, or keeps each file's load itself (the site plugin), it is memory
    held to no use."""
    forget_kept()
