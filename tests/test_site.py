"""End-to-end: real small sites built by MkDocs with the mlprep plugin, asserted on the HTML."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from mlprep_site.core.loader import load_bank
from mlprep_site.core.text.inline import plain_text
from mlprep_site.site.bundle import ASSETS_DIR, SITE_SOURCES, STUDY_SOURCES
from tests.site_helpers import (
    HOSTILE,
    REPO_URL,
    SAMPLE_CONTENT,
    SAMPLE_QUESTION_IDS,
    SECOND_TOPIC,
    build_site,
    write_site,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTION_RE = re.compile(r'<details class="mlprep-question[^"]*"[^>]*>')
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample-site")
    return build_site(write_site(root), strict=True)


def page(site: Path, slug: str) -> str:
    return (site / slug / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def attrs(tag: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def test_one_page_per_topic_in_bank_order(site: Path) -> None:
    assert (site / "sample" / "index.html").is_file()
    assert (site / "second" / "index.html").is_file()
    home = page(site, ".")
    nav = re.findall(r'class="md-nav__link"[^>]*href="([^"]*)"|href="([^"]*)"[^>]*class="md-nav__link"', home)
    hrefs = [a or b for a, b in nav]
    assert hrefs.index("sample/") < hrefs.index("second/") < hrefs.index("quiz/")


def test_one_closed_collapsible_per_question_with_contract_attributes(site: Path) -> None:
    for slug, ids in SAMPLE_QUESTION_IDS.items():
        blocks = [attrs(tag) for tag in QUESTION_RE.findall(article(page(site, slug)))]
        assert [b["data-qid"] for b in blocks] == ids
        assert all(b["data-topic"] == slug for b in blocks)
        assert all("open" not in b for b in blocks)
    sample = {b["data-qid"]: b for b in map(attrs, QUESTION_RE.findall(page(site, "sample")))}
    assert sample["compare-values"]["data-difficulty"] == "easy"
    assert sample["compare-values"]["data-tags"] == "python basics"
    assert sample["wanted-question"]["data-difficulty"] == ""


def test_anchor_is_the_question_id_inside_the_summary(site: Path) -> None:
    html = article(page(site, "sample"))
    for qid in SAMPLE_QUESTION_IDS["sample"]:
        block = html[html.index(f'data-qid="{qid}"') :]
        summary = block[block.index("<summary>") : block.index("</summary>")]
        assert f'<h2 id="{qid}">' in summary
        assert f'href="#{qid}"' in summary  # permalink
        assert len(re.findall(rf'\sid="{qid}"', html)) == 1


def test_question_text_is_escaped_everywhere(site: Path) -> None:
    html = page(site, "sample")
    assert "<script>alert(1)" not in html
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; <code>code</code>"
    assert f'2. {shown}<a class="headerlink"' in html
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    entry = next(d for d in json.loads(index)["docs"] if d["location"] == "sample/#hostile-question")
    assert "<script>" not in entry["title"] and "alert(1)" in entry["title"]
    for script in JSONLD_RE.findall(html):
        # Nothing can end the element early or start a script: no `</`, `<!` or `<s`.
        assert not re.search(r"<[/!sS]", script)
        names = [q["name"] for q in json.loads(script)["mainEntity"]]
        assert plain_text(HOSTILE) in names  # text: the code span's backticks go


def test_answers_render_fully(site: Path) -> None:
    html = article(page(site, "sample"))
    answer = html[html.index('data-qid="compare-values"') : html.index('data-qid="hostile-question"')]
    assert '<div class="highlight"><pre>' in answer and '<span class="nb">print</span>' in answer
    assert "<table>" in answer and "<th>left</th>" in answer
    hint = answer[answer.index("<summary>Hint</summary>") :]
    assert "<p>Think about <strong>ordering</strong>.</p>" in hint


def test_unanswered_question_is_wanted_with_links_to_its_source(site: Path) -> None:
    html = article(page(site, "sample"))
    block = html[html.index('data-qid="wanted-question"') :]
    block = block[: block.index("</details>")]
    assert 'class="mlprep-question mlprep-wanted"' in html
    assert '<span class="mlprep-wanted-badge" data-search-exclude>wanted</span>' in block
    assert f'href="{REPO_URL}/edit/main/content/sample.md"' in block
    line = SAMPLE_CONTENT["sample.md"].split("\n").index("3. **Which regularisation zeroes coefficients?**")
    assert f'href="{REPO_URL}/blob/main/content/sample.md#L{line + 1}"' in block


def test_edit_this_page_points_at_the_content_source(site: Path) -> None:
    for slug in SAMPLE_QUESTION_IDS:
        edit = re.search(r'<a href="([^"]*)" title="Edit this page"', page(site, slug))
        assert edit is not None
        assert edit.group(1) == f"{REPO_URL}/edit/main/content/{slug}.md"
    assert 'title="Edit this page"' not in page(site, "quiz")


def test_search_index_has_a_section_per_question(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"]: d for d in docs}
    for slug, ids in SAMPLE_QUESTION_IDS.items():
        for qid in ids:
            assert f"{slug}/#{qid}" in locations
    assert locations["second/#gradient-boosting"]["title"] == "1. What is gradient boosting?"


def test_search_for_words_of_an_answer_lands_on_its_question(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"]: d for d in docs}
    # A nested hint's words stay with its question.
    assert "by their ordering" in locations["sample/#compare-values"]["text"]
    assert "Think about" in locations["sample/#compare-values"]["text"]
    assert "print" in locations["sample/#compare-values"]["text"]
    assert "shallow trees" in locations["second/#gradient-boosting"]["text"]
    assert "must show as written" in locations["sample/#hostile-question"]["text"]
    for top in ("sample/", "second/"):
        assert "shallow trees" not in locations[top]["text"]
        assert "by their ordering" not in locations[top]["text"]
    # The wanted question's note, the source links and permalinks are not searchable text.
    assert locations["sample/#wanted-question"]["text"] == ""
    assert not any("source" in d["text"].split() or "¶" in d["title"] for d in docs)


def test_faq_jsonld_lists_answered_questions_with_their_answer_html(site: Path) -> None:
    head = page(site, "sample").split("</head>")[0]
    (script,) = JSONLD_RE.findall(head)
    data = json.loads(script)
    assert data["@type"] == "FAQPage"
    names = [q["name"] for q in data["mainEntity"]]
    assert names == ["What does x < y compare in Python?", plain_text(HOSTILE)]  # wanted one left out
    first = data["mainEntity"][0]["acceptedAnswer"]
    assert first["@type"] == "Answer"
    assert first["text"].startswith("<p>It compares <strong>values</strong>")


def test_references_keep_their_source_numbers(site: Path) -> None:
    html = article(page(site, "sample"))
    assert '<li value="1"><a href="https://example.org/one">https://example.org/one</a></li>' in html
    assert '<li value="3"><a href="https://example.org/three">Three</a></li>' in html


def test_home_page_topics_progress_data_and_shared_tags(site: Path) -> None:
    html = article(page(site, "."))
    assert "4 questions on 2 topics." in html.split("</p>")[0]  # what this is, first
    assert '<div class="mlprep-continue">' in html and '<a href="sample/">Sample topic</a>' in html
    sample = html[html.index('<a class="mlprep-topic-link" href="sample/">Sample topic</a>') :].split(
        "</li>"
    )[0]
    assert "A topic for the site tests." in sample  # the topic's description
    assert '<span class="mlprep-counts">3 questions, 2 answered · <span class="mlprep-progress"' in sample
    assert '<span class="mlprep-bar" data-topic="sample" aria-hidden="true">' in sample
    # The reader's progress is counted from the answered ids in the page: no question data fetched.
    assert 'data-topic="sample" data-ids="compare-values hostile-question"' in sample
    assert 'data-topic="second" data-ids="gradient-boosting"' in html
    export = '<button type="button" class="mlprep-button" data-action="export">Export progress</button>'
    assert html.index('id="topics"') < html.index(export)  # moving progress comes after the topics
    # Only tags used by two or more questions, each opening the quiz filtered by it.
    tags = html[html.index('id="tags"') :]
    assert '<a class="mlprep-tag" href="quiz/?tag=basics">basics</a>' in tags
    assert ">python<" not in tags and ">trees<" not in tags
    assert '<a href="tags/">every tag</a>' in tags


def test_tags_page_lists_every_tag(site: Path) -> None:
    html = article(page(site, "tags"))
    basics = html[html.index(">basics<") :].split("</li>")[0]
    assert "questions" not in basics  # "Sample topic: 2", not "3 questions: Sample topic (2)"
    assert '<a href="../sample/">Sample topic</a>: 2, <a href="../second/">Second topic</a>: 1' in basics
    for tag in ("python", "trees"):
        assert f'<a class="mlprep-tag" href="../quiz/?tag={tag}">{tag}</a>' in html


def test_topic_page_has_study_controls_and_counts(site: Path) -> None:
    html = article(page(site, "sample"))
    controls = re.search(r'<div class="mlprep-study-controls" data-topic="sample"[^>]*>(.*?)</div>', html)
    assert controls is not None and 'aria-label="Filter the questions"' in controls.group(0)
    names = re.findall(
        r'<button type="button" class="mlprep-button" data-action="[a-z-]+">([^<]+)</button>', html
    )
    assert [unescape(name) for name in names] == [
        "Expand all",
        "Collapse all",
        "Reset topic…",
        "Reset everything…",
    ]
    # What forgets grades is in a menu that is hidden until its "⋯" button opens it.
    menu = html[html.index('<div class="mlprep-menu">') :]
    assert 'aria-label="More actions"' in menu and '<div class="mlprep-menu-panel"' in menu
    assert menu.index("hidden>") < menu.index("Reset topic")
    assert (
        '<p class="mlprep-counts">3 questions, 2 answered &middot; <span class="mlprep-progress" data-topic="sample"></span></p>'
        in html
    )
    for name in ("words", "tag", "difficulty", "grade"):
        assert f'name="{name}"' in controls.group(0)
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Expand all" not in index and "Import progress" not in index  # labels are no answers


def test_quiz_page_points_at_the_published_quiz_index(site: Path) -> None:
    quiz = re.search(r'<div id="mlprep-quiz" data-index="([^"]*)">', page(site, "quiz"))
    assert quiz is not None
    index_path = (site / "quiz" / quiz.group(1)).resolve()
    assert index_path == (site / "assets/mlprep/quiz/index.json").resolve()


def test_assets_published_minified_and_linked_on_every_page(site: Path) -> None:
    shipped = site / "assets" / "mlprep"
    for kind in ("js", "css"):
        bundle = (shipped / f"mlprep.min.{kind}").read_text(encoding="utf-8")
        names = [n for n in SITE_SOURCES + STUDY_SOURCES if n.endswith(f".{kind}")]
        originals = [(ASSETS_DIR / name).read_text(encoding="utf-8") for name in names]
        assert len(bundle) < 0.85 * sum(len(text) for text in originals)
        # rjsmin gives up on what it cannot read (a backtick in a regex, say) and copies the rest:
        # no comment and no indented line may be left.
        assert "/*" not in bundle and not re.search(r"\n[ \t]", bundle)
    assert not (shipped / "study.js").exists() and not (shipped / "bank.json").exists()
    for slug in (".", "sample", "quiz"):
        html = page(site, slug)
        prefix = "" if slug == "." else "../"
        assert html.count("assets/mlprep/mlprep.min.js") == 1
        assert f'<script src="{prefix}assets/mlprep/mlprep.min.js" defer></script>' in html
        assert f'href="{prefix}assets/mlprep/mlprep.min.css"' in html


def test_quiz_data_is_an_index_and_a_file_per_topic(site: Path) -> None:
    folder = site / "assets" / "mlprep" / "quiz"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["schema"] == 1 and index["root"] == "../../../"
    rows = {t["slug"]: t["questions"] for t in index["topics"]}
    tags = index["tags"]
    # Answered questions only, with what the filters need: difficulty and tag numbers.
    assert [[qid, level, [tags[n] for n in numbers]] for qid, level, numbers in rows["sample"]] == [
        ["compare-values", "easy", ["python", "basics"]],
        ["hostile-question", "hard", []],
    ]
    second = json.loads((folder / "second.json").read_text(encoding="utf-8"))
    assert second["url"] == "second/"
    text, answer = second["questions"]["gradient-boosting"]
    assert text == "What is gradient boosting?"
    assert answer == "<p>An ensemble of shallow trees, each fitted to the errors of the ones before.</p>"
    assert answer in page(site, "second")
    sample = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    assert set(sample["questions"]) == {"compare-values", "hostile-question"}
    assert sample["questions"]["hostile-question"][0] == plain_text(HOSTILE)  # text, for textContent


def test_page_descriptions_and_sitemap(site: Path) -> None:
    assert '<meta name="description" content="A topic for the site tests.">' in page(site, "sample")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for slug in ("sample", "second", "quiz"):
        assert f"<loc>https://example.org/mlprep/{slug}/</loc>" in sitemap


def test_theme_requests_nothing_from_other_origins(site: Path) -> None:
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        loads = re.findall(r'<script[^>]+src="(https?://[^"]*)"', html)
        loads += re.findall(
            r'<link(?=[^>]*rel="(?:stylesheet|preload|preconnect|icon)")[^>]*href="(https?://[^"]*)"', html
        )
        assert loads == [], html_file


def test_nothing_is_written_into_docs_dir(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, docs={"about.md": "# About\n"})
    build_site(config_file, strict=True)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["about.md"]
    assert (tmp_path / "site" / "about" / "index.html").is_file()


def test_content_findings_are_file_line_and_errors_fail_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = SECOND_TOPIC.replace("</details>", "", 1)  # an answer block left open
    config_file = write_site(
        tmp_path, content={"sample.md": SAMPLE_CONTENT["sample.md"], "broken.md": broken}
    )
    with caplog.at_level(logging.INFO), pytest.raises(Abort, match="BuildError"):
        build_site(config_file, strict=True)
    assert "mlprep: 1 content error (listed above as file:line)" in caplog.text
    build_site(config_file, content_errors=True)  # not strict: an error fails the build all the same
    line = broken.split("\n").index("<details>") + 1
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING and "broken.md" in r.getMessage()]
    assert problems, caplog.text
    assert any(r.getMessage().startswith(f"mlprep_site: content/broken.md:{line}: ") for r in problems)
    # the wanted question in sample.md is information, not a problem
    wanted = [r for r in caplog.records if "question 3 is unanswered" in r.getMessage()]
    assert wanted and all(r.levelno == logging.INFO for r in wanted)


def test_tags_that_look_alike_are_information_to_the_site_not_a_failed_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    second = SECOND_TOPIC.replace("tags: [basics, trees]", "tags: [basic, trees]")
    assert second != SECOND_TOPIC
    _, findings = load_bank(
        [write_site(tmp_path, content={**SAMPLE_CONTENT, "second.md": second}).parent / "content"]
    )
    assert [f.severity for f in findings if f.code == "similar-tags"] == ["warning"]  # validate's
    with caplog.at_level(logging.INFO):
        site = build_site(tmp_path / "mkdocs.yml", strict=True)
    similar = [r for r in caplog.records if "[similar-tags]" in r.getMessage()]
    assert similar and all(r.levelno == logging.INFO for r in similar), caplog.text
    assert "content/second.md:" in similar[0].getMessage()
    assert (site / "tags" / "index.html").is_file()


def test_missing_content_folder_is_a_clean_error(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, content={}, plugin={"content": "nowhere"})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "content folder not found" in result.stderr
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_prefix_puts_generated_pages_under_it(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, plugin={"prefix": "topics"}, docs={"index.md": "# Welcome\n"})
    site = build_site(config_file, strict=True)
    assert "Welcome" in page(site, ".")
    assert 'data-qid="compare-values"' in page(site, "topics/sample")
    assert "2 topics, 4 questions" in page(site, "topics")
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(d["location"] == "topics/sample/#compare-values" for d in docs)


def test_explicit_nav_keeps_its_entries_and_gets_the_missing_pages(tmp_path: Path) -> None:
    nav = [{"Start": "about.md"}, {"Trees": "second.md"}]
    config_file = write_site(tmp_path, docs={"about.md": "# About\n"}, nav=nav)
    site = build_site(config_file, strict=True)
    home = page(site, "about")
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert links[:5] == ["./", "../second/", "..", "../sample/", "../quiz/"]
    assert re.search(r'href="../second/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Trees', home)


def test_slug_colliding_with_a_docs_page_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(tmp_path, docs={"sample.md": "# Mine\n"})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config_file, strict=True)
    assert "content/sample.md:1: topic slug 'sample' collides" in caplog.text


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_no_generated_page_overwrites_a_docs_page_written_to_the_same_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, use_directory_urls: bool
) -> None:
    """`docs/sample/index.md` (or a static `sample.html`) is written where the topic page
    `sample.md` would be; `docs/quiz/index.md` where the quiz would be: the docs pages win."""
    config_file = write_site(tmp_path, use_directory_urls=use_directory_urls)
    hand_sample = "sample/index.md" if use_directory_urls else "sample.md"
    for name, text in ((hand_sample, "# Mine\n"), ("quiz/index.md", "# My quiz notes\n")):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config_file, strict=True)
    assert "content/sample.md:1: topic slug 'sample' collides" in caplog.text
    site = build_site(config_file)
    suffix = "/index.html" if use_directory_urls else ".html"
    assert '<h1 id="mine">Mine' in (site / f"sample{suffix}").read_text(encoding="utf-8")
    assert '<h1 id="my-quiz-notes">My quiz notes' in (site / "quiz" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_prefix_named_like_the_quiz_keeps_the_home_page(tmp_path: Path) -> None:
    site = build_site(write_site(tmp_path, plugin={"prefix": "quiz"}), strict=True)
    home = (site / "quiz" / "index.html").read_text(encoding="utf-8")
    assert 'href="sample/"' in home and "mlprep-quiz" not in home


def test_study_and_anki_toggles(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, plugin={"study": False, "anki": False})
    site = build_site(config_file, strict=True)
    assert not (site / "quiz").exists()
    assert "mlprepStudy" not in (site / "assets" / "mlprep" / "mlprep.min.js").read_text(encoding="utf-8")
    assert "mlprep-study-controls" not in page(site, "sample")  # no button without its script
    assert "Export progress" not in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "assets" / "mlprep" / "mlprep-deck.apkg").exists()
    assert " download>" not in (site / "index.html").read_text(encoding="utf-8")
    assert "mlprepSite" in (site / "assets" / "mlprep" / "mlprep.min.js").read_text(encoding="utf-8")
    assert not (site / "assets" / "mlprep" / "quiz").exists()


@pytest.mark.parametrize("prefix", ["", "topics"])
def test_anki_deck_is_published_and_linked_from_home(tmp_path: Path, prefix: str) -> None:
    site = build_site(write_site(tmp_path, plugin={"anki": True, "prefix": prefix}), strict=True)
    deck = site / "assets" / "mlprep" / "mlprep-deck.apkg"
    with zipfile.ZipFile(deck) as package:
        assert "collection.anki2" in package.namelist()
    home = site / prefix / "index.html"
    link = re.search(r'<a href="([^"]+)" download>', home.read_text(encoding="utf-8"))
    assert link is not None
    assert (home.parent / link.group(1)).resolve() == deck.resolve()


def test_serve_watches_the_content_folder_and_reuses_an_unchanged_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.config import load_config

    import mlprep_site.site.content_load as plugin_module

    calls: list[object] = []
    real_load = plugin_module.load_bank

    def counting_load(paths, dialect=None):  # type: ignore[no-untyped-def]
        calls.append(paths)
        return real_load(paths, dialect)

    monkeypatch.setattr(plugin_module, "load_bank", counting_load)
    config_file = write_site(tmp_path)
    config = load_config(config_file=str(config_file))
    plugin = config.plugins["mlprep"]
    config.plugins.on_config(config)
    config.plugins.on_config(config)
    assert len(calls) == 1  # unchanged content: parsed once
    source = tmp_path / "content" / "second.md"
    source.write_text(SECOND_TOPIC.replace("gradient boosting", "bagging"), encoding="utf-8")
    config.plugins.on_config(config)
    assert len(calls) == 2
    assert plugin.bank.topic("second").questions[0].question == "What is bagging?"

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert Path(server.watched[0]) == (tmp_path / "content").resolve()


def test_repository_site_builds_strictly(tmp_path: Path) -> None:
    """The bundled content with the repository's own mkdocs.yml (what CI deploys)."""
    site = build_site(REPO_ROOT / "mkdocs.yml", strict=True, site_dir=str(tmp_path / "site"))
    assert (site / "index.html").is_file()
    assert (site / "assets" / "mlprep" / "quiz" / "index.json").is_file()


def test_a_build_after_serve_in_the_same_process_fails_on_content_errors(tmp_path: Path) -> None:
    """MkDocs keeps a plugin that defines on_startup for the whole process: after a serve (which
    keeps serving with errors) has shut down, a build of content with errors fails again."""
    from mkdocs.config import load_config

    broken = SECOND_TOPIC.replace("</details>", "", 1)
    config_file = write_site(tmp_path, content={"broken.md": broken})
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    config.plugins.on_shutdown()
    build_site(config_file, content_errors=True)
