"""The link checker's trust and reports (issue 23): a cache file is used only when signed with
this run's key, so one supplied by a pull request is ignored; credentials in cited URLs are
masked in every report and never cached; report text is escaped for its format; and a run in
which every host fails at DNS or connect says the machine looks offline."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from mlprep_site.cli.main import main
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.links.cache import KEY_VARIABLE, LinkCache
from mlprep_site.links.collect import Citation
from mlprep_site.links.report import render, summarize
from mlprep_site.links.results import LinkResult, Outcome

from .test_links_cli import write_pyproject, write_topic

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

pytest_plugins = ("tests.conftest_links",)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(KEY_VARIABLE, "this-run's-key")
    (tmp_path / "content").mkdir()
    write_pyproject(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check-links", *args], catch_exceptions=False)


def forged_cache(project: Path, urls: list[str], detail: str = "fine") -> Path:
    """A links.json as a pull request could commit it: well formed, fresh, unsigned."""
    path = project / ".mlprep-cache" / "links.json"
    path.parent.mkdir(exist_ok=True)
    entries = {url: {"checked": 4e9, "state": "ok", "status": 200, "detail": detail} for url in urls}
    path.write_text(json.dumps({"version": 1, "entries": entries, "get_first": {}}), encoding="utf-8")
    return path


def test_an_unsigned_cache_from_a_pull_request_is_not_trusted(
    project: Path, servers: LoopbackServers
) -> None:
    broken = servers.url("/status/404")
    write_topic(project, servers.url("/ok"), [broken])
    forged_cache(project, [broken, servers.url("/ok")], detail="fine\n::error file=x::forged")
    result = run("--cache-max-age", "1000000d")
    assert result.exit_code == 1  # the broken link is requested and fails
    assert servers.state.requests("/status/404")
    assert "did not write (not signed with its key" in result.stderr
    assert "forged" not in result.output


def test_a_cache_signed_with_another_key_is_not_trusted(
    project: Path, servers: LoopbackServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_topic(project, servers.url("/ok"), [])
    monkeypatch.setenv(KEY_VARIABLE, "someone-else's-key")
    assert run().exit_code == 0
    monkeypatch.setenv(KEY_VARIABLE, "this-run's-key")
    first = len(servers.state.requests("/ok"))
    result = run()
    assert result.exit_code == 0 and "did not write" in result.stderr
    assert len(servers.state.requests("/ok")) > first  # requested again


def test_a_cache_this_run_signed_is_used(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [])
    assert run().exit_code == 0
    first = len(servers.state.requests("/ok"))
    result = run()
    assert result.exit_code == 0 and "1 from cache" in result.stdout and result.stderr == ""
    assert len(servers.state.requests("/ok")) == first  # not requested again


def test_the_cache_file_carries_its_signature(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    cache = LinkCache(path, max_age=100, now=1000.0, key=b"k")
    cache.record("https://a.example/", Outcome("ok", 200, passed=True))
    cache.save()
    assert isinstance(json.loads(path.read_text(encoding="utf-8"))["signature"], str)
    assert LinkCache(path, max_age=100, now=1010.0, key=b"k").get("https://a.example/") is not None
    tampered = json.loads(path.read_text(encoding="utf-8"))
    tampered["entries"]["https://b.example/"] = tampered["entries"]["https://a.example/"]
    path.write_text(json.dumps(tampered), encoding="utf-8")
    again = LinkCache(path, max_age=100, now=1010.0, key=b"k")
    assert again.get("https://a.example/") is None and again.problem is not None


def test_credentials_are_masked_in_every_report_and_never_cached(
    project: Path, servers: LoopbackServers
) -> None:
    secret = servers.url("/status/404").replace("http://", "http://alice:hunter2@")
    passing = servers.url("/needs-auth").replace("http://", "http://alice:hunter2@")
    write_topic(project, passing, [secret])
    for fmt in ("human", "json", "github"):
        result = run("--format", fmt)
        assert result.exit_code == 1
        assert "hunter2" not in result.output and "alice" not in result.output, fmt
        assert "***@" in result.output, fmt
    cache = (project / ".mlprep-cache" / "links.json").read_text(encoding="utf-8")
    assert "hunter2" not in cache and "alice" not in cache


def test_loader_findings_in_the_reports_are_masked_too() -> None:
    finding = Finding("content/a.md", 4, "error", "bad URL: ftp://bob:s3cret@files.example/x", "bad-url")
    for fmt in ("human", "json", "github"):
        assert "s3cret" not in render(fmt, [], summarize([]), [finding]), fmt


def test_validate_and_check_links_mask_credentials_of_unusable_urls(project: Path) -> None:
    """A reference the loader refuses (not http(s), or malformed) is named in validate's
    finding and check-links' report without its user name and password."""
    unusable = ["ftp://bob:s3cret@files.example/x", "https://bob:s3cret@files.example:99999/x"]
    write_topic(project, "https://example.org/", unusable)
    validate = CliRunner().invoke(main, ["validate", "content"], catch_exceptions=False)
    assert validate.exit_code == 1 and validate.output.count("bad-url") == 2, validate.output
    assert "***@files.example" in validate.output
    for fmt in ("human", "json", "github"):
        result = run("--format", fmt, "--offline")
        assert "***@files.example" in result.output, fmt
        assert "s3cret" not in validate.output + result.output, fmt
        assert "bob" not in validate.output + result.output, fmt


def result_with(detail: str, url: str = "https://a.example/x") -> LinkResult:
    return LinkResult(url, "broken", None, None, detail, (Citation("content/a.md", 3),))


def test_report_text_is_escaped_for_its_format() -> None:
    results = [result_with("gone\n::error file=README.md,line=1::forged\r\x1b[2K")]
    summary = summarize(results)
    human = render("human", results, summary)
    assert len(human.splitlines()) == 2  # the problem and the summary
    assert "\\n::error" in human and "\x1b" not in human
    github = render("github", results, summary)
    assert not any(line.startswith("::error file=README.md") for line in github.splitlines())
    assert "%0A::error file=README.md" in github
    assert json.loads(render("json", results, summary))["results"][0]["detail"].startswith("gone\n")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


def test_every_host_unreachable_says_the_machine_looks_offline(project: Path) -> None:
    write_topic(project, f"http://127.0.0.1:{closed_port()}/a", [f"http://127.0.0.1:{closed_port()}/b"])
    result = run("--no-cache")
    assert result.exit_code == 1  # unchanged: the links were not verified
    assert "this machine looks offline; use --offline" in result.stderr


def test_one_host_answering_is_not_offline(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [f"http://127.0.0.1:{closed_port()}/b"])
    result = run("--no-cache")
    assert result.exit_code == 1 and "looks offline" not in result.stderr
