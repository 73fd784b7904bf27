"""A tiny site from each dialect's fixture folder, the plugin reading it directly, built with
`mkdocs build --strict`: every question is on the page, grouped under its section headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.domain.model import DIALECT_NAMES
from mlprep_site.core.domain.model import DIALECT_NAMES as MODEL_DIALECTS
from mlprep_site.core.loader import read_markdown
from tests.site_helpers import build_site, write_site

FIXTURES = Path(__file__).parent / "fixtures" / "dialects"
CASES = [
    ("summary", "ml-basics", 5, ["Supervised learning", "Supervised learning / Code"]),
    ("headings", "deep-learning", 4, ["Basics", "Training"]),
    ("lists", "system-design", 7, ["Warm-up", "Scenarios", "In a table"]),
    ("docsite", "intro", 2, []),
    ("canonical", "evaluation", 3, ["Metrics for ranking"]),
]


def test_the_dialect_names_agree() -> None:
    assert DIALECT_NAMES == MODEL_DIALECTS == ("canonical", "summary", "headings", "lists", "docsite")


@pytest.mark.parametrize(("dialect", "slug", "count", "sections"), CASES)
def test_strict_site_from_a_dialect_folder(
    tmp_path: Path, dialect: str, slug: str, count: int, sections: list[str]
) -> None:
    content = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURES / dialect).iterdir() if p.is_file()}
    site = build_site(write_site(tmp_path, content=content), strict=True)
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<details class="mlprep-question', html)) == count
    shown = re.findall(r'<h2 class="mlprep-section" id="[^"]+">([^<]*)</h2>', html)
    assert shown == sections
    source = next(p for p in (FIXTURES / dialect).iterdir() if p.is_file())
    topic = read_markdown(source.read_text(encoding="utf-8"), source.name).topic
    assert topic is not None
    for section in sections:  # its heading stands right before the first question of its section
        first = next(q for q in topic.questions if q.section == section)
        heading = html.index(f">{section}</h2>")
        assert html.index(f'data-qid="{first.id}"') > heading
        assert html.rfind("<details", 0, heading) < html.rfind(
            "</details>", 0, heading
        ) or heading < html.index("<details")


def test_question_body_is_at_the_top_of_the_opened_block(tmp_path: Path) -> None:
    content = {"ml-basics.md": (FIXTURES / "summary" / "ml-basics.md").read_text(encoding="utf-8")}
    site = build_site(write_site(tmp_path, content=content), strict=True)
    html = (site / "ml-basics" / "index.html").read_text(encoding="utf-8")
    block = html[html.index('data-qid="which-of-these-are-regularisers"') :]
    block = block[: block.index("</details>")]
    body, answer = block.index('class="mlprep-question-body"'), block.index("All three.")
    assert body < answer and "<li>dropout</li>" in block[body:answer]


def test_plugin_option_forces_a_dialect(tmp_path: Path) -> None:
    text = (FIXTURES / "headings" / "deep-learning.md").read_text(encoding="utf-8")
    assert read_markdown(text, "x.md", "lists").topic is None  # as lists: no question, no topic
    site = build_site(
        write_site(tmp_path, content={"deep-learning.md": text}, plugin={"dialect": "headings"})
    )
    html = (site / "deep-learning" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<details class="mlprep-question', html)) == 4


def test_files_without_questions_do_not_fail_a_strict_build(tmp_path: Path) -> None:
    """A repository as people keep it: a README introducing the topics, a CONTRIBUTING, an
    awesome list, an empty placeholder beside the questions. They are no topics, and
    `--strict` still passes."""
    links = "".join(f"- [Tool {n}](https://example.org/{n}) - a tool.\n" for n in range(12))
    content = {
        "recsys.md": "\n",
        "README.md": "# Interview questions\n\nStart here.\n\n- [Basics](basics.md)\n",
        "CONTRIBUTING.md": "# Contributing\n\nOpen a pull request.\n",
        "awesome.md": f"# Awesome tools\n\n{links}",
        "basics.md": "# Basics\n\n1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\nY.\n\n</details>\n",
    }
    site = build_site(write_site(tmp_path, content=content), strict=True)
    assert (site / "basics" / "index.html").is_file()
    assert not (site / "awesome").exists() and not (site / "contributing").exists()


FOREIGN_REPOSITORY = (
    "# Kubernetes\n\n[![stars](https://img.shields.io/x.svg)](https://x.org)\n\n"
    "Questions people ask; pull requests welcome.\n\n- [Basics](#basics)\n- [Pods](#pods)\n\n"
    "<!-- generated table of contents -->\n\n## Contributors\n\n## Basics\n\n"
    "<details>\n<summary>What is a pod?</summary><br><b>\n\nThe smallest unit.\n</b></details>\n\n"
    "<details>\n<summary>What is a node?</summary><br><b>\n\nTBD\n</b></details>\n"
)


def test_a_foreign_repository_with_intro_prose_builds_strict_and_validate_lists_it(tmp_path: Path) -> None:
    """What a repository's readers see around its questions (badges, a table of contents, a
    heading with nothing under it, a comment, a placeholder answer) is accounted for with info
    findings: the strict build passes, and `validate` lists each at its line."""
    config = write_site(tmp_path, content={"kubernetes.md": FOREIGN_REPOSITORY})
    site = build_site(config, strict=True)
    html = (site / "kubernetes" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<details class="mlprep-question', html)) == 2
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    listed = re.findall(r"kubernetes\.md:(\d+):1: (\w+): .* \[([\w-]+)\]", result.output)
    assert [(int(line), severity, code) for line, severity, code in listed] == [
        (5, "info", "ignored-text"),
        (7, "info", "ignored-text"),
        (10, "info", "ignored-comment"),
        (12, "info", "ignored-section"),
        (23, "warning", "unanswered"),
        (25, "info", "placeholder"),
    ]
    assert result.output.rstrip().endswith("2 questions (1 answered): 0 errors, 1 warning, 5 info")


def test_text_outside_questions_in_a_canonical_file_stays_a_warning() -> None:
    text = "# Basics\n\n## Empty\n\n## Real\n\n1. **What is X?**\n\n<details>\n<summary>Answer</summary>\n\nY.\n\n</details>\n"
    findings = read_markdown(text, "basics.md").findings
    assert [(f.line, f.severity, f.code) for f in findings] == [(3, "warning", "ignored-section")]
