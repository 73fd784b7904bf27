"""The async checker against real loopback servers that inject each fault."""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
from typing import TYPE_CHECKING, Any

from mlprep_site.links.checker import LinkChecker
from mlprep_site.links.config import HostSettings, LinksConfig
from mlprep_site.links.results import Outcome

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

# Fixtures (servers, client_tls) and FAST settings come from the plugin, not an import, so pytest
# can rewrite its asserts.
pytest_plugins = ("tests.conftest_links",)
HOST_A, HOST_B, HOST_TLS, HOST_NOTHING = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"
HUGE_BODY = 1 << 30
FAST = LinksConfig(
    connect_timeout=1.0,
    read_timeout=0.5,
    timeout=8.0,
    retries=2,
    backoff_base=0.01,
    max_retry_after=3.0,
    cache=None,
)

BOUND = 30.0  # seconds: every scenario must settle well within this, or the test fails


def check(urls: list[str], config: LinksConfig = FAST, **options: Any) -> dict[str, Outcome]:
    async def run() -> dict[str, Outcome]:
        return await asyncio.wait_for(LinkChecker(config, **options).check(urls), BOUND)

    return asyncio.run(run())


def with_(**changes: Any) -> LinksConfig:
    return dataclasses.replace(FAST, **changes)


def test_ok_404_and_410_are_classified(servers: LoopbackServers) -> None:
    ok, missing, gone = servers.url("/ok"), servers.url("/status/404"), servers.url("/status/410")
    outcomes = check([ok, missing, gone])
    assert (outcomes[ok].state, outcomes[ok].status, outcomes[ok].passed) == ("ok", 200, True)
    assert (outcomes[missing].state, outcomes[missing].status) == ("broken", 404)
    assert outcomes[missing].detail == "404 Not Found"
    assert (outcomes[gone].state, outcomes[gone].status) == ("broken", 410)
    assert not outcomes[missing].passed
    # HEAD answered 404, so GET was tried before calling it broken; a 404 is never retried.
    assert [r.method for r in servers.state.requests("/status/404")] == ["HEAD", "GET"]


def test_each_url_is_requested_once_per_run(servers: LoopbackServers) -> None:
    url = servers.url("/ok")
    outcomes = check([url, url, url])
    assert list(outcomes) == [url]
    assert len(servers.state.requests("/ok")) == 1


def test_500_then_200_is_retried_and_passes(servers: LoopbackServers) -> None:
    url = servers.url("/flaky")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert "after 2 attempts" in outcome.detail
    # HEAD 500, GET 500 (first attempt), then HEAD 200 on the retry.
    assert [r.method for r in servers.state.requests("/flaky")] == ["HEAD", "GET", "HEAD"]


def test_persistent_500_is_broken_after_the_configured_retries(servers: LoopbackServers) -> None:
    url = servers.url("/status/500")
    outcome = check([url], with_(retries=1))[url]
    assert (outcome.state, outcome.status) == ("broken", 500)
    assert "after 2 attempts" in outcome.detail
    assert len(servers.state.requests("/status/500")) == 4  # (HEAD + GET) x 2 attempts


def test_429_retry_after_seconds_pauses_the_whole_host(servers: LoopbackServers) -> None:
    limited, other = servers.url("/rate"), servers.url("/ok")
    outcomes = check([limited, other], with_(host_concurrency=1))
    assert outcomes[limited].state == "ok"
    assert outcomes[other].state == "ok"
    assert len(servers.state.requests("/rate")) == 2  # the 429, then the retry
    assert len(servers.state.requests("/ok")) == 1
    # Neither the retry nor the other URL on that host came while Retry-After: 1 held.
    assert servers.state.early == []


def test_503_with_http_date_retry_after_is_honoured(servers: LoopbackServers) -> None:
    url = servers.url("/unavailable")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert len(servers.state.requests("/unavailable")) == 2
    assert servers.state.early == []  # the retry came after the date (2 s ahead, 1 s resolution)


def test_retry_after_beyond_the_cap_is_not_waited_for(servers: LoopbackServers) -> None:
    url = servers.url("/rate-long")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status) == ("warning", 429)
    assert "Retry-After 3600s exceeds the 3s cap" in outcome.detail
    assert len(servers.state.requests("/rate-long")) == 1


def test_redirect_chain_is_followed_to_the_final_url(servers: LoopbackServers) -> None:
    url = servers.url("/chain/3")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert outcome.final_url == servers.url("/chain/0")
    assert [r.path for r in servers.state.log] == ["/chain/3", "/chain/2", "/chain/1", "/chain/0"]


def test_too_many_redirects_is_broken(servers: LoopbackServers) -> None:
    url = servers.url("/chain/3")
    outcome = check([url], with_(max_redirects=2))[url]
    assert outcome.state == "broken"
    assert "more than 2 redirects" in outcome.detail


def test_permanent_redirect_is_a_warning_naming_the_new_url(servers: LoopbackServers) -> None:
    url = servers.url("/moved")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status, outcome.passed) == ("warning", 200, True)
    assert outcome.detail == f"permanently redirected; cite the new URL: {servers.url('/ok')}"
    quiet = check([url], with_(warn_permanent_redirects=False))[url]
    assert quiet.state == "ok"


def test_redirect_loop_is_reported_as_a_loop(servers: LoopbackServers) -> None:
    url = servers.url("/loop-a")
    outcome = check([url])[url]
    assert outcome.state == "broken"
    assert outcome.detail.startswith("redirect loop: ")
    assert servers.url("/loop-b") in outcome.detail
    assert len(servers.state.log) == 2  # a → b, then b → a is recognised at once


def test_server_slower_than_the_read_timeout_is_broken_in_bounded_time(
    servers: LoopbackServers,
) -> None:
    url = servers.url("/slow")
    outcome = check([url], with_(retries=1))[url]
    assert outcome.state == "broken"
    assert outcome.status is None
    assert "read timed out" in outcome.detail
    assert len(servers.state.requests("/slow")) == 2  # retried once, never waited 3 s


def test_total_budget_stops_retries(servers: LoopbackServers) -> None:
    url = servers.url("/slow")
    outcome = check([url], with_(timeout=0.3, read_timeout=5.0, retries=5))[url]
    assert outcome.state == "broken"
    assert "no verdict within 0.3s" in outcome.detail
    assert len(servers.state.requests("/slow")) == 1


def test_head_405_falls_back_to_get(servers: LoopbackServers) -> None:
    url = servers.url("/head-refused")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert [r.method for r in servers.state.requests("/head-refused")] == ["HEAD", "GET"]


def test_body_larger_than_the_cap_is_not_read(servers: LoopbackServers) -> None:
    url = servers.url("/huge")
    outcome = check([url], with_(max_body_bytes=4096))[url]
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert servers.state.huge_finished.wait(BOUND)  # the server noticed the hang-up
    # Only what fits in socket buffers left the server (about 256 KiB here), not the 1 GiB on
    # offer: the client hung up after its 4 KiB.
    assert servers.state.huge_bytes_sent < 8 * 1024 * 1024 < HUGE_BODY


def test_connection_reset_is_retried_then_broken(servers: LoopbackServers) -> None:
    url = servers.url("/reset")
    outcome = check([url])[url]
    assert outcome.state == "broken"
    assert outcome.detail.startswith("connection reset")
    assert "after 3 attempts" in outcome.detail


def test_connection_refused_is_broken(servers: LoopbackServers) -> None:
    url = f"http://{HOST_NOTHING}:{servers.port}/"
    outcome = check([url])[url]
    assert outcome.state == "broken"
    assert outcome.detail.startswith("cannot connect")


def test_unresolvable_host_is_broken_quickly() -> None:
    url = "http://no-such-host.invalid/page"  # .invalid never resolves (RFC 2606)
    outcome = check([url], with_(connect_timeout=3.0))[url]
    assert outcome.state == "broken"
    assert outcome.detail.startswith(("host not found", "connect timed out"))


def test_tls_with_a_trusted_test_ca_passes(servers: LoopbackServers, client_tls: ssl.SSLContext) -> None:
    url = servers.tls_url("/ok")
    outcome = check([url], ssl_context=client_tls)[url]
    assert (outcome.state, outcome.status) == ("ok", 200)


def test_tls_with_an_untrusted_certificate_is_broken(servers: LoopbackServers) -> None:
    url = servers.tls_url("/ok")
    outcome = check([url])[url]  # system trust store: the test CA is unknown
    assert outcome.state == "broken"
    assert outcome.detail.startswith("TLS certificate not trusted")


def test_url_credentials_go_to_their_origin_only(servers: LoopbackServers) -> None:
    same = f"http://user:secret@{HOST_A}:{servers.port}/to-self"
    cross = f"http://user:secret@{HOST_A}:{servers.port}/to-other-host"
    outcomes = check([same, cross])
    assert outcomes[same].state == "ok"  # /needs-auth saw the credentials after the redirect
    assert outcomes[cross].state == "ok"
    assert servers.state.requests("/to-other-host")[0].headers["Authorization"].startswith("Basic")
    (echo,) = servers.state.requests("/echo", host=HOST_B)
    assert "Authorization" not in echo.headers
    assert "Cookie" not in echo.headers  # A set a cookie with the redirect; it stays with A


def test_per_host_headers_are_not_sent_over_plain_http_by_default(servers: LoopbackServers) -> None:
    config = with_(hosts={HOST_A: HostSettings(headers={"Authorization": "Bearer secret"})})
    url = servers.url("/ok")
    assert check([url], config)[url].state == "ok"
    (asked,) = servers.state.requests("/ok")
    assert "Authorization" not in asked.headers


def test_per_host_headers_go_over_https(servers: LoopbackServers, client_tls: ssl.SSLContext) -> None:
    config = with_(hosts={HOST_TLS: HostSettings(headers={"Authorization": "Bearer secret"})})
    url = servers.tls_url("/ok")
    assert check([url], config, ssl_context=client_tls)[url].state == "ok"
    (asked,) = servers.state.requests("/ok", host=HOST_TLS)
    assert asked.headers["Authorization"] == "Bearer secret"


def test_per_host_headers_are_not_sent_to_other_hosts(servers: LoopbackServers) -> None:
    secret = {"Authorization": "Bearer for-a-only", "X-Api-Key": "for-a-only"}
    config = with_(hosts={HOST_A: HostSettings(headers=secret, allow_http_headers=True)})
    url = servers.url("/to-other-host")
    assert check([url], config)[url].state == "ok"
    (asked,) = servers.state.requests("/to-other-host")
    assert asked.headers["Authorization"] == "Bearer for-a-only"
    (echo,) = servers.state.requests("/echo", host=HOST_B)
    assert "Authorization" not in echo.headers and "X-Api-Key" not in echo.headers
    assert echo.headers["User-Agent"].startswith("mlprep-site/")


def test_per_host_accept_override(servers: LoopbackServers) -> None:
    on_a, on_b = servers.url("/status/404"), servers.url("/status/404", host=HOST_B)
    config = with_(hosts={HOST_B: HostSettings(accept=frozenset({200, 404}))})
    outcomes = check([on_a, on_b], config)
    assert outcomes[on_a].state == "broken"
    assert outcomes[on_b].state == "ok"


def test_forbidden_is_a_warning_not_a_failure(servers: LoopbackServers) -> None:
    url = servers.url("/status/403")
    outcome = check([url])[url]
    assert (outcome.state, outcome.status, outcome.passed) == ("warning", 403, False)


def test_global_and_per_host_limits_hold(servers: LoopbackServers) -> None:
    urls = [servers.url(f"/delay/{n}", host) for host in (HOST_A, HOST_B) for n in range(12)]
    # The per-host limit binds (and is reached) when the global one leaves room ...
    outcomes = check(urls, with_(concurrency=8, host_concurrency=3))
    assert {o.state for o in outcomes.values()} == {"ok"}
    assert servers.state.max_in_flight[HOST_A] == 3
    assert servers.state.max_in_flight[HOST_B] == 3
    assert servers.state.max_in_flight["*"] == 6
    # ... and the global one binds when it is lower than the hosts' together (hosts share it:
    # their first requests are started in turn, so neither takes it all).
    servers.state.max_in_flight.clear()
    outcomes = check(urls, with_(concurrency=4, host_concurrency=3))
    assert {o.state for o in outcomes.values()} == {"ok"}
    assert servers.state.max_in_flight[HOST_A] <= 3
    assert servers.state.max_in_flight[HOST_B] <= 3
    assert servers.state.max_in_flight["*"] == 4


def test_progress_callback_sees_every_url(servers: LoopbackServers) -> None:
    seen: list[tuple[int, int, str]] = []
    urls = [servers.url("/ok"), servers.url("/status/404")]
    check(urls, on_result=lambda done, total, url, _: seen.append((done, total, url)))
    assert sorted(seen) == sorted([(1, 2, seen[0][2]), (2, 2, seen[1][2])])
    assert {url for _, _, url in seen} == set(urls)
