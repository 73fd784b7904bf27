"""Links from one topic's source file to another's, made to lead to that topic's page.

A repository's files link to each other as GitHub shows them (`*Next → [Python](../python/
README.md)*`, `[see](closures.md#scope)`, a folder whose README is a topic: `../python/`). The
site publishes every topic as one page beside the others (`pages.topic_uri`), so such a
relative link, resolved from the source file's folder, would lead nowhere (and fail a strict
build). Each one that names a topic's source (or its folder, for a `README.md` or `index.md`)
is rewritten to that topic's page; its `#fragment` named a heading of the source, which the
page does not have, so it goes, unless it is a question of that topic (an id). Other links
stay as written. Code is left alone (`linked_files.link_targets`), and an answer without a
relative link is not parsed at all.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from mlprep_site.core.domain.model import Bank
from mlprep_site.core.importer.linked_files import FOLDER_PAGES, link_targets

# A link whose target is neither a URL, nor from the top (`/x`), nor only a `#fragment`.
_RELATIVE_LINK_RE = re.compile(
    r"\]\([ \t]*<?(?![A-Za-z][A-Za-z0-9+.-]*:|[#/])|\]:[ \t]*<?(?![A-Za-z][\w+.-]*:|[#/])"
)


class TopicLinks:
    """Each topic's source, and the folder of a `README.md`/`index.md` source, → the topic's
    page file name and the ids of its questions."""

    def __init__(self, bank: Bank) -> None:
        self.pages: dict[str, tuple[str, frozenset[str]]] = {}
        for topic in bank.topics:
            source = posixpath.normpath(topic.source.replace("\\", "/"))
            page = (f"{topic.slug}.md", frozenset(q.id for q in topic.questions))
            self.pages.setdefault(source, page)
            folder, name = posixpath.split(source)
            if name in FOLDER_PAGES:
                self.pages.setdefault(folder or ".", page)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TopicLinks) and other.pages == self.pages

    def relinked(self, text: str, source: str) -> str:
        """`text`, written in the file `source`, with each relative link to another topic's
        source leading to that topic's page (see the module's docstring)."""
        if not _RELATIVE_LINK_RE.search(text):
            return text
        folder = posixpath.dirname(source.replace("\\", "/"))
        lines = text.split("\n")
        for index, start, end in sorted(link_targets(text), reverse=True):
            written = lines[index][start:end]
            new = self._target(written, folder)
            if new is not None:
                lines[index] = lines[index][:start] + new + lines[index][end:]
        return "\n".join(lines)

    def _target(self, written: str, folder: str) -> str | None:
        bracketed = written.startswith("<") and written.endswith(">")
        target = written[1:-1] if bracketed else written
        path, _, fragment = target.partition("#")
        path = path.partition("?")[0]
        if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
            return None
        found = self.pages.get(posixpath.normpath(posixpath.join(folder, unquote(path))))
        if found is None:
            return None
        page, ids = found
        new = page + (f"#{fragment}" if fragment in ids else "")
        return f"<{new}>" if bracketed else new
