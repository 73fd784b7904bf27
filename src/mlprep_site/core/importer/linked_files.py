"""The files an imported question links to: found, bounded by the source folder, and where
they land under `--out`.

`import` writes every topic flat into `--out`, so a relative link written for a file deep in
a repository (`topics/perl/README.md` → `images/x.png`) would point nowhere. Each relative
link of an answer or question body (a markdown link or image, a reference definition, an
`<img src>`), outside code, is resolved against the source file's folder:

- a file inside the source folder (the folder given to `import`, or a file's own folder) lands
  at the same path under `--out` as under the source folder, and the link is rewritten to reach
  it from `--out` (unchanged for a source at the top of the folder);
- a markdown file that was imported too (or a folder whose README was) becomes a link to its
  topic file (`<slug>.md`): its `#fragment` named a heading of the source, which the topic
  page does not have, so it goes;
- a link that cannot work on the site is written as its text (an image as its description),
  with a finding that names it: a file that is not there, a folder or markdown file that was
  not imported (`linked-file-missing`), a file outside the source folder, through `..` or a
  symbolic link (`linked-file-outside`: never read), one too large to copy
  (`linked-file-large`), a `#fragment` that is not a question of the topic (a heading of the
  source page, `link-anchor`), or a path from the top of the repository (`/questions/x`) that
  names no file there (a page of the author's own site, `link-absolute`). An `<img src>` or a
  reference definition has no text of its own: it stays as written, with the finding.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Topic
from mlprep_site.core.reading.sources import MARKDOWN_SUFFIXES, leaves_folder
from mlprep_site.core.storage.paths import is_safe_uri
from mlprep_site.core.text.code import PARSER
from mlprep_site.core.text.code_spans import blank_code_spans

FOLDER_PAGES = ("README.md", "readme.md", "index.md")
MAX_LINKED_BYTES = 20 * 1024 * 1024
"""A linked file larger than this is not copied (a finding says so)."""
# A destination may hold balanced parentheses, one level deep (`f(x).png`).
_INLINE_RE = re.compile(r"\]\([ \t]*(<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))+)")
_ANCHOR_RE = re.compile(r"[\w-]+")
"""What a heading's anchor looks like (GitHub's and ours): a fragment like `#javascript:x()`,
which `--sanitize` leaves of a hostile URL, is no heading and stays as it is."""
_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)")
_IMG_RE = re.compile(r"<img\b[^>]*?\bsrc[ \t]*=[ \t]*([\"'])([^\"'\n]*)\1", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BLANKS_RE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(slots=True)
class Links:
    """What one source file's links need: files to copy (their uri under `--out` → the file)
    and findings."""

    boundary: Path
    """The source folder, resolved."""
    topics: Mapping[Path, str]
    """Each imported source file (resolved) → the uri of its topic file under `--out`."""
    anchors: Mapping[str, str] = field(default_factory=dict)
    """The anchors the topic's page has for sure, its question ids, from each id the question
    had when read (a link to it follows an id import made unique) and from itself."""
    copies: dict[str, Path] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)


def link_targets(text: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of each link target in `text` outside code: `text.split('\\n')[line]
    [start:end]` is the target as written (with `<…>` around it when so written)."""
    lines = text.split("\n")
    code = [False] * len(lines)
    if "```" in text or "~~~" in text or "    " in text or "\t" in text:
        for token in PARSER.parse(text):
            if token.type in ("fence", "code_block") and token.map is not None:
                code[token.map[0] : token.map[1]] = [True] * (token.map[1] - token.map[0])
    found: list[tuple[int, int, int]] = []
    for index, line in enumerate(lines):
        if code[index] or not ("](" in line or "]:" in line or "<img" in line.lower()):
            continue
        visible = blank_code_spans(line)
        spans = [m.span(1) for m in _INLINE_RE.finditer(visible)]
        spans += [m.span(1) for m in _DEFINITION_RE.finditer(visible)]
        spans += [m.span(2) for m in _IMG_RE.finditer(visible)]
        found.extend((index, start, end) for start, end in spans)
    return found


def relink(text: str, first_line: int, source: Path, links: Links) -> str:
    """`text` (read from `source`, its first line at `first_line`) with each relative link
    to a file rewritten to where that file lands under `--out`; files to copy and findings
    added to `links`."""
    if "](" not in text and "]:" not in text and "<img" not in text.lower():
        return text
    targets = link_targets(text)
    if not targets:
        return text
    lines = text.split("\n")
    for index, start, end in sorted(targets, reverse=True):
        line = lines[index]
        written = line[start:end]
        new, problem = _relinked(written, source, links)
        if new is None:  # a link that cannot work on the site: its text stays
            text_only = unwrapped(line, start, end)
            new = written if text_only is None else None
            if text_only is not None:
                lines[index] = text_only
        if problem is not None:
            message, code = problem
            message += ": written as text" if new is None else ""
            links.problems.append(Finding(str(source), first_line + index, "warning", message, code))
        if new is not None and new != written:
            lines[index] = line[:start] + new + line[end:]
    return "\n".join(lines)


def unwrapped(line: str, start: int, end: int) -> str | None:
    """`line` with the inline link whose target is `line[start:end]` replaced by its text
    (an image by its description), or None when the target is not an inline link's."""
    close = line.rfind("](", 0, start)
    paren = line.find(")", end)
    if close < 0 or line[close + 2 : start].strip(" \t") or paren < 0:
        return None
    depth = 0
    position = close
    while position >= 0:
        char = line[position]
        escaped = position > 0 and line[position - 1] == "\\"
        if char == "]" and not escaped:
            depth += 1
        elif char == "[" and not escaped:
            depth -= 1
            if depth == 0:
                break
        position -= 1
    if position < 0:
        return None
    opening = position - 1 if position > 0 and line[position - 1] == "!" else position
    return line[:opening] + line[position + 1 : close] + line[paren + 1 :]


def _relinked(written: str, source: Path, links: Links) -> tuple[str | None, tuple[str, str] | None]:
    """The link target `written` as it must be written under `--out` (None: the link cannot
    work on the site, and its text is written instead), and what is wrong with it (message,
    code), if anything."""
    target = written[1:-1] if written.startswith("<") else written
    if not target or target.startswith("//") or _is_url(target):
        return written, None
    path_part, _, fragment = target.partition("#")
    path_part, _, query = path_part.partition("?")
    if not path_part:
        if fragment in links.anchors:
            anchor = f"#{links.anchors[fragment]}"
            return (f"<{anchor}>" if written.startswith("<") else anchor), None
        if not fragment or not _ANCHOR_RE.fullmatch(fragment):
            return written, None
        return None, (
            f"links to {target}, a heading of the source that the topic page does not have",
            "link-anchor",
        )
    relative = unquote(path_part)
    candidate = source.parent / relative
    if relative.startswith("/"):  # GitHub reads it from the top of the repository
        candidate = links.boundary / relative.lstrip("/")
        if not candidate.exists():
            return None, (f"links to {target}, a page of another site", "link-absolute")
    if leaves_folder(candidate, links.boundary):
        return None, (f"links to {target}, outside the source folder: not copied", "linked-file-outside")
    resolved = candidate.resolve()
    if resolved.is_dir():  # GitHub lists a folder; its README is its page
        resolved = next((resolved / n for n in FOLDER_PAGES if resolved / n in links.topics), resolved)
    if resolved in links.topics:
        return links.topics[resolved], None  # the fragment named a heading of the source file
    if not resolved.exists():
        return None, (f"links to {target}, which is not in the source folder", "linked-file-missing")
    if not resolved.is_file():
        return None, (f"links to {target}, a folder with no imported page", "linked-file-missing")
    if resolved.suffix.lower() in MARKDOWN_SUFFIXES:
        return None, (f"links to {target}, a markdown file that was not imported", "linked-file-missing")
    if resolved.stat().st_size > MAX_LINKED_BYTES:
        return None, (
            f"links to {target}, larger than {MAX_LINKED_BYTES} bytes: not copied",
            "linked-file-large",
        )
    uri = resolved.relative_to(links.boundary).as_posix()
    if not is_safe_uri(uri):
        return None, (f"links to {target}, whose name cannot be written under --out", "linked-file-outside")
    links.copies.setdefault(uri, resolved)
    old = posixpath.normpath(relative)
    if old == uri:
        return written, None
    new = link_to(uri, query, fragment)
    return (f"<{new}>" if written.startswith("<") else new), None


def link_to(uri: str, query: str, fragment: str) -> str:
    """A link's target to the file at `uri`, with the query and fragment it was written with."""
    return uri.replace(" ", "%20") + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def _is_url(target: str) -> bool:
    """Whether `target` names a scheme, as a browser reads it: entities decoded, blanks and
    control characters dropped (`java&#x09;script:` is `javascript:`), so it is no file."""
    return _SCHEME_RE.match(_BLANKS_RE.sub("", html.unescape(target))) is not None


def page_files(topic: Topic, content: Path) -> dict[str, Path]:
    """The files a topic's answers and questions link to, for the site to publish: each one's
    path in the content folder (`linked_file`) → the file. Markdown files are pages, not
    files: left out."""
    source = Path(topic.source)
    boundary = content.resolve()
    found: dict[str, Path] = {}
    for question in topic.questions:
        for text in (question.answer, question.question_body):
            if text is None or ("](" not in text and "]:" not in text and "<img" not in text.lower()):
                continue
            lines = text.split("\n")
            for index, start, end in link_targets(text):
                written = lines[index][start:end].strip("<>")
                path = unquote(written.partition("#")[0].partition("?")[0])
                relative = bool(path) and not path.startswith("/") and not _is_url(path)
                if relative and (linked := linked_file(source.parent, path, boundary)) is not None:
                    found.setdefault(*linked)
    return found


def linked_file(folder: Path, path: str, boundary: Path) -> tuple[str, Path] | None:
    """(its path in the content folder `boundary` (resolved), the file) of the file that the
    relative link `path` (decoded, without its query or fragment) of a file in `folder` names:
    a file inside the folder (symbolic links out are not followed, `..` that leaves it is
    refused), not a markdown page; else None. The site publishes it at that path, so two
    topics' `images/a.png` are two files, and a link that climbs (`../images/a.png`) works."""
    file = folder / path
    if leaves_folder(file, boundary) or not file.is_file() or file.suffix.lower() in MARKDOWN_SUFFIXES:
        return None
    resolved = file.resolve()
    uri = resolved.relative_to(boundary).as_posix()
    return (uri, resolved) if is_safe_uri(uri) else None
