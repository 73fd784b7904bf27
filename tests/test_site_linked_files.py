"""The images and files answers link to are published at their place in the content folder,
where the topic pages' links lead (issue 20, item 6): a repository's study site shows its
diagrams, and `--strict` does not fail on links that work on GitHub. Only files inside the
content folder are published."""

from __future__ import annotations

import os
from pathlib import Path

from .site_helpers import build_site, write_site

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def topic(slug: str, answer: str) -> str:
    return (
        f"---\ntitle: {slug}\nslug: {slug}\n---\n# {slug}\n\n1. **What is shown?**\n\n"
        f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
    )


def test_linked_images_and_files_are_published_where_their_links_lead(tmp_path: Path) -> None:
    answer = "![A diagram](images/diagram.png)\n\nThe [data](files/data.csv)."
    config = write_site(tmp_path, content={"part/pipeline.md": topic("pipeline", answer)})
    content = tmp_path / "content"
    (content / "part" / "images").mkdir()
    (content / "part" / "images" / "diagram.png").write_bytes(PNG)
    (content / "part" / "files").mkdir()
    (content / "part" / "files" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    site = build_site(config, strict=True)  # MkDocs warns of a link to a file it does not have
    # at their place in the content folder, where the page's links lead
    assert (site / "part" / "images" / "diagram.png").read_bytes() == PNG
    assert (site / "part" / "files" / "data.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    page = (site / "pipeline" / "index.html").read_text(encoding="utf-8")
    assert 'src="../part/images/diagram.png"' in page and 'href="../part/files/data.csv"' in page


def test_a_link_out_of_the_content_folder_publishes_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG + b"secret")
    answer = "![x](../secret.png) and ![y](images/leak.png)"
    config = write_site(tmp_path, content={"leaky.md": topic("leaky", answer)})
    (tmp_path / "content" / "images").mkdir()
    os.symlink(secret, tmp_path / "content" / "images" / "leak.png")
    site = build_site(config)  # MkDocs warns of both links (not strict): nothing is published
    published = [p for p in site.rglob("*.png")]
    assert not any(b"secret" in p.read_bytes() for p in published), published
