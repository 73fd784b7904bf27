"""Link-checker settings: `[tool.mlprep-site.links]` in pyproject.toml, or a plain mapping.

Every key is optional; unknown keys are an error (a typo must not silently disable a setting)::

    [tool.mlprep-site.links]
    exclude = ['^https://(www\\.)?linkedin\\.com/']   # regular expressions, re.search
    accept = [200, "200..=299"]       # status codes that pass (ints or ranges a..=b / a..b)
    warn_status = [401, 403, 429, 999] # answered but not verifiable (bot walls): warning
    concurrency = 128                  # requests in flight overall
    host_concurrency = 8               # requests in flight per host
    connect_timeout = "10s"
    read_timeout = "20s"
    timeout = "60s"                    # total per URL, retries and pauses included
    retries = 2
    max_redirects = 10
    max_retry_after = "30s"            # longest Retry-After pause honoured
    max_body_bytes = 65536
    warn_permanent_redirects = true
    cache = ".mlprep-cache/links.json" # false disables the cache
    cache_max_age = "7d"

    [tool.mlprep-site.links.hosts."example.org"]   # also applies to its subdomains
    concurrency = 2
    accept = [200, 403]
    timeout = "90s"
    headers = { Accept = "text/html" }             # sent to this exact host only, over https only
    allow_http_headers = false                     # true: send the headers over plain http too
    ca_file = "certs/extra-ca.pem"                 # (top level) extra CA to trust, relative to this file
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_CACHE_PATH = ".mlprep-cache/links.json"
# Possessive blanks: a long run of them before a character that does not fit would otherwise
# be split every way (quadratic).
_DURATION = re.compile(r"^\s*+(\d+(?:\.\d+)?)\s*+(ms|s|m|h|d)?\s*+$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_RANGE = re.compile(r"^\s*+(\d{3})\s*+\.\.(=?)\s*+(\d{3})\s*+$")


class LinksConfigError(ValueError):
    """A setting that cannot be used; the message names the key."""


@dataclass(frozen=True, slots=True)
class HostSettings:
    """Overrides for one host (and its subdomains); None means "use the global value"."""

    concurrency: int | None = None
    accept: frozenset[int] | None = None
    timeout: float | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    allow_http_headers: bool = False
    """Send `headers` over plain http too; by default they may carry tokens, so https only."""


_NO_OVERRIDE = HostSettings()


@dataclass(frozen=True, slots=True)
class LinksConfig:
    exclude: tuple[re.Pattern[str], ...] = ()
    accept: frozenset[int] = frozenset(range(200, 300))
    warn_status: frozenset[int] = frozenset({401, 403, 429, 999})
    concurrency: int = 128
    host_concurrency: int = 8
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    timeout: float = 60.0
    retries: int = 2
    backoff_base: float = 0.5
    max_redirects: int = 10
    max_retry_after: float = 30.0
    max_body_bytes: int = 64 * 1024
    warn_permanent_redirects: bool = True
    cache: str | None = DEFAULT_CACHE_PATH
    cache_max_age: float = 7 * 86400.0
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)
    ca_file: str | None = None
    """Extra CA certificates (PEM) trusted for https besides the system's trust store."""

    def host_settings(self, host: str) -> HostSettings:
        """The override for `host`: exact name first, then the closest parent domain."""
        if not self.hosts:  # the common case, asked several times per request
            return _NO_OVERRIDE
        host = host.lower().rstrip(".")
        labels = host.split(".")
        for start in range(len(labels)):
            found = self.hosts.get(".".join(labels[start:]))
            if found is not None:
                return found
        return _NO_OVERRIDE

    def host_headers(self, host: str, scheme: str) -> Mapping[str, str]:
        """Extra headers for exactly this host: never a subdomain, and over https only unless the
        host allows http, since they may carry tokens."""
        if not self.hosts:
            return {}
        found = self.hosts.get(host.lower().rstrip("."))
        if found is None or (scheme != "https" and not found.allow_http_headers):
            return {}
        return found.headers

    def is_excluded(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.exclude)

    def with_overrides(self, **changes: Any) -> LinksConfig:
        """A copy with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def parse_duration(value: object, key: str) -> float:
    """Seconds from a number or a string like "250ms", "30s", "5m", "2h", "7d"."""
    if isinstance(value, bool):
        raise LinksConfigError(f"{key}: expected a duration, got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]
    else:
        raise LinksConfigError(f"{key}: expected a duration like 30, '30s', '5m' or '7d', got {value!r}")
    if seconds < 0:
        raise LinksConfigError(f"{key}: must not be negative")
    return seconds


def parse_status_set(value: object, key: str) -> frozenset[int]:
    """Status codes from a list of ints and ranges ("200..=299" inclusive, "200..300" exclusive)."""
    items = value if isinstance(value, list) else [value]
    codes: set[int] = set()
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and 100 <= item <= 999:
            codes.add(item)
        elif isinstance(item, str) and item.strip().isdigit():
            codes.add(int(item))
        elif isinstance(item, str) and (match := _RANGE.match(item)):
            start, end = int(match.group(1)), int(match.group(3))
            codes.update(range(start, end + 1 if match.group(2) else end))
        else:
            raise LinksConfigError(f"{key}: expected status codes or ranges like '200..=299', got {item!r}")
    return frozenset(codes)


def _positive_int(value: object, key: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise LinksConfigError(f"{key}: expected an integer >= {minimum}, got {value!r}")
    return value


def _patterns(value: object, key: str) -> tuple[re.Pattern[str], ...]:
    items = value if isinstance(value, list) else [value]
    patterns = []
    for item in items:
        if not isinstance(item, str):
            raise LinksConfigError(f"{key}: expected regular expressions, got {item!r}")
        try:
            patterns.append(re.compile(item))
        except re.error as error:
            raise LinksConfigError(f"{key}: bad regular expression {item!r}: {error}") from None
    return tuple(patterns)


def _headers(value: object, key: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise LinksConfigError(f"{key}: expected a table of header names to strings")
    return dict(value)


def _host_settings(value: object, key: str) -> HostSettings:
    if not isinstance(value, dict):
        raise LinksConfigError(f"{key}: expected a table")
    unknown = set(value) - {"concurrency", "accept", "timeout", "headers", "allow_http_headers"}
    if unknown:
        raise LinksConfigError(f"{key}: unknown setting(s) {', '.join(sorted(unknown))}")
    return HostSettings(
        concurrency=_positive_int(value["concurrency"], f"{key}.concurrency")
        if "concurrency" in value
        else None,
        accept=parse_status_set(value["accept"], f"{key}.accept") if "accept" in value else None,
        timeout=parse_duration(value["timeout"], f"{key}.timeout") if "timeout" in value else None,
        headers=_headers(value.get("headers", {}), f"{key}.headers"),
        allow_http_headers=_bool(value.get("allow_http_headers", False), f"{key}.allow_http_headers"),
    )


def _bool(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise LinksConfigError(f"{key}: expected true or false")
    return value


def _cache_path(value: object, key: str) -> str | None:
    if value is False:
        return None
    if isinstance(value, str) and value:
        return value
    raise LinksConfigError(f"{key}: expected a file path or false, got {value!r}")


_DURATIONS = (
    "connect_timeout",
    "read_timeout",
    "timeout",
    "max_retry_after",
    "cache_max_age",
    "backoff_base",
)
_INTS = {"concurrency": 1, "host_concurrency": 1, "retries": 0, "max_redirects": 0, "max_body_bytes": 0}


def config_from_mapping(table: Mapping[str, Any], where: str = "links") -> LinksConfig:
    """Build a LinksConfig from a TOML table or a plugin's config mapping."""
    known = set(LinksConfig.__dataclass_fields__)
    unknown = set(table) - known
    if unknown:
        raise LinksConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{where}.{key}"
        if key in _DURATIONS:
            values[key] = parse_duration(value, name)
        elif key in _INTS:
            values[key] = _positive_int(value, name, _INTS[key])
        elif key in ("accept", "warn_status"):
            values[key] = parse_status_set(value, name)
        elif key == "exclude":
            values[key] = _patterns(value, name)
        elif key == "warn_permanent_redirects":
            values[key] = _bool(value, name)
        elif key == "ca_file":
            if not isinstance(value, str) or not value:
                raise LinksConfigError(f"{name}: expected the path of a PEM file")
            values[key] = value
        elif key == "cache":
            values[key] = _cache_path(value, name)
        elif key == "hosts":
            if not isinstance(value, dict):
                raise LinksConfigError(f"{name}: expected a table of host names")
            values[key] = {
                host.lower(): _host_settings(settings, f"{name}.{host}") for host, settings in value.items()
            }
    if values.get("timeout", 1.0) <= 0:
        raise LinksConfigError(f"{where}.timeout: must be positive")
    return LinksConfig(**values)


def load_config(pyproject: str | Path | None) -> LinksConfig:
    """Settings from `[tool.mlprep-site.links]` of a pyproject.toml; defaults when absent."""
    if pyproject is None:
        return LinksConfig()
    path = Path(pyproject)
    if not path.is_file():
        return LinksConfig()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LinksConfigError(f"{path}: {error}") from None
    table = document.get("tool", {}).get("mlprep-site", {}).get("links", {})
    if not isinstance(table, dict):
        raise LinksConfigError(f"{path}: [tool.mlprep-site.links] must be a table")
    config = config_from_mapping(table, where=f"{path}: tool.mlprep-site.links")
    if config.ca_file is not None:  # relative to the file that names it, like `cache`
        config = replace(config, ca_file=str(path.parent / config.ca_file))
    return config
