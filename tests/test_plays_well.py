"""The plugin plays well with others: hooks and plugins that edit page markdown or the page in
`on_page_context`, and common markdown extensions, keep their work on the topic pages, and a
rebuild after a failed build (as `mkdocs serve` does) gives every page its own questions."""

from __future__ import annotations

import html
import json
import logging
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from tests.render_helpers import QuestionBlocks
from tests.site_helpers import (
    SAMPLE_CONTENT,
    SAMPLE_QUESTION_IDS,
    build_site,
    published_text,
    quiz_answers,
    write_site,
)

HOOKS = textwrap.dedent(
    """\
    from pathlib import Path


    def on_page_markdown(markdown, page, config, files):
        if (Path(config.config_file_path).parent / "FAIL").exists() and page.file.src_uri == "second.md":
            raise RuntimeError("this build fails")
        return markdown.replace("{{ version }}", "1.2.3") + "\\n\\n***\\n\\nFooter of every page.\\n"


    def on_page_context(context, page, config, nav):
        page.content += '<p class="from-context-hook">added in on_page_context</p>'
        return context


    def on_post_page(output, page, config):
        # what a plugin reading the page's markdown late sees (Material's typeset reads it)
        seen = "edited markdown" if "Footer of every page." in (page.markdown or "") else "no markdown"
        return output.replace("</article>", f'<p class="markdown-seen">{seen}</p></article>', 1)
    """
)

EXTENDED_ANSWER = textwrap.dedent(
    """\
    Version {{ version }} of the answer uses HTML.

    --8<-- "glossary.md"

    !!! note "Careful"
        An admonition.

    | a | b |
    |---|---|
    | 1 | 2 |

    A claim[^src] with a class.
    {: .claim }

    ***

    [^src]: The source of the claim.
    """
)
EXTENDED_TOPIC = (
    "---\ntitle: Extended\nslug: extended\n---\n# Extended\n\n"
    "1. **What does it use?**\n<!-- mlprep: {id: extended-one} -->\n\n"
    f"<details>\n<summary>Answer</summary>\n\n{EXTENDED_ANSWER}\n</details>\n\n"
    "2. **And then?**\n<!-- mlprep: {id: extended-two} -->\n\n"
    "<details>\n<summary>Answer</summary>\n\nThe second answer.\n\n</details>\n"
)


def write_extended_site(root: Path) -> Path:
    content = {**SAMPLE_CONTENT, "extended.md": EXTENDED_TOPIC}
    (root / "snippets").mkdir(parents=True, exist_ok=True)
    (root / "snippets" / "glossary.md").write_text("*[HTML]: Hyper Text Markup Language\n", encoding="utf-8")
    (root / "hooks.py").write_text(HOOKS, encoding="utf-8")
    extensions = [
        *MARKDOWN_EXTENSIONS,
        {"toc": {"permalink": True}},
        "footnotes",
        "abbr",
        {"pymdownx.snippets": {"base_path": [str(root / "snippets")], "check_paths": True}},
    ]
    docs = {"about.md": "# About\n\nThis is version {{ version }}.\n"}
    return write_site(
        root, content=content, docs=docs, hooks=[str(root / "hooks.py")], markdown_extensions=extensions
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_extended_site(tmp_path_factory.mktemp("plays-well")), strict=True)


def article(site: Path, slug: str) -> str:
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


PAGES = ["sample", "second", "extended", "about", "."]
QUESTIONS = {**SAMPLE_QUESTION_IDS, "extended": ["extended-one", "extended-two"]}


@pytest.mark.parametrize("slug", PAGES)
def test_every_page_keeps_the_hooks_edits(site: Path, slug: str) -> None:
    html = article(site, slug)
    assert "{{ version }}" not in html
    assert html.count("Footer of every page.") == 1
    assert html.count('<p class="from-context-hook">added in on_page_context</p>') == 1
    assert html.count('<p class="markdown-seen">edited markdown</p>') == 1


@pytest.mark.parametrize("slug", list(QUESTIONS))
def test_questions_are_all_there_once_and_the_footer_is_outside_them(site: Path, slug: str) -> None:
    html = article(site, slug)
    blocks = QuestionBlocks(html[html.index("<h1") :])
    assert blocks.order == QUESTIONS[slug]
    assert not any("Footer" in answer for answer in blocks.answers.values())
    ids = Counter(re.findall(r'\sid="([^"]*)"', html))
    assert [anchor for anchor, count in ids.items() if count > 1] == []


def test_answers_keep_other_extensions_and_hook_edits(site: Path) -> None:
    html = article(site, "extended")
    answer = QuestionBlocks(html[html.index("<h1") :]).answers["extended-one"]
    assert "Version 1.2.3 of the answer" in answer  # the hook edited the answer's markdown
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in answer  # snippets + abbr
    assert '<div class="admonition note">' in answer and "<td>1</td>" in answer
    assert '<p class="claim">' in answer  # attr_list
    assert "<hr />" in answer  # a break inside an answer is the answer's own
    # An answer's footnotes close the answer itself: they open with their question, and its
    # search entry, quiz card and deck card carry them.
    # Its labels are its own on the page (`answers.labels`): `[^src]` is `extended-one:src`.
    assert 'href="#fn:extended-one:src"' in answer and "The source of the claim." in answer
    assert html.count("The source of the claim.") == 1
    assert quiz_answers(site)["extended-one"] == answer
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    holding = [d["location"] for d in docs if "The source of the claim." in d["text"]]
    assert holding == ["extended/#extended-one"]


def test_rebuild_after_a_failed_build_gives_each_page_its_own_questions(tmp_path: Path) -> None:
    config_file = write_extended_site(tmp_path)
    (tmp_path / "FAIL").write_text("", encoding="utf-8")
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        with pytest.raises(Exception, match="this build fails"):
            build(config)
        (tmp_path / "FAIL").unlink()
        config = load_config(config_file=str(config_file))  # as serve does: the same plugin instance
        build(config)
    finally:
        config.plugins.on_shutdown()  # as serve does: MkDocs keeps the instance for the process
    site = Path(config.site_dir)
    for slug, ids in QUESTIONS.items():
        html = article(site, slug)
        assert QuestionBlocks(html[html.index("<h1") :]).order == ids
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {d["location"]: d["text"] for d in docs}
    assert "shallow trees" in text["second/#gradient-boosting"]
    assert "The second answer." in text["extended/#extended-two"]


def deck_backs(path: Path) -> dict[str, str]:
    from tests.test_anki import read_apkg

    return {note["fields"]["Id"]: note["fields"]["Answer"] for note in read_apkg(path)["notes"].values()}


def test_cli_anki_export_next_to_mkdocs_yml_renders_with_the_site_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export --format anki` renders with the site's markdown configuration (footnotes,
    abbreviations: the site deck's backs) and never builds the site, so an edit a hook makes
    to page markdown (`{{ version }}`) reaches the site's own deck only: export has the answer
    as written (issue 22)."""
    from click.testing import CliRunner

    from mlprep_site.cli.main import main

    config_file = write_extended_site(tmp_path)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"mlprep": {"anki": True}}]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = build_site(config_file, strict=True)
    site_backs = deck_backs(site / "assets" / "mlprep" / "mlprep-deck.apkg")
    assert "1.2.3" in site_backs["extended-one"]
    # The page numbers notes page-wide, so each answer's list of notes says where it starts
    # (`value`); an answer rendered on its own numbers from 1, which is where this one starts.
    one = re.sub(r'(<li id="fn:[^"]+") value="1"', r"\1", site_backs["extended-one"])
    one = one.replace("extended-one:src", "src")  # the page's labels are scoped to their answer
    as_written = {**site_backs, "extended-one": one.replace("1.2.3", "{{ version }}")}
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "anki", "-o", "default.apkg"])
    assert result.exit_code == 0, result.output
    assert deck_backs(tmp_path / "default.apkg") == as_written
    explicit = ["export", "--format", "anki", "-o", "explicit.apkg", "--config-file", str(config_file)]
    assert runner.invoke(main, [*explicit, "content"]).exit_code == 0
    assert deck_backs(tmp_path / "explicit.apkg") == as_written
    (tmp_path / "mkdocs.yml").rename(tmp_path / "elsewhere.yml")  # no site: the default extensions
    assert runner.invoke(main, ["export", "--format", "anki", "-o", "plain.apkg"]).exit_code == 0
    plain = deck_backs(tmp_path / "plain.apkg")
    assert "{{ version }}" in plain["extended-one"] and plain["extended-two"] == site_backs["extended-two"]
    assert '<abbr title="Hyper Text Markup Language">' not in plain["extended-one"]  # abbr is the site's


SNIPPET_TOPIC = textwrap.dedent(
    """\
    ---
    title: Snippets
    slug: snippets
    ---
    # Snippets

    1. **How does a page include a file?**
    <!-- mlprep: {id: include-a-file} -->

    <details>
    <summary>Answer</summary>

    With pymdownx.snippets:

    ```markdown
    --8<-- "missing.md"
    ```

    And the secret: in it.

    --8<-- "secret.txt"

    ;--8<-- "escaped.md"

    Between --8<-- [start:part] and a section marker.

    </details>
    """
)


def snippets_site(root: Path, sanitize: bool) -> Path:
    (root / "snippets").mkdir(parents=True, exist_ok=True)
    (root / "snippets" / "secret.txt").write_text("TOP-SECRET-VALUE\n", encoding="utf-8")
    extensions = [
        *MARKDOWN_EXTENSIONS,
        {"toc": {"permalink": True}},
        {"pymdownx.snippets": {"base_path": [str(root / "snippets")], "check_paths": True}},
    ]
    return write_site(
        root,
        content={"snippets.md": SNIPPET_TOPIC},
        plugin={"sanitize": sanitize, "anki": True},
        markdown_extensions=extensions,
    )


def test_unreviewed_content_reads_no_file_into_the_site(tmp_path: Path) -> None:
    """With `sanitize`, every snippets marker of an answer shows as written: none is followed,
    none is dropped, and no missing file fails the build."""
    site = build_site(snippets_site(tmp_path, sanitize=True), strict=True)
    answer = quiz_answers(site)["include-a-file"]
    for written in (
        '--8<-- "missing.md"',
        '--8<-- "secret.txt"',
        ';--8<-- "escaped.md"',
        "--8<-- [start:part]",
    ):
        assert html.escape(written, quote=False) in answer
    assert "TOP-SECRET-VALUE" not in published_text(site)


def test_a_missing_snippet_is_a_content_finding_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Reviewed content may include files (as docs pages do); one that is missing is reported
    at the line that names it, and `--strict` fails without a traceback."""
    config_file = snippets_site(tmp_path, sanitize=False)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config_file, strict=True)
    line = SNIPPET_TOPIC.split("\n").index('--8<-- "missing.md"') + 1
    assert (
        f"content/snippets.md:{line}: pymdownx.snippets: Snippet at path 'missing.md' could not be found"
        in (caplog.text)
    )
    build_site(config_file)  # a lenient build goes on


VERSION_HOOK = textwrap.dedent(
    """\
    from pathlib import Path


    def on_page_markdown(markdown, page, config, files):
        version = (Path(config.config_file_path).parent / "VERSION").read_text().strip()
        return markdown.replace("{{ version }}", version)
    """
)
VERSIONED_TOPIC = (
    "---\ntitle: Versioned\nslug: versioned\n---\n# Versioned\n\n"
    "1. **Which version?**\n<!-- mlprep: {id: which-version} -->\n\n"
    "<details>\n<summary>Answer</summary>\n\nVersion {{ version }} answers it.\n\n</details>\n"
)


def test_a_serve_rebuild_keeps_a_conversion_only_while_other_plugins_leave_the_same_markdown(
    tmp_path: Path,
) -> None:
    """The kept conversion of a topic page is keyed by its markdown after the other plugins'
    on_page_markdown: a hook whose edit changes (not the content) converts the page again."""
    (tmp_path / "hooks.py").write_text(VERSION_HOOK, encoding="utf-8")
    (tmp_path / "VERSION").write_text("1.0\n", encoding="utf-8")
    content = {"versioned.md": VERSIONED_TOPIC}
    config_file = write_site(tmp_path, content=content, hooks=[str(tmp_path / "hooks.py")])
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    answers = []
    try:
        for version in ("1.0", "1.0", "2.0"):
            (tmp_path / "VERSION").write_text(f"{version}\n", encoding="utf-8")
            config = load_config(config_file=str(config_file))  # as serve does: the same plugin instance
            build(config)
            conversions = config.plugins["mlprep"].cache.conversions
            site = Path(config.site_dir)
            answer = QuestionBlocks(article(site, "versioned")).answers["which-version"]
            assert quiz_answers(site)["which-version"] == answer
            answers.append((answer, conversions.converted, conversions.reused))
    finally:
        config.plugins.on_shutdown()
    assert ["Version 1.0 answers it." in a for a, _, _ in answers] == [True, True, False]
    assert "Version 2.0 answers it." in answers[2][0]
    assert answers[0][0] == answers[1][0]
    # the topic page, and the home page, the quiz page (kept on the second build)
    assert [(converted, reused) for _, converted, reused in answers] == [(3, 0), (0, 3), (1, 2)]
