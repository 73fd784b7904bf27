"""Work a build can do beside MkDocs' page templates, in a forked child process.

The quiz data and the deck need only the bank and the answers' HTML, which are all known once
every page is converted (`on_env`); MkDocs then renders every page's template, which needs
neither. `Background.start` forks a child that does the work while the parent goes on, and
`Background.join` (in `on_post_build`) waits for it: whatever the child raised comes back as a
`PluginError` with its message, and the child is always reaped (`on_build_error` joins it too).
`shared_texts` has a child work out the second half of a list (the topic pages' markdown) while
the parent works out the first.

The child is a fork, so it sees the parent's memory as it was (nothing is pickled) and writes
its files itself; it leaves with `os._exit`, so no `atexit` handler, buffered output or
`finally` of the parent's runs twice. The work is left to the parent (`start` returns False)
off Linux (Windows has no `fork`; on macOS the system libraries are not safe to use in a
forked child, which is why Python's multiprocessing spawns there), or when the process has
other threads: a fork copies only the calling thread, and a lock another thread held
(logging's, the import lock) would stay taken in the child forever. `mkdocs serve` runs a web
server thread, so it always works in-process.

What it costs: the child's CPU time is the same work the parent would have done, plus the
fork (the parent's page tables are copied) and the pages either process writes to afterwards
(copy-on-write). With a second core free, the work is off the build's wall time; on one core
the two processes share it. A build's peak memory is then the larger of the parent's and the
child's (`getrusage(RUSAGE_CHILDREN)` counts the child once it is reaped).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import traceback
from collections.abc import Callable, Generator, Sequence
from typing import TypeVar

from mkdocs.exceptions import PluginError

# The most of a child's error message read back: the message names the error, not a dump.
MESSAGE_MAX = 4000
# What a child writes on its pipe: a result, a PluginError's message (shown as it is), or
# another error's description.
RESULT, PLUGIN_ERROR, ERROR = b"R", b"P", b"E"

Item = TypeVar("Item")


def can_fork() -> bool:
    """Whether a forked child would be safe here: on Linux (macOS's system libraries are not
    safe to use in a forked child, and Windows has no `fork`), with no other thread running."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _fork(child: Callable[[int], int]) -> tuple[int, int]:
    """Fork; the child runs `child(write_end)` and leaves with its status, without cleanup.
    Returns the child's pid and the read end of its pipe."""
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 1
        try:
            status = child(write_end)
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _child_part(work: Callable[[], list[bytes]], write_end: int) -> int:
    """A child's part: `RESULT` and the chunks `work` returns, or what went wrong, on
    `write_end`. Returns the child's exit status."""
    try:
        chunks, status = [RESULT, *work()], 0
    except PluginError as error:
        chunks, status = [PLUGIN_ERROR, str(error).encode("utf-8", "replace")[: MESSAGE_MAX * 4]], 1
    except BaseException as error:  # noqa: BLE001  # the child must always reach os._exit
        chunks, status = [ERROR, _described(error).encode("utf-8", "replace")[: MESSAGE_MAX * 4]], 1
    with contextlib.suppress(OSError), os.fdopen(write_end, "wb") as pipe:  # the parent may be gone
        for chunk in chunks:
            pipe.write(chunk)
    return status


def _reaped(pid: int, kind: bytes, said: bytes, what: str) -> None:
    """Wait for child `pid`, which sent `kind` and then `said`; a `PluginError` unless it sent
    `RESULT` and ended well."""
    _, status = os.waitpid(pid, 0)
    if status == 0 and kind == RESULT:
        return
    text = said.decode("utf-8", "replace")[:MESSAGE_MAX]
    if kind == PLUGIN_ERROR:
        raise PluginError(text)
    if kind != ERROR:
        text = f"the process ended with status {os.waitstatus_to_exitcode(status)}"
    raise PluginError(f"mlprep: {what} failed: {text}")


def _described(error: BaseException) -> str:
    """An unexpected error as one line (its type and message) and where it was raised."""
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" (at {last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(error).__name__}: {error}{where}"


class Background:
    """At most one piece of work at a time in a forked child."""

    def __init__(self) -> None:
        self.pid: int | None = None
        """The running child's process id (None: no child)."""
        self._pipe: int | None = None
        """The read end of the pipe on which the child says how it ended."""
        self._what = ""
        self.forked = 0
        """How many children this instance started (a test counts them)."""

    def start(self, work: Callable[[], None], what: str) -> bool:
        """Run `work` in a forked child, if `can_fork()`; False when it cannot (the caller
        then does the work itself, when it would have joined). `what` names the work in an
        error's message."""
        self.discard()  # one at a time: a child left from a build that failed is reaped first
        if not can_fork():
            return False

        def done() -> list[bytes]:
            work()
            return []

        self.pid, self._pipe = _fork(lambda write_end: _child_part(done, write_end))
        self._what = what
        self.forked += 1
        return True

    def join(self) -> None:
        """Wait for the child, if one runs; raise `PluginError` when its work failed."""
        pid, pipe = self.pid, self._pipe
        if pid is None or pipe is None:
            return
        self.pid = self._pipe = None
        with os.fdopen(pipe, "rb") as reader:
            sent = reader.read()
        _reaped(pid, sent[:1], sent[1:], self._what)

    def discard(self) -> None:
        """Wait for the child, if one runs, and forget how it ended (the build failed already)."""
        with contextlib.suppress(PluginError):
            self.join()


def shared_texts(work: Callable[[Item], str], items: Sequence[Item], what: str) -> Generator[str, None, None]:
    """`work(item)` for each of `items`, in order. When `can_fork()`, a forked child works out
    the second half while this process works out the first, then sends its texts through a
    pipe, each after its length, read here one at a time (this process never holds them
    twice); what the child raised is a `PluginError` here (`what` names the work). The child is
    reaped however the caller stops: one that stops early closes the pipe, the child's write
    fails and it ends."""
    half = len(items) // 2
    if half == 0 or not can_fork():
        yield from map(work, items)
        return
    rest = items[half:]

    def child_texts() -> list[bytes]:
        encoded = [work(item).encode("utf-8", "surrogatepass") for item in rest]
        return [part for text in encoded for part in (len(text).to_bytes(8, "big"), text)]

    pid, read_end = _fork(lambda write_end: _child_part(child_texts, write_end))
    try:
        with os.fdopen(read_end, "rb") as reader:
            yield from map(work, items[:half])
            kind = reader.read(1)
            if kind == RESULT:
                for _ in rest:
                    size = int.from_bytes(reader.read(8), "big")
                    yield reader.read(size).decode("utf-8", "surrogatepass")
            said = reader.read()
    except BaseException:  # the pipe is closed: the child ends, if it has not
        os.waitpid(pid, 0)
        raise
    _reaped(pid, kind, said, what)
