"""The quiz data and deck written in a forked child while MkDocs renders the templates
(`site.background`): the same files as in-process, errors as a `PluginError`, no child left
unreaped, and in-process when a fork would not be safe."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from mlprep_site.site import study_files
from mlprep_site.site.background import Background, can_fork, shared_texts
from mlprep_site.site.plugin import MlprepPlugin
from tests.site_helpers import quiz_answers, write_site
from tests.test_anki import read_apkg

# The children are a Linux feature (`background.can_fork`); CI runs on Linux.
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children fork on Linux only")

DECK = Path("assets/mlprep/mlprep-deck.apkg")


def reaped(pid: int) -> bool:
    """Whether `pid` is no child of this process any more (waited for)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def other_thread() -> Iterator[None]:
    """Another thread running for the test's length (as `mkdocs serve`'s server)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_work_runs_in_a_child_that_is_reaped(tmp_path: Path) -> None:
    background = Background()
    marker = tmp_path / "written"
    assert background.start(lambda: None if marker.write_text(str(os.getpid())) else None, "marking")
    pid = background.pid
    assert pid is not None
    background.join()
    assert int(marker.read_text()) == pid != os.getpid()
    assert background.pid is None and reaped(pid)


def test_an_error_in_the_child_is_a_plugin_error_naming_it() -> None:
    background = Background()

    def fail() -> None:
        raise ValueError("no room for the deck")

    assert background.start(fail, "writing the deck")
    pid = background.pid
    assert pid is not None
    failed = r"^mlprep: writing the deck failed: ValueError: no room for the deck \(at .*test_background\.py:\d+\)$"
    with pytest.raises(PluginError, match=failed):
        background.join()
    assert reaped(pid)
    background.join()  # nothing left to wait for


def test_a_plugin_error_in_the_child_keeps_its_message() -> None:
    background = Background()

    def fail() -> None:
        raise PluginError("mlprep: the Anki export is not available")

    assert background.start(fail, "writing the deck")
    with pytest.raises(PluginError, match=r"^mlprep: the Anki export is not available$"):
        background.join()


def test_no_fork_beside_another_thread(other_thread: None, tmp_path: Path) -> None:
    assert not can_fork()
    ran: list[int] = []
    assert not Background().start(lambda: ran.append(1), "appending")
    assert ran == []  # left to the caller, which does it when it would have joined


def built(root: Path, **overrides: Any) -> tuple[Path, Any]:
    config_file = write_site(root, plugin={"anki": True})
    config = load_config(config_file=str(config_file), **overrides)
    build(config)
    return Path(config.site_dir), config.plugins["mlprep"]


def deck_backs(site: Path) -> dict[str, str]:
    notes = read_apkg(site / DECK)["notes"]
    return {guid: note["fields"] for guid, note in notes.items()}


def test_a_build_writes_quiz_data_and_deck_from_a_child_as_in_process(tmp_path: Path) -> None:
    site, plugin = built(tmp_path / "forked")
    assert plugin.forked
    children = plugin.background.forked
    threaded_site = tmp_path / "threaded"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        in_process, plugin = built(threaded_site)
    finally:
        stop.set()
        thread.join()
    assert not plugin.forked and plugin.background.forked == children
    assert quiz_answers(site) == quiz_answers(in_process) != {}
    index = "assets/mlprep/quiz/index.json"
    assert json.loads((site / index).read_text()) == json.loads((in_process / index).read_text())
    assert deck_backs(site) == deck_backs(in_process) != {}


def test_a_failing_child_fails_the_build_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_quiz(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(study_files, "write_quiz_data", no_quiz)  # the child inherits it
    config_file = write_site(tmp_path, plugin={"anki": True})
    config = load_config(config_file=str(config_file))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    assert any("OSError: disk full" in r.getMessage() for r in caplog.records)
    assert cast(MlprepPlugin, config.plugins["mlprep"]).background.pid is None


def test_a_build_that_fails_after_the_fork_reaps_the_child(tmp_path: Path) -> None:
    seen = tmp_path / "child-pid"
    hook = tmp_path / "fail_hook.py"
    hook.write_text(
        "from pathlib import Path\n"
        "def on_post_page(output, page, config, **kwargs):\n"
        f"    Path({str(seen)!r}).write_text(str(config.plugins['mlprep'].background.pid))\n"
        "    raise RuntimeError('a theme error')\n",
        encoding="utf-8",
    )
    config_file = write_site(tmp_path, plugin={"anki": True}, hooks=[str(hook)])
    config = load_config(config_file=str(config_file))
    with pytest.raises(RuntimeError, match="a theme error"):
        build(config)
    pid = int(seen.read_text())  # the child ran while the page was written
    assert reaped(pid)
    assert cast(MlprepPlugin, config.plugins["mlprep"]).background.pid is None


def squared_by(n: int) -> str:
    """`n` squared, and which process worked it out."""
    return f"{n * n} é {os.getpid()}"  # not ASCII: the texts cross the pipe as UTF-8


def test_shared_texts_gives_every_text_in_order_half_from_a_child() -> None:
    results = [text.split(" é ") for text in shared_texts(squared_by, range(7), "squaring")]
    assert [int(square) for square, _ in results] == [n * n for n in range(7)]
    workers = [int(pid) for _, pid in results]
    assert workers[:3] == [os.getpid()] * 3 and len(set(workers[3:])) == 1 and workers[3] != os.getpid()
    assert reaped(workers[3])


def test_shared_texts_of_one_item_or_beside_a_thread_works_here(other_thread: None) -> None:
    assert list(shared_texts(squared_by, [1, 2, 3], "listing")) == [squared_by(n) for n in (1, 2, 3)]
    assert list(shared_texts(squared_by, [4], "listing")) == [squared_by(4)]


def test_shared_texts_error_in_the_child_is_a_plugin_error() -> None:
    def work(n: int) -> str:
        if n == 5:
            raise KeyError("no page")
        return str(n)

    with pytest.raises(PluginError, match=r"^mlprep: writing the pages failed: KeyError: 'no page' \(at "):
        list(shared_texts(work, range(6), "writing the pages"))


def test_shared_texts_stopped_early_reaps_its_child() -> None:
    results = shared_texts(squared_by, list(range(4)), "counting")
    assert next(results).startswith("0 é ")
    results.close()  # the caller stops: the pipe is closed and the child waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
