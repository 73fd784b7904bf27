"""What `import` does to the topics it read before writing them: each question's markdown made
publishable (formulas that are not TeX kept as text, markup GitHub and the site read
differently rewritten, HTML cleaned when asked), slugs and question ids made unique across
everything written into one folder, and tags written alike (`pid-1` and `pid1`) made one. Each
change is a finding at its source line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Question, Topic
from mlprep_site.core.domain.tags import tag_letters, tag_uses, usage_order
from mlprep_site.core.reading.sources import FOLDER_PAGE_STEMS, topic_stem
from mlprep_site.core.text.ids import separate_derived_ids, short_hash, slugify

if TYPE_CHECKING:
    from mlprep_site.core.text.tex import MathSpan

_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>")

TextFix = Callable[[str, int], str]
"""A change to one markdown text of a question, given the source line of its first line."""


def map_texts(topic: Topic, fix: TextFix) -> Topic:
    """The topic with `fix` applied to each question's answer and body."""

    def one(q: Question) -> Question:
        answer = q.answer and fix(q.answer, q.answer_line if q.answer_line is not None else q.line)
        body = q.question_body and fix(q.question_body, q.line + 1)
        return (
            q
            if (answer, body) == (q.answer, q.question_body)
            else replace(q, answer=answer, question_body=body)
        )

    questions = tuple(one(q) for q in topic.questions)
    return topic if questions == topic.questions else replace(topic, questions=questions)


def math_as_text_topic(topic: Topic) -> tuple[Topic, list[Finding]]:
    """The topic with each `$…$` that GitHub shows as text (`not_math_on_github`), and each
    formula that is not valid TeX (`core.text.tex.math_as_text`), written with escaped dollars, and
    a warning at each: what import writes must validate and show as the source did."""
    from mlprep_site.core.text.tex import math_as_text

    findings: list[Finding] = []

    def as_text(text: str, first_line: int) -> str:
        if "$" not in text:
            return text
        text, code_like = not_math_on_github(text)
        text, spans = math_as_text(text)
        for why, found in (("code, not TeX", code_like), ("invalid TeX", spans)):
            findings.extend(
                Finding(
                    topic.source,
                    first_line + span.line,
                    "warning",
                    f"{why} {span.source[:60]}: written as text, with its dollars escaped",
                    "math-as-text",
                )
                for span in found
            )
        return text

    return map_texts(topic, as_text), findings


def not_math_on_github(markdown: str) -> tuple[str, list[MathSpan]]:
    """`markdown` with the dollars escaped of each inline `$…$` the site would read as math and
    GitHub does not: one whose closing `$` a letter or digit follows (`$a$b`, `$PATH`… `"$PATH"`)
    or that holds an HTML tag (`$PATH <code>…$`): shell and code, not TeX. And those spans.
    Inside an HTML block neither reads markdown (an escape would show): left as it is."""
    from mlprep_site.core.text.code import PARSER
    from mlprep_site.core.text.tex import find_math

    spans = [s for s in find_math(markdown) if not s.display]
    if not spans:
        return markdown, []
    raw: set[int] = set()
    if "<" in markdown:
        for token in PARSER.parse(markdown):
            if token.type == "html_block" and token.map is not None:
                raw.update(range(*token.map))
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    parts: list[str] = []
    escaped = []
    position = 0
    for span in spans:
        found = markdown.find(span.source, max(position, starts[span.line]))
        if found < 0 or span.line in raw:
            continue
        after = markdown[found + len(span.source) : found + len(span.source) + 1]
        if not (after.isalnum() or _HTML_TAG_RE.search(span.source)):
            continue
        parts += [markdown[position:found], "\\$", span.source[1:-1], "\\$"]
        position = found + len(span.source)
        escaped.append(span)
    return ("".join(parts) + markdown[position:] if escaped else markdown), escaped


def portable_topic(topic: Topic) -> tuple[Topic, list[Finding]]:
    """The topic with markup GitHub and the site read differently rewritten
    (`core.importer.portable`), and a warning at each rewrite."""
    from mlprep_site.core.importer.portable import portable_markdown

    findings: list[Finding] = []

    def portable(text: str, first_line: int) -> str:
        text, changes = portable_markdown(text)
        findings.extend(
            Finding(topic.source, first_line + c.line, "warning", c.message, "rewritten") for c in changes
        )
        return text

    return map_texts(topic, portable), findings


def single_numbered_topic(topic: Topic) -> tuple[Topic, list[Finding]]:
    """The topic with a question title that starts with its own number (`1. What is X?` as
    question 1, from a `<summary>1. What is X?</summary>`) written without it: the canonical
    form (`1. **1. What is X?**`) would read back without it, so the import says so."""
    from mlprep_site.core.reading.syntax import DOUBLED_NUMBER_RE

    findings: list[Finding] = []

    def single(q: Question) -> Question:
        doubled = DOUBLED_NUMBER_RE.match(q.question)
        text = q.question[doubled.end() :].strip() if doubled else ""
        if not doubled or int(doubled.group(1)) != q.number or not text:
            return q
        message = f"question number {q.number} is written twice; using {text!r}"
        findings.append(Finding(topic.source, q.line, "warning", message, "doubled-number"))
        return replace(q, question=text)

    questions = tuple(single(q) for q in topic.questions)
    return (topic if not findings else replace(topic, questions=questions)), findings


def distinct_slugs(sources: Sequence[Path], slugs: Sequence[str]) -> list[str]:
    """`slugs`, one per source file, where files that share a slug made from their names get
    one each from their folders: the folder parts the files do not share, then the file's own
    name unless it is a generic one (`README`, `index`, a language tag such as `en-US`, which
    `topic_stem` already replaces by the folder's name). A slug not made from its file's name
    (a `slug:` in front matter) is kept. Still equal (two names that slugify alike in one
    folder), a slug ends with a hash of the file's path under the folder all sources share.
    Stable: it depends on those paths only."""
    result = list(slugs)
    derived = {
        i
        for i, (path, slug) in enumerate(zip(sources, slugs, strict=True))
        if slugify(topic_stem(str(path))) == slug
    }
    groups: dict[str, list[int]] = {}
    for index in sorted(derived):
        groups.setdefault(slugs[index], []).append(index)
    for slug, members in groups.items():
        if slugs.count(slug) < 2:
            continue
        folders = [sources[i].resolve().parent.parts for i in members]
        shared = 0
        while all(len(f) > shared and f[shared] == folders[0][shared] for f in folders):
            shared += 1
        for i, parts in zip(members, folders, strict=True):
            if parts[shared:]:
                name = [] if _generic(sources[i]) else [sources[i].stem]
                result[i] = slugify("-".join([*parts[shared:], *name]))
    counts: dict[str, int] = {}
    for slug in result:
        counts[slug] = counts.get(slug, 0) + 1
    top = Path(os.path.commonpath([p.resolve() for p in sources])) if sources else Path()
    return [
        f"{slug}-{short_hash(sources[i].resolve().relative_to(top).as_posix())}"
        if counts[slug] > 1 and i in derived
        else slug
        for i, slug in enumerate(result)
    ]


def _generic(source: Path) -> bool:
    return source.stem.lower() in FOLDER_PAGE_STEMS or topic_stem(str(source)) != source.stem


def bank_unique_ids(topics: Sequence[Topic], existing: Sequence[Topic] = ()) -> list[Topic]:
    """`topics` (in the order they are written) with each question id that another topic, or
    a topic already in the output folder (`existing`), uses made unique by the loader's rule
    (`ids.separate_derived_ids`: `-<topic slug>`, then `-2`, `-3`…). Import writes every id
    explicitly, so the loader can no longer tell them apart: this is done before."""
    written = separate_derived_ids([*existing, *(_all_derived(t) for t in topics)])
    return [
        replace(new, questions=_keep_flags(new, old))
        for new, old in zip(written[len(existing) :], topics, strict=True)
    ]


def _all_derived(topic: Topic) -> Topic:
    """A topic read from a source whose ids import made: each may give way (an id the source
    wrote explicitly keeps its text, but a second topic's copy of it must still move)."""
    return replace(topic, questions=tuple(replace(q, id_derived=True) for q in topic.questions))


def _keep_flags(new: Topic, old: Topic) -> tuple[Question, ...]:
    return tuple(
        replace(n, id_derived=o.id_derived) for n, o in zip(new.questions, old.questions, strict=True)
    )


def one_spelling_per_tag(topics: Sequence[Topic]) -> tuple[list[Topic], list[Finding]]:
    """`topics` with the tags that have the same letters (`pid-1`, `pid1`; `CI/CD`, `ci-cd`)
    written as the most used of them, with a note at each other one's first use: they are one
    tag to a reader, and the output validates without the warning they would be. Tags that
    differ otherwise (plural, a letter, one extending another) are the author's to choose."""
    uses = tag_uses(topics)
    groups: dict[str, list[str]] = {}
    for tag in uses:
        groups.setdefault(tag_letters(tag), []).append(tag)
    renamed: dict[str, str] = {}
    for group in groups.values():
        kept = min(group, key=usage_order(uses))
        renamed.update((tag, kept) for tag in group if tag != kept)
    if not renamed:
        return list(topics), []

    def respelled(tags: tuple[str, ...]) -> tuple[str, ...]:
        if renamed.keys().isdisjoint(tags):
            return tags
        return tuple(dict.fromkeys(renamed.get(tag, tag) for tag in tags))

    findings = [
        Finding(
            uses[tag].path,
            uses[tag].line,
            "info",
            f"tag {tag!r} written as {kept!r}: the same letters",
            "similar-tags",
        )
        for tag, kept in renamed.items()
    ]
    written = [
        replace(
            topic,
            tags=respelled(topic.tags),
            questions=tuple(replace(q, tags=respelled(q.tags)) for q in topic.questions),
        )
        for topic in topics
    ]
    return written, findings
