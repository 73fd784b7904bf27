"""One attempt at one URL: HEAD (then GET), redirects followed by hand, capped body reads.

Redirects are followed here rather than by aiohttp so that every hop waits for its own host's
slot, a loop is named as a loop, and credentials (the cited URL's user:password, per-host
headers) are only ever sent to the origin they belong to. Cookies are never stored.
"""

from __future__ import annotations

import base64
import socket
import ssl
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from http import HTTPStatus

import aiohttp
from yarl import URL

from mlprep_site.links.config import LinksConfig
from mlprep_site.links.results import CONNECT_FAILURE, DNS_FAILURE

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
HEAD_REFUSED = frozenset({405, 501})

SlotFactory = Callable[[str, bool], AbstractAsyncContextManager[None]]
"""A host's request slot; the flag says the request is a follow-up (served before fresh URLs)."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one HEAD/GET chain found. `status` is None when no final answer came back."""

    status: int | None
    final_url: str
    detail: str = ""
    retryable: bool = False
    retry_after: float | None = None
    answered_by: str = ""
    """Host that gave the final answer (the one to pause on 429/503)."""
    permanent_target: str | None = None
    """Where leading permanent redirects point: the URL the bank should cite instead."""
    method: str = "HEAD"
    """The method of the final request: GET when HEAD did not settle the URL (or was skipped)."""


class Budget:
    """Seconds one URL may spend in requests and back-off sleeps, from its first request."""

    def __init__(self, total: float) -> None:
        self.total = total
        self._started: float | None = None

    def start(self) -> None:
        if self._started is None:
            self._started = time.monotonic()

    def remaining(self) -> float:
        if self._started is None:
            return self.total
        return self.total - (time.monotonic() - self._started)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def basic_authorization(url: URL) -> str | None:
    """`Basic …` for a URL's user:password, or None without credentials."""
    if not url.user:
        return None
    token = base64.b64encode(f"{url.user}:{url.password or ''}".encode()).decode("ascii")
    return f"Basic {token}"


def _origin(url: URL) -> tuple[str, str, int | None]:
    return (url.scheme, (url.host or "").lower(), url.port)


def describe_status(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def describe_error(error: BaseException, budget: Budget, config: LinksConfig) -> tuple[str, bool]:
    """A human reason for a failed request, and whether trying again could help."""
    # TLS errors first: they are ClientConnectorErrors too, whose `os_error` aiohttp before
    # 3.12 did not set on them (reading it raised AttributeError).
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        return f"TLS certificate not trusted: {error.certificate_error}", False
    if isinstance(error, aiohttp.ClientSSLError):
        return f"TLS error: {error}", False
    if isinstance(error, aiohttp.ClientConnectorError) and isinstance(error.os_error, socket.gaierror):
        transient = error.os_error.errno == socket.EAI_AGAIN  # "try again": retry; NXDOMAIN: no
        return f"{DNS_FAILURE}: {error.host}", transient
    if isinstance(error, TimeoutError):
        if budget.remaining() <= 0:
            return f"timed out (no verdict within {budget.total:g}s)", False
        if isinstance(error, aiohttp.ConnectionTimeoutError):
            return f"connect timed out after {config.connect_timeout:g}s", True
        return f"read timed out (no data for {config.read_timeout:g}s)", True
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"{CONNECT_FAILURE}: {error.os_error.strerror or error.os_error}", True
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return f"connection reset: {error}", True
    if isinstance(error, aiohttp.ClientPayloadError):
        return f"connection broken while reading: {error}", True
    if isinstance(error, aiohttp.ClientResponseError):
        return f"invalid HTTP response: {error.message}", False
    if isinstance(error, aiohttp.InvalidURL | ValueError):
        return f"invalid URL: {error}", False
    return f"request failed: {type(error).__name__}: {error}", True


class Fetcher:
    """Sends the requests for one URL; shared by all URLs of a run."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        config: LinksConfig,
        slot: SlotFactory,
        user_agent: str,
        on_retry_after: Callable[[str, float], None],
        tls_context: Callable[[], ssl.SSLContext] | None = None,
    ) -> None:
        self.on_retry_after = on_retry_after
        self.tls_context = tls_context
        """The context for https requests; None: aiohttp's default (only when used alone)."""
        self.session = session
        self.config = config
        self.slot = slot
        self.user_agent = user_agent
        self.head_refused_hosts: set[str] = set()
        """Hosts that answered HEAD with 405/501: later URLs there go straight to GET."""

    async def attempt(
        self, url: str, budget: Budget, *, get_first: bool = False, follow_up: bool = False
    ) -> Attempt:
        """HEAD first; GET when HEAD is refused or its answer is not accepted. `get_first` (a
        hint from the cache: HEAD did not settle this URL last time) skips the HEAD.
        `follow_up`: this is not the URL's first attempt (a retry)."""
        host = (URL(url).host or "").lower()
        if not get_first and host not in self.head_refused_hosts:
            head = await self.follow("HEAD", url, budget, follow_up)
            # A network error, rate limit or redirect problem (loop, cap) is the same for GET.
            if (
                head.status is None
                or head.status in REDIRECT_STATUSES
                or head.retry_after is not None
                or self._accepted(head)
            ):
                return head
            if head.status in HEAD_REFUSED:
                self.head_refused_hosts.add(host)
            follow_up = True  # the GET continues what the HEAD started
        return replace(await self.follow("GET", url, budget, follow_up), method="GET")

    def _accepted(self, attempt: Attempt) -> bool:
        accept = self.config.host_settings(attempt.answered_by).accept or self.config.accept
        return attempt.status in accept

    async def follow(self, method: str, url: str, budget: Budget, follow_up: bool = False) -> Attempt:
        """Request `url`, following up to max_redirects redirects; detects loops. Every hop
        after the first is a follow-up (see `SlotFactory`)."""
        start = URL(url)
        credentials = basic_authorization(start)
        current = start.with_user(None)
        chain = [str(current)]
        permanent_target: str | None = None
        only_permanent = True
        for _ in range(self.config.max_redirects + 1):
            # The cited URL's user:password is for its own origin only, never a redirect target.
            auth = credentials if _origin(current) == _origin(start) else None
            try:
                status, location, retry_after = await self._send(method, current, auth, budget, follow_up)
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                detail, retryable = describe_error(error, budget, self.config)
                return Attempt(None, str(current), detail, retryable, answered_by=current.host or "")
            host = (current.host or "").lower()
            if status in REDIRECT_STATUSES and location:
                try:
                    target = current.join(URL(location)).with_user(None).with_fragment(None)
                except ValueError:
                    return Attempt(status, str(current), f"bad redirect Location: {location!r}")
                if target.scheme not in ("http", "https"):
                    detail = f"redirected to a non-http(s) URL: {target}"
                    return Attempt(status, str(current), detail, answered_by=host)
                if str(target) in chain:
                    loop = " → ".join([*chain[chain.index(str(target)) :], str(target)])
                    return Attempt(status, str(target), f"redirect loop: {loop}", answered_by=host)
                only_permanent = only_permanent and status in PERMANENT_REDIRECTS
                if only_permanent:
                    permanent_target = str(target)
                chain.append(str(target))
                current = target
                follow_up = True
                continue
            rate_limited = status == 429 or (status == 503 and retry_after is not None)
            return Attempt(
                status,
                str(current),
                describe_status(status),
                retryable=rate_limited or status >= 500,
                retry_after=retry_after if rate_limited else None,
                answered_by=host,
                permanent_target=permanent_target,
            )
        return Attempt(
            None,
            str(current),
            f"more than {self.config.max_redirects} redirects: {' → '.join(chain[:4])} → …",
        )

    def _headers(self, url: URL) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent, "Accept": "*/*", "Accept-Encoding": "identity"}
        headers.update(self.config.host_headers(url.host or "", url.scheme))
        return headers

    async def _send(
        self, method: str, url: URL, auth: str | None, budget: Budget, follow_up: bool = False
    ) -> tuple[int, str | None, float | None]:
        """One request: (status, Location, Retry-After seconds). Reads at most the body cap."""
        async with self.slot(url.host or "", follow_up):
            budget.start()
            remaining = budget.remaining()
            if remaining <= 0:
                raise TimeoutError("total budget spent")
            timeout = aiohttp.ClientTimeout(
                total=remaining,
                connect=self.config.connect_timeout,
                sock_connect=self.config.connect_timeout,
                sock_read=self.config.read_timeout,
            )
            headers = self._headers(url)
            if auth and not any(name.lower() == "authorization" for name in headers):
                headers["Authorization"] = auth  # a configured header for this host wins
            async with self.session.request(
                method,
                url,
                headers=headers,
                allow_redirects=False,
                timeout=timeout,
                ssl=self.tls_context() if self.tls_context and url.scheme == "https" else True,
            ) as response:
                if method == "GET":
                    await read_capped(response, self.config.max_body_bytes)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None and response.status in (429, 503):
                    # Pause the host before releasing its slot, so no queued request slips in.
                    self.on_retry_after(url.host or "", retry_after)
                return response.status, response.headers.get("Location"), retry_after


async def read_capped(response: aiohttp.ClientResponse, cap: int) -> int:
    """Read at most `cap` body bytes and return how many came. A fully read small body lets the
    connection be reused; an unread remainder makes aiohttp close the connection on release, so
    nothing past the cap is ever read.
    """
    received = 0
    while received < cap:
        chunk = await response.content.read(min(cap - received, 16384))
        if not chunk:
            break
        received += len(chunk)
    return received
