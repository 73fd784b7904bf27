"""Issue 12: one set of field rules whatever the source, output paths kept inside their folder,
content YAML loaded within bounds, and no build path published."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.domain import rules
from mlprep_site.core.domain.model import Bank
from mlprep_site.core.loader import load_bank, parse_markdown
from mlprep_site.core.storage.bank_data import parse_yaml_bank
from mlprep_site.core.storage.paths import OutsideFolder, contained, is_safe_uri
from mlprep_site.core.text.ids import slugify

from .site_helpers import build_site, published_text, write_site

CONTENT = Path(__file__).resolve().parents[1] / "content"
XSS_ID = 'x"><img src=x onerror=alert(document.domain)>'


def yaml_bank(slug: str = "t", qid: str = "q", tags: str = "[]", title: str = "T") -> str:
    return (
        "schema: 1\ntopics:\n"
        f"- slug: {json.dumps(slug)}\n  title: {json.dumps(title)}\n  tags: {tags}\n"
        f"  questions:\n  - id: {json.dumps(qid)}\n    number: 1\n    question: Why?\n"
        "    answer: Because.\n"
    )


# -- the rules themselves ------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["a", "model-serving", "3d", "a-", "x" * rules.ID_MAX_LENGTH])
def test_ids_and_slugs_accept_lower_case_kebab_words(good: str) -> None:
    assert rules.id_problem(good) is None and rules.slug_problem(good) is None


@pytest.mark.parametrize(
    "bad",
    ["", "-a", "A", "snake_case", "a b", "../../escaped", "a/b", "a.b", XSS_ID, "é", "x" * 101, 7],
)
def test_ids_and_slugs_refuse_anything_else(bad: object) -> None:
    assert rules.id_problem(bad) is not None and rules.slug_problem(bad) is not None


def test_slugify_always_makes_a_valid_id() -> None:
    for text in ["What is `x < y`?", XSS_ID, "Ünïcödé only", "", "-" * 500, "word " * 100]:
        assert rules.id_problem(slugify(text)) is None


@pytest.mark.parametrize("good", ["python", "c++", "c#", "node.js", "ci-cd", "k8s"])
def test_tags_accept_the_documented_alphabet(good: str) -> None:
    assert rules.tag_problem(good) is None


@pytest.mark.parametrize("bad", ["", "Python", "two words", ".hidden", "<b>", 'a"b', "x" * 41])
def test_tags_refuse_anything_else(bad: str) -> None:
    assert rules.tag_problem(bad) is not None


def test_titles_are_one_line_within_a_length() -> None:
    assert rules.title_problem("What is <b>?") is None
    assert rules.title_problem("two\nlines") is not None
    assert rules.title_problem("bell\x07") is not None
    assert rules.title_problem("x" * 201) is not None
    assert rules.description_problem("two\nlines") is None
    assert rules.description_problem("x" * 2001) is not None


def test_messages_cut_a_huge_value_short() -> None:
    problem = rules.id_problem("<" * 1_000_000)
    assert problem is not None and len(problem) < 200


# -- applied whatever the source -----------------------------------------------------------------


def test_markdown_metadata_follows_the_rules() -> None:
    text = (
        "---\nslug: Bad_Slug\ntags: [ok, Not OK]\n---\n# T\n\n"
        "1. **Q?**\n<!-- mlprep: {id: Upper_Case, tags: [fine, 'a\"b']} -->\n"
    )
    topic, findings = parse_markdown(text, "t.md")
    errors = {(f.line, f.message) for f in findings if f.severity == "error"}
    assert {line for line, _ in errors} == {2, 3, 8}
    assert len(errors) == 4  # slug, one front matter tag, the id and one question tag
    assert topic is not None and topic.slug == "t" and topic.tags == ("ok",)
    assert topic.questions[0].id == "q" and topic.questions[0].tags == ("fine",)


def test_yaml_bank_fields_follow_the_rules_with_yaml_lines() -> None:
    bank, findings = parse_yaml_bank(yaml_bank(qid="Has Space", tags="[ok, BAD]"), "b.yaml")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (7, "topics[0].questions[0].id"),
        (5, "topics[0].tags[1]"),
    ]
    assert bank is not None and bank.topics[0].tags == ("ok",) and bank.topics[0].questions == ()


def test_json_bank_slug_path_traversal_is_refused() -> None:
    data = {"schema": 1, "topics": [{"slug": "../../escaped", "title": "T", "questions": []}]}
    bank, findings = parse_yaml_bank(json.dumps(data, indent=1), "b.json")
    assert bank == Bank() and "topic slug '../../escaped' must be" in findings[0].message


def test_stored_xss_through_a_yaml_bank_id(tmp_path: Path) -> None:
    """The issue's case: an id that closes the attribute and opens an <img onerror>. It is an
    error with its YAML line, and the site the failing build writes all the same publishes no tag."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "bank.yaml").write_text(yaml_bank(qid=XSS_ID), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(content)])
    assert result.exit_code == 1
    assert f"{content / 'bank.yaml'}:7:1: error: topics[0].questions[0].id: question id" in result.output
    write_site(tmp_path, content={})
    site = build_site(tmp_path / "mkdocs.yml", content_errors=True)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "onerror=" not in html
    assert "onerror" not in published_text(site)


# -- output paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["a.md", "topics/a.md", "a..b.md"])
def test_plain_relative_uris_are_safe(uri: str, tmp_path: Path) -> None:
    assert is_safe_uri(uri)
    assert contained(tmp_path, uri) == (tmp_path / uri).resolve()


@pytest.mark.parametrize(
    "uri", ["../../escaped.md", "a/../../b.md", "/etc/x", "a//b", "./a", "c:x", "a\\b", ""]
)
def test_uris_that_could_leave_the_folder_are_refused(uri: str, tmp_path: Path) -> None:
    assert not is_safe_uri(uri)
    with pytest.raises(OutsideFolder):
        contained(tmp_path, uri)


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideFolder):
        contained(tmp_path / "out", "link/escaped.md")


def test_render_never_writes_outside_out(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"
    result = CliRunner().invoke(
        main, ["render", str(CONTENT), "--out", str(out), "--prefix", "../../escaped"]
    )
    assert result.exit_code == 1 and "refusing to write outside --out" in result.output
    assert list(tmp_path.rglob("*")) == []  # nothing written at all, not even --out


def test_a_traversal_slug_stops_render_before_any_write(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "bank.yaml").write_text(yaml_bank(slug="../../escaped"), encoding="utf-8")
    out = tmp_path / "x" / "y" / "out"
    result = CliRunner().invoke(main, ["render", str(content), "--out", str(out)])
    assert result.exit_code == 1 and "bank.yaml:3:1: error: topics[0].slug" in result.output
    assert not (tmp_path / "x").exists() and not list(tmp_path.rglob("escaped*"))


# -- bounded YAML --------------------------------------------------------------------------------


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    bank, findings = parse_yaml_bank("schema: 1\n" + alias_bomb(9), "bomb.yaml")
    assert bank is None
    assert [(f.line, f.code) for f in findings] == [(2, "bank-yaml")]
    assert "anchors and aliases" in findings[0].message


def test_anchors_in_front_matter_are_refused_too() -> None:
    text = "---\n" + alias_bomb(9) + "tags: *a8\n---\n# T\n\n1. **Q?**\n"
    _, findings = parse_markdown(text, "t.md")
    assert any(f.line == 2 and "anchors and aliases" in f.message for f in findings)


@pytest.mark.parametrize("depth", [70, 100_000])
@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_a_finding_not_a_crash(opener: str, depth: int) -> None:
    """libyaml's composer recurses: 100,000 levels would take the interpreter down. Past our
    bound (64) our event check refuses; past 1,000 a newer libyaml's scanner refuses first, and
    the finding is the same whichever layer it was."""
    deep = opener * depth
    _, findings = parse_yaml_bank(deep, "deep.yaml")
    assert "nested deeper than" in findings[0].message
    _, findings = parse_markdown(f"---\ntags: {deep}\n---\n1. **Q?**\n", "t.md")
    assert any("nested deeper than" in f.message and f.line == 2 for f in findings)


def test_a_10kb_hostile_bank_fails_fast_in_a_fresh_process(tmp_path: Path) -> None:
    """Twelve nesting levels of ten aliases each would be 10^12 paths to walk. The bound is a
    generous subprocess timeout, not a wall-clock measurement."""
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("schema: 1\n" + alias_bomb(12) + "#" * (10_000 - len(alias_bomb(12))), encoding="utf-8")
    assert 9_000 < bomb.stat().st_size < 11_000
    done = subprocess.run(
        [sys.executable, "-m", "mlprep_site", "validate", str(bomb)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 1 and "anchors and aliases" in done.stdout


# -- published paths -----------------------------------------------------------------------------


def test_no_published_file_holds_the_build_path(tmp_path: Path) -> None:
    site = build_site(write_site(tmp_path))
    published = published_text(site)
    assert "content/sample.md" in published  # the edit and source links: repository-relative
    assert str(tmp_path) not in published


def test_every_loaded_source_passes_the_rules() -> None:
    bank, findings = load_bank([CONTENT])  # the loader applies every field rule
    assert bank.topics and [f for f in findings if f.severity == "error"] == []
