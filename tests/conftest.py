from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No deadline: Hypothesis' per-example deadline is a wall-clock assert, which a busy machine
# fails (an example's first run pays for imports and cold caches). In CI the property tests
# draw the same examples on every run: a red build then names a change, not a lucky draw.
# Locally they explore afresh each run.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "model-deployment-and-monitoring.md"


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The link cache's signing key is made under XDG_CACHE_HOME on first use: the tests (and
    the commands they run) keep theirs in a folder of the run, not in the user's home."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented text file under tmp_path and return its path."""

    def write(name: str, text: str | bytes, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    return write
