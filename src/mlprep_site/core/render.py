"""Pure rendering of the model back to canonical source markdown (the seed's dialect).

A question's section is written as a `## Section` heading before the first question of each
run of it; its body (a snippet, a list) between its line and its answer block."""

from __future__ import annotations

from typing import Any

import yaml

from mlprep_site.core.model import Question, Reference, Topic

REFERENCES_HEADING = "## References and Reading Materials"


def _flow_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(
        data, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**9
    ).strip()


def render_front_matter(topic: Topic) -> str:
    meta: dict[str, Any] = {"title": topic.title, "slug": topic.slug}
    if topic.description is not None:
        meta["description"] = topic.description
    if topic.order is not None:
        meta["order"] = topic.order
    if topic.tags:
        meta["tags"] = list(topic.tags)
    body = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10**9)
    return f"---\n{body}---\n"


def render_question(question: Question) -> str:
    meta: dict[str, Any] = {"id": question.id}
    if question.tags:
        meta["tags"] = list(question.tags)
    if question.difficulty:
        meta["difficulty"] = question.difficulty
    answer = f"\n{question.answer}\n" if question.answer is not None else ""
    body = f"{question.question_body}\n\n" if question.question_body is not None else ""
    return (
        f"{question.number}. **{question.question}**\n"
        f"<!-- mlprep: {_flow_yaml(meta)} -->\n\n"
        f"{body}<details>\n<summary>Answer</summary>\n{answer}\n</details>\n"
    )


def render_reference(reference: Reference) -> str:
    target = f"[{reference.title}]({reference.url})" if reference.title else reference.url
    return f"[{reference.index}]. {target} \\\n"


def render_markdown(topic: Topic) -> str:
    """The topic as a source file that loads back into an equal topic."""
    parts = [render_front_matter(topic), f"# {topic.title}\n"]
    section = None
    for question in topic.questions:
        if question.section is not None and question.section != section:
            parts.append(f"## {question.section}\n")
        section = question.section
        parts.append(render_question(question))
    if topic.references:
        parts.append(REFERENCES_HEADING + "\n" + "".join(render_reference(r) for r in topic.references))
    return "\n".join(parts)
