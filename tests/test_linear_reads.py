"""Each line of a file is read a bounded number of times, however many blocks, sections or
fences the file holds: the readers' lines are counted as they are read (no clock). A reader
that reads on to the end of the file for each block or section reads each line about as many
times as the file has blocks (here 2,000)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, SupportsIndex

import pytest

from mlprep_site.core.reading.canonical import TopicParser
from mlprep_site.core.reading.topic_file import read_topic

N = 2_000
BOUND = 40  # reads per line; today's readers need up to about 15 (an answer shortcut's window)


class CountingList(list[str]):
    """A file's lines that count each line handed out, by index, slice or iteration."""

    reads = 0

    def __getitem__(self, key: SupportsIndex | slice) -> Any:
        item = super().__getitem__(key)
        self.reads += len(item) if isinstance(key, slice) else 1
        return item

    def __iter__(self) -> Iterator[str]:
        for item in super().__iter__():
            self.reads += 1
            yield item


def reads_per_line(text: str, dialect: str | None = None) -> float:
    parser = TopicParser(text, "t.md", dialect)
    lines = parser.lines = CountingList(parser.lines)
    read_topic(parser)
    return lines.reads / len(lines)


def question(k: int, close: str = "</details>", answer: str = "") -> str:
    return f"{k}. **Question {k}?**\n\n<details>\n<summary>Answer</summary>\n\n{answer or k}\n\n{close}\n"


CASES = {
    "answers closed with a typo": ("\n".join(question(k, "</detail>") for k in range(1, N + 1)), None),
    "typos between answers that close": (
        "\n".join(question(k, "</detail>" if k % 2 else "</details>") for k in range(1, N + 1)),
        None,
    ),
    "sections of unclosed blocks": (
        "".join(f"## S{k}\n\n<details>\n<summary>Answer</summary>\n\nx\n\n</detail>\n" for k in range(N))
        + question(1),
        None,
    ),
    "summary blocks closed with a typo": (
        "".join(f"<details>\n<summary>Q {k}?</summary>\n\nA {k}.\n\n</detail>\n\n" for k in range(N)),
        "summary",
    ),
    "reference sections": ("## References\n- [a](https://example.org/a)\n" * N, None),
    "fences left open in an answer": (question(1, answer="\n".join(["```a"] * N)) + question(2), None),
    "question bodies with fences left open": (
        "".join(f"{k}. **Question {k}?**\n\n```a\n\n" for k in range(1, N + 1)) + question(N + 1),
        None,
    ),
    "question bodies with code showing details": (
        "".join(
            f"{k}. **Q {k}?**\n\n```html\n<details>\n<summary>S</summary>\n```\n\n<details>\n"
            f"<summary>Answer</summary>\n\n{k}\n\n</details>\n"
            for k in range(1, N + 1)
        ),
        None,
    ),
    "a question body of indented fences given up": (
        "1. **Q?**\n\n" + "- item\n\n    ```a\nx\n" * N + "\n" + question(2),
        None,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_line_is_read_a_bounded_number_of_times(name: str) -> None:
    text, dialect = CASES[name]
    assert reads_per_line("# T\n\n" + text, dialect) < BOUND
