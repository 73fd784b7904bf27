"""The speed paths of check-links keep its behaviour: the cache's GET hint, runs that need no
network, lazily loaded commands, the URL syntax fast path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from mlprep_site.cli.main import LazyGroup, main
from mlprep_site.core.reading.references import parsed_url_problem, url_problem
from mlprep_site.links.cache import LinkCache
from mlprep_site.links.results import Outcome

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

pytest_plugins = ("tests.conftest_links",)

HOST_B = "127.0.0.3"
FAST = '[tool.mlprep-site.links]\nconnect_timeout = "1s"\nread_timeout = "1s"\ntimeout = "5s"\nretries = 0\n'


def write_project(root: Path, urls: list[str]) -> None:
    (root / "content").mkdir(exist_ok=True)
    references = "\n".join(f"- [Reference {n}]({url})" for n, url in enumerate(urls))
    (root / "content" / "links.md").write_text(
        "---\ntitle: Links\n---\n# Links\n\n1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n"
        f"An answer.\n\n</details>\n\n## References and Reading Materials\n{references}\n",
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text(FAST, encoding="utf-8")


def check(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    args = ["check-links", str(root / "content"), "--config", str(root / "pyproject.toml")]
    args += ["--cache", str(root / "links-cache.json"), "--format", "json", *extra]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def methods(servers: LoopbackServers, path: str, host: str = "127.0.0.2") -> list[str]:
    return [r.method for r in servers.state.requests(path, host)]


def states(document: dict[str, Any]) -> dict[str, str]:
    return {r["url"]: r["state"] for r in document["results"]}


def test_second_run_rechecks_failures_with_get_only(tmp_path: Path, servers: LoopbackServers) -> None:
    broken, fixed_later, ok = (servers.url(p) for p in ("/status/404", "/flip/later", "/ok"))
    head_refused = servers.url("/head-refused", HOST_B)  # own host: its 405 must not affect HOST_A
    write_project(tmp_path, [broken, fixed_later, ok, head_refused])

    code, first = check(tmp_path)
    assert code == 1
    assert methods(servers, "/status/404") == ["HEAD", "GET"]  # HEAD first, then GET
    assert methods(servers, "/flip/later") == ["HEAD", "GET"]
    assert methods(servers, "/ok") == ["HEAD"]
    assert methods(servers, "/head-refused", HOST_B) == ["HEAD", "GET"]
    stored = json.loads((tmp_path / "links-cache.json").read_text(encoding="utf-8"))
    assert set(stored["entries"]) == {ok, head_refused}  # passes only: failures are not results
    assert set(stored["get_first"]) == {broken, fixed_later, head_refused}

    servers.state.flipped.add("/flip/later")
    code, second = check(tmp_path)
    assert code == 1
    # The failures were rechecked, each with a single GET; the passes came from the cache.
    assert methods(servers, "/status/404") == ["HEAD", "GET", "GET"]
    assert methods(servers, "/flip/later") == ["HEAD", "GET", "GET"]
    assert methods(servers, "/ok") == ["HEAD"]
    assert methods(servers, "/head-refused", HOST_B) == ["HEAD", "GET"]
    assert states(second) == {broken: "broken", fixed_later: "ok", ok: "ok", head_refused: "ok"}
    assert second["summary"]["cached"] == 2
    detail = {r["url"]: r["detail"] for r in second["results"]}[broken]
    assert "404" in detail

    # Hints expire with the cache's maximum age: then HEAD is tried first again.
    code, _ = check(tmp_path, "--cache-max-age", "0")
    assert code == 1
    assert methods(servers, "/status/404") == ["HEAD", "GET", "GET", "HEAD", "GET"]


def test_cache_hint_is_a_method_not_a_result(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    cache = LinkCache(path, max_age=100, now=1000.0)
    cache.record("https://a.example/gone", Outcome("broken", 404, detail="404", get_first=True))
    cache.record("https://a.example/head-ok", Outcome("ok", 200, detail="200", passed=True))
    cache.save()

    later = LinkCache(path, max_age=100, now=1060.0)
    assert later.get("https://a.example/gone") is None  # still rechecked
    assert later.wants_get("https://a.example/gone")
    assert not later.wants_get("https://a.example/head-ok")
    # Confirming the hint keeps the time it was learned, so it still expires on schedule.
    later.record("https://a.example/gone", Outcome("broken", 404, detail="404", get_first=True))
    assert later.get_first["https://a.example/gone"] == 1000.0
    assert not LinkCache(path, max_age=100, now=1101.0).wants_get("https://a.example/gone")
    # An answer settled by HEAD drops the hint.
    later.record("https://a.example/gone", Outcome("ok", 200, detail="200", passed=True))
    assert not later.wants_get("https://a.example/gone")


def test_cache_file_is_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    cache = LinkCache(path, max_age=100, now=1000.0)
    cache.record("https://a.example/", Outcome("ok", 200, detail="200", passed=True))
    cache.save()
    os.utime(path, ns=(10**9, 10**9))  # a rewrite, however quick, would move this

    same = LinkCache(path, max_age=100, now=1010.0)
    assert same.get("https://a.example/") is not None
    same.save()
    assert path.stat().st_mtime_ns == 10**9

    changed = LinkCache(path, max_age=100, now=1010.0)
    changed.record("https://b.example/", Outcome("ok", 200, detail="200", passed=True))
    changed.save()
    assert set(json.loads(path.read_text(encoding="utf-8"))["entries"]) == {
        "https://a.example/",
        "https://b.example/",
    }


PROBE = """\
import sys
from mlprep_site.cli.main import main
try:
    main(sys.argv[1:], prog_name="mlprep-site")
finally:
    watched = ("aiohttp", "asyncio", "yaml", "mlprep_site.cli.check_links", "mlprep_site.cli.render",
               "mlprep_site.site.pages", "importlib.metadata")
    print("LOADED", *[name for name in watched if name in sys.modules], file=sys.stderr)
"""


def loaded_modules(*args: str, cwd: Path | None = None) -> tuple[int, set[str]]:
    """Run `mlprep-site ARGS` in a fresh interpreter; which of the watched modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED"))
    return done.returncode, set(line.split()[1:])


def test_help_and_validate_import_no_subcommand_module(tmp_path: Path) -> None:
    code, loaded = loaded_modules("--help")
    assert code == 0
    assert loaded.isdisjoint(
        {"aiohttp", "asyncio", "yaml", "mlprep_site.cli.check_links", "mlprep_site.site.pages"}
    )
    write_project(tmp_path, ["https://example.org/"])
    code, loaded = loaded_modules("validate", str(tmp_path / "content"))
    assert code == 0
    assert loaded.isdisjoint({"aiohttp", "asyncio", "mlprep_site.cli.check_links", "mlprep_site.cli.render"})


def test_runs_that_need_no_request_never_import_aiohttp(tmp_path: Path, servers: LoopbackServers) -> None:
    write_project(tmp_path, [servers.url("/ok")])
    args = ("check-links", "content", "--cache", "cache.json")
    code, loaded = loaded_modules(*args, "--offline", cwd=tmp_path)
    assert (code, servers.state.log) == (0, [])
    assert loaded.isdisjoint({"aiohttp", "asyncio", "importlib.metadata", "mlprep_site.cli.render"})

    code, loaded = loaded_modules(*args, cwd=tmp_path)  # checks /ok: the session is needed
    assert code == 0 and "aiohttp" in loaded
    assert len(servers.state.log) == 1
    cache_file = tmp_path / "cache.json"
    os.utime(cache_file, ns=(10**9, 10**9))  # a rewrite, however quick, would move this

    code, loaded = loaded_modules(*args, cwd=tmp_path)  # all cached: no session, no request
    assert code == 0 and "aiohttp" not in loaded and "asyncio" not in loaded
    assert len(servers.state.log) == 1
    assert cache_file.stat().st_mtime_ns == 10**9  # nothing changed, nothing written


def test_lazy_command_summaries_match_the_commands() -> None:
    assert isinstance(main, LazyGroup)
    context = click.Context(main)
    for name, (_, summary) in main.lazy_commands.items():
        command = main.get_command(context, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=10_000) == summary
    listed = CliRunner().invoke(main, ["--help"]).output
    assert all(name in listed for name in ("validate", "export", "check-links", "render"))


HOST_CHARS = st.sampled_from(list("abcXYZ019.-_[]:@%é"))


@given(
    scheme=st.sampled_from(["http", "https", "HTTPS", "ftp", ""]),
    host=st.text(HOST_CHARS, max_size=12),
    port=st.one_of(st.just(""), st.from_regex(r":[0-9]{0,6}", fullmatch=True)),
    rest=st.sampled_from(["", "/", "/a/b?c=d#e", "?q", "#f", "/ x", "/%zz"]),
)
@example(scheme="http", host="a.b", port=":0", rest="/")
@example(scheme="http", host="a.b", port=":00", rest="")
@example(scheme="https", host="a.b", port=":65536", rest="/x")
@example(scheme="https", host="a-.b", port=":65535", rest="")
def test_url_syntax_fast_path_agrees_with_urlsplit(scheme: str, host: str, port: str, rest: str) -> None:
    url = f"{scheme}://{host}{port}{rest}"
    expected = "URL contains whitespace" if any(c.isspace() for c in url) else parsed_url_problem(url)
    assert url_problem(url) == expected
