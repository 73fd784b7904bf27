"""One topic file read: its front matter, then its dialect (forced, or detected by
`detect.scan`), and its lines handed to the canonical reader (`canonical.TopicParser`) or to a
dialect's reader (`dialects`). It sits above both, so neither imports the other: the dialect
readers fill the parser they are given."""

from __future__ import annotations

from mlprep_site.core.domain.model import Topic
from mlprep_site.core.domain.rules import respelled_tag
from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.detect import CANONICAL, looks_like_docsite, scan
from mlprep_site.core.reading.dialects import read_foreign, read_other_forms
from mlprep_site.core.reading.dialects.docsite import clean_docsite
from mlprep_site.core.reading.meta import DeferredTag, parse_front_matter, unknown_key_finding


def read_topic(parser: TopicParser) -> Topic | None:
    """The topic of the parser's lines, or None (the parser's findings say why)."""
    lines = parser.lines
    if not any(map(str.strip, lines)):  # every line blank (stops at the first that is not)
        # (a placeholder file a repository keeps: not a mistake in anything it publishes)
        parser.report(1, "warning", "empty file: no questions, so it is not a topic", "empty-file")
        return None
    i = 0
    unknown: list[tuple[int, str]] = []
    deferred_tags: list[DeferredTag] = []
    if lines[0].strip() == "---":
        errors = len(parser.findings)
        parser.meta, i = parse_front_matter(lines, parser.report, unknown, deferred_tags)
        unclosed = i == len(lines) and len(parser.findings) > errors
        parser.claim(0, i, "finding" if unclosed else "front-matter")
    dialect = parser.dialect or parser.meta.get("dialect")
    if dialect == "docsite" or dialect is None and looks_like_docsite(lines, i, parser.source):
        clean_docsite(parser, i)
        dialect = None
    forced = dialect is not None
    evidence = None if forced else scan(parser.lines, i)
    parser.dialect = str(dialect or evidence and evidence.dialect())
    canonical = parser.dialect == CANONICAL
    if canonical and evidence is not None and read_other_forms(parser, i, evidence.first is not None):
        canonical = False  # questions in other forms
    elif parser.dialect == CANONICAL:
        while i < len(parser.lines):
            i = parser.parse_block(i)
        parser.flush_question()
    else:
        read_foreign(parser, parser.dialect, i, forced)
    for line, key in unknown:
        parser.report(line, "warning" if canonical else "info", *unknown_key_finding(key, canonical))
    for line, key, tag, problem in deferred_tags:
        respelled = None if canonical else respelled_tag(tag)
        if canonical:
            parser.report(line, "error", problem, "front-matter")
        elif respelled is None:  # another repository's metadata: its tag is no fault of its own
            parser.report(line, "info", f"{problem}: left out", "front-matter")
        else:
            tags = parser.meta.setdefault(key, [])
            if isinstance(tags, list) and respelled not in tags:  # (a list: `_tag_list` made it)
                tags.append(respelled)
            parser.report(line, "info", f"tag {tag!r} read as {respelled!r}", "front-matter")
    return parser.finish()
