"""`mlprep-site serve` in headless Chromium: the site of a folder with no mkdocs.yml, and of one
whose partial mkdocs.yml overrides the site name and adds a markdown extension; both reload
in the browser when a file changes, as with `mkdocs serve`."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests import browser_fixtures

browser = browser_fixtures.browser  # Chromium for this module

pytestmark = pytest.mark.browser

HEADINGS = Path(__file__).parent / "fixtures" / "dialects" / "headings"
STARTUP_LIMIT = 120.0
"""Seconds `serve` may take to say it is serving before the test fails (a deadline, not a timing)."""
RELOAD_LIMIT_MS = 60_000

FOOTNOTE_TOPIC = """\
# Footnotes

1. **Who proposed dropout?**

<details>
<summary>Answer</summary>

Srivastava et al., 2014.[^paper]

[^paper]: Dropout: a simple way to prevent neural networks from overfitting.

</details>
"""

NEW_QUESTION = """
#### 9) What is batch normalisation?

Normalising a layer's inputs over the batch.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`mlprep-site serve folder` in a process of its own; yields its URL once it serves."""
    port = free_port()
    command = [sys.executable, "-m", "mlprep_site", "serve", str(folder), "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"serve did not start: {''.join(log)}")
            log.append(line)
            if line == "":
                pytest.fail(f"serve exited: {''.join(log)}")
            if "Serving on http://" in line:
                break
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


tab = browser_fixtures.recording_tab


def test_serve_a_folder_without_mkdocs_yml(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    folder = tmp_path / "my-questions"
    shutil.copytree(HEADINGS, folder)
    with served(folder) as url, tab(browser, url) as page:
        page.goto(url + "deep-learning/")
        questions = page.locator("details.mlprep-question")
        expect(questions).to_have_count(4)
        expect(page.locator(".md-header__topic").first).to_have_text("my-questions")
        expect(page.locator("[data-md-component=palette]")).to_have_count(1)  # the defaults' theme
        questions.first.locator(":scope > summary").click()
        expect(questions.first.locator("p", has_text="weighted sum")).to_be_visible()

        topic = folder / "deep-learning.md"
        topic.write_text(topic.read_text(encoding="utf-8") + NEW_QUESTION, encoding="utf-8")
        expect(questions).to_have_count(5, timeout=RELOAD_LIMIT_MS)  # live reload: no page.goto
        assert page.other_origin_requests == []
        assert page.js_errors == []
    assert sorted(p.name for p in folder.iterdir()) == ["deep-learning.md"]  # serve wrote nothing here


def test_serve_a_folder_with_a_partial_mkdocs_yml(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    folder = tmp_path / "site-with-settings"
    shutil.copytree(HEADINGS, folder)
    (folder / "footnotes.md").write_text(FOOTNOTE_TOPIC, encoding="utf-8")
    settings = folder / "mkdocs.yml"
    settings.write_text(
        "site_name: Partial override\nmarkdown_extensions:\n  - footnotes\n", encoding="utf-8"
    )
    with served(folder) as url, tab(browser, url) as page:
        page.goto(url + "footnotes/")
        expect(page.locator(".md-header__topic").first).to_have_text("Partial override")
        block = page.locator("details.mlprep-question").first
        block.locator(":scope > summary").click()
        # the added extension: the footnote is a link to its note, shown inside the answer
        expect(block.locator("sup a.footnote-ref")).to_have_count(1)
        expect(block.locator(".footnote li", has_text="a simple way to prevent")).to_be_visible()
        expect(page.locator("[data-md-component=palette]")).to_have_count(1)  # defaults kept
        page.goto(url + "deep-learning/")
        expect(page.locator("details.mlprep-question")).to_have_count(4)  # the rest of the folder

        settings.write_text(settings.read_text(encoding="utf-8").replace("Partial override", "Renamed"))
        expect(page.locator(".md-header__topic").first).to_have_text("Renamed", timeout=RELOAD_LIMIT_MS)
        assert page.other_origin_requests == []
        assert page.js_errors == []
