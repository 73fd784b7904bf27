"""Links from one topic's source file to another markdown file of the repository, made to
work on the site.

A repository's files link to each other as GitHub shows them (`*Next → [Python](../python/
README.md)*`, `[see](closures.md#scope)`, a folder whose README is a topic: `../python/`). The
site publishes every topic as one page beside the others (`pages.topic_uri`), so such a
relative link, resolved from the source file's folder, would lead nowhere (and fail a strict
build):

- a link to a topic's source (or its folder, for a `README.md` or `index.md`) leads to that
  topic's page; its `#fragment` named a heading of the source, which the page does not have,
  so it goes, unless it is a question of that topic (an id);
- a link to a markdown file or folder of the repository that is no topic (a guide, a
  CONTRIBUTING) leads to the file on the repository's host when the site knows it (`links`),
  and is otherwise written as its text, with a note (`notes`) that names it, as `import`
  does; a link to a file that is not there stays, for MkDocs to report.

Links to other files (images, PDFs) in the content folder lead to where the site publishes
them, at their path in that folder (`linked_files.linked_file`, `site_files`); URLs stay as
written. Code is left alone (`linked_files.link_targets`), and an answer without a relative
link is not parsed at all.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from mlprep_site.core.domain.model import Bank
from mlprep_site.core.importer.linked_files import FOLDER_PAGES, link_targets, link_to, linked_file, unwrapped
from mlprep_site.core.reading.sources import MARKDOWN_SUFFIXES
from mlprep_site.site.blocks import SourceLinks

# A link whose target is neither a URL, nor from the top (`/x`), nor only a `#fragment`.
_RELATIVE_LINK_RE = re.compile(
    r"\]\([ \t]*<?(?![A-Za-z][A-Za-z0-9+.-]*:|[#/])|\]:[ \t]*<?(?![A-Za-z][\w+.-]*:|[#/])"
)


class TopicLinks:
    """Each topic's source, and the folder of a `README.md`/`index.md` source, → the topic's
    page file name and the ids of its questions; `links`: where the content folder is on the
    repository's host, for the URL of a markdown file that is no topic (none: no URL)."""

    def __init__(self, bank: Bank, links: SourceLinks | None = None, content: Path | None = None) -> None:
        self.pages: dict[str, tuple[str, frozenset[str]]] = {}
        self.links = links
        self.boundary = content.resolve() if content is not None else None
        """The content folder, whose linked files the site publishes (none: links to files stay)."""
        for topic in bank.topics:
            source = posixpath.normpath(topic.source.replace("\\", "/"))
            page = (f"{topic.slug}.md", frozenset(q.id for q in topic.questions))
            self.pages.setdefault(source, page)
            folder, name = posixpath.split(source)
            if name in FOLDER_PAGES:
                self.pages.setdefault(folder or ".", page)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TopicLinks) and (other.pages, other.links, other.boundary) == (
            self.pages,
            self.links,
            self.boundary,
        )

    def relinked(self, text: str, source: str) -> str:
        """`text`, written in the file `source`, with its relative links to other markdown
        files made to work on the site (see the module's docstring)."""
        lines: list[str] | None = None
        for index, start, end, new in self._changes(text, source):
            lines = text.split("\n") if lines is None else lines
            line = lines[index]
            lines[index] = line[:start] + new + line[end:] if new else unwrapped(line, start, end) or line
        return text if lines is None else "\n".join(lines)

    def as_text(self, bank: Bank) -> list[tuple[str, int, str]]:
        """(source, line, target) of each link of the bank's answers and question bodies that
        `relinked` writes as its text: found here, whichever process writes the page."""
        found = []
        for topic in bank.topics:
            for question in topic.questions:
                for text, first in (
                    (question.question_body, question.line),
                    (question.answer, question.answer_line),
                ):
                    for index, start, end, new in self._changes(text or "", topic.source):
                        if not new:
                            written = text.split("\n")[index][start:end] if text else ""
                            found.append((topic.source, (first or 0) + index, written))
        return found

    def _changes(self, text: str, source: str) -> list[tuple[int, int, int, str]]:
        """(line index, start, end, new target, "" for the link's text only) of each link of
        `text` that changes, last first. A reference definition has no text of its own: it
        stays."""
        if not _RELATIVE_LINK_RE.search(text):
            return []
        folder = posixpath.dirname(source.replace("\\", "/"))
        lines = text.split("\n")
        changes = []
        for index, start, end in sorted(link_targets(text), reverse=True):
            new = self._target(lines[index][start:end], folder)
            if new is not None and (new or unwrapped(lines[index], start, end) is not None):
                changes.append((index, start, end, new))
        return changes

    def _target(self, written: str, folder: str) -> str | None:
        """The target `written` as it must be on the site: another page's, a URL, "" (none:
        the link's text only), or None (as written)."""
        bracketed = written.startswith("<") and written.endswith(">")
        target = written[1:-1] if bracketed else written
        path, _, fragment = target.partition("#")
        path = path.partition("?")[0]
        if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
            return None
        resolved = posixpath.normpath(posixpath.join(folder, unquote(path)))
        found = self.pages.get(resolved)
        if found is not None:
            page, ids = found
            new = page + (f"#{fragment}" if fragment in ids else "")
        elif (path.endswith("/") or posixpath.splitext(resolved)[1].lower() in MARKDOWN_SUFFIXES) and Path(
            resolved
        ).exists():  # (a file that is not there is a broken link, which MkDocs reports)
            new = (self.links.file_view_url(resolved) if self.links is not None else None) or ""
            if new and fragment:
                new += f"#{fragment}"
        elif self.boundary and (linked := linked_file(Path(folder), unquote(path), self.boundary)):
            uri = linked[0]
            if uri == posixpath.normpath(unquote(path)):
                return None  # (where it is published from the page already)
            new = link_to(uri, target.partition("#")[0].partition("?")[2], fragment)
        else:
            return None
        return f"<{new}>" if bracketed and new else new
