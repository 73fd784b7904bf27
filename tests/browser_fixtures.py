"""Shared browser fixtures: a built sample site, served on loopback, and a Chromium page.

Use from any test module:

    from tests import browser_fixtures

    browser = browser_fixtures.browser  # a module-level name makes a fixture visible
    browser_page = browser_fixtures.browser_page
    built_site = browser_fixtures.built_site
    site_server = browser_fixtures.site_server

    @pytest.mark.browser
    def test_something(browser_page, site_server):
        browser_page.goto(site_server + "sample/")

`browser_page.other_origin_requests` lists every request the page made to a host other than
the loopback server, `browser_page.js_errors` every uncaught script error. Chromium is Debian's /usr/bin/chromium driven by Playwright's Python
package; when it is missing the tests FAIL in CI (`CI` set) and are skipped elsewhere.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.site_helpers import build_site, write_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str:
    """The system Chromium ($MLPREP_CHROMIUM, `chromium` on PATH, or /usr/bin/chromium).

    Missing, it fails the tests in CI (CI=true, as .ci/run sets), so a broken install can never
    pass as green; on a contributor's machine without it the browser tests are skipped with
    the command that installs it.
    """
    found = os.environ.get("MLPREP_CHROMIUM") or shutil.which("chromium") or str(CHROMIUM)
    if Path(found).exists():
        return found
    message = f"Chromium not found ({found}): apt-get install chromium, or set MLPREP_CHROMIUM"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the server's method name
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port); yields the base URL ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def served_build(root: Path, content: dict[str, str], plugin: dict[str, Any] | None = None) -> Iterator[str]:
    """A site of `content` built into root/site and served on loopback; yields its URL. Built
    for that URL: Material's instant navigation only takes links under `site_url`."""
    config = write_site(root, content=content, plugin=plugin)
    site_dir = root / "site"
    site_dir.mkdir()
    with serve_directory(site_dir) as base_url:
        build_site(config, strict=True, site_url=base_url, site_dir=str(site_dir))
        yield base_url


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site of tests/site_helpers.py (study tools and Anki deck on), built once."""
    root = tmp_path_factory.mktemp("browser-site")
    return build_site(write_site(root, plugin={"anki": True}), strict=True)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    with serve_directory(built_site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module. Not session-wide: Playwright's sync API runs an event loop
    in the main thread, and while it is alive `asyncio.run()` in other tests would fail."""
    executable = find_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def after_next_frames(page: Any) -> None:
    """Return once the page has rendered two more frames: what a change of the DOM caused
    (layout, paint, layout-shift entries) has then happened. A condition, not a timeout."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@contextmanager
def fresh_tab(browser: Any, base_url: str | None = None, timeout: float = 15_000) -> Iterator[Any]:
    """A page in a context of its own (empty localStorage) at 1280x800, the page's JavaScript
    errors collected in `page.js_errors`; the context is closed afterwards."""
    options: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
    if base_url is not None:
        options["base_url"] = base_url
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


@contextmanager
def recording_tab(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page (own context: empty localStorage) at 1280x800, recording in
    `page.other_origin_requests` what it asks of origins other than `base_url`'s."""
    server_host = urlsplit(base_url).netloc
    with fresh_tab(browser) as page:
        page.other_origin_requests = []

        def record(request: Any) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != server_host:
                page.other_origin_requests.append(request.url)

        page.on("request", record)
        yield page


@pytest.fixture
def browser_page(browser: Any, site_server: str) -> Iterator[Any]:
    with recording_tab(browser, site_server) as page:
        yield page
