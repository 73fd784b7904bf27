"""Tiny study sites for the site tests: a content folder and an mkdocs.yml in a tmp folder,
built with MkDocs' own `load_config` + `build` (the mkdocs-awesome-nav way)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS

REPO_URL = "https://github.com/example/mlprep-test"
OVERRIDES = Path(__file__).resolve().parents[1] / "src" / "mlprep_site" / "site" / "overrides"
HOSTILE = '<script>alert(1)</script> "quoted" & `code`'

SAMPLE_TOPIC = textwrap.dedent(
    """\
    ---
    title: Sample topic
    slug: sample
    description: A topic for the site tests.
    order: 1
    tags: [testing]
    ---
    # Sample topic

    1. **What does `x < y` compare in Python?**
    <!-- mlprep: {id: compare-values, tags: [python, basics], difficulty: easy} -->

    <details>
    <summary>Answer</summary>

    It compares **values** by their ordering.

    ```python
    print(1 < 2)
    ```

    | left | right |
    |------|-------|
    | 1    | 2     |

    <details>
    <summary>Hint</summary>

    Think about **ordering**.

    </details>

    </details>

    2. **HOSTILE**
    <!-- mlprep: {id: hostile-question, difficulty: hard} -->

    <details>
    <summary>Answer</summary>

    The question text must show as written.

    </details>

    3. **Which regularisation zeroes coefficients?**
    <!-- mlprep: {id: wanted-question, tags: [basics]} -->

    <details>
    <summary>Answer</summary>
    </details>

    ## References and Reading Materials
    [1]. https://example.org/one \\
    [3]. [Three](https://example.org/three) \\
    """
).replace("HOSTILE", HOSTILE)

SECOND_TOPIC = textwrap.dedent(
    """\
    ---
    title: Second topic
    slug: second
    order: 2
    ---
    # Second topic

    1. **What is gradient boosting?**
    <!-- mlprep: {id: gradient-boosting, tags: [basics, trees], difficulty: medium} -->

    <details>
    <summary>Answer</summary>

    An ensemble of shallow trees, each fitted to the errors of the ones before.

    </details>
    """
)

SAMPLE_CONTENT = {"sample.md": SAMPLE_TOPIC, "second.md": SECOND_TOPIC}
SAMPLE_QUESTION_IDS = {
    "sample": ["compare-values", "hostile-question", "wanted-question"],
    "second": ["gradient-boosting"],
}


def site_config(plugin: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """The repository's mkdocs.yml set-up, with the mlprep plugin options given."""
    config: dict[str, Any] = {
        "site_name": "mlprep test",
        "site_url": "https://example.org/mlprep/",
        "repo_url": REPO_URL,
        "edit_uri": "edit/main/docs/",
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "custom_dir": str(OVERRIDES),
            "font": False,
            "features": [
                "navigation.instant",
                "search.highlight",
                "search.suggest",
                "content.action.edit",
            ],
            "palette": [
                {
                    "scheme": "default",
                    "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
                },
                {
                    "scheme": "slate",
                    "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
                },
            ],
        },
        "plugins": ["search", {"mlprep": {"anki": False, **(plugin or {})}}],
        "markdown_extensions": [*MARKDOWN_EXTENSIONS, {"toc": {"permalink": True}}],
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
    }
    config.update(extra)
    return config


def write_site(
    root: Path,
    content: dict[str, str] | None = None,
    plugin: dict[str, Any] | None = None,
    docs: dict[str, str] | None = None,
    **extra: Any,
) -> Path:
    """Write mkdocs.yml, content/ and docs/ under `root`; return the mkdocs.yml path."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in (SAMPLE_CONTENT if content is None else content).items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    for name, text in (docs or {}).items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(site_config(plugin, **extra), sort_keys=False), encoding="utf-8")
    return config_file


def build_site(
    config_file: Path, strict: bool = False, *, content_errors: bool = False, **overrides: Any
) -> Path:
    """Build the site of `config_file`; return its site folder. With `content_errors`, the
    content has errors: the build writes the whole site, then fails (also without strict)."""
    config = load_config(config_file=str(config_file), strict=strict, **overrides)
    if not content_errors:
        build(config)
    else:
        with pytest.raises(Abort, match="BuildError"):
            build(config)
        assert (Path(config.site_dir) / "index.html").is_file()  # the site is written all the same
    return Path(config.site_dir)


def quiz_answers(site: Path) -> dict[str, str]:
    """Question id → the answer HTML the quiz data carries (`assets/mlprep/quiz/<slug>.json`)."""
    answers: dict[str, str] = {}
    for path in sorted((site / "assets" / "mlprep" / "quiz").glob("*.json")):
        if path.name != "index.json":
            data = json.loads(path.read_text(encoding="utf-8"))
            answers.update({qid: html for qid, (_, html) in data["questions"].items()})
    return answers


def published_text(site: Path) -> str:
    """Every text file of a built site, joined: what a check for leaked paths reads."""
    texts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".css", ".xml", ".txt"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)
