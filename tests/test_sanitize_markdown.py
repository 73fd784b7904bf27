"""`import --sanitize`: raw HTML and link URLs in markdown answers cleaned, markdown text and
code kept byte for byte."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
from click.testing import CliRunner

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS, answer_markdown
from mlprep_site.answers.sanitize_rendered import sanitize_markdown
from mlprep_site.cli.main import main
from mlprep_site.core.loader import load_bank

CODE = "```html\n<script>alert('shown as code')</script>\n<img src=x onerror=alert(1)>\n```"
HOSTILE = f"""\
Some **markdown** text <script>alert(1)</script> stays.

<img src="x.png" alt="pic" onerror="alert(2)">
[click](javascript:alert(3)) and [fine](https://example.org/a) and ![i](java&#x09;script:alert(4))
<a href="JAVASCRIPT:alert(5)" title="t">link</a> and `<script>inline()</script>`
A paragraph with attributes.
{{: onclick="alert(6)" .kept}}

{CODE}"""
CLEAN = """\
Plain answer with <b>bold</b>, a <details><summary>Hint</summary>hint</details>, a [link](https://x.org),
`<script>` in code, x<sub>2</sub> and <https://example.org>.

```python
print("<details>")
```"""


class CodeText(HTMLParser):
    """The text an HTML fragment shows, and the names of its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def page_html(answer: str) -> str:
    return markdown.markdown(answer_markdown(answer), extensions=list(MARKDOWN_EXTENSIONS))


def test_hostile_answer_loses_scripts_handlers_and_javascript_urls_but_not_its_code() -> None:
    cleaned = sanitize_markdown(HOSTILE)
    assert cleaned.endswith(CODE)  # the code block, byte for byte
    assert "`<script>inline()</script>`" in cleaned  # inline code too
    assert cleaned.startswith('Some **markdown** text  stays.\n\n<img src="x.png" alt="pic">\n')
    assert "[click](#javascript:alert(3))" in cleaned and "[fine](https://example.org/a)" in cleaned
    assert '<a title="t">link</a>' in cleaned and "{: .kept}" in cleaned
    html = page_html(cleaned)
    prose = html.split('<div class="highlight">')[0]  # the page's code block comes last
    for bad in ("<script", "onerror", "onclick", 'href="javascript', 'src="java'):
        assert bad not in prose.lower(), bad
    code = CodeText()
    code.feed(html.split('<div class="highlight">')[1])
    assert code.text == CODE.split("\n", 1)[1].removesuffix("```")  # shown as code, every character
    assert code.tags <= {"pre", "code", "span"}  # and nothing of it became an element


def test_answer_without_anything_to_clean_is_unchanged() -> None:
    assert sanitize_markdown(CLEAN) == CLEAN


def test_stray_angle_brackets_and_comments_cannot_open_markup() -> None:
    text = "a <!-- hidden --> b <img src=x onerror=alert(1)"
    assert sanitize_markdown(text) == "a  b &lt;img src=x onerror=alert(1)"
    assert "<img" not in page_html(sanitize_markdown(text))


def test_import_sanitize_cleans_answers_and_reports_how_many(tmp_path: Path) -> None:
    source = tmp_path / "src" / "web.md"
    source.parent.mkdir()
    source.write_text(f"# Web\n\n### Is this hostile?\n\n{HOSTILE}\n\n### Is this clean?\n\n{CLEAN}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(source.parent), "--out", str(out), "--sanitize"])
    assert result.exit_code == 0, result.output
    assert "2 questions, 2 answered, 0 unanswered; HTML cleaned in 1 question" in result.output
    bank, findings = load_bank([out])
    assert [f for f in findings if f.severity == "error"] == []
    hostile, clean = bank.questions
    assert hostile.answer == sanitize_markdown(HOSTILE) and clean.answer == CLEAN
    plain = CliRunner().invoke(main, ["import", str(source.parent), "--out", str(tmp_path / "plain")])
    assert "HTML cleaned" not in plain.output
    assert load_bank([tmp_path / "plain"])[0].questions[0].answer == HOSTILE
