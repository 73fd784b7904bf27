"""Edit and source URLs of content files (site/repo_links.py): a table of repo_url / edit_uri /
content folder combinations, MkDocs' own host defaults, and small sites built with them."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from mlprep_site.cli.main import main
from mlprep_site.site.repo_links import RepoLinks, content_links
from tests.site_helpers import SAMPLE_CONTENT, build_site, write_site

FILE = "sub/t.md"
LINE = 12

# (repo_url, plugin edit_uri, MkDocs edit_uri, docs folder, content folder) → (edit URL, view URL)
CASES: dict[
    str, tuple[tuple[str | None, str | None, str | None, str, str], tuple[str, str | None] | None]
] = {
    "github from MkDocs' edit_uri": (
        ("https://github.com/o/r", None, "edit/main/docs/", "docs", "content"),
        (
            "https://github.com/o/r/edit/main/content/sub/t.md",
            "https://github.com/o/r/blob/main/content/sub/t.md#L12",
        ),
    ),
    "github repo_url with a trailing slash": (
        ("https://github.com/o/r/", None, "edit/main/docs/", "docs", "content"),
        (
            "https://github.com/o/r/edit/main/content/sub/t.md",
            "https://github.com/o/r/blob/main/content/sub/t.md#L12",
        ),
    ),
    "a branch other than main is kept": (
        ("https://github.com/o/r", None, "edit/release/2.x/docs/", "docs", "content"),
        (
            "https://github.com/o/r/edit/release/2.x/content/sub/t.md",
            "https://github.com/o/r/blob/release/2.x/content/sub/t.md#L12",
        ),
    ),
    "mkdocs.yml in a sub-folder of the repository": (
        ("https://github.com/o/r", None, "edit/dev/site/docs/", "docs", "bank/topics"),
        (
            "https://github.com/o/r/edit/dev/site/bank/topics/sub/t.md",
            "https://github.com/o/r/blob/dev/site/bank/topics/sub/t.md#L12",
        ),
    ),
    "only the action segment changes (owner, repo and folder named edit)": (
        ("https://github.com/edit/edit", None, "edit/main/docs/", "docs", "edit"),
        (
            "https://github.com/edit/edit/edit/main/edit/sub/t.md",
            "https://github.com/edit/edit/blob/main/edit/sub/t.md#L12",
        ),
    ),
    "the plugin's own edit_uri wins": (
        ("https://github.com/o/r", "edit/stable/questions/", "edit/main/docs/", "docs", "content"),
        (
            "https://github.com/o/r/edit/stable/questions/sub/t.md",
            "https://github.com/o/r/blob/stable/questions/sub/t.md#L12",
        ),
    ),
    "plugin edit_uri without its trailing slash": (
        ("https://github.com/o/r", "edit/main/content", None, "docs", "content"),
        (
            "https://github.com/o/r/edit/main/content/sub/t.md",
            "https://github.com/o/r/blob/main/content/sub/t.md#L12",
        ),
    ),
    "gitlab -/edit/ with nested groups": (
        ("https://gitlab.com/g/sub/p", "-/edit/main/content/", None, "docs", "content"),
        (
            "https://gitlab.com/g/sub/p/-/edit/main/content/sub/t.md",
            "https://gitlab.com/g/sub/p/-/blob/main/content/sub/t.md#L12",
        ),
    ),
    "self-managed gitlab, absolute edit_uri, no repo_url": (
        (None, "https://git.example.org/team/p/-/edit/main/content/", None, "docs", "content"),
        (
            "https://git.example.org/team/p/-/edit/main/content/sub/t.md",
            "https://git.example.org/team/p/-/blob/main/content/sub/t.md#L12",
        ),
    ),
    "bitbucket src/ (MkDocs' default form there)": (
        ("https://bitbucket.org/o/r", None, "src/default/docs/", "docs", "content"),
        (
            "https://bitbucket.org/o/r/src/default/content/sub/t.md",
            "https://bitbucket.org/o/r/src/default/content/sub/t.md#lines-12",
        ),
    ),
    "query-style edit_uri: the file goes into the path value, not after the query": (
        ("https://dev.azure.com/o/p/_git/r", None, "?path=/docs/&version=GBmain", "docs", "content"),
        ("https://dev.azure.com/o/p/_git/r?path=/content/sub/t.md&version=GBmain", None),
    ),
    "query-style plugin edit_uri without its trailing slash": (
        ("https://dev.azure.com/o/p/_git/r", "?version=GBdev&path=%2Fcontent", None, "docs", "content"),
        ("https://dev.azure.com/o/p/_git/r?version=GBdev&path=/content/sub/t.md", None),
    ),
    "unknown host: an edit URL, no view URL rather than a wrong one": (
        ("https://code.example.org/o/r", None, "edit/main/docs/", "docs", "content"),
        ("https://code.example.org/o/r/edit/main/content/sub/t.md", None),
    ),
    "no repo_url and a relative MkDocs edit_uri: no links": (
        (None, None, "edit/main/docs/", "docs", "content"),
        None,
    ),
    "MkDocs' edit_uri names another folder than the docs folder: no links": (
        ("https://github.com/o/r", None, "edit/main/documentation/", "docs", "content"),
        None,
    ),
    "content outside the folder of mkdocs.yml: no links": (
        ("https://github.com/o/r", None, "edit/main/docs/", "docs", "../bank"),
        None,
    ),
    "no MkDocs edit_uri (unknown host, none set): no links": (
        ("https://code.example.org/o/r", None, None, "docs", "content"),
        None,
    ),
    "plugin edit_uri '' turns the links off": (
        ("https://github.com/o/r", "", "edit/main/docs/", "docs", "content"),
        None,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_edit_and_view_urls(case: str) -> None:
    arguments, expected = CASES[case]
    links = content_links(*arguments)
    if expected is None:
        assert links is None
        return
    assert links is not None
    assert (links.edit_url(FILE), links.view_url(FILE, LINE)) == expected


@pytest.mark.parametrize(
    ("repo_url", "edit_uri"),
    [(None, "edit/main/content/"), ("https://github.com/o/r", "javascript:alert(1)//")],
)
def test_an_unusable_plugin_edit_uri_is_an_error(repo_url: str | None, edit_uri: str) -> None:
    with pytest.raises(ValueError, match="edit_uri"):
        content_links(repo_url, edit_uri, None, "docs", "content")


def test_file_names_are_quoted_for_their_place_in_the_url() -> None:
    name = "a b#?&=+%.md"
    github = RepoLinks.at("https://github.com/o/r/edit/main/content/")
    assert github is not None
    assert github.edit_url(name) == "https://github.com/o/r/edit/main/content/a%20b%23%3F&=+%25.md"
    assert github.view_url(name, 0) == "https://github.com/o/r/blob/main/content/a%20b%23%3F&=+%25.md"
    azure = RepoLinks.at("https://dev.azure.com/o/p/_git/r?path=/content/&version=GBmain")
    assert azure is not None
    assert azure.edit_url(name) == (
        "https://dev.azure.com/o/p/_git/r?path=/content/a%20b%23%3F%26%3D%2B%25.md&version=GBmain"
    )


@pytest.mark.parametrize(
    ("repo_url", "edit", "view"),
    [
        (
            "https://github.com/o/r",
            "https://github.com/o/r/edit/master/content/sub/t.md",
            "https://github.com/o/r/blob/master/content/sub/t.md#L12",
        ),
        (
            "https://gitlab.com/g/p",
            "https://gitlab.com/g/p/edit/master/content/sub/t.md",
            "https://gitlab.com/g/p/blob/master/content/sub/t.md#L12",
        ),
        (
            "https://bitbucket.org/o/r",
            "https://bitbucket.org/o/r/src/default/content/sub/t.md",
            "https://bitbucket.org/o/r/src/default/content/sub/t.md#lines-12",
        ),
    ],
)
def test_mkdocs_host_defaults_are_followed(repo_url: str, edit: str, view: str) -> None:
    # MkDocs picks edit_uri by host when none is set; the content links follow its choice.
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "repo_url": repo_url})
    errors, _ = config.validate()
    assert errors == []
    links = content_links(config.repo_url, None, config.edit_uri, "docs", "content")
    assert links is not None
    assert (links.edit_url(FILE), links.view_url(FILE, LINE)) == (edit, view)


# -- built sites ------------------------------------------------------------------------------


def wanted_line() -> int:
    return (
        SAMPLE_CONTENT["sample.md"].split("\n").index("3. **Which regularisation zeroes coefficients?**") + 1
    )


def edit_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]*)" title="Edit this page"', html)
    return None if found is None else found.group(1)


def source_links(html: str) -> list[str]:
    """The "source" link of each question block (after its answer)."""
    return re.findall(r'<a class="mlprep-source" href="([^"]*)">source</a>', html)


def test_site_links_follow_mkdocs_edit_uri_branch_and_host(tmp_path: Path) -> None:
    repo = "https://gitlab.example.org/team/sub/mlprep"
    config = write_site(tmp_path, repo_url=repo, edit_uri="-/edit/stable/docs/")
    html = (build_site(config, strict=True) / "sample" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) == f"{repo}/-/edit/stable/content/sample.md"
    sources = source_links(html)
    assert len(sources) == 3  # one per question
    assert f"{repo}/-/blob/stable/content/sample.md#L{wanted_line()}" in sources


def test_site_on_an_unknown_host_has_edit_links_and_no_source_links(tmp_path: Path) -> None:
    repo = "https://code.example.org/o/r"
    config = write_site(tmp_path, repo_url=repo, edit_uri="edit/main/docs/")
    html = (build_site(config, strict=True) / "sample" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) == f"{repo}/edit/main/content/sample.md"
    assert source_links(html) == []
    note = html[html.index('class="mlprep-wanted-note"') :]
    note = note[: note.index("</p>")]
    assert f'href="{repo}/edit/main/content/sample.md"' in note
    assert f"sample.md line {wanted_line()}" in note


def test_site_with_an_unusable_plugin_edit_uri_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_site(tmp_path, plugin={"edit_uri": "javascript:alert(1)//"})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, strict=True)
    assert "edit_uri 'javascript:alert(1)//'" in caplog.text
    html = (build_site(config) / "sample" / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html and edit_link(html) is None and source_links(html) == []


def test_render_refuses_an_edit_base_that_is_not_http(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "sample.md").write_text(SAMPLE_CONTENT["sample.md"], encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["render", str(content), "--out", str(out), "--edit-base", "javascript:alert(1)//"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert "--edit-base" in result.output and "not an absolute http(s) URL" in result.output
    assert not out.exists()


def test_site_with_edit_uri_template_needs_the_plugin_edit_uri(tmp_path: Path) -> None:
    # MkDocs ignores its defaulted edit_uri when edit_uri_template is set; so do topic pages.
    template = "https://github.com/example/mlprep-test/edit/trunk/docs/{path}"
    config = write_site(tmp_path / "template", edit_uri_template=template, edit_uri=None)
    html = (build_site(config, strict=True) / "sample" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) is None and source_links(html) == []
    config = write_site(
        tmp_path / "both",
        plugin={"edit_uri": "edit/trunk/content/"},
        edit_uri_template=template,
        edit_uri=None,
    )
    html = (build_site(config, strict=True) / "sample" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) == "https://github.com/example/mlprep-test/edit/trunk/content/sample.md"
    wanted = f"https://github.com/example/mlprep-test/blob/trunk/content/sample.md#L{wanted_line()}"
    assert wanted in source_links(html)
