"""Hostile banks (tests/fixtures/hostile/, plus enormous lines made here) through `validate`,
`mkdocs build`, `render --out` and `export --format anki`: each ends in a clear finding or
escaped text, never a traceback, never a write outside the output folder. And a Hypothesis
test: sites built from generated hostile field values hold no element or event handler that
the templates did not put there."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from mlprep_site.cli.main import main
from mlprep_site.core.domain.diagnostics import has_errors
from mlprep_site.core.loader import load_bank
from mlprep_site.core.text.tex import math_findings

from .site_helpers import build_site, published_text, write_site

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SHOWN_AS_GITHUB = ("nul-byte.md",)
"""Hostile files GitHub shows, and the site as GitHub does (a NUL as U+FFFD): no rule broken."""
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name not in SHOWN_AS_GITHUB)


def enormous_lines(folder: Path) -> None:
    """60 KB on one line, of characters the loader and renderer give meaning to. Not `[`:
    Python-Markdown's own link parsing is quadratic in a run of them (reported, not ours)."""
    line = "`<*_{&" * 10_000
    folder.joinpath("enormous.md").write_text(
        f"---\ndescription: {json.dumps(line)}\n---\n# {line}\n\n1. **{line}**\n\n"
        f"<details>\n<summary>Answer</summary>\n\n{line}\n\n</details>\n\n## References\n[1]. {line}\n",
        encoding="utf-8",
    )


def corpus_file(tmp_path: Path, name: str) -> Path:
    """The content folder holding the hostile file `name` (the fixture's, or "enormous" made here)."""
    content = tmp_path / "repo" / "content"
    content.mkdir(parents=True)
    if name == "enormous":
        enormous_lines(content)
    else:
        shutil.copy(HOSTILE / name, content / name)
    return content


def corpus_source(content: Path, name: str) -> Path:
    return content / ("enormous.md" if name == "enormous" else name)


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


class Markup(HTMLParser):
    """Tag names (counted), attribute names per tag, and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.attributes: set[tuple[str, str]] = set()
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src") and value is not None:
                self.urls.append(value)


def markup(site: Path) -> dict[str, Markup]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = parser
    return found


@pytest.mark.parametrize("name", [*CORPUS, "enormous"])
def test_hostile_bank_through_every_command(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    content = corpus_file(tmp_path, name)
    repo = content.parent
    runner = CliRunner()
    before = files_under(tmp_path)

    validate = runner.invoke(main, ["validate", str(content)])
    assert validate.exception is None or isinstance(validate.exception, SystemExit), validate.output
    # Every hostile file breaks a rule (the enormous one: its title, description and reference).
    assert validate.exit_code == 1, validate.output
    assert f"{corpus_source(content, name)}:" in validate.output

    out = repo / "out"
    render = runner.invoke(main, ["render", str(content), "--out", str(out)])
    assert render.exception is None or isinstance(render.exception, SystemExit), render.output
    deck = repo / "deck" / "deck.apkg"
    export = runner.invoke(main, ["export", "--format", "anki", "-o", str(deck), str(content)])
    assert export.exception is None or isinstance(export.exception, SystemExit), export.output
    assert render.exit_code == export.exit_code == validate.exit_code  # an error stops every command

    write_site(repo, content={}, plugin={"anki": True})
    with pytest.raises(Abort):  # every hostile file breaks a rule: the build fails, after our message
        build_site(repo / "mkdocs.yml")
    loaded = "mlprep: no topics could be loaded" not in caplog.text
    assert not loaded or re.search(r"mlprep: \d+ content errors? \(listed above", caplog.text), caplog.text
    site = repo / "site" if loaded else None  # written all the same: checked below
    written = files_under(tmp_path) - before
    allowed = (repo / "out", repo / "deck", repo / "site", repo / "docs", repo / "mkdocs.yml")
    assert all(any(p == a or a in p.parents for a in allowed) for p in written), sorted(written)
    assert not any("escaped" in p.name for p in written)
    if site is not None:
        for page, parsed in markup(site).items():
            # Hostile text shows as text (JSON-LD holds it as JSON, where `<` is inert): no
            # handler, no element a payload would bring, no script URL.
            assert parsed.handlers == [], page
            assert parsed.tags["img"] == parsed.tags["iframe"] == 0, page
            assert not any(url.strip().lower().startswith(("javascript:", "data:")) for url in parsed.urls)
        assert str(tmp_path) not in published_text(site)


# -- Hypothesis: generated hostile field values --------------------------------------------------

# Characters that make markup in HTML, attributes, markdown, YAML and JSON, with words that
# hostile payloads use; emphasis and code markers are left out, as they render legitimately.
PAYLOAD_WORDS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '"',
    "'",
    "<",
    ">",
    "&",
    "javascript:",
]
PAYLOAD_WORDS += [
    "onclick=",
    "{: onclick=x}",
    "{#id}",
    "[x](javascript:y)",
    "</h2>",
    "</details>",
    "<!--",
    "-->",
]
PAYLOAD_WORDS += ["\\", "|", "#", "]", "[", ")", "(", "&amp;", "&#60;", "\u2028", "é", " "]
hostile_text = st.lists(
    st.sampled_from(PAYLOAD_WORDS) | st.text("abc -=/:;", max_size=3), min_size=1, max_size=8
).map("".join)


def topic_markdown(
    title: str, description: str, tags: list[str], questions: list[str], reference: str
) -> str:
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"description: {json.dumps(description)}",
        f"tags: {json.dumps(tags)}",
        "---",
        "",
    ]
    for number, text in enumerate(questions, 1):
        lines += [f"{number}. **Q{number} {text}**", f"<!-- mlprep: {{tags: {json.dumps(tags)}}} -->", ""]
        lines += ["<details>", "<summary>Answer</summary>", "", f"Answer {number}.", "", "</details>", ""]
    lines += ["## References", f"[1]. [{reference}](https://example.org/a) \\", "[2]. https://example.org/b"]
    return "\n".join(lines) + "\n"


BENIGN = topic_markdown(
    "Benign title", "A description.", ["tag-one", "tag-two"], ["one?", "two?"], "A reference"
)


def build(root: Path, topic: str) -> dict[str, Markup]:
    if root.exists():
        shutil.rmtree(root)
    config = write_site(root, content={"t.md": topic}, plugin={"anki": False})
    bank, findings = load_bank([root / "content"])
    errors = has_errors([*findings, *math_findings(bank.topics)])
    return markup(build_site(config, content_errors=errors))


@pytest.mark.parametrize("name", SHOWN_AS_GITHUB)
def test_a_file_github_shows_builds_strictly_as_github_shows_it(tmp_path: Path, name: str) -> None:
    content = corpus_file(tmp_path, name)
    validate = CliRunner().invoke(main, ["validate", str(content)])
    assert validate.exit_code == 0 and "[nul-character]" in validate.output, validate.output
    write_site(content.parent, content={})
    site = build_site(content.parent / "mkdocs.yml", strict=True)
    shown = (site / "nul-byte" / "index.html").read_text(encoding="utf-8")
    assert "Before\ufffdafter." in shown and "\x00" not in shown


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Markup]:
    return build(tmp_path_factory.mktemp("baseline"), BENIGN)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=hostile_text,
    description=hostile_text,
    tags=st.lists(hostile_text, min_size=2, max_size=2),
    questions=st.lists(hostile_text, min_size=2, max_size=2),
    reference=hostile_text,
)
def test_generated_hostile_fields_add_no_markup(
    tmp_path: Path,
    baseline: dict[str, Markup],
    title: str,
    description: str,
    tags: list[str],
    questions: list[str],
    reference: str,
) -> None:
    built = build(tmp_path / "hostile", topic_markdown(title, description, tags, questions, reference))
    # A refused value can only take a page away (no valid tag: no tags page), never add one.
    assert set(built) <= set(baseline) and {"index.html", "t/index.html"} <= set(built)
    for page, parsed in built.items():
        expected = baseline[page]
        assert parsed.handlers == [] and expected.handlers == []
        extra = {tag: n for tag, n in parsed.tags.items() if n > expected.tags[tag]}
        assert extra == {}, page  # no element the benign build did not have as often
        assert parsed.attributes <= expected.attributes, page
        assert parsed.tags["script"] == expected.tags["script"]
