"""Collected links + configuration + cache + checker → one result per cited URL."""

from __future__ import annotations

import ssl
from collections.abc import Sequence

from mlprep_site.links.cache import LinkCache
from mlprep_site.links.checker import LinkChecker, ProgressCallback
from mlprep_site.links.collect import CollectedLink, check_key
from mlprep_site.links.config import LinksConfig
from mlprep_site.links.results import LinkResult, Outcome, worse

OFFLINE_DETAIL = "not fetched (--offline)"


def _result(link: CollectedLink, outcome: Outcome) -> LinkResult:
    state = outcome.state
    details = [outcome.detail] if outcome.detail else []
    if link.problems:  # duplicates: the link may work, but the bank should cite it once
        state = worse(state, "warning")
        details.extend(link.problems)
    return LinkResult(
        url=link.url,
        state=state,
        status=outcome.status,
        final_url=outcome.final_url,
        detail="; ".join(details),
        citations=link.citations,
        from_cache=outcome.from_cache,
    )


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
    settled: dict[str, Outcome] = {}
    to_fetch: list[str] = []
    for link in links:
        if not link.syntax_ok:
            settled[link.url] = Outcome("broken", detail="; ".join(link.problems))
        elif config.is_excluded(link.url):
            settled[link.url] = Outcome("excluded", detail="excluded by configuration")
        elif offline:
            settled[link.url] = Outcome("ok", detail=OFFLINE_DETAIL)
        else:
            remembered = cache.get(check_key(link.url)) if cache is not None else None
            if remembered is not None:
                settled[link.url] = remembered
            else:
                to_fetch.append(check_key(link.url))
    checker = LinkChecker(
        config, ssl_context=ssl_context, user_agent=user_agent, on_result=on_result
    )
    fetched = await checker.check(to_fetch)
    if cache is not None:
        for url, outcome in fetched.items():
            cache.record(url, outcome)
    results = []
    for link in links:
        outcome = settled.get(link.url) or fetched[check_key(link.url)]
        # A syntax problem is already the whole detail of a broken outcome.
        shown = link if link.syntax_ok else CollectedLink(link.url, link.citations, (), True)
        results.append(_result(shown, outcome))
    return results
