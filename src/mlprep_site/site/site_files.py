"""What the plugin adds to MkDocs' files, nav and scripts: where a generated page may not go,
the pages a written nav lists, and how our script is loaded."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.structure.files import Files


def deferred_script(uri: str) -> c.ExtraScriptValue:
    """Our script, run once the page is parsed: it does not hold up the first paint, and it
    still runs after Material's bundle (a plain script at the end of the body)."""
    script = c.ExtraScriptValue(uri)
    script.defer = True
    return script


def nav_paths(nav: Any) -> Iterator[str]:
    """Every page path in a nav as written in mkdocs.yml (lists, titled entries, sections)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


def taken_uris(files: Files, use_directory_urls: bool) -> set[str]:
    """The page sources a generated page may not have: each file's own, and those MkDocs would
    write where a file already goes (`docs/a/index.md` or a static `a/index.html` takes `a.md`
    too, with directory URLs), so that no generated page overwrites another file's output."""
    taken = set()
    for file in files:
        taken.add(file.src_uri)
        dest = file.dest_uri
        if dest == "index.html" or dest.endswith("/index.html"):
            folder = dest.removesuffix("index.html").rstrip("/")
            taken.add(posixpath.join(folder, "index.md"))
            if folder and use_directory_urls:
                taken.add(f"{folder}.md")
        elif dest.endswith(".html") and not use_directory_urls:
            taken.add(dest.removesuffix(".html") + ".md")
    return taken
