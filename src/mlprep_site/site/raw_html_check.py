"""Answers' raw HTML checked as the site's build checks it (`answer_capture`), for `validate`:
an answer whose raw HTML reaches outside it (a `</div>` it never opened, a `<table>` it leaves
open) fails `build --strict`, so `validate` warns at the answer's line. Only answers that write a
container tag are rendered (with the package's markdown configuration), so the check costs a
few answers' conversions, not the bank's."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from mlprep_site.answers.render import AnswerRenderer
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Topic
from mlprep_site.site.balanced_html import CONTAINERS, balance, raw_html_problem, repairs

RAW_HTML = "raw-html"
CONTAINER_TAG_RE = re.compile(rf"</?(?:{'|'.join(sorted(CONTAINERS))})\b", re.IGNORECASE)


def raw_html_findings(topics: Iterable[Topic]) -> list[Finding]:
    """A warning for each repair of an answer's (or question body's) raw HTML that the site's
    build reports as a warning."""
    renderer: AnswerRenderer | None = None
    findings: list[Finding] = []
    for topic in topics:
        for question in topic.questions:
            parts = (
                ("answer", question.answer, question.answer_line or question.line),
                ("body", question.question_body, question.line),
            )
            for part, markdown, line in parts:
                if markdown is None or not CONTAINER_TAG_RE.search(markdown):
                    continue
                renderer = renderer or AnswerRenderer()
                problems, _ = repairs(balance(renderer.render(markdown).html))
                message = functools.partial(raw_html_problem, part, question.id)
                findings += [
                    Finding(topic.source, line, "warning", message(problem), RAW_HTML) for problem in problems
                ]
    return findings
