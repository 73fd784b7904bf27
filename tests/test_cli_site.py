"""`mlprep-site build`, `serve`'s configuration and `init`: the site of any folder from the package's
defaults, the folder's facts and a user's mkdocs.yml merged key by key (src/mlprep_site/site/
site_config.py, cli/site_cmds.py, cli/init_cmd.py). Browser tests of `serve` are in
tests/test_browser_serve.py; the installed wheel in tests/test_wheel.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.cli.main import main
from mlprep_site.site.folder_facts import README_BYTES, plain_title, readme_title, web_url
from mlprep_site.site.site_config import NO_DOCS, OVERRIDES, ComposedConfig, SiteFolder

REPO_ROOT = Path(__file__).resolve().parents[1]
HEADINGS = REPO_ROOT / "tests" / "fixtures" / "dialects" / "headings"
QUESTION_RE = re.compile(r'<details class="mlprep-question[^"]*"[^>]*data-qid="([^"]+)"')


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*")}


def headings_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my-questions"
    shutil.copytree(HEADINGS, folder)
    return folder


def composed(path: Path, config_file: Path | None = None) -> object:
    """The MkDocs configuration `build` and `serve` use for PATH."""
    source = ComposedConfig(path, config_file)
    return load_config(source, config_file_path=source.name)  # type: ignore[arg-type]


# -- init, then build --------------------------------------------------------------------------


def test_init_then_strict_build_of_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    code, output = run("init", str(folder))
    assert code == 0, output
    written = {p.relative_to(folder).as_posix() for p in files_under(folder) if p.is_file()}
    assert written == {"mkdocs.yml", "sample-topic.md", ".github/workflows/site.yml", ".gitignore"}
    assert ".site/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()

    outside_before = files_under(tmp_path) - files_under(folder)
    for _ in range(2):  # the second build does not read the first one's output
        code, output = run("build", str(folder), "--strict")
        assert code == 0, output
    assert files_under(tmp_path) - files_under(folder) == outside_before  # nothing written outside
    page = (folder / ".site" / "sample-topic" / "index.html").read_text(encoding="utf-8")
    assert QUESTION_RE.findall(page) == ["what-is-overfitting", "detect-overfitting"]
    assert "<title>Sample topic - empty</title>" in page  # site name: the folder's name


def test_init_keeps_every_existing_file(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / ".github" / "workflows").mkdir(parents=True)
    mine = {
        "mkdocs.yml": "site_name: Mine\n",
        ".gitignore": "*.pyc\n",
        ".github/workflows/site.yml": "x: 1\n",
    }
    for name, text in mine.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(HEADINGS / "deep-learning.md", folder)

    code, output = run("init", str(folder))
    assert code == 0, output
    for name, text in mine.items():
        assert (folder / name).read_text(encoding="utf-8") == text
        assert f"kept   {folder / name} (exists)" in output
    assert not (folder / "sample-topic.md").exists()  # the folder has questions of its own
    assert "already has questions" in output
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_init_refuses_a_github_folder_that_links_outside(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / ".github").symlink_to(elsewhere, target_is_directory=True)
    code, output = run("init", str(folder))
    assert code == 1
    assert "a link out of" in output and "Traceback" not in output
    assert list(elsewhere.iterdir()) == []


# -- build from a folder of another convention -----------------------------------------------


def test_build_a_headings_folder_without_mkdocs_yml(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    out = tmp_path / "out"
    code, output = run("build", str(folder), "--strict", "--out", str(out))
    assert code == 0, output
    page = (out / "deep-learning" / "index.html").read_text(encoding="utf-8")
    assert len(QUESTION_RE.findall(page)) == 4
    assert "<title>Deep Learning - my-questions</title>" in page
    assert 'data-md-component="source"' not in page  # the package's overrides: no GitHub API call
    assert "fonts.googleapis.com" not in page
    assert (out / "quiz" / "index.html").is_file()
    assert sorted(p.name for p in folder.iterdir()) == ["deep-learning.md"]  # nothing written there


def test_files_answers_link_to_are_published_at_their_place_in_the_folder(tmp_path: Path) -> None:
    """`python/answers/basic.md` links `../images/img.png` (GitHub resolves it from the file's
    folder), and two topics link `images/a.png`, each its own file: each file is published at
    its path in the folder and each link leads there from the topic's page."""
    repo = tmp_path / "repo"
    for folder in ("python/answers", "python/images", "python/examples", "go/images", "sql/images"):
        (repo / folder).mkdir(parents=True)
    (repo / "python/images/img.png").write_bytes(b"PNG1")
    (repo / "python/examples/a.py").write_text("print(1)\n", encoding="utf-8")
    (repo / "go/images/a.png").write_bytes(b"PNG2")
    (repo / "sql/images/a.png").write_bytes(b"PNG3")
    (repo / "python/answers/basic.md").write_text(
        "# Python\n\n## What is X?\n\n![x](../images/img.png) and [code](../examples/a.py#L1).\n",
        encoding="utf-8",
    )
    for name in ("go", "sql"):
        (repo / name / "README.md").write_text(
            f"# {name}\n\n## What is {name}?\n\n![a](images/a.png)\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    code, output = run("build", str(repo), "--strict", "--out", str(out))
    assert code == 0, output
    assert (out / "python/images/img.png").read_bytes() == b"PNG1"
    assert (out / "go/images/a.png").read_bytes() == b"PNG2" and (
        out / "sql/images/a.png"
    ).read_bytes() == b"PNG3"
    for page, written in (("basic", b"PNG1"), ("go", b"PNG2"), ("sql", b"PNG3")):  # each link's own file
        html = (out / page / "index.html").read_text(encoding="utf-8")
        (src,) = re.findall(r'<img alt="\w" src="([^"]+)"', html)
        assert (out / page / src).resolve().read_bytes() == written, (page, src)
    assert 'href="../python/examples/a.py#L1"' in (out / "basic" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (repo / "python").iterdir()) == ["answers", "examples", "images"]


def test_build_one_file(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (folder / "notes.md").write_text("# Not questions\n", encoding="utf-8")  # not part of the site
    out = tmp_path / "out"
    code, output = run("build", str(folder / "deep-learning.md"), "--strict", "--out", str(out))
    assert code == 0, output
    assert len(QUESTION_RE.findall((out / "deep-learning" / "index.html").read_text(encoding="utf-8"))) == 4


def test_an_output_folder_inside_the_content_is_refused(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    code, output = run("build", str(folder), "--out", str(folder / "site"))
    assert code == 1
    assert "inside the content folder" in output and "Traceback" not in output
    assert not (folder / "site").exists()


def test_a_broken_mkdocs_yml_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (folder / "mkdocs.yml").write_text("site_name: ok\ntheme: [unclosed\n", encoding="utf-8")
    code, output = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert code == 1
    assert f"{folder / 'mkdocs.yml'}:3:" in output and "Traceback" not in output


def test_strict_build_fails_on_a_content_error_with_its_line(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (folder / "broken.md").write_text("1. **Q?**\n<details>\n<summary>Answer</summary>\nnever closed\n")
    code, output = run("build", str(folder), "--strict", "--out", str(tmp_path / "out"))
    assert code == 1
    assert "broken.md:2:" in output and "Traceback" not in output


# -- the configuration: defaults < the folder < the user's mkdocs.yml --------------------------


def test_defaults_without_mkdocs_yml(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    config = composed(folder)
    assert config["site_name"] == "my-questions"
    assert Path(config["theme"].custom_dir) == OVERRIDES
    assert Path(config["docs_dir"]) == NO_DOCS
    assert config["theme"]["font"] is False
    assert set(MARKDOWN_EXTENSIONS) <= set(config["markdown_extensions"])  # what pages are written for
    assert config["mdx_configs"]["toc"] == {"permalink": True}
    assert list(config["plugins"]) == ["material/search", "mlprep"]  # Material's search
    assert config["plugins"]["mlprep"].config.content == "."
    assert Path(config["site_dir"]) == folder / ".site"


def test_a_partial_mkdocs_yml_overrides_key_by_key(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (folder / "mkdocs.yml").write_text(
        "site_name: My own name\n"
        "theme:\n  features: [navigation.tabs]\n"
        "markdown_extensions:\n  - footnotes\n  - pymdownx.highlight:\n      linenums: true\n"
        "plugins:\n  - mlprep:\n      study: false\n",
        encoding="utf-8",
    )
    config = composed(folder)
    assert config["site_name"] == "My own name"
    assert config["theme"]["features"] == ["navigation.tabs"]  # a list is replaced …
    assert config["theme"]["palette"][0]["primary"] == "indigo"  # … the rest of the mapping kept
    extensions = config["markdown_extensions"]
    assert extensions[-1] == "footnotes" and "pymdownx.details" in extensions  # added to ours
    assert config["mdx_configs"]["pymdownx.highlight"] == {"use_pygments": True, "linenums": True}
    assert list(config["plugins"]) == ["material/search", "mlprep"]  # Material's search
    assert config["plugins"]["mlprep"].config.study is False
    assert config["plugins"]["mlprep"].config.content == "."  # still the folder


def test_inherited_settings_belong_to_the_users_layer(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (tmp_path / "base.yml").write_text(
        "site_name: From the base\ntheme:\n  palette:\n    - primary: red\n", encoding="utf-8"
    )
    (folder / "mkdocs.yml").write_text("INHERIT: ../base.yml\nsite_description: Mine\n", encoding="utf-8")
    config = composed(folder)
    assert config["site_name"] == "From the base"  # over the README title / folder name
    assert config["theme"]["palette"] == [{"primary": "red"}]
    assert config["site_description"] == "Mine"
    (tmp_path / "base.yml").write_text("INHERIT: my-questions/mkdocs.yml\n", encoding="utf-8")
    code, output = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert code == 1 and "INHERIT goes round in a circle" in output


def test_config_file_option_and_its_folder(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    settings = tmp_path / "settings" / "site.yml"
    settings.parent.mkdir()
    settings.write_text("site_name: From elsewhere\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run("build", str(folder), "--config-file", str(settings), "--out", str(out), "--strict")
    assert code == 0, output
    page = (out / "deep-learning" / "index.html").read_text(encoding="utf-8")
    assert "<title>Deep Learning - From elsewhere</title>" in page


def test_the_repository_builds_by_the_same_path(tmp_path: Path) -> None:
    """Our own site: mkdocs.yml read as a user's, over the package's defaults, gives what plain
    MkDocs gives from it (so mkdocs.yml repeats no default it contradicts), and builds strictly."""
    ours = composed(REPO_ROOT)
    plain = load_config(str(REPO_ROOT / "mkdocs.yml"))
    for key in ("site_name", "site_url", "repo_url", "edit_uri", "docs_dir", "markdown_extensions"):
        assert ours[key] == plain[key], key
    assert ours["mdx_configs"].keys() == plain["mdx_configs"].keys()
    assert ours["theme"].dirs == plain["theme"].dirs
    assert dict(ours["theme"].items()) == dict(plain["theme"].items())
    assert list(ours["plugins"]) == list(plain["plugins"])
    assert ours["plugins"]["mlprep"].config == plain["plugins"]["mlprep"].config
    code, output = run("build", str(REPO_ROOT), "--strict", "--out", str(tmp_path / "site"), "-q")
    assert code == 0, output
    assert (tmp_path / "site" / "contributing" / "index.html").is_file()


# -- what the folder says about itself ----------------------------------------------------------


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_git_remote_gives_repo_url_and_edit_links_without_credentials(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "trunk")
    git(repo, "remote", "add", "origin", "https://someone:s3cret-token@github.com/someone/questions.git")
    folder = repo / "banks" / "dl"
    shutil.copytree(HEADINGS, folder)
    out = tmp_path / "out"
    code, output = run("build", str(folder), "--strict", "--out", str(out))
    assert code == 0, output
    page = (out / "deep-learning" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/someone/questions"' in page
    edit = "https://github.com/someone/questions/edit/trunk/banks/dl/deep-learning.md"
    assert f'href="{edit}"' in page
    assert "https://github.com/someone/questions/blob/trunk/banks/dl/deep-learning.md#L" in page
    published = "".join(
        p.read_text(errors="replace") for p in out.rglob("*") if p.suffix in (".html", ".json")
    )
    assert "s3cret-token" not in published and str(tmp_path) not in published


def test_edit_links_follow_the_content_folder_mkdocs_yml_names(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(HEADINGS, repo / "banks")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", "git@gitlab.com:team/questions.git")
    (repo / "mkdocs.yml").write_text("plugins:\n  - mlprep:\n      content: banks\n", encoding="utf-8")
    config = composed(repo)
    assert config["repo_url"] == "https://gitlab.com/team/questions"
    assert config["plugins"]["mlprep"].config.edit_uri == "-/edit/main/banks/"
    assert config["plugins"]["mlprep"].config.content == "banks"
    assert Path(config["site_dir"]) == repo / "site"  # the content folder does not hold it


def test_a_folder_without_questions_is_an_error(tmp_path: Path) -> None:
    code, output = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1
    assert f"no question files found under {tmp_path}" in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_a_users_repo_url_is_kept(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(HEADINGS, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", "git@github.com:someone/questions.git")
    assert composed(repo)["repo_url"] == "https://github.com/someone/questions"
    (repo / "mkdocs.yml").write_text("repo_url: https://git.example.org/team/q\n", encoding="utf-8")
    config = composed(repo)
    assert config["repo_url"] == "https://git.example.org/team/q"
    assert config["plugins"]["mlprep"].config.edit_uri is None  # the plugin's own rules apply


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("git@github.com:o/r.git", "https://github.com/o/r"),
        ("ssh://git@gitlab.com/group/sub/r.git", "https://gitlab.com/group/sub/r"),
        ("https://user:token@GitHub.com/o/r.git/", "https://github.com/o/r"),
        ("https://git.example.org:8443/team/r.git", "https://git.example.org:8443/team/r"),
        ("ssh://git@git.example.org:2222/team/r.git", "https://git.example.org/team/r"),
        ('https://ev"il.org/o/r', None),
        ("/srv/git/r.git", None),
        ("file:///srv/git/r.git", None),
        ("https://github.com/o/<script>", None),
    ],
)
def test_web_url_of_a_remote(remote: str, url: str | None) -> None:
    assert web_url(remote) == url


def test_readme_title_is_plain_text(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        'Intro line\n\n# My <b>ML</b> `questions` & [notes](https://x.org) "2024" <script>x</script>\n',
        encoding="utf-8",
    )
    assert readme_title(tmp_path) == "My ML questions & notes 2024 x"
    assert plain_title("<h1>only markup</h1><img src=x onerror=alert(1)>") == "only markup"
    (tmp_path / "README.md").write_text('<h1 align="center">Deep <i>learning</i></h1>\n', encoding="utf-8")
    assert readme_title(tmp_path) == "Deep learning"


@pytest.mark.parametrize(
    "hostile",
    [
        "# " + "#" * (README_BYTES - 3) + "x",  # a closing sequence that never closes
        "<h1 " * (README_BYTES // 4),  # headings that never open
        "<h1>" + "[" * (README_BYTES - 10) + "</h1>",  # a link that never closes
        "# " + "<" * (README_BYTES - 2),
    ],
)
def test_a_hostile_readme_costs_one_pass(tmp_path: Path, hostile: str) -> None:
    """Each of these takes a pattern that backtracks minutes; the title is found in one pass."""
    (tmp_path / "README.md").write_text(hostile, encoding="utf-8")
    title = readme_title(tmp_path)
    assert title is None or len(title) <= 200


def test_readme_title_names_the_site(tmp_path: Path) -> None:
    folder = headings_folder(tmp_path)
    (folder / "README.md").write_text("# Deep <script>alert(1)</script> questions\n", encoding="utf-8")
    assert SiteFolder.at(folder).computed(None)["site_name"] == "Deep alert(1) questions"


def test_the_help_lists_the_site_commands_with_their_own_summaries() -> None:
    code, output = run("--help")
    assert code == 0
    for name in ("build", "serve", "init"):
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help
        summary = command.help.split("\n")[0]
        assert re.search(rf"^  {name}\s+{re.escape(summary[:40])}", output, re.MULTILINE), name
