"""What the readers work out from a file's text alone, kept for the texts read last.

`serve` reads the whole bank again on each change: a file that did not change gives the same
code, dialect evidence and block structure, which are not worked out again. Kept by a key that
holds the text (not an `lru_cache`, which keys on every argument: a reader that has split the
text passes its lines, read from on a miss only). What is kept is shared with every reading of
the same text: not to be changed. `forget_kept` (through `loader.forget_read_files`) lets go
of all of it."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

FILES_CACHED = 256
"""Files whose code, dialect evidence and blocks are kept."""

Kept = TypeVar("Kept")
_MISSING = object()


class KeptByText(Generic[Kept]):
    """The values worked out for the `FILES_CACHED` keys asked about last."""

    def __init__(self) -> None:
        self._values: OrderedDict[Hashable, Kept] = OrderedDict()
        _EVERY.add(self)

    def get(self, key: Hashable, work_out: Callable[[], Kept]) -> Kept:
        """The value kept for `key`, else `work_out()`'s, then kept."""
        value = self._values.get(key, _MISSING)
        if value is not _MISSING:
            self._values.move_to_end(key)
            return cast(Kept, value)
        made = self._values[key] = work_out()
        if len(self._values) > FILES_CACHED:
            self._values.popitem(last=False)
        return made

    def cache_clear(self) -> None:
        self._values.clear()


_EVERY: weakref.WeakSet[KeptByText[Any]] = weakref.WeakSet()
"""Every `KeptByText`, for `forget_kept`."""


def forget_kept() -> None:
    """Let go of what every `KeptByText` keeps."""
    for kept in list(_EVERY):
        kept.cache_clear()
