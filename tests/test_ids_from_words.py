"""Question ids come from the words a reader sees, are unique across the whole bank whatever
form each file asks in, and stay as they are when other questions or topics are added."""

from __future__ import annotations

from pathlib import Path

from mlprep_site.core.loader import load_bank

ASKED = "What does <code>ls -al</code> print in [Linux](https://kernel.org/docs)?"
WORDS_ID = "what-does-ls-al-print-in-linux"

# The same two questions written in each form a file can ask in.
FORMS = {
    "a-headings.md": "# Headings\n\n### {q}\n\nA listing.\n\n### Why?\n\nBecause.\n",
    "b-summary.md": (
        "# Summary\n\n<details>\n<summary>{q}</summary>\n\nA listing.\n</details>\n\n"
        "<details>\n<summary>Why?</summary>\n\nBecause.\n</details>\n"
    ),
    "c-bold.md": "# Bold\n\n**{q}**\n\nA listing.\n\n**Why?**\n\nBecause.\n",
    "d-list.md": "# List\n\n- **{q}**\n- **Why?**\n",
    "e-canonical.md": (
        "# Canonical\n\n1. **{q}**\n\n<details>\n<summary>Answer</summary>\n\nA listing.\n\n</details>\n\n"
        "2. **Why?**\n\n<details>\n<summary>Answer</summary>\n\nBecause.\n\n</details>\n"
    ),
    "f-table.md": "# Table\n\n| Question | Answer |\n|---|---|\n| {q} | A listing. |\n| Why? | Because. |\n",
}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text.replace("{q}", ASKED), encoding="utf-8")
    return folder


def ids(folder: Path) -> dict[str, list[str]]:
    bank, findings = load_bank([folder])
    assert not [f for f in findings if f.severity == "error"], findings
    return {topic.slug: [q.id for q in topic.questions] for topic in bank.topics}


def test_each_form_derives_the_id_from_the_words_and_the_bank_keeps_them_apart(tmp_path: Path) -> None:
    found = ids(write(tmp_path / "content", FORMS))
    assert found == {
        "a-headings": [WORDS_ID, "why"],
        **{
            name.removesuffix(".md"): [
                f"{WORDS_ID}-{name.removesuffix('.md')}",
                f"why-{name.removesuffix('.md')}",
            ]
            for name in list(FORMS)[1:]
        },
    }
    every = [qid for topic_ids in found.values() for qid in topic_ids]
    assert len(every) == len(set(every))
    assert not any("http" in qid or "kernel" in qid or "code" in qid for qid in every)


def test_ids_stay_when_questions_and_topics_are_added_before_them(tmp_path: Path) -> None:
    before = ids(write(tmp_path / "content", FORMS))
    grown = {
        name: text.replace("\n\n", "\n\n" + extra, 1)
        for (name, text), extra in zip(
            FORMS.items(),
            [
                "### What is new?\n\nNew.\n\n",
                "<details>\n<summary>What is new?</summary>\n\nNew.\n</details>\n\n",
                "**What is new?**\n\nNew.\n\n",
                "- **What is new?**\n",
                "",
                "",
            ],
            strict=True,
        )
    }
    # A topic that sorts first, and a question that comes before the others in each file.
    grown["0-first.md"] = "# First\n\n### What is a shell?\n\nA program.\n"
    after = ids(write(tmp_path / "grown", grown))
    assert after.pop("0-first") == ["what-is-a-shell"]
    added = [qid for topic_ids in after.values() for qid in topic_ids if qid.startswith("what-is-new")]
    assert len(added) == 4  # read in each of the four files it was added to
    for slug, old in before.items():
        assert [qid for qid in after[slug] if not qid.startswith("what-is-new")] == old, slug


def test_an_id_suffixed_with_a_long_topic_slug_stays_within_the_id_rule() -> None:
    """A topic slug made from a deep path (`kubernetes-exercises-labels-and-selectors-exercise`)
    made `<id>-<slug>` longer than an id may be: what import wrote did not read back."""
    from mlprep_site.core.domain.model import Question, Topic
    from mlprep_site.core.domain.rules import ID_MAX_LENGTH, id_problem
    from mlprep_site.core.text.ids import separate_derived_ids

    qid = "how-to-list-all-deployments-from-env-prod-and-type-web"
    slugs = [
        "kubernetes-exercises-labels-and-selectors-exercise",
        "kubernetes-exercises-labels-and-selectors-solution",
    ]
    topics = [
        Topic(slug, slug, f"{slug}.md", (Question(qid, 1, "Q?", id_derived=True),)) for slug in ["a", *slugs]
    ]
    ids = [t.questions[0].id for t in separate_derived_ids(topics)]
    assert ids[0] == qid and len(set(ids)) == 3
    assert all(len(i) <= ID_MAX_LENGTH and id_problem(i) is None for i in ids), ids
    assert ids == [t.questions[0].id for t in separate_derived_ids(topics)]  # stable
    short = [Topic(s, s, f"{s}.md", (Question("what-is-x", 1, "Q?", id_derived=True),)) for s in ["a", "b"]]
    assert [t.questions[0].id for t in separate_derived_ids(short)] == ["what-is-x", "what-is-x-b"]
