"""Link collection, configuration, cache and report shapes (no network)."""

from __future__ import annotations

import asyncio
import io
import json
import re
from pathlib import Path

import pytest

from mlprep_site import __version__
from mlprep_site.core.domain.model import Bank, Question, Reference, Topic
from mlprep_site.links.cache import LinkCache
from mlprep_site.links.checker import default_user_agent
from mlprep_site.links.collect import Citation, CollectedLink, collect_links, urls_in_markdown
from mlprep_site.links.config import (
    HostSettings,
    LinksConfig,
    LinksConfigError,
    config_from_mapping,
    load_config,
    parse_duration,
    parse_status_set,
)
from mlprep_site.links.fetch import parse_retry_after
from mlprep_site.links.report import Progress, summarize, to_github, to_human, to_json
from mlprep_site.links.results import LinkResult, Outcome
from mlprep_site.links.run import check_collected

ANSWER = """\
See [the guide](https://example.org/guide_(v2)) and https://example.org/plain.
Inline code `https://example.org/in-code` is an example.
```bash
curl https://example.org/in-fence
```
<https://example.org/angle> and <a href="https://example.org/html">x</a>
Also http:// alone is prose, and (https://example.org/paren).
"""


def bank_with(*topics: Topic) -> Bank:
    return Bank(topics)


def topic(source: str, questions: tuple[Question, ...] = (), refs: tuple[Reference, ...] = ()) -> Topic:
    return Topic(slug=Path(source).stem, title="T", source=source, questions=questions, references=refs)


def test_urls_in_answers_skip_code_and_trim_punctuation() -> None:
    found = list(urls_in_markdown(ANSWER))
    assert found == [
        (0, "https://example.org/guide_(v2)"),
        (0, "https://example.org/plain"),
        (5, "https://example.org/angle"),
        (5, "https://example.org/html"),
        (6, "https://example.org/paren"),
    ]


def test_unclosed_fence_hides_the_rest_of_the_answer() -> None:
    assert list(urls_in_markdown("~~~~\nhttps://a.example/x\n~~~\nhttps://b.example/y\n")) == []


def test_collect_gives_file_and_line_of_every_citation() -> None:
    question = Question(
        id="q", number=1, question="Why [x](https://example.org/q)?", answer=ANSWER, line=10, answer_line=14
    )
    first = topic(
        "content/a.md",
        (question,),
        (
            Reference(1, "https://example.org/plain", line=40),
            Reference(2, "https://example.org/ref", line=41),
        ),
    )
    second = topic("content/b.md", refs=(Reference(1, "https://example.org/ref", line=7),))
    links = {link.url: link for link in collect_links(bank_with(first, second))}
    assert links["https://example.org/q"].citations == (Citation("content/a.md", 10),)
    assert links["https://example.org/guide_(v2)"].citations == (Citation("content/a.md", 14),)
    assert links["https://example.org/html"].citations == (Citation("content/a.md", 19),)
    assert links["https://example.org/plain"].citations == (
        Citation("content/a.md", 14),
        Citation("content/a.md", 40),
    )
    assert links["https://example.org/ref"].citations == (
        Citation("content/a.md", 41),
        Citation("content/b.md", 7),
    )
    assert "https://example.org/in-code" not in links
    assert "https://example.org/in-fence" not in links
    assert all(link.problems == () for link in links.values())


def test_offline_problems_syntax_and_duplicates() -> None:
    refs = (
        Reference(1, "ftp://example.org/file", line=3),
        Reference(2, "https://example.org/twice", line=4),
        Reference(3, "https://example.org/twice", line=5),
        Reference(4, "https:///no-host", line=6),
    )
    links = {link.url: link for link in collect_links(bank_with(topic("c/t.md", refs=refs)))}
    assert not links["ftp://example.org/file"].syntax_ok
    assert "only http(s) URLs can be cited" in links["ftp://example.org/file"].problems[0]
    assert not links["https:///no-host"].syntax_ok
    twice = links["https://example.org/twice"]
    assert twice.syntax_ok
    assert twice.problems == ("cited 2 times in the references of c/t.md (lines 4, 5)",)


def test_durations_and_status_ranges() -> None:
    assert parse_duration("250ms", "k") == pytest.approx(0.25)
    assert parse_duration("7d", "k") == 7 * 86400
    assert parse_duration(3, "k") == 3.0
    assert parse_status_set([200, "300..=302", "400..402"], "k") == {200, 300, 301, 302, 400, 401}
    with pytest.raises(LinksConfigError, match="k: expected a duration"):
        parse_duration("soon", "k")
    with pytest.raises(LinksConfigError, match="k: expected status codes"):
        parse_status_set(["2xx"], "k")
    assert parse_duration(" 5 m ", "k") == 300 and parse_status_set([" 300 ..= 301 "], "k") == {300, 301}


def test_a_long_run_of_blanks_in_a_duration_or_range_is_read_in_linear_time() -> None:
    """The regexes backtracked over blanks before a character that does not fit: with
    200,000 of them, minutes (no clock here: a regression stalls the suite)."""
    blanks = " " * 200_000
    with pytest.raises(LinksConfigError, match="k: expected a duration"):
        parse_duration(f"1{blanks}x", "k")
    with pytest.raises(LinksConfigError, match="k: expected status codes"):
        parse_status_set([f"200{blanks}..{blanks}300{blanks}x"], "k")


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        """
[tool.mlprep-site.links]
exclude = ['^https://(www\\.)?linkedin\\.com/']
accept = ["200..=299", 403]
concurrency = 12
host_concurrency = 3
timeout = "45s"
cache = false

[tool.mlprep-site.links.hosts."example.org"]
concurrency = 1
accept = [200, 429]
headers = { Accept = "text/html" }
""",
        encoding="utf-8",
    )
    config = load_config(pyproject)
    assert config.concurrency == 12 and config.host_concurrency == 3
    assert config.timeout == 45.0 and config.cache is None
    assert 403 in config.accept and 204 in config.accept
    assert config.is_excluded("https://www.linkedin.com/in/someone")
    assert not config.is_excluded("https://example.org/linkedin.com/")
    sub = config.host_settings("docs.Example.org")
    assert sub == HostSettings(concurrency=1, accept=frozenset({200, 429}), headers={"Accept": "text/html"})
    assert config.host_settings("example.com") == HostSettings()


def test_missing_pyproject_or_table_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == LinksConfig()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert load_config(tmp_path / "pyproject.toml") == LinksConfig()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"concurency": 3}, "unknown setting(s) concurency"),
        ({"concurrency": 0}, "concurrency: expected an integer >= 1"),
        ({"exclude": ["("]}, "bad regular expression"),
        ({"hosts": {"a.org": {"speed": 1}}}, "hosts.a.org: unknown setting(s) speed"),
        ({"timeout": 0}, "timeout: must be positive"),
        ({"cache": 3}, "cache: expected a file path or false"),
    ],
)
def test_bad_settings_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(LinksConfigError) as error:
        config_from_mapping(table)
    assert message in str(error.value)


def test_retry_after_parsing() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_cache_keeps_passes_within_max_age_and_never_failures(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "links.json"
    cache = LinkCache(path, max_age=100, now=1000.0)
    cache.record("https://a.example/", Outcome("ok", 200, "https://a.example/", "200 OK", passed=True))
    cache.record("https://b.example/", Outcome("broken", 404, detail="404 Not Found"))
    cache.record("https://c.example/", Outcome("warning", 403, detail="not verified: 403"))
    cache.save()
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert set(stored["entries"]) == {"https://a.example/"}

    later = LinkCache(path, max_age=100, now=1050.0)
    hit = later.get("https://a.example/")
    assert hit is not None and hit.from_cache and (hit.state, hit.status) == ("ok", 200)
    assert later.get("https://b.example/") is None
    # A cached pass that now fails is forgotten at once.
    later.record("https://a.example/", Outcome("broken", 500, detail="500"))
    assert later.get("https://a.example/") is None

    expired = LinkCache(path, max_age=100, now=1101.0)
    assert expired.get("https://a.example/") is None


def test_unreadable_cache_is_ignored_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    path.write_text("{not json", encoding="utf-8")
    cache = LinkCache(path, max_age=100)
    assert cache.entries == {} and cache.problem is not None and str(path) in cache.problem


def sample_results() -> list[LinkResult]:
    return [
        LinkResult(
            "https://ok.example/", "ok", 200, "https://ok.example/", "200 OK", (Citation("content/a.md", 3),)
        ),
        LinkResult(
            "https://gone.example/x",
            "broken",
            404,
            "https://gone.example/x",
            "404 Not Found",
            (Citation("content/b.md", 9), Citation("content/a.md", 12)),
        ),
        LinkResult(
            "https://moved.example/",
            "warning",
            200,
            "https://new.example/",
            "permanently redirected; cite the new URL: https://new.example/",
            (Citation("content/a.md", 5),),
        ),
        LinkResult(
            "https://skip.example/",
            "excluded",
            None,
            None,
            "excluded by configuration",
            (Citation("content/a.md", 7),),
        ),
    ]


def test_json_report_shape() -> None:
    results = sample_results()
    document = json.loads(to_json(results, summarize(results)))
    assert set(document) == {"findings", "results", "summary"}
    first = document["results"][1]
    assert first == {
        "url": "https://gone.example/x",
        "state": "broken",
        "status": 404,
        "final_url": "https://gone.example/x",
        "detail": "404 Not Found",
        "citations": [{"file": "content/b.md", "line": 9}, {"file": "content/a.md", "line": 12}],
    }
    assert {r["state"] for r in document["results"]} == {"ok", "broken", "warning", "excluded"}
    assert document["summary"] == {
        "total": 4,
        "ok": 1,
        "warning": 1,
        "broken": 1,
        "excluded": 1,
        "unchecked": 0,
        "cached": 0,
        "offline": False,
    }


def test_github_annotations_one_per_citation() -> None:
    results = sample_results()
    lines = to_github(results, summarize(results)).splitlines()
    assert lines[:3] == [
        "::warning file=content/a.md,line=5,title=Link warning::https://moved.example/: "
        "permanently redirected; cite the new URL: https://new.example/",
        "::error file=content/a.md,line=12,title=Broken link::https://gone.example/x: 404 Not Found",
        "::error file=content/b.md,line=9,title=Broken link::https://gone.example/x: 404 Not Found",
    ]
    assert lines[3] == "4 links: 1 ok, 1 warning, 1 broken, 1 excluded"


def test_github_annotation_escaping() -> None:
    odd = LinkResult(
        "https://x.example/a%20b", "broken", None, None, "line1\nline2", (Citation("dir,with:odd.md", 1),)
    )
    (line, _) = to_github([odd], summarize([odd])).splitlines()
    assert (
        line
        == "::error file=dir%2Cwith%3Aodd.md,line=1,title=Broken link::https://x.example/a%2520b: line1%0Aline2"
    )


def test_human_report_lists_file_line_sorted() -> None:
    results = sample_results()
    text = to_human(results, summarize(results))
    assert text.splitlines() == [
        "content/a.md:5: warning: https://moved.example/ → https://new.example/ "
        "(permanently redirected; cite the new URL: https://new.example/)",
        "content/a.md:12: broken: https://gone.example/x (404 Not Found)",
        "content/b.md:9: broken: https://gone.example/x (404 Not Found)",
        "4 links: 1 ok, 1 warning, 1 broken, 1 excluded",
    ]


def test_collected_link_defaults() -> None:
    link = CollectedLink("https://x.example/", (Citation("a.md", 1),))
    assert link.syntax_ok and link.problems == ()


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_only_on_a_terminal() -> None:
    outcome = Outcome("ok", 200)
    terminal, pipe = FakeTerminal(tty=True), FakeTerminal(tty=False)
    for stream in (terminal, pipe):
        progress = Progress(stream)
        progress(1, 2, "https://a.example/", outcome)
        progress(2, 2, "https://b.example/", outcome)
        progress.finish()
    assert "\rchecking links: 2/2" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")  # the line is cleared for the report
    assert pipe.getvalue() == ""


def test_run_merges_offline_problems_and_excludes() -> None:
    refs = (
        Reference(1, "https://example.org/twice", line=4),
        Reference(2, "https://example.org/twice#part", line=5),
        Reference(3, "https://example.org/twice", line=6),
        Reference(4, "https://skip.example.org/x", line=7),
        Reference(5, "mailto:someone@example.org", line=8),
    )
    links = collect_links(bank_with(topic("c/t.md", refs=refs)))
    config = LinksConfig(exclude=(re.compile(r"^https://skip\."),), cache=None)
    results = {r.url: r for r in asyncio.run(check_collected(links, config, offline=True))}
    twice = results["https://example.org/twice"]
    assert twice.state == "warning"
    assert twice.detail == "not checked (offline); cited 2 times in the references of c/t.md (lines 4, 6)"
    assert results["https://example.org/twice#part"].state == "unchecked"
    assert results["https://skip.example.org/x"].state == "excluded"
    mail = results["mailto:someone@example.org"]
    assert (mail.state, mail.detail) == ("broken", "only http(s) URLs can be cited (scheme: mailto)")


def test_user_agent_names_project_and_version() -> None:
    assert default_user_agent() == f"mlprep-site/{__version__}"


def test_configured_headers_go_to_the_exact_host_only() -> None:
    config = config_from_mapping({"hosts": {"example.org": {"headers": {"X-Token": "t"}}}})
    assert config.host_headers("Example.org", "https") == {"X-Token": "t"}
    assert config.host_headers("files.example.org", "https") == {}
    assert config.host_settings("files.example.org").headers == {"X-Token": "t"}  # the table


def test_configured_headers_go_over_https_only_unless_the_host_allows_http() -> None:
    config = config_from_mapping(
        {
            "hosts": {
                "example.org": {"headers": {"X-Token": "t"}},
                "intranet.test": {"headers": {"X-Token": "i"}, "allow_http_headers": True},
            }
        }
    )
    assert config.host_headers("example.org", "http") == {}
    assert config.host_headers("intranet.test", "http") == {"X-Token": "i"}
    with pytest.raises(LinksConfigError, match="allow_http_headers: expected true or false"):
        config_from_mapping({"hosts": {"a.test": {"allow_http_headers": "yes"}}})
