"""What the plugin adds to MkDocs' files, nav and scripts: where a generated page may not go,
the files answers link to, the pages a written nav lists, and how our script is loaded."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from mlprep_site.core.domain.model import Bank
from mlprep_site.core.importer.linked_files import page_files


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


def add_linked_files(bank: Bank, content_dir: Path, files: Files, config: MkDocsConfig, prefix: str) -> None:
    """Add the images and files answers link to (inside the content folder: `page_files`),
    published at their path in that folder under the prefix, where the topic pages' links lead
    (`topic_links`)."""
    published: set[str] = set()
    for topic in bank.topics:
        for uri, path in page_files(topic, content_dir).items():
            target = f"{prefix}/{uri}" if prefix else uri
            if target not in published and files.get_file_from_path(target) is None:
                published.add(target)
                files.append(File.generated(config, target, abs_src_path=str(path)))
