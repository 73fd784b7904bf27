"""The MkDocs plugin `mlprep`: a thin adapter from the question bank to generated pages.

It loads the bank from the content folder (outside `docs_dir`), hands it to the pure page
builders in `mlprep_site.site.pages`, and registers the results with MkDocs as in-memory files.
Content findings are logged as `file:line: message`: warnings fail `mkdocs build --strict`,
errors fail any build (not `serve`) once the site is written; a bank that cannot be loaded at
all is a `PluginError`.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mlprep_site.answers.render import SNIPPETS
from mlprep_site.core.domain.model import DIALECT_NAMES, Bank, Topic
from mlprep_site.core.loader import forget_read_files
from mlprep_site.core.storage.paths import is_safe_uri
from mlprep_site.site.background import Background, shared_texts
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.bundle import bundles
from mlprep_site.site.content_load import (
    BankState,
    content_repo_links,
    content_signature,
    load_content,
    report_findings,
    shown_path,
)
from mlprep_site.site.page_cache import Conversion, ServeCache, capture, toc_tokens
from mlprep_site.site.page_questions import PageQuestions
from mlprep_site.site.pages import collisions, site_pages, topic_page
from mlprep_site.site.quiz_data import ASSETS_URI, INDEX_NAME, QUIZ_DATA_DIR
from mlprep_site.site.render_path import QuestionBlocksExtension
from mlprep_site.site.rendered import RenderedAnswers
from mlprep_site.site.search_sections import index_topic_page, keep_out_of_search_pass, material_search_index
from mlprep_site.site.site_files import add_linked_files, deferred_script, nav_paths, taken_uris
from mlprep_site.site.site_html import faq_jsonld
from mlprep_site.site.study_files import DECK_URI, write_study_files
from mlprep_site.site.topic_links import TopicLinks

if TYPE_CHECKING:  # the live-reload server pulls in watchdog and a web server: `serve` only
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

QUIZ_INDEX_URI = f"{QUIZ_DATA_DIR}/{INDEX_NAME}"


class MlprepConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own hook
    content = c.Type(str, default="content")
    """The folder of topic files, relative to mkdocs.yml."""
    prefix = c.Type(str, default="")
    """URL prefix of the generated home and topic pages (e.g. `topics`)."""
    edit_uri = c.Optional(c.Type(str))
    """Where the content folder is edited, relative to `repo_url` or absolute (`""`: no links).
    Default: MkDocs' `edit_uri` with the docs folder replaced by the content folder
    (see `site.repo_links`)."""
    anki = c.Type(bool, default=True)
    """Publish the Anki deck at assets/mlprep/mlprep-deck.apkg."""
    study = c.Type(bool, default=True)
    """Publish the study tools (study.js, study.css, the controls they bind) and the quiz."""
    sanitize = c.Type(bool, default=False)
    """Clean each answer's HTML with an allow-list (core/text/sanitize.py) as it is rendered: for
    content that is not reviewed before it is published. The page, the quiz, the deck and the
    JSON-LD all get the cleaned HTML (one string per answer, see `render_path`), and the
    pymdownx.snippets markers of answers show as written, never followed."""
    dialect = c.Optional(c.Choice(DIALECT_NAMES))
    """Read every content file in this dialect (default: each file's own, detected)."""


class MlprepPlugin(BasePlugin[MlprepConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.config_dir = Path()
        self.content_dir = Path()
        self.bank = Bank()
        self.links = SourceLinks()
        self.topic_pages: dict[str, Topic] = {}
        self.generated: set[str] = set()
        """The source paths of the pages the plugin generates (home, topics, quiz, tags)."""
        self.nonce = ""
        """Per build: the marker lines of topic pages carry it (see `render_path`)."""
        self.extension = QuestionBlocksExtension(lambda: self.converting)
        self.converting: PageQuestions | None = None
        """The topic page being converted, while MkDocs renders it."""
        self.rendered = RenderedAnswers()
        self.background = Background()
        """Writes the quiz data and the deck beside the page templates, in a plain build."""
        self.forked = False
        """Whether this build's quiz data and deck are written by `background`."""
        """Each topic page's URL and answers' HTML, until the quiz data and the deck are written."""
        self.page_meta: dict[str, dict[str, Any]] = {}
        """A topic page's metadata as written, from its markdown until the search index reads it."""
        self.dirty = False
        self.serving = False
        self.content_errors = 0
        """Errors among the last load's findings: a build with any exits non-zero."""
        self.assets: dict[str, str] = {}
        """Our shipped assets: file name → minified text (see `bundle`)."""
        self._loaded: tuple[tuple[str | None, tuple[tuple[str, int, int], ...]], BankState] | None = None
        self.cache: ServeCache | None = None
        """What `serve` keeps from build to build (`page_cache`); None in a plain build."""
        self.kept: tuple[Conversion, str] | None = None
        """The topic page being converted: its kept conversion and its markdown, on a hit."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds,
        which lets an unchanged bank be reused instead of parsed again."""
        self.dirty = dirty
        self.serving = command == "serve"
        self.cache = ServeCache() if self.serving else None

    def on_shutdown(self) -> None:
        """MkDocs keeps this instance for the process (it defines `on_startup`): a build after
        `serve` in the same process (a test, a script calling `build`) is no serve."""
        self.serving = False
        self.cache = None

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> BankState:
        # The dialect too: a `serve` rebuild after an mkdocs.yml edit keeps this instance.
        signature = (self.config.dialect, content_signature(self.content_dir))
        if self._loaded is None or self._loaded[0] != signature:
            self._loaded = (signature, load_content(self.content_dir, self.config.dialect, self.cache))
        return self._loaded[1]

    # -- MkDocs events ---------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (self.config_dir / self.config.content).resolve()
        self.bank, findings = self._load()
        self.content_errors = report_findings(findings, self.content_dir, self.config_dir)
        if not self.bank.topics:
            raise PluginError(f"mlprep: no topics could be loaded from {self.content_dir}")
        self.links = SourceLinks(
            content_repo_links(config, self.config.edit_uri, self.config_dir, self.content_dir),
            str(self.content_dir),
        )
        if self.cache is None or not self.nonce:  # serve keeps it, and so its unchanged pages' markdown
            self.nonce = secrets.token_hex(8)
        # Python-Markdown takes extension objects as well as names; MkDocs types the list as names.
        extensions = cast(list[object], config.markdown_extensions)
        if not any(e is self.extension for e in extensions):
            extensions.append(self.extension)
        if not self.dirty:  # a dirty rebuild renders changed pages only: keep the others' answers
            self.rendered.clear()
        if self.cache is not None:
            self.cache.conversions.start_build(config)
        self.assets = bundles(self.config.study)
        for name in self.assets:
            uri = f"{ASSETS_URI}/{name}"
            if name.endswith(".js") and uri not in map(str, config.extra_javascript):
                config.extra_javascript.append(deferred_script(uri))
            elif name.endswith(".css") and uri not in config.extra_css:
                config.extra_css.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for name, text in self.assets.items():
            files.append(File.generated(config, f"{ASSETS_URI}/{name}", content=text))
        taken = taken_uris(files, config.use_directory_urls)
        prefix = self.config.prefix.strip("/")
        for topic in collisions(self.bank, prefix, taken):
            log.warning(
                f"{self._shown(topic.source)}:1: topic slug {topic.slug!r} collides with another page; "
                "give the topic another `slug:`"
            )
        quiz_data_url = None
        if self.config.study:
            quiz_url = "quiz/" if config.use_directory_urls else "quiz.html"
            quiz_data_url = get_relative_url(QUIZ_INDEX_URI, quiz_url)
        deck_url = None
        if self.config.anki:
            home_url = f"{prefix}/" if config.use_directory_urls else f"{prefix}/index.html"
            deck_url = get_relative_url(DECK_URI, home_url.lstrip("/"))
        # Content that is not reviewed (`sanitize`) may not read files into the site.
        as_text = self.config.sanitize and SNIPPETS in config.markdown_extensions
        topic_links = TopicLinks(self.bank, self.links, self.content_dir)
        generated = site_pages(
            self.bank,
            self.links,
            prefix,
            quiz_data_url,
            skip=taken,
            deck_url=deck_url,
            nonce=self.nonce,
            study=self.config.study,
            snippets_as_text=as_text,
            write_topic=self._topic_writer(as_text, topic_links),
            directory_urls=config.use_directory_urls,
            topic_links=topic_links,
        )
        for source, line, target in topic_links.as_text(self.bank):
            log.info(
                f"{self._shown(source)}:{line}: links to {target}, a markdown file that is no topic of "
                "this site: shown as its text"
            )
        for uri, markdown in generated.pages.items():
            if not is_safe_uri(uri):  # the slug rule keeps content from getting here; `prefix` may not
                raise PluginError(f"mlprep: refusing to generate {uri!r}: it would leave the site folder")
            files.append(File.generated(config, uri, content=markdown))
        self.topic_pages = generated.topic_uris
        self.generated = set(generated.pages)
        add_linked_files(self.bank, self.content_dir, files, config, prefix)
        if config.nav is None:
            # Without an explicit nav MkDocs would sort pages by file name; keep the bank's
            # order (home, topics by `order`, quiz), then the docs folder's own pages.
            others = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = [*generated.nav, *others]
        else:
            # An explicit nav may place some generated pages itself; the rest go at its end.
            listed = set(nav_paths(config.nav))
            config.nav.extend(e for e in generated.nav if next(iter(e.values())) not in listed)
        return files

    def _topic_writer(self, as_text: bool, topic_links: TopicLinks) -> Callable[[Topic], str]:
        """A topic's page markdown: on `serve`, kept while the topic stays the same; in a build,
        worked out for half of the topics by a forked child meanwhile (`shared_texts`): reading
        every answer as GitHub does (`answers.page_markdown`) is most of its cost."""
        links, nonce, study = self.links, self.nonce, self.config.study
        if self.cache is not None:
            return self.cache.topic_writer(links, nonce, study, as_text, topic_links)
        write = functools.partial(
            topic_page,
            links=links,
            nonce=nonce,
            study=study,
            snippets_as_text=as_text,
            topic_links=topic_links,
        )
        topics = list(self.bank.topics)
        pages = dict(
            zip(map(id, topics), shared_texts(write, topics, "writing the topic pages"), strict=True)
        )
        return lambda topic: pages.pop(id(topic))

    def _shown(self, path: str) -> str:
        return shown_path(path, self.config_dir)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is not None:
            # "Edit this page" goes to the topic's source under content/, not a generated file.
            page.edit_url = self.links.edit_url(topic)
        return page

    def _start_page(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        self.converting = (
            None
            if topic is None
            else PageQuestions(topic, self.links, self.nonce, sanitize=self.config.sanitize)
        )
        if topic is not None and page.file.generated_by is not None:
            # MkDocs keeps its own copy in page.markdown; the File's is not read again.
            page.file.content_string = ""
        if topic is not None:
            self.page_meta[page.file.src_uri] = dict(page.meta)
            keep_out_of_search_pass(page)
        return markdown

    @event_priority(-10_000)  # after every other plugin: the markdown as they left it is the key
    def _reuse_conversion(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """On `serve`, a generated page whose conversion is kept converts an empty text instead
        (`page_cache`); `on_page_content` puts the kept conversion in its place."""
        self.kept = None
        if self.cache is None or page.file.src_uri not in self.generated:
            return markdown
        context = repr((self.links, self.config.sanitize, self.nonce))
        key = self.cache.conversions.key(markdown, page, files, context)
        topic = self.topic_pages.get(page.file.src_uri)
        kept = self.cache.conversions.take(topic, key, page.file.src_uri)
        if kept is None:
            return markdown
        self.kept, self.converting = (kept, markdown), None  # our extension leaves "" alone
        return ""

    on_page_markdown = CombinedEvent(_start_page, _reuse_conversion)

    @event_priority(10_000)  # before every other plugin: theirs is done on the HTML as converted
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state, self.converting = self.converting, None
        kept, self.kept = self.kept, None
        topic = self.topic_pages.get(page.file.src_uri)
        if kept is not None:
            conversion, page.markdown = kept
            if topic is not None:
                self.rendered.put_packed(topic, page.url, conversion.answers)
            self._log_page(conversion.report)
            return conversion.restore(page, files)
        records = None if self.cache is None else self.cache.conversions.records()
        report: list[tuple[int, str]] = []
        if topic is not None and (state is None or state.topic is not topic):
            return html
        if topic is not None and state is not None:
            report = state.report(self._shown(topic.source))
            self._log_page(report)
            if page.present_anchor_ids is not None:  # raw HTML's, each answer read alone (render_path)
                page.present_anchor_ids |= state.raw_anchors
            self.rendered.put(topic, page.url, state.answers)
            state.release()
            # The code of the page's texts, read for their raw-HTML anchors: not asked again.
            forget_read_files()
        if self.cache is not None and records is not None:
            anchors, links = capture(page, files)
            answers = b"" if topic is None else self.rendered.packed(topic)
            toc = toc_tokens(page.toc)
            conversion = Conversion(topic, html, toc, anchors, links, answers, report, records)
            self.cache.conversions.keep(page.file.src_uri, conversion)
        return html

    def _log_page(self, report: list[tuple[int, str]]) -> None:
        for level, message in report:
            log.log(level, message)

    @event_priority(50)  # before the search plugin strips `data-search-exclude` from the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        meta = self.page_meta.pop(page.file.src_uri, None)
        index = material_search_index(config) if meta is not None else None
        if meta is not None and index is not None and self.cache is None:
            index_topic_page(index, page, meta)
        elif meta is not None and index is not None and self.cache is not None:
            self.cache.search.add(index, page, meta, lambda: index_topic_page(index, page, meta))
        return context

    def _add_jsonld(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is None:
            return output
        if self.cache is None:
            script = faq_jsonld(topic, self.rendered.answers(topic))
        else:
            script = self.cache.jsonld(topic, self.rendered)
        head_end = output.find("</head>")
        if script is None or head_end < 0:
            return output
        return output[:head_end] + script + "\n" + output[head_end:]

    @event_priority(-100)  # after every other plugin's page events
    def _let_go_of_markdown(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A topic page's markdown, once the page is written: it is derived from the bank, which
        is kept, and MkDocs does not read it again (other plugins and hooks see it in all the
        page's events). Held to the end of the build, every page's markdown would add to the
        build's peak memory (bench/bench_site.py)."""
        if page.file.src_uri in self.topic_pages:
            page.markdown = ""
        return output

    on_post_page = CombinedEvent(_add_jsonld, _let_go_of_markdown)

    @event_priority(-100)  # after other plugins' `on_env`: every page is converted
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every answer's HTML is known now: a plain build writes the quiz data and the deck in
        a forked child while MkDocs renders the pages' templates (`background`); `serve` writes
        them in `on_post_build`, from what it keeps."""
        self.forked = False
        if self.cache is None and (self.config.study or self.config.anki):
            site_dir = Path(config.site_dir)
            work = functools.partial(self._write_study_files, site_dir)
            self.forked = self.background.start(work, "writing the quiz data and the deck")
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.forked:
            self.background.join()  # started in `on_env`; a failure there is a PluginError here
        else:  # no fork here, or `serve`
            self._write_study_files(Path(config.site_dir))
        self._fail_on_content_errors()

    def on_build_error(self, *, error: Exception) -> None:
        self.background.discard()  # no child outlives a failed build

    def _write_study_files(self, site_dir: Path) -> None:
        quiz, deck, sanitize = self.config.study, self.config.anki, self.config.sanitize
        write_study_files(
            site_dir, self.bank, self.rendered, self.cache, quiz=quiz, deck=deck, sanitize=sanitize
        )

    def _fail_on_content_errors(self) -> None:
        """A build (or gh-deploy) of content with errors exits non-zero also without
        `--strict`: the site is written, so the errors can be looked at, but not published
        as if nothing were wrong. `serve` keeps serving, with the errors in its log."""
        if self.content_errors and not self.serving:
            count = f"{self.content_errors} content error{'s' if self.content_errors != 1 else ''}"
            raise PluginError(f"mlprep: {count} (listed above as file:line)")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # The content folder is outside docs_dir, so MkDocs would not rebuild on its changes.
        server.watch(str(self.content_dir))
        return server
