"""Near-duplicate tags: spelling variants, singular/plural, one extending the other, reported at
the rarer tag's first use with the other's name."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlprep_site.cli.main import main
from mlprep_site.core.domain.tags import similar_pairs
from mlprep_site.core.loader import load_bank

REPO_CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.mark.parametrize(
    ("tags", "pair"),
    [
        (["quantisation", "quantization"], ("quantisation", "quantization", "one letter apart")),
        (["labeling", "labelling"], ("labeling", "labelling", "one letter apart")),
        (["gpu", "gpus"], ("gpu", "gpus", "singular and plural")),
        (["batch", "batches"], ("batch", "batches", "singular and plural")),
        (["category", "categories"], ("category", "categories", "singular and plural")),
        (["shadow", "shadow-deployment"], ("shadow", "shadow-deployment", "one extends the other")),
        (["ab-testing", "a-b-testing"], ("a-b-testing", "ab-testing", "the same letters")),
        (["ci-cd", "CI/CD"], ("CI/CD", "ci-cd", "the same letters")),
    ],
)
def test_similar_pairs_found(tags: list[str], pair: tuple[str, str, str]) -> None:
    assert list(similar_pairs(tags)) == [pair]


@pytest.mark.parametrize(
    "tags",
    [
        ["batch", "match"],  # short words one letter apart are different words
        ["cost", "post"],
        ["encoder", "decoder"],
        ["scaling", "autoscaling"],  # a prefix only counts as a whole word
        ["drift", "data-drift"],  # ... at the start
        ["abxcdef", "abcydef"],  # share a deletion, but two letters apart
        ["monitoring", "monitor-ingestion"],
    ],
)
def test_distinct_tags_not_paired(tags: list[str]) -> None:
    assert list(similar_pairs(tags)) == []


def topic(name: str, tags_per_question: list[str]) -> str:
    questions = "\n".join(
        textwrap.dedent(
            f"""\
            {n}. **Question {n} of {name}?**
            <!-- mlprep: {{id: {name}-{n}, tags: [{tags}]}} -->

            <details>
            <summary>Answer</summary>

            An answer.

            </details>
            """
        )
        for n, tags in enumerate(tags_per_question, start=1)
    )
    return f"# Topic {name}\n\n{questions}"


def test_validate_warns_at_the_rarer_tag_naming_the_other(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(topic("a", ["quantization", "quantization, gpu"]), encoding="utf-8")
    (tmp_path / "b.md").write_text(topic("b", ["gpus, quantization", "quantisation"]), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output  # a warning: the bank is usable
    lines = (tmp_path / "b.md").read_text(encoding="utf-8").split("\n")
    gpus_line = lines.index("1. **Question 1 of b?**") + 1
    quantisation_line = lines.index("2. **Question 2 of b?**") + 1
    assert (
        f"{tmp_path / 'b.md'}:{quantisation_line}:1: warning: tag 'quantisation' (1 use) looks like "
        "'quantization' (3 uses): one letter apart; use one of them [similar-tags]"
    ) in result.output
    # a tie (one use each): the later one in the bank is the one to rename
    assert (
        f"{tmp_path / 'b.md'}:{gpus_line}:1: warning: tag 'gpus' (1 use) looks like 'gpu' (1 use)"
    ) in result.output
    _, findings = load_bank([tmp_path])
    assert sorted(f.subject or "" for f in findings) == ["gpus", "quantisation"]


def test_bundled_tags_are_few_and_shared() -> None:
    bank, findings = load_bank([REPO_CONTENT])
    assert not [f for f in findings if f.code == "similar-tags"]
    uses = Counter(
        tag for t in bank.topics for tag in (*t.tags, *(tag for q in t.questions for tag in q.tags))
    )
    assert len(uses) <= 45
    assert [tag for tag, count in uses.items() if count < 2] == []


def test_only_the_most_used_tags_are_compared_with_a_warning_that_names_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Generated tags by the hundred thousand made the check cost seconds per MB: the most
    used `MAX_COMPARED_TAGS` are compared (a near-duplicate among them is still found) and one
    warning says how many there are, at the first tag left out."""
    from mlprep_site.core.domain import tags
    from mlprep_site.core.domain.model import Question, Topic

    monkeypatch.setattr(tags, "MAX_COMPARED_TAGS", 50)
    rare = [f"generated-{n:04d}" for n in range(200)]
    shared = ("quantisation", "quantization", "quantization")  # used by every question
    questions = tuple(
        Question(f"q{i}", i + 1, "Q?", tags=(*shared[: 2 + i % 2], name)) for i, name in enumerate(rare)
    )
    compared: list[str] = []
    real_pairs = tags.similar_pairs
    monkeypatch.setattr(tags, "similar_pairs", lambda names: real_pairs(compared.extend(names) or compared))
    findings = tags.tag_findings([Topic("t", "T", "t.md", questions)])
    assert len(compared) == 50 and {"quantisation", "quantization"} <= set(compared)
    too_many = [f for f in findings if f.code == "too-many-tags"]
    assert (
        len(too_many) == 1 and "the bank has 202 distinct tags; only the 50 most used" in too_many[0].message
    )
    assert too_many[0].subject == "generated-0048"  # the first of the tags used once
    assert any(f.code == "similar-tags" and f.subject == "quantisation" for f in findings)


def test_a_tag_that_extends_another_is_said_but_not_warned(tmp_path: Path) -> None:
    """`capacity` beside `capacity-planning` may be a taxonomy on purpose: an info finding, so a
    repository's strict build does not fail on it; a spelling variant stays a warning."""
    question = "{n}. **Question {n}?**\n<!-- mlprep: {{tags: [{tag}]}} -->\n\n<details>\n<summary>Answer</summary>\n\nA.\n\n</details>\n"
    tags = ["capacity", "capacity-planning", "quantisation", "quantization", "quantization"]
    text = "\n".join(question.format(n=n, tag=tag) for n, tag in enumerate(tags, start=1))
    (tmp_path / "t.md").write_text(f"# T\n\n{text}", encoding="utf-8")
    _, findings = load_bank([tmp_path])
    similar = sorted((f.subject, f.severity) for f in findings if f.code == "similar-tags")
    assert similar == [("capacity-planning", "info"), ("quantisation", "warning")]
