"""Answers that the site cannot show as GitHub does (issue 20, item 1): a warning at the line of
each shape `answers.commonmark` knows it cannot make alike. Checked where answers are rendered
(`validate` and the site build), as the formulas are, not by every command that loads the bank."""

from __future__ import annotations

from collections.abc import Iterable

from mlprep_site.answers.commonmark import unlike_shapes
from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import Topic

UNLIKE_GITHUB = "unlike-github"


def unlike_findings(topics: Iterable[Topic]) -> list[Finding]:
    """A warning at each line of an answer that the site shows otherwise than GitHub."""
    findings: list[Finding] = []
    for topic in topics:
        for question in topic.questions:
            if question.answer is None:
                continue
            first = question.answer_line if question.answer_line is not None else question.line
            for offset, shape in unlike_shapes(question.answer):
                message = f"{shape}: the site shows it otherwise than GitHub; write it another way"
                findings.append(Finding(topic.source, first + offset, "warning", message, UNLIKE_GITHUB))
    return findings
