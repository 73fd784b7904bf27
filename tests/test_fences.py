"""The one fence rule (core/fences.py): the same as pymdownx.superfences, in the loader, in a
built page and in the link collector."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprep_site.core.canonical import TopicParser
from mlprep_site.core.fences import (
    CodeScanner,
    IndentedCode,
    close_open_fence,
    code_lines,
    fence_extent,
    fence_step,
    opening_fence,
)
from mlprep_site.core.loader import parse_markdown
from mlprep_site.links.collect import urls_in_markdown
from tests.site_helpers import build_site, write_site

# Each case: an answer whose code holds something the loader must not read as markup, and the
# line of code that must show as code on the page. After every case comes another question.
FENCE_CASES = {
    "one-line-backticks": ("```wc -l``` counts lines: an inline code span.", None),
    "three-not-closed-by-four": ("```\ncode-three\n````\n</details>\n```", "code-three"),
    "closer-must-not-be-indented": ("```text\ncode-indent\n  ```\n</details>\n```", "code-indent"),
    "tilde-with-options": ('~~~python title="a.py"\ncode_tilde = "</details>"\n~~~', "code_tilde"),
    "indented-fence-in-list": ("- item\n\n    ```bash\n    code-list\n    ```", "code-list"),
}


def topic_text(cases: dict[str, tuple[str, str | None]]) -> str:
    parts = ["# Fences\n"]
    for number, (name, (answer, _)) in enumerate(cases.items(), start=1):
        parts.append(
            f"{2 * number - 1}. **Case {name}?**\n<!-- mlprep: {{id: {name}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\n{answer}\n\n</details>\n\n"
            f"{2 * number}. **After {name}?**\n<!-- mlprep: {{id: after-{name}}} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n\nIntact after {name}.\n\n</details>\n"
        )
    return "\n".join(parts)


@pytest.mark.parametrize("name", FENCE_CASES)
def test_loader_reads_each_fence_case_whole_and_the_next_question_intact(name: str) -> None:
    answer, _ = FENCE_CASES[name]
    topic, findings = parse_markdown(topic_text({name: FENCE_CASES[name]}), "t.md")
    assert findings == []
    assert topic is not None
    assert [(q.id, q.answer) for q in topic.questions] == [
        (name, answer),
        (f"after-{name}", f"Intact after {name}."),
    ]


def test_fence_left_open_is_a_finding_and_does_not_swallow_the_next_question() -> None:
    text = topic_text({"open": ("```python\nx = 1", None)})
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    opener_line = text.split("\n").index("```python") + 1
    assert [(f.code, f.line, f.severity) for f in findings] == [("unclosed-fence", opener_line, "error")]
    assert [(q.id, q.answer) for q in topic.questions] == [
        ("open", "```python\nx = 1"),
        ("after-open", "Intact after open."),
    ]


def test_fence_left_open_in_the_last_answer_is_a_finding() -> None:
    text = "1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n~~~\ncode\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert [(f.code, f.line) for f in findings] == [("unclosed-fence", 6)]
    assert topic is not None and topic.questions[0].answer == "~~~\ncode"


@pytest.fixture(scope="module")
def fence_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    cases = {**FENCE_CASES, "left-open": ("```python\ncode_open = 1", "code_open")}
    root = tmp_path_factory.mktemp("fence-site")
    site = build_site(write_site(root, {"fences.md": topic_text(cases)}))
    return (site / "fences" / "index.html").read_text(encoding="utf-8")


def blocks(html: str) -> dict[str, str]:
    """Each question's HTML, by id."""
    starts = [
        (m.start(), m.group(1))
        for m in re.finditer(r'<details class="mlprep-question[^>]*?data-qid="([^"]+)"', html)
    ]
    ends = [start for start, _ in starts[1:]] + [html.index("</article>")]
    return {qid: html[start:end] for (start, qid), end in zip(starts, ends, strict=True)}


def test_built_page_shows_each_case_as_code_and_every_question_intact(fence_page: str) -> None:
    found = blocks(fence_page)
    cases = {**FENCE_CASES, "left-open": ("", "code_open")}
    assert list(found) == [qid for name in cases for qid in (name, f"after-{name}")]
    for name, (_, code) in cases.items():
        pre = " ".join(re.findall(r"<pre.*?</pre>", found[name], re.DOTALL))
        text = unescape(re.sub(r"<[^>]+>", "", pre))
        if code is None:
            assert pre == "" and "<code>wc -l</code>" in found[name]
        else:
            assert code in text, name
        assert f"Intact after {name}." in found[f"after-{name}"]
        assert "<pre" not in found[f"after-{name}"]


# -- the rule against superfences itself ---------------------------------------------------

LINE_KINDS = [
    "```", "````", "~~~", "~~~~", "```python", "```wc -l```", "``` x y", "  ```", "   ~~~",
    '```python title="t"', "```py linenums", '```py linenums="1"', "~~~~ {.py}", "", "```py title",
    "T", "  T", "    T", "- T", "1. T",
]  # fmt: skip


TOKEN = re.compile(r"tok\d+x")


def superfences_code_tokens(doc: str) -> set[str]:
    html = markdown.markdown(
        doc,
        extensions=["pymdownx.superfences", "pymdownx.highlight"],
        extension_configs={"pymdownx.highlight": {"use_pygments": True}},
    )
    return set(TOKEN.findall(" ".join(re.findall(r"<pre.*?</pre>", html, re.DOTALL))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINE_KINDS), min_size=1, max_size=14))
def test_code_lines_agree_with_superfences(kinds: list[str]) -> None:
    lines: list[str] = []
    for kind in kinds:
        lines.append(kind.replace("T", f"tok{len(lines)}x"))
        if kind.startswith("    "):
            lines.append("")  # (a fence right after indented code is a corner of its own)
    doc = "\n".join(lines)
    # A fence left open is closed by the page writer at the end of the answer.
    rendered = superfences_code_tokens(close_open_fence(doc))
    ours = {
        token
        for line, code in zip(lines, code_lines(lines), strict=True)
        if code
        for token in TOKEN.findall(line)
    }
    assert ours == rendered


@pytest.mark.parametrize(
    ("line", "marker"),
    [("```wc -l```", None), ("```python", "```"), ("``` two words", None), ("  ~~~~ {.py}", "~~~~")],
)
def test_opening_lines(line: str, marker: str | None) -> None:
    fence = opening_fence(line)
    assert (fence.marker if fence else None) == marker


@pytest.mark.parametrize(
    "header",
    [
        "```py title",
        "```py title_mode",
        '```py title=""',
        "```py linenums",
        '```py linenums="2 3"',
        "```py hl_lines",
        '```py hl_lines="1-2 4"',
        '```py hl_lines="x"',
        "```py foo",
        '```py title="a" linenums="1"',
    ],
)
def test_highlight_options_open_a_fence_as_superfences_decides(header: str) -> None:
    shown_as_code = bool(superfences_code_tokens(f"{header}\ntok1x\n```\n"))
    assert (opening_fence(header) is not None) == shown_as_code


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["```", "````python", "~~~", "~~~~"]),
    st.lists(
        st.sampled_from([*LINE_KINDS, "```  ", "```\t", "```\u00a0", "> ```", "\t```", "1. **Q?**"]),
        max_size=10,
    ),
)
def test_unindented_fence_extent_is_what_fence_step_says(opener: str, body: list[str]) -> None:
    """An unindented fence's extent is found without `fence_step`: the same answer, with and
    without a line where a fence is left open."""
    fence = opening_fence(opener)
    assert fence is not None and not fence.prefix
    lines = [opener, *body]
    for left_open_at in (None, lambda line: line.startswith("1.")):
        expected = ("open", len(lines))
        for index in range(1, len(lines)):
            if left_open_at is not None and left_open_at(lines[index]):
                expected = ("open", index)
                break
            if (step := fence_step(fence, lines[index])) != "code":
                expected = (step, index)
                break
        assert fence_extent(lines, 0, fence, left_open_at) == expected


def test_link_collector_skips_exactly_the_code_the_page_shows() -> None:
    answer = (
        "```wc -l``` https://example.org/prose-after-span\n"
        "```\nhttps://example.org/in-fence\n````\nhttps://example.org/still-in-fence\n```\n"
        "para\n\n    https://example.org/indented-code\n\n"
        "- item\n\n    https://example.org/list-continuation\n"
    )
    assert [url for _, url in urls_in_markdown(answer)] == [
        "https://example.org/prose-after-span",
        "https://example.org/list-continuation",
    ]


def test_page_closes_a_fence_left_open_with_its_own_marker_and_indentation() -> None:
    assert close_open_fence("  ````js\n  x") == "  ````js\n  x\n  ````"
    assert close_open_fence("```\nx\n```") == "```\nx\n```"


ANSWER_LINES = [
    "",
    "text with `</details>` in a code span",
    "<details><summary>Hint</summary>",
    "</details>",
    "  </details>",
    "    </details>",
    "\t<details>",
    "text </details>",
    "</details> after",
    "</b></details>",
    "</b></details>  ",
    "</b></details><details>",
    "`</b>` </details> `x`",
    "```",
    "````",
    "```python",
    "   ```",
    "~~~",
    "```wc -l```",
    "- a list item",
    "    indented",
    "1. **Next question?**",
    "## Heading",
]


# What may follow `</summary>` on its line: nothing, the summary dialect's wrapper, text, tags.
RESTS = ["", "  ", "<br><b>", " text", "<details>", "`<details>`", "</details>", "x </details> y"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(ANSWER_LINES), max_size=14), st.sampled_from(RESTS))
def test_answer_shortcut_reads_what_the_full_scan_reads(body: list[str], rest: str) -> None:
    """`read_details_body` skips the line-by-line scan for common answers; whatever it reads,
    block and findings, is what the scan reads, whatever follows `</summary>`."""
    from mlprep_site.core.answers import read_details_body, scan_details_body
    from mlprep_site.core.syntax import HEADING_RE, QUESTION_RE

    lines = ["<details>", f"<summary>Answer</summary>{rest}", *body]

    def question_at(line: str) -> bool:
        return QUESTION_RE.match(line) is not None

    def stop_at(line: str) -> bool:
        return question_at(line) or HEADING_RE.match(line) is not None

    results = []
    for read in (read_details_body, scan_details_body):
        findings: list[tuple[object, ...]] = []
        block = read(lines, 0, 2, rest, lambda *a, sink=findings, **k: sink.append(a), stop_at, question_at)
        results.append((block, findings))
    assert results[0] == results[1]


def scan_reference(
    lines: list[str], left_open_at: Callable[[str], bool]
) -> tuple[list[tuple[int, bool]], list[int]]:
    """`CodeScanner` as it was before it remembered fences left open: each opener read on."""
    found: list[tuple[int, bool]] = []
    unclosed: list[int] = []
    indented = IndentedCode()
    index = 0
    while index < len(lines):
        fence = opening_fence(lines[index])
        if fence is None:
            found.append((index, indented.inside_after(lines[index])))
            index += 1
            continue
        fate, end = fence_extent(lines, index, fence, left_open_at)
        if fate == "open":
            unclosed.append(index)
            found.append((index, indented.inside_after(lines[index])))
            index += 1
        elif fate == "break":
            found += [(n, indented.inside_after(lines[n])) for n in range(index, end + 1)]
            index = end + 1
        else:
            found += [(n, True) for n in range(index, min(end + 1, len(lines)))]
            indented.after_fence(fence)
            index = end + 1
    return found, unclosed


FENCY_LINES = [*LINE_KINDS, "```a", "~~~a", " ```a", "> ```a", " ```", "1. **Q?**", "> x", "    ```"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FENCY_LINES), max_size=16))
def test_fences_left_open_are_remembered_as_read_on(lines: list[str]) -> None:
    def question_at(line: str) -> bool:
        return line.startswith("1.")

    scanner = CodeScanner(lines, 0, question_at)
    assert (list(scanner), scanner.unclosed) == scan_reference(lines, question_at)


def test_many_fences_left_open_in_one_answer() -> None:
    """Each opener is left open at the next question; each was read on to it (50,000 of them:
    minutes), now the first of a kind only. No clock: a quadratic scan stalls the suite. (The
    closing tag is indented as the fences are, or it would abandon them.)"""
    for opener, close in (("```a", "</details>"), ("  ~~~a", "  </details>"), ("> ```a", "> </details>")):
        openers = [opener if k % 3 else opener.replace("a", "b") for k in range(50_000)]
        body = "\n".join(openers)
        text = f"1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n{body}\n\n{close}\n\n2. **Q2?**\n"
        # The reader itself: the loader then refuses an answer this large (core.limits).
        parser = TopicParser(text, "t.md")
        topic = parser.parse()
        assert topic is not None and topic.questions[0].answer.startswith(body)
        codes = [(f.line, f.code) for f in parser.findings]
        assert codes[:-1] == [(n, "unclosed-fence") for n in range(6, 50_006)]
        assert "too-large" in {f.code for f in parse_markdown(text, "t.md")[1]}


def test_a_fence_opened_on_the_details_line_is_an_error() -> None:
    """Code starts on a line of its own: a fence after `</summary>` on the `<details>` line
    was read as text, and the block it opened re-read differently once written out."""
    from mlprep_site.core.loader import parse_markdown

    text = "# T\n\n1. **Q?**\n<details><summary>Answer</summary>```\nx\n</details>\n"
    _, findings = parse_markdown(text, "t.md")
    assert [(f.line, f.code) for f in findings] == [(4, "fence-on-details-line")]


def test_the_line_after_text_on_the_details_line_continues_it() -> None:
    """Text after `</summary>` is the answer's first line: an indented `<details>` right after
    it continues that paragraph (not indented code), so its tag counts."""
    from mlprep_site.core.loader import parse_markdown

    text = "<details><summary>What is X?</summary>Intro text\n    <details>\n</details>\n"
    _, findings = parse_markdown(text, "t.md", "summary")
    assert [f.code for f in findings] == ["unclosed-details"]
