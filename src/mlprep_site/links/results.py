"""What a check concluded about a URL, and what the report says about each cited link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mlprep_site.links.collect import Citation

State = Literal["ok", "warning", "broken", "excluded", "unchecked"]
STATES: tuple[State, ...] = ("ok", "warning", "broken", "excluded", "unchecked")
"""`unchecked`: not requested (`--offline`); it says nothing about whether the link works."""
_SEVERITY = {"excluded": 0, "unchecked": 1, "ok": 2, "warning": 3, "broken": 4}
DNS_FAILURE = "host not found (DNS)"
CONNECT_FAILURE = "cannot connect"
"""How a request that reached no server begins its detail (`fetch.describe_error`)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict on one URL (network, cache or configuration)."""

    state: State
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    passed: bool = False
    """The URL answered with an accepted status: worth caching. Failures never are."""
    from_cache: bool = False
    get_first: bool = False
    """The verdict came from a GET (HEAD was refused, not accepted, or skipped): the cache keeps
    this as a hint so the next check of the URL skips the HEAD round trip. Never a result."""


@dataclass(frozen=True, slots=True)
class LinkResult:
    """One cited URL as reported: its outcome and every place it is cited."""

    url: str
    state: State
    status: int | None
    final_url: str | None
    detail: str
    citations: tuple[Citation, ...]
    from_cache: bool = False


def worse(a: State, b: State) -> State:
    return a if _SEVERITY[a] >= _SEVERITY[b] else b


def looks_offline(fetched: dict[str, Outcome]) -> bool:
    """Whether every URL requested failed before reaching a server (DNS or connect): the
    machine, not the links, is the likely problem."""
    return bool(fetched) and all(
        outcome.state == "broken" and outcome.detail.startswith((DNS_FAILURE, CONNECT_FAILURE))
        for outcome in fetched.values()
    )
