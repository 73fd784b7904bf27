"""Collected links + configuration + cache + checker → one result per cited URL.

Only what needs the network pays for it: aiohttp (and asyncio) are imported, and an HTTP session
opened, only when at least one URL is neither settled offline nor a fresh pass in the cache. An
`--offline` run, or a run whose every URL is a cached pass, makes no requests and imports neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mlprep_site.links.collect import CollectedLink, check_key
from mlprep_site.links.config import LinksConfig
from mlprep_site.links.results import LinkResult, Outcome, worse

if TYPE_CHECKING:
    import ssl

    from mlprep_site.links.cache import LinkCache
    from mlprep_site.links.checker import ProgressCallback

OFFLINE_DETAIL = "not checked (offline)"


@dataclass
class Plan:
    """What a run knows before any request, and what it still has to fetch."""

    settled: dict[str, Outcome] = field(default_factory=dict)
    """Outcome per cited URL decided without the network (syntax, excludes, offline, cache)."""
    to_fetch: list[str] = field(default_factory=list)
    """Distinct URLs (fragment dropped) to request."""
    get_first: set[str] = field(default_factory=set)
    """URLs of to_fetch whose HEAD did not settle them last time: go straight to GET."""


def plan_checks(
    links: Sequence[CollectedLink], config: LinksConfig, *, offline: bool, cache: LinkCache | None
) -> Plan:
    plan = Plan()
    settled, to_fetch = plan.settled, plan.to_fetch
    excluded = config.is_excluded if config.exclude else None  # most banks exclude nothing
    remembered = cache.get if cache is not None else None
    for link in links:
        url = link.url
        if not link.syntax_ok:
            settled[url] = Outcome("broken", detail="; ".join(link.problems))
        elif excluded is not None and excluded(url):
            settled[url] = Outcome("excluded", detail="excluded by configuration")
        elif offline:
            settled[url] = Outcome("unchecked", detail=OFFLINE_DETAIL)
        else:
            key = check_key(url)
            outcome = remembered(key) if remembered is not None else None
            if outcome is not None:
                settled[url] = outcome
            else:
                to_fetch.append(key)
                if cache is not None and cache.wants_get(key):
                    plan.get_first.add(key)
    return plan


async def fetch_planned(
    plan: Plan,
    config: LinksConfig,
    *,
    ssl_context: ssl.SSLContext | None = None,
    user_agent: str | None = None,
    on_result: ProgressCallback | None = None,
) -> dict[str, Outcome]:
    if not plan.to_fetch:
        return {}
    from mlprep_site.links.checker import LinkChecker  # aiohttp: only when something is fetched

    checker = LinkChecker(config, ssl_context=ssl_context, user_agent=user_agent, on_result=on_result)
    return await checker.check(plan.to_fetch, get_first=plan.get_first)


def _result(link: CollectedLink, outcome: Outcome) -> LinkResult:
    state, detail = outcome.state, outcome.detail
    if link.problems:  # duplicates: the link may work, but the bank should cite it once
        state = worse(state, "warning")
        detail = "; ".join([*([detail] if detail else []), *link.problems])
    return LinkResult(
        url=link.url,
        state=state,
        status=outcome.status,
        final_url=outcome.final_url,
        detail=detail,
        citations=link.citations,
        from_cache=outcome.from_cache,
    )


def finish(
    links: Sequence[CollectedLink], plan: Plan, fetched: dict[str, Outcome], cache: LinkCache | None
) -> list[LinkResult]:
    """Record what was fetched in the cache (not saved) and build one result per link."""
    if cache is not None:
        for url, outcome in fetched.items():
            cache.record(url, outcome)
    results = []
    settled = plan.settled
    for link in links:
        outcome = settled.get(link.url) or fetched[check_key(link.url)]
        # A syntax problem is already the whole detail of a broken outcome.
        shown = link if link.syntax_ok else CollectedLink(link.url, link.citations, (), True)
        results.append(_result(shown, outcome))
    return results


async def check_collected(
    links: Sequence[CollectedLink],
    config: LinksConfig,
    *,
    offline: bool = False,
    cache: LinkCache | None = None,
    ssl_context: ssl.SSLContext | None = None,
    user_agent: str | None = None,
    on_result: ProgressCallback | None = None,
) -> list[LinkResult]:
    """One LinkResult per collected link, in the order given; the cache is updated, not saved."""
    plan = plan_checks(links, config, offline=offline, cache=cache)
    fetched = await fetch_planned(
        plan, config, ssl_context=ssl_context, user_agent=user_agent, on_result=on_result
    )
    return finish(links, plan, fetched, cache)


def check_collected_sync(
    links: Sequence[CollectedLink],
    config: LinksConfig,
    *,
    offline: bool = False,
    cache: LinkCache | None = None,
    ssl_context: ssl.SSLContext | None = None,
    on_result: ProgressCallback | None = None,
    on_fetched: Callable[[dict[str, Outcome]], None] | None = None,
) -> list[LinkResult]:
    """`check_collected` for the command line: starts an event loop only when it must fetch.
    `on_fetched` is given the outcome of each URL requested (none when nothing was)."""
    plan = plan_checks(links, config, offline=offline, cache=cache)
    fetched: dict[str, Outcome] = {}
    if plan.to_fetch:
        import asyncio

        fetched = asyncio.run(fetch_planned(plan, config, ssl_context=ssl_context, on_result=on_result))
    if on_fetched is not None:
        on_fetched(fetched)
    return finish(links, plan, fetched, cache)
