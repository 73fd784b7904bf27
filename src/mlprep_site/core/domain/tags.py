"""Near-duplicate tags across the bank: two spellings of one idea split the tag index and the
quiz filter in two (`quantisation` and `quantization`, `gpu` and `gpus`, `shadow` and
`shadow-deployment`). Each pair is reported once, at the rarer tag's first use, naming the
other, so the fix is to rename the rarer one; a tag is reported once, whatever else it looks
like, so the warnings are never more than the tags.

Lookups by key and comparisons within buckets, never of every pair, so the check is linear in
the bank's tags (300,000 distinct tags took minutes and printed 7.66 million warnings); and
only the most used `MAX_COMPARED_TAGS` are compared, with a warning when there are more.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from mlprep_site.core.domain.diagnostics import Finding, Severity
from mlprep_site.core.domain.model import Topic

SEPARATORS_RE = re.compile(r"[^a-z0-9]+")
# Shorter words differ by one letter and mean different things (batch/match, cost/post).
MIN_EDIT_LENGTH = 6
MAX_COMPARED_TAGS = 5_000
"""Distinct tags the near-duplicate check compares, the most used first: a bank uses tens or
hundreds; each compared tag costs a dozen lookups, which 300,000 generated ones make seconds."""
EXTENDS = "one extends the other"
MAX_SIMILAR_WARNINGS = 100
"""Warnings listed before the check stops with one that says there are more: thousands of
generated tags would bury every other finding (and the search for more is not free)."""


@dataclass(frozen=True, slots=True)
class TagUse:
    count: int
    path: str
    line: int
    """Where the tag is first used: its first question, or the topic's front matter."""


def tag_uses(topics: Sequence[Topic]) -> dict[str, TagUse]:
    """Every tag of the bank (questions' and topics') with its count and first use."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    for topic in topics:
        places = [(topic.tags, 1)] + [(q.tags, q.line) for q in topic.questions]
        for tags, line in places:
            counts.update(tags)
            for tag in tags:
                if tag not in first:
                    first[tag] = (topic.source, line)
    return {tag: TagUse(count, *first[tag]) for tag, count in counts.items()}


def _plural_forms(tag: str) -> Iterator[str]:
    yield tag + "s"
    yield tag + "es"
    if tag.endswith("y"):
        yield tag[:-1] + "ies"


def _deletions(word: str) -> Iterator[str]:
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]


def tag_letters(tag: str) -> str:
    """A tag's letters and digits, lowercase: tags with the same letters are one to a reader."""
    return SEPARATORS_RE.sub("", tag.lower())


def similar_pairs(tags: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(tag, other, why) for each pair of tags that look like one idea; each pair once."""
    names = sorted(set(tags))
    by_letters: dict[str, list[str]] = {}
    for name in names:
        by_letters.setdefault(tag_letters(name), []).append(name)
    seen: set[tuple[str, str]] = set()

    def pair(a: str, b: str, why: str) -> Iterator[tuple[str, str, str]]:
        key = (min(a, b), max(a, b))
        if a != b and key not in seen:
            seen.add(key)
            yield a, b, why

    for group in by_letters.values():
        for other in group[1:]:
            yield from pair(group[0], other, "the same letters")
    for letters, group in by_letters.items():
        for plural in _plural_forms(letters):
            for other in by_letters.get(plural, ()):
                yield from pair(group[0], other, "singular and plural")
        for name in group:  # a tag that starts with another one as a whole word
            parts = SEPARATORS_RE.split(name.lower())
            for end in range(1, len(parts)):
                for other in by_letters.get("".join(parts[:end]), ()):
                    yield from pair(other, name, EXTENDS)
    # One letter apart (quantisation/quantization, labeling/labelling): two words within one
    # edit share a single-letter deletion, or one is a deletion of the other.
    long_words = [letters for letters in by_letters if len(letters) >= MIN_EDIT_LENGTH]
    by_deletion: defaultdict[str, list[str]] = defaultdict(list)
    for letters in long_words:
        for variant in {letters, *_deletions(letters)}:
            by_deletion[variant].append(letters)
    # Within a bucket each word is compared with the bucket's first only, never all pairs: 300,000
    # tags sharing one deletion would be 45 billion comparisons.
    for group in by_deletion.values():
        first = group[0]
        for other in group[1:]:
            if _one_edit_apart(first, other):
                yield from pair(by_letters[first][0], by_letters[other][0], "one letter apart")


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added or removed (two words sharing a deletion may differ by two)."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def usage_order(uses: Mapping[str, TagUse]) -> Callable[[str], tuple[int, str, int]]:
    """A sort key of tags that look alike: the more used first, then the first used in the
    bank. The first is the one to keep; the others are renamed to it."""
    return lambda tag: (-uses[tag].count, uses[tag].path, uses[tag].line)


def tag_findings(topics: Sequence[Topic]) -> list[Finding]:
    """A warning at the rarer tag of each near-duplicate pair, naming the other."""
    uses = tag_uses(topics)
    findings: list[Finding] = []
    compared = list(uses)
    if len(compared) > MAX_COMPARED_TAGS:
        compared.sort(key=lambda tag: -uses[tag].count)  # stable: first used first among equals
        first_left_out = compared[MAX_COMPARED_TAGS]
        use = uses[first_left_out]
        message = (
            f"the bank has {len(uses):,} distinct tags; only the {MAX_COMPARED_TAGS:,} most used are "
            f"checked for near-duplicates (tags group questions: use fewer)"
        )
        findings.append(
            Finding(use.path, use.line, "warning", message, "too-many-tags", subject=first_left_out)
        )
        compared = compared[:MAX_COMPARED_TAGS]
    reported: set[str] = set()
    for a, b, why in similar_pairs(compared):
        common, rare = sorted((a, b), key=usage_order(uses))
        if rare in reported:  # once per tag: the fix is one rename, whatever else it looks like
            continue
        use = uses[rare]
        if len(reported) == MAX_SIMILAR_WARNINGS:
            message = (
                f"more tags look like others than the {MAX_SIMILAR_WARNINGS} listed (this is the next, "
                f"{rare!r}); rename those and run again"
            )
            findings.append(Finding(use.path, use.line, "warning", message, "similar-tags", subject=rare))
            break
        reported.add(rare)
        message = (
            f"tag {rare!r} ({_times(use.count)}) looks like {common!r} ({_times(uses[common].count)}): "
            f"{why}; use one of them"
        )
        # A tag and a narrower one (`kubernetes`, `kubernetes-networking`) may be a taxonomy on
        # purpose: said, but no warning, which would fail another repository's strict build.
        severity: Severity = "info" if why == EXTENDS else "warning"
        findings.append(Finding(use.path, use.line, severity, message, "similar-tags", subject=rare))
    return findings


def _times(count: int) -> str:
    return f"{count} use{'s' if count != 1 else ''}"
