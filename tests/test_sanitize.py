"""The nh3 sanitiser: what our markdown extensions produce stays, scripts and handlers go; and
the plugin's `sanitize: true` cleans the pages, the quiz data, the deck and JSON-LD."""

from __future__ import annotations

import sqlite3
import textwrap
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from mlprep_site.answers.markup import MARKDOWN_EXTENSIONS
from mlprep_site.core.text.sanitize import sanitize_html

from .site_helpers import build_site, quiz_answers, write_site

RICH_ANSWER = textwrap.dedent(
    """\
    Text with **bold**, `code`, a [link](https://example.org "Title") and ![img](pic.png).

    !!! note "Careful"
        An admonition.

    ??? tip "Collapsed"
        A collapsible block.

    | left | right |
    |:-----|------:|
    | 1    | 2     |

    ```python
    print(1 < 2)
    ```

    <details><summary>Hint</summary>
    Nested.
    </details>

    ## A heading {#own-id}

    - item
    1. first
    """
)
HOSTILE_ANSWER = textwrap.dedent(
    """\
    Fine text.

    <img src=x onerror=alert(1)> <script>alert(2)</script>
    <a href="javascript:alert(3)">click</a> [md link](javascript:alert(4))
    <iframe src="https://evil.example"></iframe>
    <p style="position:fixed" onmouseover="alert(5)">styled</p>
    """
)


class Shape(HTMLParser):
    """Tag names with their attribute names, counted."""

    def __init__(self) -> None:
        super().__init__()
        self.shape: Counter[tuple[str, tuple[str, ...]]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape[(tag, tuple(sorted(name for name, _ in attrs)))] += 1


def shape(html: str) -> Counter[tuple[str, tuple[str, ...]]]:
    parser = Shape()
    parser.feed(html)
    return parser.shape


def test_everything_our_extensions_produce_survives() -> None:
    html = markdown.markdown(RICH_ANSWER, extensions=[*MARKDOWN_EXTENSIONS, "toc", "footnotes", "abbr"])
    assert 'class="admonition note"' in html and "<table>" in html and 'class="highlight"' in html
    assert shape(sanitize_html(html)) == shape(html)
    assert 'style="text-align:right"' in sanitize_html(html)  # alignment kept, normalised


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ("<script>alert(1)</script>kept", "kept"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
        ('<iframe src="https://e.example"></iframe>after', "after"),
        ('<p style="color:red">x</p>', "<p>x</p>"),
        (
            '<table><tr><td style="text-align: left; background: url(x)">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:left">x</td></tr></tbody></table>',
        ),
        ('<svg onload="alert(1)"><circle></circle></svg>t', "t"),
        ('<div data-md-component="x" data-qid="q">t</div>', "<div>t</div>"),  # no data- at all
        ('<math display="block"><mi>x</mi></math>', '<math display="block"><mi>x</mi></math>'),
    ],
)
def test_dangerous_markup_is_dropped(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def hostile_site(tmp_path: Path, sanitize: bool) -> Path:
    topic = (
        "---\ntitle: T\nslug: t\n---\n# T\n\n1. **Q?**\n<!-- mlprep: {id: q} -->\n\n"
        f"<details>\n<summary>Answer</summary>\n\n{HOSTILE_ANSWER}\n</details>\n"
    )
    config = write_site(tmp_path, content={"t.md": topic}, plugin={"sanitize": sanitize, "anki": True})
    return build_site(config)


DANGER = ("onerror", "<script>alert", "javascript:", "<iframe", "onmouseover", "position:fixed")


def test_sanitize_cleans_pages_quiz_bank_deck_and_jsonld(tmp_path: Path) -> None:
    site = hostile_site(tmp_path, sanitize=True)
    page = (site / "t/index.html").read_text(encoding="utf-8")
    assert "Fine text." in page and "styled" in page
    assert not any(word in page for word in DANGER)
    (answer,) = quiz_answers(site).values()
    assert "Fine text." in answer and not any(word in answer for word in DANGER)
    with (
        zipfile.ZipFile(site / "assets/mlprep/mlprep-deck.apkg") as deck,
        deck.open("collection.anki2") as db,
    ):
        data = db.read()
    path = tmp_path / "collection.anki2"
    path.write_bytes(data)
    (fields,) = sqlite3.connect(path).execute("SELECT flds FROM notes").fetchone()
    assert "Fine text." in fields and not any(word in fields for word in DANGER)


def test_without_sanitize_raw_html_is_published_as_written(tmp_path: Path) -> None:
    """The default: content review is the gate (CONTRIBUTING.md), answers are markdown with HTML."""
    page = (hostile_site(tmp_path, sanitize=False) / "t/index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror=alert(1)>" in page
