"""The MkDocs plugin `mlprep`: a thin adapter from the question bank to generated pages.

It loads the bank from the content folder (outside `docs_dir`), hands it to the pure page
builders in `mlprep_site.site.pages`, and registers the results with MkDocs as in-memory files.
Content findings become log warnings (`file:line: message`), so `mkdocs build --strict` fails
on bad content; a bank that cannot be loaded at all is a `PluginError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from markdown.extensions.toc import strip_tags
from markdown.util import parseBoolValue
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data as get_markdown_data

from mlprep_site.core.diagnostics import Finding
from mlprep_site.core.loader import iter_sources, load_bank
from mlprep_site.core.model import Bank, Topic
from mlprep_site.site.blocks import HeadingStyle, SourceLinks, question_heading_html
from mlprep_site.site.bundle import bundles
from mlprep_site.site.pages import collisions, site_pages, topic_page
from mlprep_site.site.quiz_data import INDEX_NAME, QUIZ_DATA_DIR, write_quiz_data
from mlprep_site.site.site_html import answers_from_html, expand_separators, faq_jsonld, search_view

log = get_plugin_logger(__name__)

ASSETS_URI = "assets/mlprep"
QUIZ_INDEX_URI = f"{QUIZ_DATA_DIR}/{INDEX_NAME}"
DECK_URI = f"{ASSETS_URI}/mlprep-deck.apkg"
# Findings the site itself answers for: an unanswered question is published as "wanted",
# an invitation to contribute, so it must not fail `mkdocs build --strict`.
INFORMATIONAL_CODES = frozenset({"unanswered"})


class MlprepConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own hook
    content = c.Type(str, default="content")
    """The folder of topic files, relative to mkdocs.yml."""
    prefix = c.Type(str, default="")
    """URL prefix of the generated home and topic pages (e.g. `topics`)."""
    edit_uri = c.Optional(c.Type(str))
    """Where the content folder is edited, relative to `repo_url` or absolute.
    Default: `edit/main/<content>/` when `repo_url` is set."""
    anki = c.Type(bool, default=True)
    """Publish the Anki deck at assets/mlprep/mlprep-deck.apkg."""
    study = c.Type(bool, default=True)
    """Publish the study tools (study.js, study.css, the controls they bind) and the quiz."""


BankState = tuple[Bank, list[Finding]]
# `toc` options that late question headings reproduce (see `heading_style`), or that do not
# touch a heading with an explicit id. Any other option keeps the pages in the contained form.
LATE_HEADING_TOC_OPTIONS = frozenset(
    {"permalink", "permalink_title", "permalink_class", "permalink_leading", "toc_depth"}
    | {"title", "title_class", "toc_class", "slugify", "separator", "anchorlink_class"}
)


def heading_style(config: MkDocsConfig) -> HeadingStyle | None:
    """How the site's `toc` extension finishes headings, or None when the pages should not be
    written for late headings (an option this does not reproduce, or no `toc` at all)."""
    names = {e if isinstance(e, str) else "" for e in config.markdown_extensions}
    if not names & {"toc", "markdown.extensions.toc"}:
        return None
    options: dict[str, Any] = dict(config.mdx_configs.get("toc") or {})
    if not set(options) <= LATE_HEADING_TOC_OPTIONS:
        return None
    permalink = parseBoolValue(options.get("permalink", False), False)
    if permalink is None:  # not a boolean: the permalink's own text
        permalink = options["permalink"]
    depth = options.get("toc_depth", 6)
    if isinstance(depth, str) and "-" in depth:
        top, bottom = (int(n) for n in depth.split("-", 1))
    else:
        top, bottom = 1, int(depth)
    return HeadingStyle(
        permalink="&para;" if permalink is True else (escape(str(permalink)) if permalink else None),
        permalink_title=str(options.get("permalink_title", "Permanent link")),
        permalink_class=str(options.get("permalink_class", "headerlink")),
        permalink_leading=bool(parseBoolValue(options.get("permalink_leading", False), False)),
        in_toc=top <= 2 <= bottom,
    )


def with_question_links(toc: TableOfContents, topic: Topic) -> TableOfContents:
    """A topic page's table of contents with its questions, which markdown did not see: under
    the page title, before the other headings of the page (the references)."""
    headings = (question_heading_html(q) for q in topic.questions)
    titles = [strip_tags(h) if "<" in h else h for h in headings]
    links = [AnchorLink(title, q.id, 2) for title, q in zip(titles, topic.questions, strict=True)]
    items = list(toc)
    if len(items) == 1 and items[0].level == 1:
        items[0].children[:0] = links
        return toc
    return TableOfContents([*links, *items])


def deferred_script(uri: str) -> c.ExtraScriptValue:
    """Our script, run once the page is parsed: it does not hold up the first paint, and it
    still runs after Material's bundle (a plain script at the end of the body)."""
    script = c.ExtraScriptValue(uri)
    script.defer = True
    return script


def nav_paths(nav: Any) -> Iterator[str]:
    """Every page path in a nav as written in mkdocs.yml (lists, titled entries, sections)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


class MlprepPlugin(BasePlugin[MlprepConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.config_dir = Path()
        self.content_dir = Path()
        self.bank = Bank()
        self.links = SourceLinks()
        self.topic_pages: dict[str, Topic] = {}
        self.heading_style: HeadingStyle | None = None
        self.shown_content: str | None = None
        """A topic page's content while the search plugin reads its `search_view`."""
        self.late_pages: frozenset[str] = frozenset()
        self.rendered: dict[str, Page] = {}
        """Topic slug → its page; answers are cut from `page.content` when needed, so the
        build holds no second copy of 10,000 answers."""
        self.dirty = False
        self.dirty_answers: dict[str, dict[str, str | None]] = {}
        self.assets: dict[str, str] = {}
        """Our shipped assets: file name → minified text (see `bundle`)."""
        self._loaded: tuple[tuple[tuple[str, int, int], ...], BankState] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds,
        which lets an unchanged bank be reused instead of parsed again."""
        self.dirty = dirty

    # -- loading ---------------------------------------------------------------------------

    def _content_signature(self) -> tuple[tuple[str, int, int], ...]:
        """The bank files the loader would read, with their mtimes and sizes."""
        files, _ = iter_sources([self.content_dir])
        stats = ((str(path), path.stat()) for path in files)
        return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)

    def _load(self) -> BankState:
        if not self.content_dir.is_dir():
            raise PluginError(f"mlprep: content folder not found: {self.content_dir}")
        signature = self._content_signature()
        if self._loaded is not None and self._loaded[0] == signature:
            return self._loaded[1]
        try:
            state = load_bank([self.content_dir])
        except Exception as error:  # a loader bug must still be a message, not a traceback
            raise PluginError(f"mlprep: cannot load {self.content_dir}: {error}") from error
        self._loaded = (signature, state)
        return state

    def _report(self, findings: list[Finding]) -> None:
        for finding in sorted(findings, key=lambda f: (f.path, f.line, f.col)):
            message = f"{self._shown(finding.path)}:{finding.line}: {finding.message} [{finding.code}]"
            if finding.severity == "error":
                log.error(message)
            elif finding.code in INFORMATIONAL_CODES:
                log.info(message)
            else:
                log.warning(message)

    # -- MkDocs events ---------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (self.config_dir / self.config.content).resolve()
        self.bank, findings = self._load()
        self._report(findings)
        if not self.bank.topics:
            raise PluginError(f"mlprep: no topics could be loaded from {self.content_dir}")
        self.links = SourceLinks(self._edit_base(config), str(self.content_dir))
        self.heading_style = heading_style(config)
        self.assets = bundles(self.config.study)
        for name in self.assets:
            uri = f"{ASSETS_URI}/{name}"
            if name.endswith(".js") and uri not in map(str, config.extra_javascript):
                config.extra_javascript.append(deferred_script(uri))
            elif name.endswith(".css") and uri not in config.extra_css:
                config.extra_css.append(uri)
        return config

    def _edit_base(self, config: MkDocsConfig) -> str | None:
        edit_uri = self.config.edit_uri
        if edit_uri is None:
            if not config.repo_url:
                return None
            edit_uri = f"edit/main/{Path(self.config.content).as_posix().strip('/')}/"
        if "://" in edit_uri or not config.repo_url:
            return edit_uri
        return config.repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for name, text in self.assets.items():
            files.append(File.generated(config, f"{ASSETS_URI}/{name}", content=text))
        taken = {f.src_uri for f in files}
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
        generated = site_pages(
            self.bank,
            self.links,
            prefix,
            quiz_data_url,
            skip=taken,
            deck_url=deck_url,
            late_headings=self.heading_style is not None,
            study=self.config.study,
        )
        for uri, markdown in generated.pages.items():
            files.append(File.generated(config, uri, content=markdown))
        self.topic_pages = generated.topic_uris
        self.late_pages = generated.late_uris
        self.rendered = {}
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

    def _shown(self, path: str) -> str:
        """A source path as contributors know it: relative to the folder of mkdocs.yml."""
        return os.path.relpath(path, self.config_dir) if Path(path).is_absolute() else path

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is not None:
            # "Edit this page" goes to the topic's source under content/, not a generated file.
            page.edit_url = self.links.edit_url(topic)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None and page.file.src_uri in self.topic_pages:
            # MkDocs keeps its own copy in page.markdown; the File's is not read again.
            page.file.content_string = ""
        return markdown

    @event_priority(100)  # other plugins must see the questions, not the separators
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is not None:
            if page.file.src_uri in self.late_pages and self.heading_style is not None:
                html = self._finish_late_page(html, topic, page, config, files, self.heading_style)
            self.rendered[topic.slug] = page
            # The page's markdown is derived from the bank, which is kept; MkDocs does not read
            # it after rendering. Dropping it keeps a 10,000-question build within 1.2x the
            # memory of the same content written by hand (bench/bench_site.py).
            page.markdown = ""
            if self.dirty:  # a dirty rebuild leaves unchanged pages unrendered: remember them
                self.dirty_answers[topic.slug] = answers_from_html(html)
        return html

    def _finish_late_page(
        self, html: str, topic: Topic, page: Page, config: MkDocsConfig, files: Files, style: HeadingStyle
    ) -> str:
        """Put the question openings into a page written for late headings, with their table
        of contents entries and anchors; or render it again in the contained form when a
        markdown extension of the site wrote separators of its own."""
        expanded = expand_separators(html, topic, self.links, style)
        if expanded is None:
            log.debug(f"{page.file.src_uri}: rendered again with contained question blocks")
            page.markdown, _ = get_markdown_data(topic_page(topic, self.links, study=self.config.study))
            page.render(config, files)
            return page.content or ""
        if style.in_toc:
            page.toc = with_question_links(page.toc, topic)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {q.id for q in topic.questions}
        return expanded

    def answers(self, topic: Topic) -> dict[str, str | None]:
        """The topic's answers as rendered on its page (None: unanswered or not rendered)."""
        page = self.rendered.get(topic.slug)
        if page is not None and page.content is not None:
            return answers_from_html(page.content)
        return self.dirty_answers.get(topic.slug, {})

    @event_priority(50)  # before the search plugin indexes the page
    def _show_search_view(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if page.file.src_uri in self.topic_pages and page.content is not None:
            self.shown_content = page.content
            page.content = search_view(page.content)
        return context

    @event_priority(-50)  # after it, before the page template renders the content
    def _restore_content(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.shown_content is not None:
            page.content, self.shown_content = self.shown_content, None
        return context

    on_page_context = CombinedEvent(_show_search_view, _restore_content)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is None:
            return output
        script = faq_jsonld(topic, self.answers(topic))
        head_end = output.find("</head>")
        if script is None or head_end < 0:
            return output
        return output[:head_end] + script + "\n" + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.config.study:
            write_quiz_data(site_dir / QUIZ_DATA_DIR, self.bank, self.answers, self._page_url)
        if self.config.anki:
            self._write_deck(site_dir / DECK_URI)

    def _page_url(self, topic: Topic) -> str | None:
        page = self.rendered.get(topic.slug)
        return page.url if page is not None else None

    def _write_deck(self, path: Path) -> None:
        try:
            from mlprep_site.exports.anki import write_apkg
        except ImportError as error:
            message = f"mlprep: the Anki export is not available ({error}); set anki: false"
            raise PluginError(message) from error
        answers = {
            qid: html
            for topic in self.bank.topics
            for qid, html in self.answers(topic).items()
            if html is not None
        }
        write_apkg(self.bank, path, answer_html=answers)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # The content folder is outside docs_dir, so MkDocs would not rebuild on its changes.
        server.watch(str(self.content_dir))
        return server
