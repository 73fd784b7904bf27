"""`mlprep-site check-links` end to end: real loader, loopback servers, exit codes, cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from mlprep_site.cli.main import main

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

pytest_plugins = ("tests.conftest_links",)

FAST_PYPROJECT = """\
[tool.mlprep-site.links]
connect_timeout = "1s"
read_timeout = "500ms"
timeout = "8s"
retries = 1
backoff_base = "10ms"
max_retry_after = "3s"
{extra}
"""


def topic_markdown(answer_url: str, references: list[str]) -> str:
    lines = "\n".join(f"[{n}]. {url} \\" for n, url in enumerate(references, start=1))
    return f"""\
---
title: Links topic
description: A topic whose links get checked.
---
# Links topic

1. **Where is the documentation?**
<!-- mlprep: {{id: where-docs}} -->

<details>
<summary>Answer</summary>

It is at {answer_url} (see also `https://example.invalid/in-code`).

</details>

## References and Reading Materials
{lines}
"""


ANSWER_LINE = 13  # line of the answer text in topic_markdown
FIRST_REFERENCE_LINE = 18


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with fast link settings."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    write_pyproject(tmp_path)
    return tmp_path


def write_pyproject(root: Path, extra: str = "") -> None:
    (root / "pyproject.toml").write_text(FAST_PYPROJECT.format(extra=extra), encoding="utf-8")


def write_topic(root: Path, answer_url: str, references: list[str]) -> Path:
    path = root / "content" / "links.md"
    path.write_text(topic_markdown(answer_url, references), encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check-links", *args], catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_all_links_pass_exit_0(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [servers.url("/echo"), servers.url("/chain/1")])
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "3 links: 3 ok, 0 warning, 0 broken, 0 excluded"
    assert servers.state.requests("/ok")  # the answer link was really checked


def test_broken_reference_and_answer_link_exit_1_with_file_line(
    project: Path, servers: LoopbackServers
) -> None:
    answer, reference = servers.url("/status/404"), servers.url("/status/410")
    write_topic(project, answer, [servers.url("/ok"), reference])
    result = run()
    assert result.exit_code == 1
    source = str(Path("content") / "links.md")
    assert result.stdout.splitlines() == [
        f"{source}:{ANSWER_LINE}: broken: {answer} (404 Not Found)",
        f"{source}:{FIRST_REFERENCE_LINE + 1}: broken: {reference} (410 Gone)",
        "3 links: 1 ok, 0 warning, 2 broken, 0 excluded",
    ]


def test_json_format_exact_shape(project: Path, servers: LoopbackServers) -> None:
    moved = servers.url("/moved")
    write_topic(project, servers.url("/ok"), [moved])
    code, document = run_json()
    assert code == 0  # a warning does not fail the run
    by_url = {r["url"]: r for r in document["results"]}
    assert by_url[moved] == {
        "url": moved,
        "state": "warning",
        "status": 200,
        "final_url": servers.url("/ok"),
        "detail": f"permanently redirected; cite the new URL: {servers.url('/ok')}",
        "citations": [{"file": str(Path("content") / "links.md"), "line": FIRST_REFERENCE_LINE}],
    }
    assert document["summary"]["warning"] == 1 and document["summary"]["broken"] == 0


def test_github_format_annotations(project: Path, servers: LoopbackServers) -> None:
    broken = servers.url("/status/404")
    write_topic(project, servers.url("/ok"), [broken])
    result = run("--format", "github")
    assert result.exit_code == 1
    source = str(Path("content") / "links.md")
    assert result.stdout.splitlines()[0] == (
        f"::error file={source},line={FIRST_REFERENCE_LINE},title=Broken link::{broken}: 404 Not Found"
    )


def test_offline_makes_no_requests_and_reports_bad_urls(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/status/404"), [servers.url("/ok"), "ftp://example.org/x"])
    code, document = run_json("--offline")
    assert servers.state.log == []
    assert code == 1  # the ftp reference is broken without any network
    states = {r["url"]: (r["state"], r["detail"]) for r in document["results"]}
    assert states["ftp://example.org/x"][0] == "broken"
    assert states["ftp://example.org/x"][1] == "only http(s) URLs can be cited (scheme: ftp)"
    assert states[servers.url("/status/404")] == ("unchecked", "not checked (offline)")
    assert document["summary"]["offline"] is True
    assert (document["summary"]["ok"], document["summary"]["unchecked"]) == (0, 2)


def test_offline_passes_a_clean_bank(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/status/404"), [servers.url("/ok")])
    assert run("--offline").exit_code == 0
    assert servers.state.log == []


def test_excluded_urls_are_not_requested(project: Path, servers: LoopbackServers) -> None:
    write_pyproject(project, "exclude = ['/status/']")
    write_topic(project, servers.url("/ok"), [servers.url("/status/404")])
    code, document = run_json()
    assert code == 0
    assert servers.state.requests("/status/404") == []
    assert document["summary"]["excluded"] == 1


def test_cache_skips_passes_and_rechecks_failures(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [servers.url("/flip/fixed-later")])
    code, first = run_json()
    assert code == 1
    cache_file = project / ".mlprep-cache" / "links.json"
    assert set(json.loads(cache_file.read_text(encoding="utf-8"))["entries"]) == {servers.url("/ok")}

    servers.state.flipped.add("/flip/fixed-later")  # the contributor fixed the link
    code, second = run_json()
    assert code == 0  # the failure was not cached, so the fix shows at once
    assert len(servers.state.requests("/ok")) == 1  # the pass came from the cache
    assert second["summary"]["cached"] == 1

    code, third = run_json("--no-cache")
    assert code == 0 and third["summary"]["cached"] == 0
    assert len(servers.state.requests("/ok")) == 2


def test_cache_max_age_zero_rechecks(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [])
    assert run().exit_code == 0
    assert run("--cache-max-age", "0").exit_code == 0
    assert len(servers.state.requests("/ok")) == 2


def test_missing_path_is_a_usage_error(project: Path) -> None:
    assert run("no-such-folder").exit_code == 2


def test_no_content_folder_is_a_usage_error(project: Path) -> None:
    (project / "content").rmdir()
    result = run()
    assert result.exit_code == 2
    assert "./content does not exist" in result.stderr


def test_bad_configuration_is_a_usage_error(project: Path, servers: LoopbackServers) -> None:
    write_pyproject(project, "concurency = 3")
    write_topic(project, servers.url("/ok"), [])
    result = run()
    assert result.exit_code == 2
    assert "unknown setting(s) concurency" in result.stderr
    assert servers.state.log == []


def test_bad_option_value_is_a_usage_error(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [])
    result = run("--timeout", "soon")
    assert result.exit_code == 2
    assert "--timeout" in result.stderr


def test_unreadable_file_is_reported_and_exits_1(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [])
    (project / "content" / "broken.md").write_bytes(b"\xff\xfe not utf-8")
    result = run("--offline")
    assert result.exit_code == 1
    broken = str(Path("content") / "broken.md")
    assert result.stdout.splitlines() == [
        f"{broken}:1:1: error: not UTF-8 text (byte 0xff); save the file as UTF-8 [encoding]",
        "1 links: 0 ok, 0 warning, 0 broken, 0 excluded, 1 not checked (offline: no requests made)",
    ]


UNCLOSED = """\
1. **Where?**

<details>
<summary>Answer</summary>

At https://example.org/docs, and the block is never closed.
"""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "human",
            "{source}:3:1: error: unclosed <details>: add </details> after the answer [unclosed-details]",
        ),
        (
            "github",
            "::error file={source},line=3,col=1,title=mlprep-site unclosed-details::"
            "unclosed <details>%3A add </details> after the answer".replace("%3A", ":"),
        ),
    ],
)
def test_loader_findings_are_reported_with_one_severity_and_fail_the_check(
    project: Path, fmt: str, expected: str
) -> None:
    (project / "content" / "open.md").write_text(UNCLOSED, encoding="utf-8")
    result = run("--offline", "--format", fmt)
    assert result.exit_code == 1
    source = str(Path("content") / "open.md")
    lines = result.stdout.splitlines()
    assert lines[0] == expected.format(source=source)
    assert all("warning" not in line for line in lines if "unclosed-details" in line)


def test_json_report_lists_loader_findings(project: Path) -> None:
    (project / "content" / "open.md").write_text(UNCLOSED, encoding="utf-8")
    code, document = run_json("--offline")
    assert code == 1
    assert document["findings"] == [
        {
            "file": str(Path("content") / "open.md"),
            "line": 3,
            "col": 1,
            "severity": "error",
            "code": "unclosed-details",
            "message": "unclosed <details>: add </details> after the answer",
        }
    ]
    assert [(r["url"], r["state"]) for r in document["results"]] == [
        ("https://example.org/docs", "unchecked")
    ]


def test_unusable_reference_is_reported_once_as_a_broken_link(
    project: Path, servers: LoopbackServers
) -> None:
    write_topic(project, servers.url("/ok"), ["ftp://example.org/x"])
    result = run("--offline")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "ftp://" in line] == [
        f"{Path('content') / 'links.md'}:{FIRST_REFERENCE_LINE}: broken: ftp://example.org/x "
        "(only http(s) URLs can be cited (scheme: ftp))"
    ]


def test_offline_says_not_checked_in_every_format(project: Path, servers: LoopbackServers) -> None:
    write_topic(project, servers.url("/ok"), [servers.url("/echo")])
    summary = "2 links: 0 ok, 0 warning, 0 broken, 0 excluded, 2 not checked (offline: no requests made)"
    assert run("--offline").stdout.splitlines() == [summary]
    assert run("--offline", "--format", "github").stdout.splitlines() == [summary]
    code, document = run_json("--offline")
    assert code == 0
    assert {r["state"] for r in document["results"]} == {"unchecked"}
    assert {r["detail"] for r in document["results"]} == {"not checked (offline)"}


def test_ca_file_option_trusts_a_private_ca(project: Path, servers: LoopbackServers, trust_ca: Any) -> None:
    ca_file = project / "ca.pem"
    trust_ca.cert_pem.write_to_path(str(ca_file))
    write_topic(project, servers.tls_url("/ok"), [])
    assert run("--no-cache").exit_code == 1  # unknown CA
    assert run("--no-cache", "--ca-file", str(ca_file)).exit_code == 0
