"""Gather every cited URL of a bank with the `file:line` of each citation.

Sources: each topic's references, and each question's text, references and answer (a URL on
the k-th line of an answer, 0-based, is at `answer_line + k`). URLs in code are examples, not
citations, and are skipped: exactly what the page shows as code (`core.importer.fences`). Offline problems
(not http(s), no host, cited twice in one references section) are attached to the link so
`--offline` can report them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mlprep_site.core.domain.model import Bank, Topic
from mlprep_site.core.reading.references import url_problem
from mlprep_site.core.text.code import code_lines
from mlprep_site.core.text.code_spans import blank_code_spans
from mlprep_site.core.text.lines import split_lines

# A URL runs until whitespace, quotes, angle brackets or backticks; trailing punctuation and
# unbalanced closing brackets are trimmed afterwards (they usually belong to the sentence).
_URL_IN_TEXT = re.compile(r"""\bhttps?://[^\s<>"'`]+""", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?*_~"


@dataclass(frozen=True, slots=True, order=True)
class Citation:
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class CollectedLink:
    url: str
    """The URL exactly as cited."""
    citations: tuple[Citation, ...]
    problems: tuple[str, ...] = ()
    """Problems found without the network: these make the link broken (syntax) or a warning."""
    syntax_ok: bool = True


def check_key(url: str) -> str:
    """The resource a URL names: the fragment is not sent to the server, so it is dropped."""
    return url.split("#", 1)[0]


def _unbalanced_closer(url: str) -> bool:
    last = url[-1]
    return any(last == close and url.count(close) > url.count(open_) for open_, close in ("()", "[]"))


def _trim(url: str) -> str:
    while url and (url[-1] in _TRAILING_PUNCTUATION or _unbalanced_closer(url)):
        url = url[:-1]
    return url


def urls_in_markdown(text: str) -> Iterator[tuple[int, str]]:
    """(0-based line offset, URL) for each URL in markdown prose, outside what the page shows
    as code (`core.importer.fences`: fenced and indented code, inline code spans)."""
    lines = split_lines(text)
    for offset, (line, in_code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        if in_code or "://" not in line:
            continue
        for match in _URL_IN_TEXT.finditer(blank_code_spans(line)):
            url = _trim(match.group(0))
            if not url.lower().endswith("://"):  # a bare "http://" is prose, not a citation
                yield offset, url


def _topic_citations(topic: Topic) -> Iterator[tuple[str, Citation]]:
    for question in topic.questions:
        for _, url in urls_in_markdown(question.question):
            yield url, Citation(topic.source, question.line)
        if question.answer is not None:
            first = question.answer_line if question.answer_line is not None else question.line
            for offset, url in urls_in_markdown(question.answer):
                yield url, Citation(topic.source, first + offset)
        for reference in question.references:
            yield reference.url.strip(), Citation(topic.source, reference.line or question.line)
    for reference in topic.references:
        yield reference.url.strip(), Citation(topic.source, reference.line)


def _duplicate_problems(topic: Topic) -> dict[str, str]:
    lines: dict[str, list[int]] = {}
    for reference in topic.references:
        lines.setdefault(reference.url.strip(), []).append(reference.line)
    return {
        url: f"cited {len(at)} times in the references of {topic.source} "
        f"(lines {', '.join(str(n) for n in at)})"
        for url, at in lines.items()
        if len(at) > 1
    }


def collect_links(bank: Bank) -> list[CollectedLink]:
    """Every distinct cited URL, in order of first citation, with all its citations."""
    citations: dict[str, list[Citation]] = {}
    problems: dict[str, list[str]] = {}
    for topic in bank.topics:
        for url, citation in _topic_citations(topic):
            citations.setdefault(url, []).append(citation)
        for url, problem in _duplicate_problems(topic).items():
            problems.setdefault(url, []).append(problem)
    links = []
    for url, cited_at in citations.items():
        syntax = url_problem(url)
        found = ((syntax,) if syntax else ()) + tuple(problems.get(url, ()))
        cited = tuple(cited_at) if len(cited_at) == 1 else tuple(sorted(set(cited_at)))
        links.append(CollectedLink(url, cited, found, syntax_ok=syntax is None))
    return links
