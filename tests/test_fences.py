"""The one definition of code (core/text/code.py): what GitHub shows as code, from markdown-it's
CommonMark block rules, in the loader, the link collector and the page's markdown; and the
cases where the line scanners it replaced disagreed with GitHub (cmark-gfm, its renderer, is
the oracle)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import cmarkgfm
import markdown
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlprep_site.core.importer.fences import opening_fence
from mlprep_site.core.loader import parse_markdown
from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.topic_file import read_topic
from mlprep_site.core.text.code import PARSER, close_open_fence, code_lines, read_code
from mlprep_site.core.text.code_spans import code_spans
from mlprep_site.links.collect import urls_in_markdown
from tests.site_helpers import build_site, write_site

# Each case: an answer whose code holds something the loader must not read as markup, and the
# line of code that must show as code on the page. After every case comes another question.
FENCE_CASES = {
    "one-line-backticks": ("```wc -l``` counts lines: an inline code span.", None),
    "closer-must-not-be-indented": ("```text\ncode-indent\n    ```\n</details>\n```", "code-indent"),
    "tilde-with-options": ('~~~python title="a.py"\ncode_tilde = "</details>"\n~~~', "code_tilde"),
    "indented-fence-in-list": ("- item\n\n    ```bash\n    code-list\n    ```", "code-list"),
}
# Where the scanners (superfences' rules, Python-Markdown's indented code) and GitHub disagreed:
# each answer is read whole, as GitHub shows it, and the next question is intact.
GITHUB_CASES = {
    # a longer fence closes (the scanner ran the block on, over the </details>)
    "longer-closer": ("```\ncode-longer\n````", "code-longer"),
    # words after the language (```jsx harmony): a fence to GitHub, text to the scanner
    "info-words": ("```jsx harmony\n<b>code-info</b> </details>\n```", "code-info"),
    # a fence in a list item, indented as the item's text (two spaces)
    "fence-in-item": ("1. item\n   ```sh\n   # code-item </details>\n   ```", "code-item"),
    # a fence left open in a list item or a quote ends with it, not at the next question
    "open-in-item": ("- item\n  ```\n  code-open-item\n\nAfter the list.", "code-open-item"),
    "open-in-quote": ("> ```\n> code-open-quote\n\nAfter the quote.", "code-open-quote"),
    # a `#` comment in a shell fence is code, not a heading
    "shell-comment": ("```bash\n# code-comment\nls\n```", "code-comment"),
    # a `</details>` in code does not close the answer
    "details-in-code": ("```html\n</details>\n<p>code-details</p>\n```", "code-details"),
    # indented code in a list item (four columns past its text), and after a list
    "indented-in-item": ("- item\n\n      x = '</details>'  # code-indented-item", "code-indented-item"),
    "indented-after-list": ("- item\n\npara\n\n    y = '</details>'  # code-after-list", "code-after-list"),
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


@pytest.mark.parametrize("name", [*FENCE_CASES, *GITHUB_CASES])
def test_loader_reads_each_fence_case_whole_and_the_next_question_intact(name: str) -> None:
    case = {**FENCE_CASES, **GITHUB_CASES}[name]
    topic, findings = parse_markdown(topic_text({name: case}), "t.md")
    assert findings == []
    assert topic is not None
    assert [(q.id, q.answer) for q in topic.questions] == [
        (name, case[0]),
        (f"after-{name}", f"Intact after {name}."),
    ]


@pytest.mark.parametrize("name", GITHUB_CASES)
def test_github_shows_each_case_as_the_loader_reads_it(name: str) -> None:
    """cmark-gfm on the same file: the case's code line in a code block, the answer's
    `</details>` closing it (the question after it is not inside a block)."""
    text = topic_text({name: GITHUB_CASES[name]})
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    pre = " ".join(re.findall(r"<pre.*?</pre>", html, re.DOTALL))
    code = GITHUB_CASES[name][1]
    assert code is not None and code in pre
    assert "After " not in pre and "Intact after" not in pre


def test_headings_reader_takes_a_shell_comment_for_code() -> None:
    text = "# T\n\n## What does ls do?\n\n```bash\n# list files\nls\n```\n\n## Why?\n\nBecause.\n"
    topic, _ = parse_markdown(text, "t.md")
    assert topic is not None
    assert [(q.question, q.answer) for q in topic.questions] == [
        ("What does ls do?", "```bash\n# list files\nls\n```"),
        ("Why?", "Because."),
    ]


def test_a_shell_comment_in_a_closed_fence_of_a_summary_answer_is_code() -> None:
    """devops-exercises (perl, containers): the summary reader stops at headings, and a `#`
    comment in a closed fence was taken for one: 21 false `unclosed-fence` errors there."""
    answer = "```\nmy @n = (1, 2);\n# or using qw\nmy @m = qw/1 2/;\n```"
    text = f"# T\n\n<details>\n<summary>What is an array?</summary><br><b>\n\n{answer}\n\n</b></details>\n"
    text += "\n<details>\n<summary>What is a hash?</summary><br><b>\n\nA map.\n</b></details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert findings == []
    assert topic is not None
    assert [(q.question, q.answer) for q in topic.questions] == [
        ("What is an array?", answer),
        ("What is a hash?", "A map."),
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


def test_fence_left_open_in_the_last_answer_runs_to_the_end_as_on_github() -> None:
    """No question follows: GitHub shows the rest of the file as code, `</details>` too, so the
    answer block is not closed (the scanner reported the fence instead)."""
    text = "1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n~~~\ncode\n</details>\n"
    topic, findings = parse_markdown(text, "t.md")
    assert [(f.code, f.line) for f in findings] == [("unclosed-details", 3)]
    assert topic is not None and topic.questions[0].answer == "~~~\ncode\n</details>"


def test_a_fence_closed_after_the_next_question_is_left_open_there() -> None:
    """The fence runs over question 2 on GitHub (it closes at question 2's fence): reported at
    its line, and question 2 read as its own."""
    text = topic_text({"a": ("```\nnot closed", None), "b": ("```\nclosed\n```", "closed")})
    topic, findings = parse_markdown(text, "t.md")
    assert topic is not None
    assert [f.code for f in findings] == ["unclosed-fence"]
    assert [q.answer for q in topic.questions] == [
        "```\nnot closed",
        "Intact after a.",
        "```\nclosed\n```",
        "Intact after b.",
    ]


@pytest.fixture(scope="module")
def fence_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    cases = {**FENCE_CASES, **GITHUB_CASES}
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
    cases = {**FENCE_CASES, **GITHUB_CASES}
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


# -- code_lines against GitHub and against markdown-it on the whole text ---------------------

LINE_KINDS = [
    "```", "````", "~~~", "~~~~", "```python", "```wc -l```", "``` x y", "  ```", "   ~~~",
    '```python title="t"', "", "", "    ", " \t", "T", "  T", "    T", "      T", "\tT", "- T", "1. T", "  - T",
    "> T", "> ```", ">     T", "- ```", "-     T", "<!--", "-->", "<div>", "<pre>", "</pre>",
]  # fmt: skip
TOKEN = re.compile(r"tok\d+x")


def token_lines(kinds: list[str]) -> list[str]:
    return [kind.replace("T", f"tok{index}x") for index, kind in enumerate(kinds)]


def github_code_tokens(doc: str) -> set[str]:
    html = cmarkgfm.github_flavored_markdown_to_html(doc, options=Options.CMARK_OPT_UNSAFE)
    return set(TOKEN.findall(unescape(" ".join(re.findall(r"<pre.*?</pre>", html, re.DOTALL)))))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([k for k in LINE_KINDS if "pre>" not in k]), min_size=1, max_size=16))
def test_code_lines_are_what_github_shows_as_code(kinds: list[str]) -> None:
    """(Raw `<pre>` blocks are left out: cmark-gfm passes their text into a `<pre>` of its
    own; and tables: cmark-gfm and markdown-it end a table differently before indented code.)"""
    lines = token_lines(kinds)
    ours = {
        token
        for line, code in zip(lines, code_lines(lines), strict=True)
        if code
        for token in TOKEN.findall(line)
    }
    assert ours == github_code_tokens("\n".join(lines))


def whole_parse(lines: list[str]) -> list[bool]:
    code = [False] * len(lines)
    for token in PARSER.parse("\n".join(lines)):
        if token.type in ("fence", "code_block") and token.map:
            for index in range(*token.map):
                code[index] = True
    return code


WHOLE_KINDS = [*LINE_KINDS, "| a |", "|---|", "<!-- x -->", "<script>", "</script>", "# h", "</details>"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WHOLE_KINDS), min_size=1, max_size=24))
def test_parsing_only_stretches_that_may_hold_code_reads_as_the_whole_parse(kinds: list[str]) -> None:
    lines = token_lines(kinds)
    nonblank = [index for index, line in enumerate(lines) if line.strip()]
    ours, whole = code_lines(lines), whole_parse(lines)
    assert [ours[n] for n in nonblank] == [whole[n] for n in nonblank]


def left_open_reference(
    lines: list[str], left_open_at: Callable[[int], bool]
) -> tuple[list[bool], list[int]]:
    """The whole text parsed; the first top-level fence that reaches a `left_open_at` line is
    left open, and the lines after its opening line parsed again as a text of their own."""
    code = [False] * len(lines)
    unclosed: list[int] = []
    offset = 0
    while offset < len(lines):
        for token in PARSER.parse("\n".join(lines[offset:])):
            if token.type not in ("fence", "code_block") or not token.map:
                continue
            start, end = token.map[0] + offset, token.map[1] + offset
            if token.type == "fence" and token.level == 0 and any(map(left_open_at, range(start + 1, end))):
                unclosed.append(start)
                for index in range(start, len(lines)):
                    code[index] = False
                offset = start + 1
                break
            for index in range(start, end):
                code[index] = True
        else:
            break
    return code, unclosed


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*LINE_KINDS, "1. **Q?**", "```a", "> x"]), max_size=20))
def test_fences_left_open_at_a_question_as_the_reference_reads_them(kinds: list[str]) -> None:
    lines = token_lines(kinds)

    def question_at(index: int) -> bool:
        return lines[index].startswith("1. **")

    found = read_code(lines, question_at)
    code, unclosed = left_open_reference(lines, question_at)
    nonblank = [index for index, line in enumerate(lines) if line.strip()]
    assert [found.lines[n] for n in nonblank] == [code[n] for n in nonblank]
    assert found.unclosed == unclosed


def test_link_collector_skips_exactly_the_code_github_shows() -> None:
    answer = (
        "```wc -l``` https://example.org/prose-after-span\n"
        "```\nhttps://example.org/in-fence\n````\nhttps://example.org/after-longer-closer\n\n"
        "para\n\n    https://example.org/indented-code\n\n"
        "- item\n\n    https://example.org/list-continuation\n\n"
        "- item\n\n      https://example.org/indented-code-in-item\n"
    )
    assert [url for _, url in urls_in_markdown(answer)] == [
        "https://example.org/prose-after-span",
        "https://example.org/after-longer-closer",
        "https://example.org/list-continuation",
    ]


def test_page_closes_a_fence_left_open_with_its_own_marker_and_indentation() -> None:
    assert close_open_fence("  ````js\n  x") == "  ````js\n  x\n  ````"
    assert close_open_fence("```\nx\n````") == "```\nx\n````"  # closed by a longer fence
    assert close_open_fence("> ```\n> x") == "> ```\n> x\n> ```"


# -- the page renderer's own fence rule (core/importer/fences.py: superfences, used by import) --------

TOKEN = re.compile(r"tok\d+x")


def superfences_code_tokens(doc: str) -> set[str]:
    html = markdown.markdown(
        doc,
        extensions=["pymdownx.superfences", "pymdownx.highlight"],
        extension_configs={"pymdownx.highlight": {"use_pygments": True}},
    )
    return set(TOKEN.findall(" ".join(re.findall(r"<pre.*?</pre>", html, re.DOTALL))))


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


def test_many_fences_left_open_in_one_answer() -> None:
    """Each opener is left open at the next question (50,000 of them): the first of a kind is
    parsed to the end, the others known from it. No clock: a quadratic read stalls the suite.
    In a quote they are one block that ends with the quote, as on GitHub: no finding."""
    for opener, close, left_open in (
        ("```a", "</details>", True),
        ("  ~~~a", "</details>", True),
        ("> ```a", "</details>", False),
    ):
        openers = [opener if k % 3 else opener.replace("a", "b") for k in range(50_000)]
        body = "\n".join(openers)
        text = f"1. **Q?**\n\n<details>\n<summary>Answer</summary>\n\n{body}\n\n{close}\n\n2. **Q2?**\n"
        # The reader itself: the loader then refuses an answer this large (core.reading.limits).
        parser = TopicParser(text, "t.md")
        topic = read_topic(parser)
        assert topic is not None and topic.questions[0].answer.startswith(body)
        codes = [(f.line, f.code) for f in parser.findings if f.code == "unclosed-fence"]
        assert codes == ([(n, "unclosed-fence") for n in range(6, 50_006)] if left_open else [])
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


INLINE = MarkdownIt("commonmark")


def commonmark_spans(line: str) -> list[str]:
    return [
        token.content for token in INLINE.parseInline(line)[0].children or [] if token.type == "code_inline"
    ]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "\\", "a", " ", "*"]), min_size=1, max_size=14).map("".join))
def test_code_spans_of_a_line_are_commonmarks(line: str) -> None:
    """Runs of the same length pair up; an escaped backtick is text and the rest of its run
    may still open a span; a backslash inside a span escapes nothing (the scanner took a
    whole run after a backslash for text)."""
    ours = []
    for start, end, ticks in code_spans(line):
        content = line[start + ticks : end - ticks]
        if len(content) > 2 and content[0] == content[-1] == " " and content.strip(" "):
            content = content[1:-1]  # CommonMark strips one space on each side
        ours.append(content)
    assert ours == commonmark_spans(line)


def test_code_samples_with_blank_lines_are_parsed_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A code sample whose blank line is followed by a line at the margin looks like the end of
    a stretch; parsing such a stretch again, with the rest of its batch, for each of 2,000
    samples read the file hundreds of times over (nodejs-basics' README: 6 s). Lines handed to
    the parser are counted (no clock), and the result is the whole parse's."""
    from mlprep_site.core.text import code as code_module

    sample = "```js\nfunction f() {\n\nreturn 1;\n}\n```"
    lines = "\n\n".join(f"{k}. Question {k}?\n\n{sample}\n\nSome text." for k in range(2_000)).split("\n")
    fed = 0
    real_parse = code_module.PARSER.parse

    def counted(src: str, env: object = None) -> object:
        nonlocal fed
        fed += src.count("\n") + 1
        return real_parse(src, env)

    monkeypatch.setattr(code_module.PARSER, "parse", counted)
    ours = read_code(lines).lines
    assert fed < 3 * len(lines)
    monkeypatch.setattr(code_module.PARSER, "parse", real_parse)
    assert ours == whole_parse(lines)


@pytest.mark.parametrize(
    "text",
    [
        "<!--\n\n```\n```",  # an HTML comment never closed holds what looks like a fence after it
        "<pre>\n\n```\ncode\n```\n\n</pre>",
        "```\n\n```\n\n```\n\n~~~\n```\n~~~",
    ],
)
def test_a_fence_after_a_block_that_runs_on_reads_as_the_whole_parse(text: str) -> None:
    lines = text.split("\n")
    assert code_lines(lines) == whole_parse(lines)
