"""The async checker: every unique URL once, within global and per-host limits.

Retries (timeouts, connection errors, 5xx) back off exponentially with jitter; 429 and 503 with
Retry-After pause the whole host (capped by `max_retry_after`). Each URL has a total budget, so a
slow server cannot hang the run. See `mlprep_site.links` for how the default limits were chosen.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterable
from contextlib import asynccontextmanager
from dataclasses import replace

import aiohttp
from yarl import URL

from mlprep_site import __version__
from mlprep_site.links.config import LinksConfig
from mlprep_site.links.fetch import REDIRECT_STATUSES, Attempt, Budget, Fetcher
from mlprep_site.links.results import Outcome

ProgressCallback = Callable[[int, int, str, Outcome], None]


def default_user_agent() -> str:
    """`mlprep-site/<version>`: names the project and its version.

    (Not read from the installed metadata: importing importlib.metadata and scanning the
    distributions costs ~15 ms on every run, more than checking a cached bank.)
    """
    return f"mlprep-site/{__version__}"


class HostGate:
    """Per-host concurrency slots, and a pause the host asked for with Retry-After."""

    def __init__(self, limit: int) -> None:
        self.slots = asyncio.Semaphore(limit)
        self.paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    async def wait_until_open(self) -> None:
        while (delay := self.paused_until - time.monotonic()) > 0:
            await asyncio.sleep(delay)


class LinkChecker:
    def __init__(
        self,
        config: LinksConfig,
        *,
        ssl_context: ssl.SSLContext | None = None,
        user_agent: str | None = None,
        on_result: ProgressCallback | None = None,
    ) -> None:
        self.config = config
        self.ssl_context = ssl_context
        self.user_agent = user_agent or default_user_agent()
        self.on_result = on_result
        self._gates: dict[str, HostGate] = {}
        self._global: asyncio.Semaphore | None = None

    def gate(self, host: str) -> HostGate:
        host = host.lower()
        if host not in self._gates:
            limit = self.config.host_settings(host).concurrency or self.config.host_concurrency
            self._gates[host] = HostGate(limit)
        return self._gates[host]

    def _pause_host(self, host: str, seconds: float) -> None:
        if seconds <= self.config.max_retry_after:  # beyond the cap we give up instead
            self.gate(host).pause(seconds)

    @asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        # Host slot first: a request waiting for a busy host must not hold a global slot.
        gate = self.gate(host)
        assert self._global is not None
        async with gate.slots:
            await gate.wait_until_open()
            async with self._global:
                yield

    async def check(
        self, urls: Iterable[str], get_first: Collection[str] = frozenset()
    ) -> dict[str, Outcome]:
        """Check each distinct URL once; returns the outcome per URL. URLs in `get_first` skip
        HEAD (a hint from the cache: last time HEAD did not settle them)."""
        unique = list(dict.fromkeys(urls))
        if not unique:
            return {}
        self._global = asyncio.Semaphore(self.config.concurrency)
        connector = aiohttp.TCPConnector(
            limit=self.config.concurrency,
            ssl=self.ssl_context if self.ssl_context is not None else True,
            ttl_dns_cache=300,
        )
        done = 0
        async with aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # cookies never travel to any host
            auto_decompress=False,  # the body cap counts bytes on the wire
            trust_env=False,
        ) as session:
            fetcher = Fetcher(session, self.config, self._slot, self.user_agent, self._pause_host)

            async def one(url: str) -> Outcome:
                nonlocal done
                outcome = await self._check_one(fetcher, url, url in get_first)
                done += 1
                if self.on_result is not None:
                    self.on_result(done, len(unique), url, outcome)
                return outcome

            outcomes = await asyncio.gather(*(one(url) for url in unique))
        return dict(zip(unique, outcomes, strict=True))

    def _backoff(self, retry: int) -> float:
        # Exponential with "equal jitter": between half and all of base * 2**retry.
        ceiling = self.config.backoff_base * (2**retry)
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))

    async def _check_one(self, fetcher: Fetcher, url: str, get_first: bool) -> Outcome:
        host_timeout = self.config.host_settings(_host(url)).timeout
        budget = Budget(host_timeout or self.config.timeout)
        retry = 0
        while True:
            attempt = await fetcher.attempt(url, budget, get_first=get_first)
            if not attempt.retryable or retry >= self.config.retries:
                return self.verdict(attempt, retry + 1)
            if attempt.retry_after is not None:
                if attempt.retry_after > self.config.max_retry_after:
                    note = (
                        f"Retry-After {attempt.retry_after:.0f}s exceeds the "
                        f"{self.config.max_retry_after:g}s cap"
                    )
                    return self.verdict(attempt, retry + 1, note)
                delay = attempt.retry_after  # the host is already paused (Fetcher)
            else:
                delay = self._backoff(retry)
            if delay >= budget.remaining():
                return self.verdict(attempt, retry + 1, "no time left to retry")
            await asyncio.sleep(delay)
            retry += 1

    def verdict(self, attempt: Attempt, attempts: int, note: str = "") -> Outcome:
        outcome = self._verdict(attempt, attempts, note)
        return replace(outcome, get_first=True) if attempt.method == "GET" else outcome

    def _verdict(self, attempt: Attempt, attempts: int, note: str) -> Outcome:
        detail = attempt.detail
        if attempts > 1:
            detail += f" (after {attempts} attempts)"
        if note:
            detail += f"; {note}"
        final = attempt.final_url
        if attempt.status is None or attempt.status in REDIRECT_STATUSES:
            return Outcome("broken", attempt.status, final, detail)
        host = self.config.host_settings(attempt.answered_by)
        if attempt.status in (host.accept or self.config.accept):
            if attempt.permanent_target and self.config.warn_permanent_redirects:
                moved = f"permanently redirected; cite the new URL: {attempt.permanent_target}"
                return Outcome("warning", attempt.status, final, moved, passed=True)
            return Outcome("ok", attempt.status, final, detail, passed=True)
        if attempt.status in self.config.warn_status:
            return Outcome("warning", attempt.status, final, f"not verified: {detail}")
        return Outcome("broken", attempt.status, final, detail)


def _host(url: str) -> str:
    try:
        return (URL(url).host or "").lower()
    except ValueError:
        return ""
