"""The MkDocs plugin `mlprep`: a thin adapter from the question bank to generated pages.

It loads the bank from the content folder (outside `docs_dir`), hands it to the pure page
builders in `mlprep_site.pages`, and registers the results with MkDocs as in-memory files.
Content findings become log warnings (`file:line: message`), so `mkdocs build --strict` fails
on bad content; a bank that cannot be loaded at all is a `PluginError`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mlprep_site.diagnostics import Finding
from mlprep_site.loader import BANK_SUFFIXES, load_bank
from mlprep_site.model import Bank, Topic
from mlprep_site.pages import (
    QUIZ_URI,
    SourceLinks,
    answers_from_html,
    collisions,
    faq_jsonld,
    site_pages,
)

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/mlprep"
BANK_URI = f"{ASSETS_URI}/bank.json"
DECK_URI = f"{ASSETS_URI}/mlprep-deck.apkg"
STUDY_ASSETS = ("study.js", "study.css")


class MlprepConfig(base.Config):
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
    """Publish the study tools (study.js, study.css) and the quiz page."""


BankState = tuple[Bank, list[Finding]]


class MlprepPlugin(BasePlugin[MlprepConfig]):
    def __init__(self) -> None:
        self.config_dir = Path()
        self.content_dir = Path()
        self.bank = Bank()
        self.links = SourceLinks()
        self.topic_pages: dict[str, Topic] = {}
        self.answer_html: dict[str, str | None] = {}
        self.topic_urls: dict[str, str] = {}
        self._loaded: tuple[tuple[tuple[str, int, int], ...], BankState] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds,
        which lets an unchanged bank be reused instead of parsed again."""

    # -- loading ---------------------------------------------------------------------------

    def _content_signature(self) -> tuple[tuple[str, int, int], ...]:
        stats = []
        for path in sorted(self.content_dir.rglob("*")):
            if path.suffix.lower() in BANK_SUFFIXES and path.is_file():
                stat = path.stat()
                stats.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(stats)

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
        for asset in self._assets():
            uri = f"{ASSETS_URI}/{asset.name}"
            if asset.suffix == ".js" and uri not in config.extra_javascript:
                config.extra_javascript.append(uri)
            elif asset.suffix == ".css" and uri not in config.extra_css:
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

    def _assets(self) -> list[Path]:
        assets = sorted(p for p in ASSETS_DIR.iterdir() if p.is_file())
        if not self.config.study:
            assets = [p for p in assets if p.name not in STUDY_ASSETS]
        return assets

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for asset in self._assets():
            files.append(File.generated(config, f"{ASSETS_URI}/{asset.name}", abs_src_path=str(asset)))
        taken = {f.src_uri for f in files}
        prefix = self.config.prefix.strip("/")
        for topic in collisions(self.bank, prefix, taken):
            log.warning(
                f"{self._shown(topic.source)}:1: topic slug {topic.slug!r} collides with another page; "
                "give the topic another `slug:`"
            )
        bank_url = None
        if self.config.study:
            quiz_url = "quiz/" if config.use_directory_urls else "quiz.html"
            bank_url = get_relative_url(BANK_URI, quiz_url)
        generated = site_pages(self.bank, self.links, prefix, bank_url, skip=taken)
        for uri, markdown in generated.pages.items():
            files.append(File.generated(config, uri, content=markdown))
        self.topic_pages = generated.topic_uris
        if config.nav is None:
            # Without an explicit nav MkDocs would sort pages by file name; keep the bank's
            # order (home, topics by `order`, quiz), then the docs folder's own pages.
            others = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = [*generated.nav, *others]
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

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is not None:
            # The answers' HTML is cut from the page MkDocs just rendered, for bank.json,
            # the Anki deck and the JSON-LD: no answer is rendered twice.
            self.answer_html.update(answers_from_html(html))
            self.topic_urls[topic.slug] = page.url
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        topic = self.topic_pages.get(page.file.src_uri)
        if topic is None:
            return output
        script = faq_jsonld(topic, self.answer_html)
        if script is None:
            return output
        head_end = output.find("</head>")
        if head_end < 0:
            return output
        return output[:head_end] + script + "\n" + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        bank_path = site_dir / BANK_URI
        bank_path.parent.mkdir(parents=True, exist_ok=True)
        with bank_path.open("w", encoding="utf-8") as out:
            json.dump(self._bank_json(), out, ensure_ascii=False, separators=(",", ":"))
        if self.config.anki:
            self._write_deck(site_dir / DECK_URI)

    def _bank_json(self) -> dict[str, Any]:
        from mlprep_site.store import bank_to_dict

        data = bank_to_dict(self.bank)
        for topic in data["topics"]:
            page_url = self.topic_urls.get(topic["slug"])
            for question in topic["questions"]:
                question["answer_html"] = self.answer_html.get(question["id"])
                question["url"] = f"{page_url}#{question['id']}" if page_url is not None else None
        return data

    def _write_deck(self, path: Path) -> None:
        try:
            from mlprep_site.anki import write_apkg
        except ImportError as error:
            raise PluginError(f"mlprep: the Anki export is not available ({error}); set anki: false") from error
        answers = {qid: html for qid, html in self.answer_html.items() if html is not None}
        write_apkg(self.bank, path, answer_html=answers)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # The content folder is outside docs_dir, so MkDocs would not rebuild on its changes.
        server.watch(str(self.content_dir))
        return server
