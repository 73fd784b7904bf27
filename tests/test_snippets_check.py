"""pymdownx.snippets on a topic page: a file or section snippets cannot find is a finding at the
content line that names it, found before snippets reads the page with snippets' own
configuration (`site.snippets_check`); the line shows as written and snippets never raises."""

from __future__ import annotations

from pathlib import Path

import markdown

from mlprep_site.site.page_questions import PageQuestions
from mlprep_site.site.pages import topic_page
from mlprep_site.site.render_path import QuestionBlocksExtension
from mlprep_site.site.snippets_check import split_path
from tests.render_helpers import CONFIGS, EXTENSIONS, LINKS, QuestionBlocks, make_topic, page_body


def render(root: Path, *answers: str, check_paths: bool = True) -> tuple[dict[str, str], PageQuestions]:
    snippets = root / "snippets"
    snippets.mkdir(exist_ok=True)
    (snippets / "present.md").write_text("Included text.\n", encoding="utf-8")
    (snippets / "outer.md").write_text('Outer.\n\n--8<-- "inner-missing.md"\n', encoding="utf-8")
    (snippets / "parts.md").write_text("--8<-- [start:one]\nPart one.\n--8<-- [end:one]\n", encoding="utf-8")
    topic = make_topic(*answers)
    state = PageQuestions(topic, LINKS, "0123456789abcdef")
    configs = {**CONFIGS, "pymdownx.snippets": {"base_path": [str(snippets)], "check_paths": check_paths}}
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "pymdownx.snippets", QuestionBlocksExtension(lambda: state)],
        extension_configs=configs,
    )
    html = md.convert(page_body(topic_page(topic, LINKS, "0123456789abcdef")))
    return QuestionBlocks(html).answers, state


def test_missing_files_and_sections_are_findings_at_their_lines(tmp_path: Path) -> None:
    answers, state = render(  # question N is at line N, its answer from line N (`make_topic`)
        tmp_path,
        'Fine:\n\n--8<-- "present.md"',
        'Nested:\n\n--8<-- "outer.md"',
        'A section:\n\n--8<-- "parts.md:one"\n\nAnother:\n\n--8<-- "parts.md:two"',
        "A block:\n\n--8<--\npresent.md\nmissing-in-block.md\n--8<--",
    )
    assert state.problems == [
        (
            4,
            "pymdownx.snippets: Snippet at path 'inner-missing.md' could not be found (included by 'outer.md')",
        ),
        (9, "pymdownx.snippets: Snippet section 'two' could not be located"),
        (8, "pymdownx.snippets: Snippet at path 'missing-in-block.md' could not be found"),
    ]
    assert "<p>Included text." in answers["q1"]
    assert '--8&lt;-- "outer.md"' in answers["q2"] and "Outer." not in answers["q2"]
    assert "Part one." in answers["q3"] and '--8&lt;-- "parts.md:two"' in answers["q3"]
    assert "Included text." in answers["q4"] and "missing-in-block" not in answers["q4"]


def test_without_check_paths_snippets_decides_alone(tmp_path: Path) -> None:
    """Snippets drops a missing file silently without `check_paths`; so does the page."""
    answers, state = render(tmp_path, 'Gone:\n\n--8<-- "missing.md"', check_paths=False)
    assert state.problems == [] and "Gone:" in answers["q1"] and "missing" not in answers["q1"]


def test_split_path_as_snippets_splits_it() -> None:
    from pymdownx.snippets import SnippetPreprocessor

    for path in (
        "a.md",
        "a.md:1:5",
        "a.md:1:2,8:9",
        "a.md:part",
        "c:\\x.md:3",
        "dir:x/a.md",
        "a.md:",
        "b:1a",
    ):
        found = SnippetPreprocessor.RE_SNIPPET_FILE.match(path)
        assert found is not None
        assert split_path(path) == (found[1].strip(), found[3][1:] if found[3] else None), path
