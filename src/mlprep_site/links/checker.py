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
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection, Coroutine, Iterable
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
    distributions would cost every run more than checking a cached bank.)
    """
    return f"mlprep-site/{__version__}"


class HostGate:
    """Per-host concurrency slots, and a pause the host asked for with Retry-After.

    Who gets a free slot: fresh URLs (their first request) go first, unless a follow-up (a
    redirect hop, the GET after a HEAD that did not settle the URL, a retry) has waited
    `follow_up_patience` seconds: then it goes next. Fresh first keeps the end of a host's queue
    free of fresh requests that turn out to need a follow-up, each a whole extra round trip at
    the end of the run (bench/bench_links.py, in process: 0.90 s with follow-ups always first,
    0.84 s fresh first). The bound keeps a follow-up from waiting behind every fresh URL of a
    busy host, where it could run out of its URL's time budget and be reported as a timeout.
    """

    follow_up_patience = 1.0
    """Seconds a follow-up may wait while fresh requests are let through (0: follow-ups first)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.paused_until = 0.0
        self._free = limit
        self._follow_ups: deque[tuple[asyncio.Future[None], float]] = deque()
        self._fresh: deque[asyncio.Future[None]] = deque()

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    async def wait_until_open(self) -> None:
        while (delay := self.paused_until - time.monotonic()) > 0:
            await asyncio.sleep(delay)

    async def acquire(self, follow_up: bool = False) -> None:
        if self._free > 0 and not self._follow_ups and not self._fresh:
            self._free -= 1
            return
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        if follow_up:
            self._follow_ups.append((waiter, loop.time()))
        else:
            self._fresh.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just as we were cancelled: pass it on
            raise

    def _next_waiter(self) -> asyncio.Future[None] | None:
        while self._follow_ups and self._follow_ups[0][0].done():
            self._follow_ups.popleft()  # cancelled while waiting
        while self._fresh and self._fresh[0].done():
            self._fresh.popleft()
        if self._follow_ups:
            waiter, since = self._follow_ups[0]
            waited = asyncio.get_running_loop().time() - since
            if not self._fresh or waited >= self.follow_up_patience:
                self._follow_ups.popleft()
                return waiter
        if self._fresh:
            return self._fresh.popleft()
        return None

    def release(self) -> None:
        """Hand the slot to the next waiter, or free it."""
        waiter = self._next_waiter()
        if waiter is None:
            self._free += 1
        else:
            waiter.set_result(None)


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

    def tls_context(self) -> ssl.SSLContext:
        """The context every https request is sent with: the one given, else the system's trust
        store, loaded on the first https request (a run without one never pays for it)."""
        if self.ssl_context is None:
            self.ssl_context = ssl.create_default_context()
        return self.ssl_context

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
    async def _slot(self, host: str, follow_up: bool = False) -> AsyncIterator[None]:
        # Host slot first: a request waiting for a busy host must not hold a global slot.
        gate = self.gate(host)
        assert self._global is not None
        await gate.acquire(follow_up)
        try:
            await gate.wait_until_open()
            async with self._global:
                yield
        finally:
            gate.release()

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
            ssl=self.ssl_context if self.ssl_context is not None else True,  # see tls_context
            ttl_dns_cache=300,
        )
        done = 0
        outcomes: dict[str, Outcome] = {}
        async with aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # cookies never travel to any host
            auto_decompress=False,  # the body cap counts bytes on the wire
            trust_env=False,
        ) as session:
            fetcher = Fetcher(
                session, self.config, self._slot, self.user_agent, self._pause_host, self.tls_context
            )

            async def one(url: str) -> None:
                nonlocal done
                outcome = await self._check_one(fetcher, url, url in get_first)
                outcomes[url] = outcome
                done += 1
                if self.on_result is not None:
                    self.on_result(done, len(unique), url, outcome)

            lanes: dict[str, list[str]] = {}
            for url in unique:
                lanes.setdefault(_host(url), []).append(url)
            async with asyncio.TaskGroup() as group:
                for host, queue in lanes.items():
                    group.create_task(self._lane(group, host, queue, one))
        return {url: outcomes[url] for url in unique}

    async def _lane(
        self,
        group: asyncio.TaskGroup,
        host: str,
        urls: list[str],
        one: Callable[[str], Coroutine[None, None, None]],
    ) -> None:
        """Start the URLs of one host a few at a time: twice its slots, enough to keep them busy
        while some URLs wait on follow-ups or another host, rather than a task per URL of the
        run at once (1,000 coroutines parked on semaphores).

        The lanes take turns: each starts one URL and yields, so the first requests (and their
        connections, each with its own set-up) go out host by host in rotation. Started one
        host after another, the last host's first round would leave well after the first
        host's, and a host finishes a fixed number of round trips after its start, so the
        rotation shortens a cold run (bench/bench_links.py)."""
        window = asyncio.Semaphore(2 * self.gate(host).limit)
        for url in urls:
            await window.acquire()
            group.create_task(one(url)).add_done_callback(lambda _: window.release())
            await asyncio.sleep(0)  # let the other hosts' lanes start theirs in turn

    def _backoff(self, retry: int) -> float:
        # Exponential with "equal jitter": between half and all of base * 2**retry.
        ceiling = self.config.backoff_base * (2**retry)
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))

    async def _check_one(self, fetcher: Fetcher, url: str, get_first: bool) -> Outcome:
        host_timeout = self.config.host_settings(_host(url)).timeout
        budget = Budget(host_timeout or self.config.timeout)
        retry = 0
        while True:
            attempt = await fetcher.attempt(url, budget, get_first=get_first, follow_up=retry > 0)
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
