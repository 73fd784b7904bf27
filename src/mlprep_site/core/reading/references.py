"""One line of a references section: `[n]. URL \\`, `- [Title](URL "link title")`, `n. <URL>`…"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from mlprep_site.core.domain.model import Reference
from mlprep_site.core.domain.rules import title_problem

Report = Callable[..., None]

PREFIX_RE = re.compile(r"^\s*(?:\[(\d{1,9})\]\.?|(\d{1,9})[.)]|[-*+])?\s*")
# Link text may hold `\]`, `\[` and `\\`, markdown's escapes (as `render` writes a title with brackets).
LINK_RE = re.compile(
    r"^\[(?P<text>(?:[^\]\\]|\\.)*)\]\(\s*<?(?P<url>[^\s)>]+)>?(?:\s+\"(?P<title>[^\"]*)\")?\s*\)"
)
LINK_TEXT_ESCAPE_RE = re.compile(r"\\([\[\]\\])")
BARE_RE = re.compile(r"^<?(?P<url>[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>?")


# A references section's heading: "References", "References and Reading Materials", "Further
# reading", "Sources", "Reading list", "Resources", "Bibliography"… (each part of an "and" list
# is one of these), whatever its emphasis, numbering or emoji.
_REFERENCE_PART_RE = re.compile(
    r"(?:(?:further|additional|recommended|suggested|useful|external|more|other|learning|key)\s+)?"
    r"(?:references?|reading(?:s|\s+list|\s+materials?)?|sources|resources|bibliography|links"
    r"|see\s+also|citations|materials?)"
)
_HEADING_NOISE_RE = re.compile(r"[^a-z]+")
_AND_RE = re.compile(r"\s+and\s+")


def is_references_heading(text: str) -> bool:
    """Whether a heading names a references/reading list (`## Any preference for…` does not)."""
    words = _HEADING_NOISE_RE.sub(" ", text.lower().replace("&", " and ")).strip()
    return bool(words) and all(_REFERENCE_PART_RE.fullmatch(part) for part in _AND_RE.split(words))


_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")


def masked(text: str) -> str:
    """`text` with the user name and password of each URL in it replaced by `***`: what every
    message and report shows of a cited URL (the link checker alone uses them, on their host)."""
    return _USERINFO_RE.sub(r"\1***@", text) if "@" in text else text


WHITESPACE_RE = re.compile(r"\s")
# The common case, http(s)://host.name[:port]/path with an ASCII host: well-formed without the
# (slower) urlsplit. Anything else (brackets, user info, non-ASCII, odd ports) takes the full path.
PLAIN_HTTP_URL_RE = re.compile(
    r"https?://[A-Za-z0-9.-]*[A-Za-z0-9](?::([1-9][0-9]{0,4}))?(?:[/?#]\S*)?", re.IGNORECASE
)


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable http(s) reference, or None when it is."""
    if WHITESPACE_RE.search(url):
        return "URL contains whitespace"
    plain = PLAIN_HTTP_URL_RE.fullmatch(url)
    if plain is not None and int(plain.group(1) or 80) <= 65535:
        return None
    return parsed_url_problem(url)


def parsed_url_problem(url: str) -> str | None:
    """`url_problem` for a URL without whitespace, always through urlsplit."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"malformed URL: {error}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"only http(s) URLs can be cited (scheme: {parts.scheme or 'none'})"
    if not parts.hostname:
        return "URL has no host (write `https://host/path`)"
    if port == 0:
        return "URL has port 0"
    return None


def parse_reference_line(line: str, lineno: int, position: int, report: Report) -> Reference | None:
    prefix = PREFIX_RE.match(line)
    assert prefix is not None
    explicit = prefix.group(1) or prefix.group(2)
    index = int(explicit) if explicit else position
    rest = line[prefix.end() :].rstrip()
    if rest.endswith("\\"):
        rest = rest[:-1].rstrip()
    link = LINK_RE.match(rest)
    bare = None if link else BARE_RE.match(rest)
    match = link or bare
    if match is None or rest[match.end() :].strip():
        report(lineno, "error", "unrecognised reference: write `- [Title](https://…)`", "bad-reference")
        return None
    url = match.group("url")
    problem = url_problem(url)
    if problem:
        report(lineno, "error", f"{problem}: {masked(url)}", "bad-url", prefix.end() + 1, subject=url)
        return None
    title = None
    if link:
        title = LINK_TEXT_ESCAPE_RE.sub(r"\1", link.group("text")).strip() or link.group("title") or None
    return Reference(index=index, url=url, title=title, line=lineno)


REF_ITEM_KEYS = ("url", "title", "index")


def question_references(value: object, line: int, report: Report) -> tuple[Reference, ...]:
    """A question's `refs` from its metadata comment: each item a URL, or a mapping
    `{url: …, title: …}` (`index` only when it is not the item's position). A bad item is
    reported on `line` and left out."""
    if not isinstance(value, list):
        report(line, "error", "`refs` must be a list of URLs or {url, title} mappings", "question-meta")
        return ()
    found: list[Reference] = []
    for position, item in enumerate(value, start=1):
        data: Any = {"url": item} if isinstance(item, str) else item  # YAML data, checked below
        problem = _ref_item_problem(data)
        if problem is not None:
            report(line, "error", f"`refs` item {position}: {problem}", "question-meta")
        elif problem := url_problem(data["url"]):
            report(line, "error", f"{problem}: {masked(data['url'])}", "bad-url", subject=data["url"])
        else:
            found.append(Reference(data.get("index", position), data["url"], data.get("title"), line))
    return tuple(found)


def _ref_item_problem(data: object) -> str | None:
    """What is wrong with the shape of a `refs` item (its URL is checked apart)."""
    if not isinstance(data, dict):
        return "write a URL or a {url, title} mapping"
    unknown = [str(key) for key in data if key not in REF_ITEM_KEYS]
    if unknown:
        return f"unknown key `{unknown[0]}` (known: {', '.join(REF_ITEM_KEYS)})"
    if not isinstance(data.get("url"), str):
        return "needs a `url`"
    title, index = data.get("title"), data.get("index", 1)
    if title is not None and (problem := title_problem(title)):
        return problem
    if not isinstance(index, int) or isinstance(index, bool):  # any the store accepts
        return "`index` must be a whole number"
    return None
