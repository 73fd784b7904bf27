"""TLS is verified with the system's trust store, `--ca-file` adds a CA, and nothing of it leaks
into the process: other aiohttp users in the same interpreter verify as they always do."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main

if TYPE_CHECKING:
    from tests.conftest_links import LoopbackServers

pytest_plugins = ("tests.conftest_links",)


def topic(url: str) -> str:
    return f"# T\n\n1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\nSee {url}.\n\n</details>\n"


async def status_of(url: str, ssl_option: Any) -> int:
    """One GET from a brand-new session, as any other aiohttp user would make it."""
    async with aiohttp.ClientSession() as session, session.get(url, ssl=ssl_option) as response:
        return response.status


def test_self_signed_server_is_broken_by_default_and_passes_with_ca_file(
    tmp_path: Path, servers: LoopbackServers, trust_ca: Any
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "t.md").write_text(topic(servers.tls_url("/ok")), encoding="utf-8")
    ca_file = tmp_path / "ca.pem"
    trust_ca.cert_pem.write_to_path(str(ca_file))
    runner = CliRunner()
    plain = runner.invoke(main, ["check-links", "--no-cache", "--format", "json", str(tmp_path / "content")])
    assert plain.exit_code == 1 and "TLS certificate not trusted" in plain.output
    trusted = runner.invoke(
        main, ["check-links", "--no-cache", "--ca-file", str(ca_file), str(tmp_path / "content")]
    )
    assert trusted.exit_code == 0, trusted.output

    # Afterwards, in this same process, a new aiohttp session verifies normally: the test CA is
    # not trusted by default (nothing was added to a shared context) ...
    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        asyncio.run(status_of(servers.tls_url("/ok"), True))
    # ... and a context of its own that loads the CA is all it takes (nothing was taken away).
    context = ssl.create_default_context()
    trust_ca.configure_trust(context)
    assert asyncio.run(status_of(servers.tls_url("/ok"), context)) == 200


def test_ca_file_from_the_configuration_relative_to_pyproject(
    tmp_path: Path, servers: LoopbackServers, trust_ca: Any
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "t.md").write_text(topic(servers.tls_url("/ok")), encoding="utf-8")
    (tmp_path / "certs").mkdir()
    trust_ca.cert_pem.write_to_path(str(tmp_path / "certs" / "ca.pem"))
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.mlprep-site.links]\nca_file = "certs/ca.pem"\ncache = false\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check-links", "--config", str(pyproject), str(tmp_path / "content")])
    assert result.exit_code == 0, result.output


PROBE = """\
import ssl
import mlprep_site.links.checker, mlprep_site.links.fetch, mlprep_site.cli.check_links
import aiohttp.connector as connector
assert "set_default_verify_paths" not in vars(ssl.SSLContext)
system = ssl.create_default_context().cert_store_stats()["x509_ca"]
print(system, connector._SSL_CONTEXT_VERIFIED.cert_store_stats()["x509_ca"])
"""


def test_importing_the_checker_leaves_aiohttp_default_context_with_the_system_cas() -> None:
    """In a fresh interpreter: aiohttp's own verifying context, which every other aiohttp user
    relies on, holds the same CAs as a context made with the system's defaults."""
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    system, aiohttp_default = done.stdout.split()
    assert system == aiohttp_default
