"""Work a build can do beside MkDocs' page templates, in a forked child process.

The quiz data and the deck need only the bank and the answers' HTML, which are all known once
every page is converted (`on_env`); MkDocs then renders every page's template, which needs
neither. `Background.start` forks a child that does the work while the parent goes on, and
`Background.join` (in `on_post_build`) waits for it: whatever the child raised comes back as a
`PluginError` with its message, and the child is always reaped (`on_build_error` joins it too).

The child is a fork, so it sees the parent's memory as it was (nothing is pickled) and writes
its files itself; it leaves with `os._exit`, so no `atexit` handler, buffered output or
`finally` of the parent's runs twice. The work is left to the parent (`start` returns False)
when there is no `fork` (Windows), or when the process has other threads: a fork copies only the calling
thread, and a lock another thread held (logging's, the import lock) would stay taken in the
child forever. `mkdocs serve` runs a web server thread, so it always works in-process.

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
from collections.abc import Callable

from mkdocs.exceptions import PluginError

# The most of a child's error message read back: the message names the error, not a dump.
MESSAGE_MAX = 4000


def can_fork() -> bool:
    """Whether a forked child would be safe here: `os.fork` exists and no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Background:
    """At most one piece of work at a time in a forked child."""

    def __init__(self) -> None:
        self.pid: int | None = None
        """The running child's process id (None: no child)."""
        self._errors: int | None = None
        """The read end of the pipe on which the child writes what went wrong."""
        self.forked = 0
        """How many children this instance started (a test counts them)."""

    def start(self, work: Callable[[], None]) -> bool:
        """Run `work` in a forked child, if `can_fork()`; False when it cannot (the caller
        then does the work itself, when it would have joined)."""
        self.discard()  # one at a time: a child left from a build that failed is reaped first
        if not can_fork():
            return False
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, say what failed, and leave without cleanup
            os.close(read_end)
            os._exit(_run_child(work, write_end))
        os.close(write_end)
        self.pid, self._errors = pid, read_end
        self.forked += 1
        return True

    def join(self) -> None:
        """Wait for the child, if one runs; raise `PluginError` when its work failed."""
        pid, errors = self.pid, self._errors
        if pid is None or errors is None:
            return
        self.pid = self._errors = None
        with os.fdopen(errors, "rb") as pipe:
            said = pipe.read(MESSAGE_MAX * 4).decode("utf-8", "replace")[:MESSAGE_MAX]
        _, status = os.waitpid(pid, 0)
        if said or status != 0:
            code = os.waitstatus_to_exitcode(status)
            raise PluginError(f"mlprep: {said or f'the background writer ended with status {code}'}")

    def discard(self) -> None:
        """Wait for the child, if one runs, and forget how it ended (the build failed already)."""
        with contextlib.suppress(PluginError):
            self.join()


def _run_child(work: Callable[[], None], write_end: int) -> int:
    """The child's part: run `work`; on an error, write its message to `write_end`. Returns the
    child's exit status."""
    status = 0
    try:
        work()
    except BaseException as error:  # noqa: BLE001  # the child must always reach os._exit
        status = 1
        message = str(error) if isinstance(error, PluginError) else _described(error)
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            os.write(write_end, message.encode("utf-8", "replace")[: MESSAGE_MAX * 4])
    os.close(write_end)
    return status


def _described(error: BaseException) -> str:
    """An unexpected error as one line (its type and message) and where it was raised."""
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" (at {last[0].filename}:{last[0].lineno})" if last else ""
    return f"writing the quiz data and deck failed: {type(error).__name__}: {error}{where}"
