"""Who gets a host's request slot, how many URLs are started at once, and the TLS context."""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
from typing import TYPE_CHECKING

import pytest

from mlprep_site.links.checker import HostGate, LinkChecker
from mlprep_site.links.config import LinksConfig
from mlprep_site.links.fetch import Budget
from mlprep_site.links.results import Outcome

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

pytest_plugins = ("tests.conftest_links",)
HOST_A = "127.0.0.2"
FAST = LinksConfig(connect_timeout=1.0, read_timeout=0.5, timeout=8.0, backoff_base=0.01, cache=None)


async def grant_order(gate: HostGate, requests: list[tuple[str, bool]], hold: float = 0.0) -> list[str]:
    """Queue `requests` (name, follow_up) on a gate whose only slot is taken, then free it; the
    order in which they got the slot."""
    order: list[str] = []
    await gate.acquire()  # the slot is busy: everyone below waits

    async def one(name: str, follow_up: bool) -> None:
        await gate.acquire(follow_up)
        order.append(name)
        await asyncio.sleep(hold)
        gate.release()

    tasks = [asyncio.create_task(one(name, follow_up)) for name, follow_up in requests]
    await asyncio.sleep(0)  # all of them queue up
    gate.release()
    await asyncio.gather(*tasks)
    return order


def test_fresh_urls_go_before_follow_ups_within_the_patience() -> None:
    gate = HostGate(1)
    queued = [("follow-1", True), ("fresh-1", False), ("fresh-2", False), ("follow-2", True)]
    order = asyncio.run(grant_order(gate, queued))
    assert order == ["fresh-1", "fresh-2", "follow-1", "follow-2"]


def test_a_follow_up_that_waited_its_patience_goes_next() -> None:
    gate = HostGate(1)
    gate.follow_up_patience = 0.05
    queued = [("follow", True)] + [(f"fresh-{n}", False) for n in range(6)]
    order = asyncio.run(grant_order(gate, queued, hold=0.02))
    # Each fresh request holds the slot 20 ms (at least): fresh requests pass the follow-up at
    # first, and once it has waited 50 ms (by the third release at the latest) it is next.
    assert 1 <= order.index("follow") <= 3
    assert [name for name in order if name != "follow"] == [f"fresh-{n}" for n in range(6)]


def test_zero_patience_serves_follow_ups_first() -> None:
    gate = HostGate(1)
    gate.follow_up_patience = 0.0
    queued = [("fresh-1", False), ("follow-1", True), ("fresh-2", False), ("follow-2", True)]
    order = asyncio.run(grant_order(gate, queued))
    assert order == ["follow-1", "follow-2", "fresh-1", "fresh-2"]


def test_a_cancelled_waiter_never_keeps_a_slot() -> None:
    async def scenario() -> int:
        gate = HostGate(2)
        await gate.acquire()
        await gate.acquire()
        waiter = asyncio.create_task(gate.acquire())
        other = asyncio.create_task(gate.acquire(follow_up=True))
        await asyncio.sleep(0)
        waiter.cancel()
        gate.release()  # handed to the follow-up (the cancelled fresh waiter is skipped)
        await other
        with pytest.raises(asyncio.CancelledError):
            await waiter
        gate.release()
        gate.release()
        # Both slots free again: two acquisitions succeed at once.
        await asyncio.wait_for(asyncio.gather(gate.acquire(), gate.acquire()), 1.0)
        return gate.limit

    assert asyncio.run(scenario()) == 2


def test_a_slot_handed_over_while_cancelled_is_passed_on() -> None:
    async def scenario() -> None:
        gate = HostGate(1)
        await gate.acquire()
        first = asyncio.create_task(gate.acquire())
        second = asyncio.create_task(gate.acquire())
        await asyncio.sleep(0)
        gate.release()  # hands the slot to `first` ...
        first.cancel()  # ... which is cancelled before it runs: the slot goes to `second`
        with pytest.raises(asyncio.CancelledError):
            await first
        await asyncio.wait_for(second, 1.0)

    asyncio.run(scenario())


def test_follow_ups_finish_urls_on_a_busy_host(servers: LoopbackServers) -> None:
    """One slot, several URLs: every redirect hop and GET after a 404 HEAD still happens, and
    each URL gets its verdict."""
    moved, missing = servers.url("/moved"), servers.url("/status/404")
    fresh = [servers.url(f"/delay/{n}") for n in range(4)]
    config = dataclasses.replace(FAST, host_concurrency=1)

    async def run() -> dict[str, Outcome]:
        return await asyncio.wait_for(LinkChecker(config).check([moved, missing, *fresh]), 30)

    outcomes = asyncio.run(run())
    assert outcomes[moved].state == "warning" and outcomes[moved].status == 200
    assert outcomes[missing].state == "broken"
    assert {outcomes[url].state for url in fresh} == {"ok"}
    assert [r.method for r in servers.state.requests("/status/404")] == ["HEAD", "GET"]


def test_urls_are_started_a_few_at_a_time_per_host(servers: LoopbackServers) -> None:
    """A task per URL is created only as the host's earlier URLs finish (twice its slots)."""
    urls = [servers.url(f"/delay/{n}") for n in range(20)]
    config = dataclasses.replace(FAST, host_concurrency=2)
    checker = LinkChecker(config)
    started = 0
    most = 0
    check_one = checker._check_one

    async def counting(fetcher: object, url: str, get_first: bool) -> Outcome:
        nonlocal started, most
        started += 1
        most = max(most, started)
        try:
            return await check_one(fetcher, url, get_first)  # type: ignore[arg-type]
        finally:
            started -= 1

    checker._check_one = counting  # type: ignore[method-assign]
    outcomes = asyncio.run(checker.check(urls))
    assert {o.state for o in outcomes.values()} == {"ok"}
    assert most == 4
    assert servers.state.max_in_flight[HOST_A] == 2


def test_the_tls_context_is_made_once_and_only_when_asked() -> None:
    checker = LinkChecker(FAST)
    assert checker.ssl_context is None
    context = checker.tls_context()
    assert context is checker.tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    given = ssl.create_default_context()
    assert LinkChecker(FAST, ssl_context=given).tls_context() is given


def test_budget_starts_at_the_first_request() -> None:
    budget = Budget(5.0)
    assert budget.remaining() == 5.0
    budget.start()
    assert 4.0 < budget.remaining() <= 5.0
