"""No silent loss: every non-blank line of a file is claimed by exactly one place, in every
dialect, for generated files as for the fixtures (tests/test_dialects.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprep_site.core.loader import read_markdown
from mlprep_site.core.text.lines import normalize_text

WORD = st.from_regex(r"[A-Za-z][a-z]{0,6}( [a-z]{1,6}){0,3}\??", fullmatch=True)
NOISE = st.sampled_from(
    [
        "",
        "",
        "plain text",
        "```",
        "```python",
        "# not a heading?",
        "<!-- a comment -->",
        "<!-- open comment",
        "-->",
        "</details>",
        "<details>",
        "<summary>Answer</summary>",
        "<br><b>",
        "</b>",
        "    indented",
        "| a | b |",
        "|---|---|",
        "[1]. https://example.org/x \\",
        "- [Title](https://example.org/t)",
        "---",
        "import X from 'x';",
        "<Tabs>",
        "<head>",
        "</head>",
        "1. **Question?**",
        "## References",
    ]
)


def chunk(dialect: str) -> st.SearchStrategy[str]:
    """A structural piece of a file in `dialect`, built from random words."""
    w = WORD
    pieces: dict[str, list[st.SearchStrategy[str]]] = {
        "canonical": [
            st.builds(lambda n, q: f"{n}. **{q}**", st.integers(1, 30), w),
            st.builds(lambda a: f"<details>\n<summary>Answer</summary>\n\n{a}\n\n</details>", w),
            st.builds(lambda t: f"<!-- mlprep: {{id: {t.split()[0].lower()}}} -->", w),
        ],
        "summary": [
            st.builds(lambda q, a: f"<details><summary>{q}</summary><br><b>{a}</b></details>", w, w),
            st.builds(
                lambda q, b, a: f"<details>\n<summary>{q}\n\n- {b}\n</summary>\n\n{a}\n</details>", w, w, w
            ),
            st.builds(lambda q: f"<details><summary>{q}</summary></details>", w),
        ],
        "headings": [
            st.builds(
                lambda lv, n, q: f"{'#' * lv} {n}) {q}? [[src](https://example.org/a)]",
                st.integers(2, 4),
                st.integers(1, 9),
                w,
            ),
            st.builds(lambda lv, q: f"{'#' * lv} {q}", st.integers(1, 5), w),
        ],
        "lists": [
            st.builds(lambda d, q: f"1. [{d}] {q}?", st.sampled_from("EMH"), w),
            st.builds(lambda q, s: f"- {q}?\n  - {s}?", w, w),
            st.builds(lambda q: f"| # | Question |\n|---|---|\n| 1 | {q}? |\n| 2 | |", w),
        ],
        "docsite": [
            st.just("import Tabs from '@theme/Tabs';"),
            st.just("<head>\n<title>x</title>\n</head>"),
            st.builds(lambda q, a: f'### {q}?\n\n<TabItem value="a">\n{a}\n</TabItem>', w, w),
        ],
    }
    return st.one_of(*pieces[dialect], w.map(lambda t: f"## {t}"), w, NOISE)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, str]:
    dialect = draw(st.sampled_from(["canonical", "summary", "headings", "lists", "docsite"]))
    head = draw(st.sampled_from(["", "---\ntitle: T\nid: x\n---\n", "# Title\n\n", "---\nbroken: [\n---\n"]))
    body = "\n".join(draw(st.lists(chunk(dialect), min_size=1, max_size=14)))
    return dialect, head + body + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.booleans())
def test_every_non_blank_line_is_claimed_exactly_once(case: tuple[str, str], force: bool) -> None:
    dialect, text = case
    reading = read_markdown(text, "t.mdx" if dialect == "docsite" else "t.md", dialect if force else None)
    assert reading.ledger.problems(normalize_text(text).split("\n")) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(NOISE, max_size=12), st.sampled_from(["canonical", "summary", "headings", "lists", "docsite"])
)
def test_noise_alone_is_claimed_exactly_once(lines: list[str], dialect: str) -> None:
    text = "\n".join(lines)
    reading = read_markdown(text, "t.md", dialect)
    assert reading.ledger.problems(normalize_text(text).split("\n")) == []
