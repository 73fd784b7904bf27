"""Links between a repository's topic files lead to the topics' pages on the site: markdown in,
page markdown out, and a strict build of folders that link to each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprep_site.core.domain.model import Bank, Question, Topic
from mlprep_site.site.blocks import SourceLinks
from mlprep_site.site.topic_links import TopicLinks
from tests.site_helpers import build_site, write_site


def topic(slug: str, source: str, *ids: str) -> Topic:
    questions = tuple(
        Question(id=qid, number=n, question=f"{qid}?", answer="A.") for n, qid in enumerate(ids, 1)
    )
    return Topic(slug=slug, title=slug, source=source, questions=questions)


BANK = Bank(
    (
        topic("gpu", "repo/gpu-engineering/README.md", "what-is-a-gpu"),
        topic("python-mlops", "repo/python-mlops/README.md", "what-is-the-gil"),
        topic("closures", "repo/js/closures.md", "what-is-a-closure"),
    )
)


def test_links_to_other_topics_files_lead_to_their_pages() -> None:
    links = TopicLinks(BANK)
    source = "repo/gpu-engineering/README.md"
    cases = [
        ("*Next → [Python](../python-mlops/README.md)*", "*Next → [Python](python-mlops.md)*"),
        ("[the folder](../python-mlops/)", "[the folder](python-mlops.md)"),
        ("[scope](../js/closures.md#lexical-scope)", "[scope](closures.md)"),  # a heading of the source
        ("[a question](../js/closures.md#what-is-a-closure)", "[a question](closures.md#what-is-a-closure)"),
        ("[ref]: <../js/closures.md>", "[ref]: <closures.md>"),
    ]
    for written, shown in cases:
        assert links.relinked(written, source) == shown
    unchanged = [
        "[site](https://example.org/python-mlops/README.md)",
        "[here](#what-is-a-gpu)",
        "`[code](../python-mlops/README.md)`",
        "```md\n[fenced](../python-mlops/README.md)\n```",
        "![diagram](images/gpu.png)",
    ]
    for written in unchanged:
        assert links.relinked(written, source) == written


def test_links_to_markdown_files_that_are_no_topic_lead_to_the_host_or_become_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guide or a CONTRIBUTING of the repository that the site does not publish: its page on
    the repository's host when the site knows it, else the link's text, with a note at its
    line. A link to a file that is not there stays, for MkDocs to report."""
    monkeypatch.chdir(tmp_path)  # the bank's sources are relative to the folder read from
    (tmp_path / "content" / "advanced").mkdir(parents=True)
    (tmp_path / "content" / "advanced" / "README.md").write_text("# A guide\n", encoding="utf-8")
    (tmp_path / "content" / "CONTRIBUTING.md").write_text("# Contributing\n", encoding="utf-8")
    written = "See [the guide](../advanced/README.md#setup), [rules](../CONTRIBUTING.md), [gone](../gone.md)."
    source = "content/gpu-engineering/README.md"
    question = Question(
        id="q", number=1, question="Q?", answer=f"First line.\n{written}", line=5, answer_line=7
    )
    bank = Bank((Topic(slug="gpu", title="GPU", source=source, questions=(question,)),))
    local = TopicLinks(bank)
    assert local.relinked(written, source) == "See the guide, rules, [gone](../gone.md)."
    assert local.as_text(bank) == [
        (source, 8, "../CONTRIBUTING.md"),
        (source, 8, "../advanced/README.md#setup"),
    ]
    hosted = TopicLinks(bank, SourceLinks.at("https://github.com/o/r/edit/main/content/"))
    assert hosted.relinked(written, source) == (
        "See [the guide](https://github.com/o/r/blob/main/content/advanced/README.md#setup), "
        "[rules](https://github.com/o/r/blob/main/content/CONTRIBUTING.md), [gone](../gone.md)."
    )
    assert hosted.as_text(bank) == []
    assert TopicLinks(bank).relinked("[all of it](../advanced/)", source) == "all of it"


def test_a_site_of_folders_that_link_to_each_other_builds_strictly(tmp_path: Path) -> None:
    def page(title: str, question: str, link: str) -> str:
        return f"# {title}\n\n## {question}\n\nAn answer.\n\n*Next → [{link}](../{link}/README.md)*\n"

    content = {
        "serving/README.md": page("Serving", "What is batching?", "training"),
        "training/README.md": page("Training", "What is a learning rate?", "guide"),
        "guide/README.md": "# A guide\n\nNo questions here.\n",
    }
    site = build_site(write_site(tmp_path, content), strict=True)
    serving = (site / "serving" / "index.html").read_text(encoding="utf-8")
    assert 'href="../training/"' in serving
