"""An answer's footnote and link reference labels made its own (`answers.labels`): markdown in,
the renamed markdown out, and what GitHub (cmark-gfm) and the page show of it side by side,
unchanged: the same structure, visible text, link targets and footnote numbers."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprep_site.answers.labels import scoped_labels
from tests.parity import structure


def gfm(text: str) -> str:
    """GitHub's HTML: cmark-gfm with its extensions and footnotes, raw HTML kept."""
    import cmarkgfm  # type: ignore[import-untyped]  # the test extra's; it ships no types
    from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=options))


def page(text: str) -> str:
    return markdown.Markdown(extensions=["footnotes", "tables", "fenced_code"]).convert(text)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.numbers: list[str] = []
        self._in_ref = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href, src = found.get("href") or "", found.get("src") or ""
        if tag == "a" and href.startswith("#"):  # a footnote's: its number is what shows
            self._in_ref = "footnote-ref" in (found.get("class") or "") or "data-footnote-ref" in found
        elif tag in ("a", "img"):
            self.targets.append(href or src)

    def handle_data(self, data: str) -> None:
        if self._in_ref:
            self.numbers.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ref = False


BACKREF_RE = re.compile(r"<a [^>]*footnote-backref[^>]*>.*?</a>", re.DOTALL)


def seen(html: str) -> tuple[object, list[str], list[str]]:
    """What a reader sees: the structure and text, where links lead, the footnote numbers."""
    links = _Links()
    links.feed(html)
    # A note's way back (↩) is drawn otherwise by each renderer when it is cited twice.
    return structure(BACKREF_RE.sub("", html)), links.targets, links.numbers


def case(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


CASES = {
    "full, collapsed and shortcut references": case(
        """
        See [the paper][1], [Docs][] and [docs], and an image ![logo][img].

        [1]: https://a.example/paper "Title"
        [docs]: https://a.example/docs
        [img]: https://a.example/logo.png
        """
    ),
    "labels matched without case and spacing": case(
        """
        A [Link  Label] and [x][LINK label].

        [link label]: https://a.example/
        """
    ),
    "a linked image as a reference's text": case(
        """
        [![badge](https://a.example/b.svg)][home]

        [home]: https://a.example/
        """
    ),
    "footnotes, one cited twice": case(
        """
        One[^a] and two[^note] and one again[^a].

        [^a]: The first note.
        [^note]: The *second* note.
        """
    ),
    "code keeps its brackets": case(
        """
        In code `[docs]` and `[^a]`, outside [docs] and[^a].

        ```text
        [docs] [^a]
        [docs]: https://b.example/
        ```

            [docs][]

        [docs]: https://a.example/docs
        [^a]: A note.
        """
    ),
    "undefined labels stay as written": case(
        """
        [undefined] and [x][nothing] and [^none], [docs](https://inline.example) and [docs].

        [docs]: https://a.example/docs
        """
    ),
    "a footnote's number then a reference": case(
        """
        Text[^1][docs] and a quote:

        > [docs] inside a quote.

        [^1]: Note.
        [docs]: https://a.example/docs
        """
    ),
    "definitions in a list and a quote": case(
        """
        - item with [inner]

          [inner]: https://a.example/inner

        > [quoted]
        >
        > [quoted]: https://a.example/quoted
        """
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_scoped_labels_show_on_github_as_before(name: str) -> None:
    text = CASES[name]
    scoped = scoped_labels(text, "q-1")
    assert scoped.markdown != text
    assert seen(gfm(scoped.markdown)) == seen(gfm(text))


@pytest.mark.parametrize("name", CASES)
def test_scoped_labels_show_on_the_page_as_before(name: str) -> None:
    text = CASES[name]
    assert seen(page(scoped_labels(text, "q-1").markdown)) == seen(page(text))


def test_definitions_and_uses_are_renamed_and_nothing_else() -> None:
    scoped = scoped_labels(CASES["code keeps its brackets"], "q-1")
    assert scoped.markdown == case(
        """
        In code `[docs]` and `[^a]`, outside [docs][q-1:docs] and[^q-1:a].

        ```text
        [docs] [^a]
        [docs]: https://b.example/
        ```

            [docs][]

        [q-1:docs]: https://a.example/docs
        [^q-1:a]: A note.
        """
    )
    assert scoped.footnotes == ["q-1:a"]


def test_two_answers_with_the_same_labels_keep_their_own_targets_in_one_document() -> None:
    """What the page gains: two answers in one conversion no longer share `[1]` or `[^1]`."""
    one = "A [link][1] and a note[^1].\n\n[1]: https://one.example/\n[^1]: Note one."
    two = "A [link][1] and a note[^1].\n\n[1]: https://two.example/\n[^1]: Note two."
    html = page(scoped_labels(one, "q1").markdown + "\n\n" + scoped_labels(two, "q2").markdown)
    assert seen(html)[1] == ["https://one.example/", "https://two.example/"]
    assert re.findall(r"Note (?:one|two)", html) == ["Note one", "Note two"]
    shared = page(one + "\n\n" + two)  # without scoping: one target, one note
    assert seen(shared)[1] == ["https://two.example/"] * 2 and "Note one" not in shared


def test_text_without_definitions_is_returned_as_is() -> None:
    text = "No [definitions] here, [^x] neither."
    assert scoped_labels(text, "q").markdown is text
    assert scoped_labels("[^a]: x and [^a]", "q", footnotes=False).markdown == "[^a]: x and [^a]"


LABELS = ("1", "Docs", "docs", "a b", "x")
PIECES = st.sampled_from(
    [
        "See [{0}] here.",
        "A [text][{0}] link.",
        "Collapsed [{0}][] link.",
        "Image ![alt][{0}].",
        "Note[^{1}] cited.",
        "Inline [{0}](https://inline.example/) link.",
        "`[{0}]` in a span.",
        "```\n[{0}]\n[{0}]: https://code.example/\n```",
        "- item [{0}]\n- [^{1}]",
        "> quoted [{0}]",
    ]
)
DEFINITIONS = st.sampled_from(
    ["[{0}]: https://def.example/{1}", '[{0}]: <https://def.example/{1}> "T"', "[^{2}]: Note {1}."]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(PIECES, st.sampled_from(LABELS)), min_size=1, max_size=5),
    st.lists(st.tuples(DEFINITIONS, st.sampled_from(LABELS)), min_size=1, max_size=4),
)
def test_any_mix_of_labels_shows_as_before(
    uses: list[tuple[str, str]], definitions: list[tuple[str, str]]
) -> None:
    """Notes' labels in one case here (GitHub matches them in any case, Python-Markdown not:
    see the next test)."""
    text = "\n\n".join(piece.format(label, label.lower()) for piece, label in uses)
    text += "\n\n" + "\n\n".join(
        form.format(label, n, label.lower()) for n, (form, label) in enumerate(definitions)
    )
    scoped = scoped_labels(text, "q-1").markdown
    github = seen(gfm(text))
    assert seen(gfm(scoped)) == github
    # The page shows what it showed, or now what GitHub shows where it did not (a note cited
    # as `[^Docs]` and defined as `[^docs]`: GitHub matches labels in any case).
    before, after = seen(page(text)), seen(page(scoped))
    assert after[1] == before[1]  # the links lead where they led
    assert (after[0], after[2]) in ((before[0], before[2]), (github[0], github[2]))


def test_a_note_cited_in_another_case_is_cited_on_the_page_as_on_github() -> None:
    text = "Note[^Docs] cited.\n\n[^docs]: The note."
    scoped = scoped_labels(text, "q-1").markdown
    assert scoped == "Note[^q-1:docs] cited.\n\n[^q-1:docs]: The note."
    assert seen(gfm(scoped)) == seen(gfm(text)) == seen(page(scoped))
    assert "[^Docs]" in page(text)  # before: shown as written on the page only
