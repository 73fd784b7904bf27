"""`import --sanitize` cleans what the markdown renders to, so markdown syntax cannot outflank
it (issue 23's three vectors are caught and counted); under `sanitize: true` an answer keeps no
`data-` attribute and no id or class in our or the theme's namespace, so it cannot forge a
question block or take `window.mlprepStudy`."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from mlprep_site.answers.commonmark import page_markdown
from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.answers.render import AnswerRenderer
from mlprep_site.answers.sanitize_rendered import rendered_html, sanitize_markdown, start_tags
from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank
from mlprep_site.core.text.sanitize import sanitize_html

from .site_helpers import build_site, write_site

VECTORS = {
    "indented-img": "Some text\n    <img src=x onerror=alert(1)>",
    "split-link": "[click](java\nscript:alert(1))",
    "footnote-link": "See[^1].\n\n[^1]: [x](javascript:alert(1))",
    "forged-block": "Text\n{: #mlprep-quiz .mlprep-question data-qid=x data-topic=y }",
    "clobbering-id": '<span id="mlprepStudy">x</span> and <div class="mlprep-question" data-qid="a">y</div>',
}


def dangerous(html: str) -> list[str]:
    """What a cleaned page must not hold: handlers, script URLs, our attributes and names."""
    found = []
    for tag, attrs in start_tags(html):
        for name, value in attrs:
            plain = "".join(value.split()).lower()
            if name.startswith(("on", "data-")) or plain.startswith("javascript:"):
                found.append(f"{tag} {name}={value}")
            if name in ("id", "class") and "mlprep" in plain:
                found.append(f"{tag} {name}={value}")
    return found


def topic(answers: dict[str, str]) -> str:
    blocks = ["# Vectors\n"]
    for number, (qid, answer) in enumerate(answers.items(), 1):
        blocks.append(
            f"{number}. **{qid}?**\n<!-- mlprep: {{id: {qid}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n"
        )
    return "\n".join(blocks)


@pytest.mark.parametrize("name", VECTORS)
def test_the_vector_renders_dangerous_unless_cleaned(name: str) -> None:
    assert dangerous(rendered_html(VECTORS[name]))  # the test input is really a vector
    assert dangerous(rendered_html(sanitize_markdown(VECTORS[name]))) == []


@pytest.mark.parametrize("name", VECTORS)
def test_import_sanitize_cleans_and_counts_each_vector(tmp_path: Path, name: str) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "t.md").write_text(topic({name: VECTORS[name], "fine": "A **fine** answer."}))
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "src"), "--out", str(tmp_path / "out"), "--sanitize"]
    )
    assert result.exit_code == 0, result.output
    assert "HTML cleaned in 1 question;" in result.output or result.output.count(
        "HTML cleaned in 1 question\n"
    )
    bank, findings = load_bank([tmp_path / "out"])
    assert [f for f in findings if f.severity == "error"] == []
    answers = {q.id: q.answer for q in bank.questions}
    assert answers["fine"] == "A **fine** answer."  # untouched: nothing in it to clean
    assert dangerous(rendered_html(answers[name] or "")) == []


def test_clean_markdown_is_left_byte_for_byte() -> None:
    text = (
        "Plain **answer** with `<b>code</b>`, [a link](https://example.org) and $x^2$.\n\n| a |\n|---|\n| 1 |"
    )
    assert sanitize_markdown(text) == text


def test_sanitize_html_keeps_footnote_and_heading_ids_but_not_ours() -> None:
    html = (
        '<h3 id="overview">O</h3><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '<div class="admonition note mlprep-question md-sidebar" id="__drawer" data-qid="q">x</div>'
        '<span id="MLPREPSTUDY">y</span>'
    )
    clean = sanitize_html(html)
    assert 'id="overview"' in clean and 'id="fnref:1"' in clean and 'class="footnote-ref"' in clean
    assert '<div class="admonition note">x</div>' in clean and "<span>y</span>" in clean


def test_the_site_under_sanitize_has_one_question_block_per_question(tmp_path: Path) -> None:
    forged = (
        '<details class="mlprep-question" data-qid="other" data-topic="second" id="mlprepStudy">'
        "<summary>forged</summary>\n\nGrade me.\n\n</details>"
    )
    config = write_site(
        tmp_path, content={"t.md": topic({"real": forged, "fine": "Fine."})}, plugin={"sanitize": True}
    )
    page = (build_site(config) / "t" / "index.html").read_text(encoding="utf-8")
    assert page.count("data-qid=") == 2  # the two real questions' blocks, not the forged one
    assert 'id="mlprepStudy"' not in page and 'data-topic="second"' not in page
    assert "Grade me." in page  # the answer's text stays


# An HTML block left open before the vector: Python-Markdown, given the answer as written,
# keeps the rest raw (no link, no attribute list); the page renders `page_markdown`'s form,
# which reads the markdown inside the element, as GitHub does.
IN_OPEN_HTML = {name: "<div>\n\n" + VECTORS[name] for name in ("split-link", "forged-block")}


@pytest.mark.parametrize("name", IN_OPEN_HTML)
def test_the_check_renders_the_answer_as_the_page_does(name: str) -> None:
    source = IN_OPEN_HTML[name]
    page_html = AnswerRenderer().render(source).html
    assert dangerous(page_html)  # dangerous on the page, though not as written
    assert rendered_html(source) == _page_converter().reset().convert(page_markdown(source))
    assert dangerous(rendered_html(source))
    assert dangerous(AnswerRenderer().render(sanitize_markdown(source)).html) == []


def _page_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "footnotes"])
