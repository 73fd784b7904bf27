"""Nothing is lost: markdown → model → YAML/JSON → model, and model → markdown → model."""

from __future__ import annotations

import json
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import DIFFICULTIES, Bank, Question, Reference, Topic
from mlprep_site.core.loader import check_bank, decode_source, parse_markdown
from mlprep_site.core.storage.bank_data import dump_json, dump_yaml, parse_yaml_bank
from mlprep_site.core.storage.canonical_markdown import render_markdown
from mlprep_site.core.text import safe_yaml
from mlprep_site.core.text.code import read_code


def reload_markdown(topic: Topic) -> Topic:
    again, findings = parse_markdown(render_markdown(topic), topic.source)
    assert [f for f in findings if f.code != "unanswered"] == []
    assert again is not None
    return again


def test_seed_round_trips_through_yaml_json_and_markdown(seed_text: str) -> None:
    topic, _ = parse_markdown(seed_text, "seed.md")
    bank = Bank((topic,))
    from_yaml, findings = parse_yaml_bank(dump_yaml(bank), "bank.yaml")
    assert findings == [] and from_yaml == bank
    from_json, findings = parse_yaml_bank(dump_json(bank), "bank.json")
    assert findings == [] and from_json == bank
    assert reload_markdown(topic) == topic
    # Byte for byte, not merely equal: the answer text with its trailing spaces.
    assert reload_markdown(topic).questions[0].answer == topic.questions[0].answer


def test_descriptions_and_reference_titles_with_markdown_punctuation_round_trip() -> None:
    """A description line of `...` (a YAML end marker when it starts its line) and reference
    titles with brackets or backslashes come back from canonical markdown as they went in."""
    text = (
        "Intro to the topic\n...\nmore intro\n\n1. **Q**\n<!-- mlprep: {id: q} -->\n\n"
        "<details>\n<summary>Answer</summary>\n\nA\n\n</details>\n\n## References\n\n"
        '- [](https://e.org/x "Chapter [3] notes")\n- [C:\\path \\\\x](https://e.org/y)\n'
    )
    topic, findings = parse_markdown(text, "t.md")
    assert findings == [] and topic is not None
    assert topic.description == "Intro to the topic\n...\nmore intro"
    assert [r.title for r in topic.references] == ["Chapter [3] notes", "C:\\path \\x"]
    again, findings = parse_markdown(render_markdown(topic), "t.md")
    assert findings == [] and again == topic


def test_json_shape(seed_text: str) -> None:
    topic, _ = parse_markdown(seed_text, "seed.md")
    data = json.loads(dump_json(Bank((topic,))))
    assert data["schema"] == 2
    first = data["topics"][0]
    assert {"slug", "title", "source", "questions", "references"} <= first.keys()
    assert {"id", "number", "question", "answer", "tags", "difficulty", "line"} <= first["questions"][
        0
    ].keys()
    assert first["questions"][2]["answer"] is None and first["questions"][2]["line"] == 34
    assert first["references"][0] == {
        "index": 1,
        "url": topic.references[0].url,
        "title": None,
        "line": 77,
    }


def test_yaml_bank_shape_errors_have_lines() -> None:
    text = "schema: 1\ntopics:\n- slug: a\n  title: A\n  questions:\n  - id: q\n    question: Q?\n    number: one\n"
    bank, findings = parse_yaml_bank(text, "bank.yaml")
    assert [(f.line, f.code) for f in findings] == [(8, "bank-shape")]
    assert "topics[0].questions[0].number" in findings[0].message


def test_a_yaml_bank_topic_with_one_id_twice_is_an_error_at_its_line() -> None:
    """Markdown files report a repeated id as they are read; a bank's topic must too (both
    questions would take one anchor on the page)."""
    text = (
        "schema: 2\ntopics:\n- slug: a\n  title: A\n  questions:\n"
        "  - {id: q1, number: 1, question: Q?, answer: A}\n  - {id: q1, number: 2, question: R?, answer: B}\n"
    )
    _, findings = parse_yaml_bank(text, "bank.yaml")
    assert [(f.line, f.severity) for f in findings] == [(7, "error")]
    assert "question id 'q1' already used by question 1 of this topic" in findings[0].message


# Arbitrary text never makes the loader raise: every problem is a finding.
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "---",
                    "1. **Q?**",
                    "11. **11. Q?**",
                    "<details>",
                    "<details open>",
                    "</details>",
                    "<summary>Answer</summary>",
                    "<details><summary>Answer</summary>x</details>",
                    "```",
                    "~~~",
                    "    code",
                    "<!-- mlprep: {id: a} -->",
                    "<!-- mlprep: [",
                    "-->",
                    "## References",
                    "[1]. https://example.org \\",
                    "- [t](javascript:x)",
                    "# Title",
                    "title: [x",
                    "\r",
                    "\ufeff",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_arbitrary_text_never_raises(lines: list[str]) -> None:
    topic, findings = parse_markdown("\n".join(lines), "fuzz.md")
    assert all(isinstance(f, Finding) and f.line >= 1 for f in findings)
    if topic is not None:
        check_bank([topic])


@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    text, findings = decode_source(data, "fuzz.md")
    if text is not None:
        parse_markdown(text, "fuzz.md")
        parse_yaml_bank(text, "fuzz.yaml")


# Arbitrary valid banks round-trip exactly.
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " ,.?'\"&<>()/:;!é–", min_size=1, max_size=30)
KEBAB = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


def question_text() -> st.SearchStrategy[str]:
    return WORDS.map(str.strip).filter(lambda t: t and not t[0].isdigit())


ANSWER_LINE = st.one_of(
    st.text(alphabet=string.ascii_letters + " *-_#|:.,()'\"", max_size=30),
    st.sampled_from(
        [
            "",
            "    indented code",
            "| a | b |",
            "|---|---|",
            "1. **Looks like a question**",
            "## A heading inside an answer",
            "```python\nprint('</details>')\n```",
            # a blank line ends the HTML block: a fence right after it would be HTML to GitHub
            "<details><summary>Hint</summary>\nnested\n</details>\n",
            "trailing spaces   ",
        ]
    ),
)


@st.composite
def answers(draw: st.DrawFn) -> str | None:
    lines = draw(st.lists(ANSWER_LINE, max_size=6))
    text = "\n".join(lines)
    parts = text.split("\n")
    while parts and not parts[0].strip():
        parts.pop(0)
    while parts and not parts[-1].strip():
        parts.pop()
    return "\n".join(parts) or None


BODY_LINE = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.?]{0,20}", fullmatch=True),
    st.from_regex(r"- [a-z][a-z0-9 ]{0,12}", fullmatch=True),
    st.sampled_from(["```python", "x = 1", "```", "    indented"]),
)


@st.composite
def question_bodies(draw: st.DrawFn) -> str | None:
    """A question's extra lines: text, list items, code; never a blank edge."""
    lines = draw(st.lists(st.one_of(BODY_LINE, st.just("")), max_size=4))
    text = "\n".join(lines).strip("\n")
    if any(not fence.closed for fence in read_code(text.split("\n")).fences):  # an error in a body
        return None
    return text if text.strip() and text == text.strip("\n ") else None


@st.composite
def sections(draw: st.DrawFn, count: int) -> list[str | None]:
    """Sections as the loader yields them: none at first, then contiguous named runs."""
    unsectioned = draw(st.integers(0, count))
    names = st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8})?", fullmatch=True)
    result: list[str | None] = [None] * unsectioned
    while len(result) < count:
        name = draw(names.filter(lambda n: "reference" not in n.lower()))
        result += [name] * draw(st.integers(1, count - len(result)))
    return result


# Reference titles: one line of text, with what YAML quotes (`:`, `#`, quotes, brackets, `-->`).
REF_TITLE = st.one_of(
    st.none(),
    KEBAB,
    WORDS.filter(lambda t: t.strip()),
    st.sampled_from(["src", "x: y, #z", 'it\'s "q"', "[1]", "{a}", "null", "1", "a -->", " é "]),
)


@st.composite
def question_references(draw: st.DrawFn) -> tuple[Reference, ...]:
    """A question's own references: numbered in order mostly, an explicit index at times."""
    count = draw(st.integers(0, 3))
    indexes = draw(
        st.one_of(
            st.just(list(range(1, count + 1))), st.lists(st.integers(0, 99), min_size=count, max_size=count)
        )
    )
    return tuple(
        Reference(
            index=index, url=f"https://example.org/{draw(KEBAB)}?q={draw(KEBAB)}", title=draw(REF_TITLE)
        )
        for index in indexes
    )


@st.composite
def topics(draw: st.DrawFn, slug: str) -> Topic:
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(KEBAB, min_size=count, max_size=count, unique=True))
    numbers = draw(st.lists(st.integers(1, 999), min_size=count, max_size=count, unique=True))
    questions = tuple(
        Question(
            id=f"{slug}-{qid}",
            number=number,
            question=draw(question_text()),
            answer=draw(answers()),
            tags=tuple(draw(st.lists(KEBAB, max_size=3))),
            difficulty=draw(st.one_of(st.none(), st.sampled_from(DIFFICULTIES))),
            section=section,
            question_body=draw(question_bodies()),
            references=draw(question_references()),
        )
        for qid, number, section in zip(ids, numbers, draw(sections(count)), strict=True)
    )
    references = tuple(
        Reference(index=i, url=f"https://example.org/{draw(KEBAB)}", title=draw(st.one_of(st.none(), KEBAB)))
        for i in range(1, draw(st.integers(0, 3)) + 1)
    )
    return Topic(
        slug=slug,
        title=draw(question_text()),
        source=f"{slug}.md",
        questions=questions,
        references=references,
        description=draw(st.one_of(st.none(), question_text())),
        order=draw(st.one_of(st.none(), st.integers(0, 50))),
        tags=tuple(draw(st.lists(KEBAB, max_size=3))),
    )


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    slugs = draw(st.lists(KEBAB, min_size=1, max_size=3, unique=True))
    return Bank(tuple(draw(topics(slug)) for slug in slugs))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_valid_banks_round_trip_exactly(bank: Bank) -> None:
    from_yaml, findings = parse_yaml_bank(dump_yaml(bank), "bank.yaml")
    assert findings == [] and from_yaml == bank
    from_json, findings = parse_yaml_bank(dump_json(bank), "bank.json")
    assert findings == [] and from_json == bank
    assert yaml.safe_load(dump_yaml(bank)) == json.loads(dump_json(bank))
    for topic in bank.topics:
        assert reload_markdown(topic) == topic


# The loader reads plain `{id: x, tags: [a, b]}` comments without YAML; it must agree with YAML.
@given(
    st.dictionaries(
        st.sampled_from(["id", "tags", "difficulty", "yes", "x1"]),
        st.one_of(
            st.text(alphabet="abyesnoNtrue-_1é :#[]{},'\"", max_size=8),
            st.lists(st.text(alphabet="abyesno-_1 ,", max_size=6), max_size=3),
        ),
        max_size=3,
    )
)
def test_fast_metadata_reader_agrees_with_yaml(data: dict) -> None:
    from mlprep_site.core.reading.meta import _simple_flow_mapping

    def item(value: object) -> str:
        return "[" + ", ".join(value) + "]" if isinstance(value, list) else str(value)

    text = "{" + ", ".join(f"{k}: {item(v)}" for k, v in data.items()) + "}"
    fast = _simple_flow_mapping(text)
    if fast is not None:
        assert fast == yaml.safe_load(text)


_FLOW_WELL_FORMED = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,5}", fullmatch=True),
    st.builds("'https://{}'".format, st.from_regex(r"[a-z0-9./?#&=-]{0,10}", fullmatch=True)),
    st.integers(min_value=0, max_value=99).map(str),
)
_FLOW_ODD = st.one_of(
    st.text(alphabet="abyesnoNtrue-_1é:#", min_size=1, max_size=6),
    st.builds("'{}'".format, st.text(max_size=8)),  # quotes, `''`, control characters, breaks
    st.builds("'https://{}'".format, st.text(alphabet="ab/:?#&[]{},' \t\x85\u2028\ufeff", max_size=8)),
    st.integers(min_value=-5, max_value=10**10).map(str),
    st.sampled_from(["012", "1.5", "0x1f", "~", "''", "'a''b'", "-", "[]", "{}", "yes", "No"]),
)


@st.composite
def _flow_texts(draw: st.DrawFn) -> str:
    """A question comment's flow mapping: mostly what `import` writes, sometimes not quite
    (odd scalars, tabs, breaks, missing spaces), the fast reader's input either way."""

    def odd() -> bool:
        return draw(st.integers(0, 9)) == 0

    def scalar() -> str:
        return draw(_FLOW_ODD if odd() else _FLOW_WELL_FORMED)

    def joined(items: list[str], opener: str, closer: str) -> str:
        comma = draw(st.sampled_from([",", " , ", ",\t", ",\n"])) if odd() else ", "
        trailing = "," if odd() else ""
        return opener + comma.join(items) + trailing + closer

    def pair(value: str) -> str:
        key = draw(st.sampled_from(["id", "refs", "url", "title", "index", "yes", "é1", "1"]))
        return (
            key
            + (draw(st.sampled_from([":", " : ", ":  ", ":\t", ":\n", "\n: ", " \n : "])) if odd() else ": ")
            + value
        )

    def mapping() -> str:
        return joined([pair(scalar()) for _ in range(draw(st.integers(0, 3)))], "{", "}")

    def value() -> str:
        kind = draw(st.sampled_from(["scalar", "list", "references"]))
        if kind == "scalar":
            return scalar()
        items = [mapping() if kind == "references" and draw(st.booleans()) else scalar()]
        items += [scalar() for _ in range(draw(st.integers(0, 2)))]
        return joined(items, "[", "]")

    pairs = [pair(value()) for _ in range(draw(st.integers(1, 3)))]
    spaces = st.sampled_from(["", " ", "\t", "\n", " \n "])
    return draw(spaces) + joined(pairs, "{", "}") + draw(spaces)


@settings(max_examples=1000, deadline=None)
@given(_flow_texts())
def test_fast_reader_of_references_agrees_with_yaml(text: str) -> None:
    """Comments with quoted URLs, reference mappings and numbers (as `import` writes them) are
    read without YAML too; whatever the fast reader returns is what YAML reads."""
    from mlprep_site.core.reading.meta import _simple_flow_mapping

    fast = _simple_flow_mapping(text)
    if fast is None:
        return
    assert fast == yaml.safe_load(text)  # PyYAML's pure-Python loader …
    assert fast == safe_yaml.load(text)  # … and the one content is read with (libyaml's, if any)


def test_fast_reader_reads_imported_references() -> None:
    from mlprep_site.core.reading.meta import _simple_flow_mapping

    text = "{id: q, refs: ['https://a.example/x?y=1#z', {url: 'https://b.example/', title: src, index: 3}]}"
    expected = {
        "id": "q",
        "refs": ["https://a.example/x?y=1#z", {"url": "https://b.example/", "title": "src", "index": 3}],
    }
    assert _simple_flow_mapping(text) == expected == yaml.safe_load(text)
    assert _simple_flow_mapping("{id:abc}") is None  # YAML reads one word `id:abc` there
    assert _simple_flow_mapping("{id\n: abc}") is None  # a key's colon on its own line: an error


_WORDS = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True),
    st.sampled_from(["yes", "No", "ON", "null", "True", "y", "n", "1e3", "-a", "a-", "é", "0x1f", "~"]),
    st.text(max_size=6),
    st.from_regex(r"[a-zA-Z][a-z+.-]{0,3}://[ -~é]{0,12}", fullmatch=True),  # references
    st.integers(),
    st.booleans(),
)
_REFERENCES = st.dictionaries(st.sampled_from(["url", "title", "index", "no"]), _WORDS, max_size=3)


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "tags", "difficulty", "refs", "yes", "1"]),
        st.one_of(_WORDS, st.lists(_WORDS, max_size=3), st.lists(_REFERENCES, max_size=2)),
        max_size=3,
    )
)
def test_question_comment_writes_what_yaml_writes(data: dict[str, object]) -> None:
    """The render path writes plain `{id: …, tags: […]}` comments itself; byte for byte what
    the YAML writer writes for them (PyYAML's, double-quoting what YAML reads as a line break:
    core.text.lines), and everything else goes to that writer."""
    from mlprep_site.core.storage.canonical_markdown import _flow_yaml

    expected = safe_yaml.dump(data, default_flow_style=True, sort_keys=False, width=10**9).strip()
    assert _flow_yaml(data) == expected
    assert yaml.safe_load(expected) == data  # and it reads back
