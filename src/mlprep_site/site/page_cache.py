"""What one `mkdocs serve` process keeps from build to build, so that a rebuild after an edit
reads and renders only what changed.

MkDocs keeps the plugin instance for the whole serve process (it defines `on_startup`), and so
this cache. Each kind of work is kept with what it was made from, and reused only when that is
the same again:

- a content file's topics and findings, by the file's bytes and the dialect it is read in
  (`FileLoads`);
- a topic's page markdown, by the topic (the very object the file loads gave) and the page's
  settings (`TopicMarkdown`);
- a generated page's conversion (topics, home, tags, quiz), by its markdown as the other
  plugins left it (taken at the lowest priority of `on_page_markdown`), the markdown
  configuration (extensions and their configs), the page's place, the site's files (relative
  links) and the topic (`Conversion`). On a hit the page converts an empty text, and the kept
  HTML, table of contents, anchors and answers' HTML take its place before any other plugin's
  `on_page_content` runs, so their work is done on the HTML as before. What MkDocs and the
  extensions logged while converting is logged again. A page that pymdownx.snippets may fill
  from other files, or whose title its conversion gives, is converted each time.
- a topic page's search entries, by the page content that the search reads (`SearchEntries`);
- a topic's JSON-LD and quiz file, by the topic and its answers' HTML (`Derived`);
- a topic's Anki notes, by the topic, its answers' HTML and the guids' salts (`Derived`); and
  the deck file's bytes, written again as they are while no topic or answer changed.

A plain `mkdocs build` keeps none of it (the full build's memory stays as it was).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from mlprep_site.answers.render import SNIPPETS
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Topic
from mlprep_site.core.loader import load_file
from mlprep_site.core.storage.paths import write_atomic
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.pages import topic_page
from mlprep_site.site.quiz_data import QuizTopic, quiz_topic
from mlprep_site.site.rendered import RenderedAnswers
from mlprep_site.site.site_html import faq_jsonld
from mlprep_site.site.topic_links import TopicLinks

if TYPE_CHECKING:  # the deck's export needs genanki, which the site does not
    from mlprep_site.exports.anki import KeptNotes, NoteFields
    from mlprep_site.exports.anki_kept import KeptCollection

SNIPPET_MARK = "8<-"
T = TypeVar("T")


def digest(*parts: str | bytes) -> bytes:
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.digest()


class FileLoads:
    """Each content file's load, by its bytes and dialect: `load` is a `loader.FileLoader`
    that reads (parses) only a file whose bytes changed; files not seen in a load are let go."""

    def __init__(self) -> None:
        self._held: dict[tuple[str, str | None], tuple[bytes, tuple[list[Topic], list[Finding]]]] = {}
        self._seen: dict[tuple[str, str | None], tuple[bytes, tuple[list[Topic], list[Finding]]]] = {}
        self.parsed = 0
        """Files parsed by the last load (the others were kept)."""

    @contextmanager
    def loading(self) -> Iterator[Callable[[Path, str | None], tuple[list[Topic], list[Finding]]]]:
        self._seen, self.parsed = {}, 0
        yield self.load
        self._held = self._seen

    def load(self, path: Path, hint: str | None) -> tuple[list[Topic], list[Finding]]:
        key = (str(path), hint)
        try:
            data = digest(path.read_bytes())
        except OSError:
            return load_file(path, hint)  # its own finding
        held = self._held.get(key)
        if held is None or held[0] != data:
            self.parsed += 1
            held = (data, load_file(path, hint))
        self._seen[key] = held
        topics, findings = held[1]
        return list(topics), list(findings)


class TopicMarkdown:
    """A topic's page markdown, kept while its topic and the page's settings stay the same."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[Topic, object, str]] = {}
        self.written = 0

    def writer(self, settings: object, write: Callable[[Topic], str]) -> Callable[[Topic], str]:
        held, self._held, self.written = self._held, {}, 0

        def write_topic(topic: Topic) -> str:
            kept = held.get(topic.slug)
            if kept is None or kept[0] is not topic or kept[1] != settings:
                self.written += 1
                kept = (topic, settings, write(topic))
            self._held[topic.slug] = kept
            return kept[2]

        return write_topic


def markdown_settings(config: MkDocsConfig) -> str:
    """What a page's conversion depends on besides its markdown and place: the extensions and
    their configs (an extension given as an object is the same object across rebuilds only
    when a plugin keeps it, as ours is kept), link validation and URL style."""
    return repr(
        (config.markdown_extensions, config.mdx_configs, config.validation, config.use_directory_urls)
    )


def files_fingerprint(files: Files) -> bytes:
    """The site's files, by source path: a page's relative links are resolved against them."""
    return digest(*sorted(file.src_uri for file in files))


def toc_tokens(toc: TableOfContents | list[AnchorLink]) -> list[Any]:
    """A table of contents as `toc` tokens, from which `get_toc` builds it again."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)} for a in toc]


class LogCapture(logging.Handler):
    """The records MkDocs' loggers get while a page converts, to be logged again on a hit."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Conversion:
    """A topic page's conversion as a build made it (see the module's docstring)."""

    topic: Topic | None
    """The topic of a topic page (None: another generated page)."""
    html: str
    toc: list[Any]
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    """Links to other pages' anchors, by the linked page's source path."""
    answers: bytes
    """The answers' HTML as `RenderedAnswers` packs them."""
    report: list[tuple[int, str]]
    """(logging level, message) of the plugin's own findings on the page."""
    records: list[logging.LogRecord]

    def restore(self, page: Page, files: Files) -> str:
        """Put the conversion on `page` as `Page.render` would; the page's HTML."""
        page.toc = get_toc(self.toc)
        page.present_anchor_ids = None if self.anchors is None else set(self.anchors)
        if self.links_to_anchors is not None:
            linked = ((files.get_file_from_path(uri), links) for uri, links in self.links_to_anchors.items())
            page.links_to_anchors = {file: dict(links) for file, links in linked if file is not None}
        for record in self.records:
            logging.getLogger(record.name).handle(record)
        return self.html


def capture(page: Page, files: Files) -> tuple[set[str] | None, dict[str, dict[str, str]] | None]:
    """A converted page's anchors and anchor links, kept apart from the page's objects."""
    anchors = None if page.present_anchor_ids is None else set(page.present_anchor_ids)
    links = page.links_to_anchors
    by_uri = None if links is None else {file.src_uri: dict(held) for file, held in links.items()}
    return anchors, by_uri


class PageConversions:
    """Topic pages' conversions, one per page (the last), with the log capture of a miss."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[bytes, Conversion]] = {}
        self._key: bytes | None = None
        """The key of the page being converted, on a miss."""
        self.settings = ""
        self.files = b""
        self.converted = 0
        self.reused = 0
        self._capture: LogCapture | None = None

    def start_build(self, config: MkDocsConfig) -> None:
        self.settings = markdown_settings(config)
        self.files = b""
        self.converted = self.reused = 0
        mdx = config.mdx_configs.get(SNIPPETS, {})
        self.snippets = SNIPPETS in config.markdown_extensions
        self.every_page_snippets = self.snippets and bool(mdx.get("auto_append"))

    def key(self, markdown: str, page: Page, files: Files, context: str) -> bytes | None:
        """The conversion's key, or None when the page is converted each time: pymdownx.snippets
        may fill it from other files, or its title would come from its conversion."""
        if self.snippets and (self.every_page_snippets or SNIPPET_MARK in markdown):
            return None
        if "title" not in page.meta:
            return None
        if not self.files:
            self.files = files_fingerprint(files)
        return digest(markdown, self.settings, page.file.src_uri, page.url, self.files, context)

    def take(self, topic: Topic | None, key: bytes | None, src_uri: str) -> Conversion | None:
        """The page's kept conversion for `key`, or None (then the page's log is captured
        until `done`)."""
        self.records()  # a capture left by a page whose conversion failed ends here
        held = self._held.get(src_uri)
        if key is not None and held is not None and held[0] == key and held[1].topic is topic:
            self.reused += 1
            return held[1]
        self._held.pop(src_uri, None)
        self._key = key
        if key is not None:
            self._capture = LogCapture()
            logging.getLogger("mkdocs").addHandler(self._capture)
        return None

    def records(self) -> list[logging.LogRecord] | None:
        """Stop capturing: the records of the page just converted (None: not to be kept)."""
        captured, self._capture = self._capture, None
        if captured is None:
            return None
        logging.getLogger("mkdocs").removeHandler(captured)
        return captured.records

    def keep(self, src_uri: str, conversion: Conversion) -> None:
        """Keep the conversion of the page `take` missed."""
        key, self._key = self._key, None
        if key is not None:
            self.converted += 1
            self._held[src_uri] = (key, conversion)


class SearchEntries:
    """A topic page's search entries, by what the search index reads of the page."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[bytes, list[Any]]] = {}

    def add(self, index: Any, page: Page, meta: dict[str, Any], add: Callable[[], None]) -> None:
        toc = repr(toc_tokens(page.toc))
        key = digest(page.content or "", page.url, str(page.title), repr(meta), toc, repr(index.config))
        held = self._held.get(page.file.src_uri)
        if held is not None and held[0] == key:
            index.entries.extend(held[1])
            return
        before = len(index.entries)
        add()
        self._held[page.file.src_uri] = (key, index.entries[before:])


class Derived(Generic[T]):
    """Something made from a topic and its answers' HTML (JSON-LD, a quiz file), by both."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[Topic, object, T]] = {}

    def get(self, topic: Topic, source: object, make: Callable[[], T]) -> T:
        held = self._held.get(topic.slug)
        if held is None or held[0] is not topic or held[1] != source:
            held = (topic, source, make())
            self._held[topic.slug] = held
        return held[2]


class ServeCache:
    """Everything a serve process keeps between builds (see the module's docstring)."""

    def __init__(self) -> None:
        self.files = FileLoads()
        self.topic_markdown = TopicMarkdown()
        self.conversions = PageConversions()
        self.search = SearchEntries()
        self._jsonld: Derived[str | None] = Derived()
        self._quiz: Derived[QuizTopic] = Derived()
        self._deck_notes: Derived[list[NoteFields]] = Derived()
        self.deck_notes_made = 0
        """Topics whose notes the last deck write made (the others were kept)."""
        self._deck: tuple[list[Topic], list[bytes], bool, bytes] | None = None
        """The last deck: its topics, their answers as held, `sanitize`, and the file's bytes."""
        self.deck_collection: KeptCollection | None = None
        """The deck's collection, in which only the decks whose notes changed are written again."""

    def topic_writer(
        self, links: SourceLinks, nonce: str, study: bool, as_text: bool, topic_links: TopicLinks
    ) -> Callable[[Topic], str]:
        """A topic's `topic_page`, kept while the topic and these settings (the other topics'
        files and pages among them) stay the same."""
        return self.topic_markdown.writer(
            (links, nonce, study, as_text, topic_links),
            lambda topic: topic_page(topic, links, nonce, study, as_text, topic_links),
        )

    def jsonld(self, topic: Topic, rendered: RenderedAnswers) -> str | None:
        """The topic page's `faq_jsonld`, kept while the topic and its answers stay the same."""
        return self._jsonld.get(
            topic, rendered.packed(topic), lambda: faq_jsonld(topic, rendered.answers(topic))
        )

    def quiz_topic(self, topic: Topic, rendered: RenderedAnswers) -> QuizTopic:
        """The topic's `quiz_topic`, kept while the topic and its answers stay the same."""
        url = rendered.url(topic)
        return self._quiz.get(
            topic, (rendered.packed(topic), url), lambda: quiz_topic(topic, rendered.answers(topic), url)
        )

    def deck_notes(
        self, topic: Topic, rendered: RenderedAnswers, source: object, make: Callable[[], list[NoteFields]]
    ) -> list[NoteFields]:
        """The topic's notes (`anki.KeptNotes`), kept while the topic, its answers and `source`
        stay the same."""

        def made() -> list[NoteFields]:
            self.deck_notes_made += 1
            return make()

        return self._deck_notes.get(topic, (rendered.packed(topic), source), made)

    def write_deck(
        self,
        path: Path,
        topics: list[Topic],
        rendered: RenderedAnswers,
        sanitize: bool,
        write: Callable[..., None],
    ) -> None:
        """Write the deck to `path` (`write(path, kept=…, collection=…)`: `anki.write_apkg`
        with the notes and the collection kept here), or the last deck's bytes
        again when its topics, their answers and `sanitize` are the same (MkDocs empties the
        site folder before each build)."""
        self.deck_notes_made = 0
        packed = [rendered.packed(topic) for topic in topics]
        last = self._deck
        if (
            last is not None
            and len(last[0]) == len(topics)
            and all(a is b for a, b in zip(last[0], topics, strict=True))
            and last[1:3] == (packed, sanitize)
        ):
            write_atomic(path, last[3])
            return
        self._deck = None
        kept: KeptNotes = lambda topic, source, make: self.deck_notes(topic, rendered, source, make)  # noqa: E731
        if self.deck_collection is None:
            from mlprep_site.exports.anki_kept import KeptCollection  # genanki: for a deck only

            self.deck_collection = KeptCollection()
        write(path, kept=kept, collection=self.deck_collection)
        self._deck = (list(topics), packed, sanitize, path.read_bytes())
