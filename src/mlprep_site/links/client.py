"""aiohttp, imported without the two TLS contexts it builds at import time.

`aiohttp.connector` creates a verifying and a non-verifying `ssl.SSLContext` when it is imported,
each loading the system's CA bundle: about 40 ms of every run's start-up (a third of importing
aiohttp), spent even when no URL is https. The checker never uses those contexts: it passes its
own context with every https request (`LinkChecker.tls_context`, created on the first https
request, or the `--ca-file` one). So the CA loading is skipped while aiohttp is imported here.

This fails closed: should a request ever fall back to aiohttp's own verifying context, it has no
trusted CA, so certificate checks fail (the link is reported broken); nothing is ever accepted
unverified. The patch is in place only while aiohttp is first imported, and not at all when
something imported aiohttp before us (the test servers, another tool in the same process).
"""

from __future__ import annotations

import ssl
import sys


def _import_aiohttp_without_default_tls() -> None:
    if "aiohttp" in sys.modules:
        return
    # create_default_context() and aiohttp's unverified context both end in this method.
    own = ssl.SSLContext.__dict__.get("set_default_verify_paths")  # None: inherited from _ssl
    ssl.SSLContext.set_default_verify_paths = lambda self: None  # type: ignore[method-assign]
    try:
        import aiohttp  # noqa: F401
    finally:
        if own is None:
            del ssl.SSLContext.set_default_verify_paths
        else:
            ssl.SSLContext.set_default_verify_paths = own  # type: ignore[method-assign]


_import_aiohttp_without_default_tls()

import aiohttp as aiohttp  # noqa: E402  (the module imported above, now cached)

__all__ = ["aiohttp"]
