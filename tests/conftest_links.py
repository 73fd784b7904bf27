"""Loopback HTTP servers that inject link-checker faults (imported by tests/test_links*.py).

Servers run on several 127.0.0.0/8 addresses (several hosts) in a background thread with their
own event loop, so both `asyncio.run(...)` in a test and the click command (which runs its own
loop) can talk to them. Every request is logged with a monotonic timestamp.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import trustme
from aiohttp import web

HOST_A = "127.0.0.2"
HOST_B = "127.0.0.3"
HOST_TLS = "127.0.0.4"
HOST_NOTHING = "127.0.0.5"  # nothing listens here: connection refused
HUGE_BODY = 1 << 30  # what /huge would send if the client kept reading
SLOW_SECONDS = 3.0


@dataclass
class LoggedRequest:
    host: str
    method: str
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class FaultState:
    log: list[LoggedRequest] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    huge_bytes_sent: int = 0
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    """Concurrent /delay requests per host, and overall under the key "*"."""
    flipped: set[str] = field(default_factory=set)
    """Paths under /flip/ that now answer 200 (a link that was fixed)."""
    paused_until: dict[str, float] = field(default_factory=dict)
    """Per host, the monotonic time before which its Retry-After asked for no request."""
    early: list[LoggedRequest] = field(default_factory=list)
    """Requests that reached a host while it was paused: each one ignored a Retry-After."""
    huge_finished: threading.Event = field(default_factory=threading.Event)
    """Set when /huge stopped sending (the client hung up, or everything was sent)."""

    def requests(self, path: str, host: str | None = None) -> list[LoggedRequest]:
        return [r for r in self.log if r.path == path and (host is None or r.host == host)]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _reset_connection(request: web.Request) -> None:
    """Close with a TCP RST (SO_LINGER 0) instead of a polite FIN."""
    transport = request.transport
    if transport is None:  # already gone
        return
    sock = transport.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def fault_app(state: FaultState, host: str, other_host: str) -> web.Application:
    """Every fault the checker must classify, one path each."""

    def first_time(request: web.Request) -> bool:
        return state.hits[f"{request.method} {request.path}"] == 1

    async def ok(request: web.Request) -> web.StreamResponse:
        return web.Response(text="fine")

    async def status(request: web.Request) -> web.StreamResponse:
        return web.Response(status=int(request.match_info["code"]), text="status")

    async def flaky(request: web.Request) -> web.StreamResponse:
        return web.Response(status=500 if first_time(request) else 200)

    def pause_host(seconds: float) -> None:
        # Set before the answer leaves, so a client that honours it cannot come back sooner.
        state.paused_until[host] = time.monotonic() + seconds

    async def rate_limited(request: web.Request) -> web.StreamResponse:
        if first_time(request):
            pause_host(1.0)
            return web.Response(status=429, headers={"Retry-After": "1"})
        return web.Response(text="fine")

    async def rate_limited_long(request: web.Request) -> web.StreamResponse:
        return web.Response(status=429, headers={"Retry-After": "3600"})

    async def unavailable(request: web.Request) -> web.StreamResponse:
        if first_time(request):
            when = datetime.now(UTC) + timedelta(seconds=2)
            retry_at = email.utils.format_datetime(when, usegmt=True)
            pause_host(1.0)  # two seconds ahead at a resolution of one: at least one
            return web.Response(status=503, headers={"Retry-After": retry_at})
        return web.Response(text="fine")

    async def chain(request: web.Request) -> web.StreamResponse:
        left = int(request.match_info["n"])
        if left == 0:
            return web.Response(text="end of chain")
        raise web.HTTPFound(f"/chain/{left - 1}")

    async def moved(request: web.Request) -> web.StreamResponse:
        raise web.HTTPMovedPermanently("/ok")

    async def loop(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/loop-b" if request.path == "/loop-a" else "/loop-a")

    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(SLOW_SECONDS)
        return web.Response(text="too late")

    async def head_refused(request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(text="GET works")

    async def huge(request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        response = web.StreamResponse(headers={"Content-Length": str(HUGE_BODY)})
        await response.prepare(request)
        chunk = b"x" * 65536
        try:
            while state.huge_bytes_sent < HUGE_BODY:
                await response.write(chunk)
                state.huge_bytes_sent += len(chunk)
        except (ConnectionError, RuntimeError):
            pass  # the client hung up: exactly what the cap should make it do
        finally:
            state.huge_finished.set()
        return response

    async def reset(request: web.Request) -> web.StreamResponse:
        _reset_connection(request)
        return web.Response()

    async def needs_auth(request: web.Request) -> web.StreamResponse:
        if request.headers.get("Authorization", "").startswith("Basic "):
            return web.Response(text="welcome")
        return web.Response(status=401)

    async def to_self(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/needs-auth")

    async def to_other_host(request: web.Request) -> web.StreamResponse:
        response = web.HTTPFound(f"http://{other_host}:{request.url.port}/echo")
        response.set_cookie("session", "secret-cookie")
        raise response

    async def delay(request: web.Request) -> web.StreamResponse:
        for key in (host, "*"):
            state.in_flight[key] += 1
            state.max_in_flight[key] = max(state.max_in_flight[key], state.in_flight[key])
        try:
            await asyncio.sleep(0.05)
        finally:
            for key in (host, "*"):
                state.in_flight[key] -= 1
        return web.Response(text="waited")

    async def flip(request: web.Request) -> web.StreamResponse:
        return web.Response(status=200 if request.path in state.flipped else 404)

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        state.hits[f"{request.method} {request.path}"] += 1
        logged = LoggedRequest(host, request.method, request.path, dict(request.headers), time.monotonic())
        state.log.append(logged)
        if logged.at < state.paused_until.get(host, 0.0):
            state.early.append(logged)
        return await handler(request)

    app = web.Application(middlewares=[record])
    routes = {
        "/ok": ok,
        "/status/{code}": status,
        "/flaky": flaky,
        "/rate": rate_limited,
        "/rate-long": rate_limited_long,
        "/unavailable": unavailable,
        "/chain/{n}": chain,
        "/moved": moved,
        "/loop-a": loop,
        "/loop-b": loop,
        "/slow": slow,
        "/head-refused": head_refused,
        "/huge": huge,
        "/reset": reset,
        "/needs-auth": needs_auth,
        "/to-self": to_self,
        "/to-other-host": to_other_host,
        "/echo": ok,
        "/flip/{name}": flip,
        "/delay/{n}": delay,
    }
    for path, handler in routes.items():
        app.router.add_route("*", path, handler)
    return app


class LoopbackServers:
    """The fault app on HOST_A and HOST_B (same port) and over TLS on HOST_TLS."""

    def __init__(self, tls_context: ssl.SSLContext) -> None:
        self.state = FaultState()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runners: list[web.AppRunner] = []
        self.port = self._run(self._start_plain())
        self.tls_port = self._run(self._start(HOST_TLS, 0, tls_context))

    def _run(self, coroutine: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)  # type: ignore[arg-type]

    async def _start(self, host: str, port: int, tls: ssl.SSLContext | None = None) -> int:
        other = HOST_B if host == HOST_A else HOST_A
        app = fault_app(self.state, host, other)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, host, port, ssl_context=tls)
        await site.start()
        self.runners.append(runner)
        return int(runner.addresses[0][1])

    async def _start_plain(self) -> int:
        # Both hosts on one port, so a cross-host redirect only changes the address.
        for _ in range(20):
            port = await self._start(HOST_A, 0)
            try:
                await self._start(HOST_B, port)
                return port
            except OSError:
                await self.runners.pop().cleanup()
        raise RuntimeError("no port free on both loopback addresses")

    def url(self, path: str, host: str = HOST_A) -> str:
        return f"http://{host}:{self.port}{path}"

    def tls_url(self, path: str) -> str:
        return f"https://{HOST_TLS}:{self.tls_port}{path}"

    def close(self) -> None:
        async def stop() -> None:
            for runner in self.runners:
                await runner.cleanup()

        self._run(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="session")
def trust_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def servers(trust_ca: trustme.CA) -> Iterator[LoopbackServers]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trust_ca.issue_cert(HOST_TLS).configure_cert(server_context)
    running = LoopbackServers(server_context)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def client_tls(trust_ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    trust_ca.configure_trust(context)
    return context
