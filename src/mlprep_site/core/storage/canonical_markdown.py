"""Pure rendering of the model back to canonical source markdown (the seed's dialect).

A question's section is written as a `## Section` heading before the first question of each
run of it; its body (a snippet, a list) between its line and its answer block."""

from __future__ import annotations

import re
from typing import Any

from mlprep_site.core.domain.model import Question, Reference, Topic
from mlprep_site.core.text import safe_yaml

REFERENCES_HEADING = "## References and Reading Materials"
LINK_TEXT_SPECIAL_RE = re.compile(r"[\[\]\\]")  # escaped in a reference's link text
# A word PyYAML writes as it is, in plain style: ASCII, not starting with a digit, and none of
# the words YAML 1.1 reads as a boolean or null.
_PLAIN_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


# A URL PyYAML writes in single quotes, as it is, inside a flow collection: its `:` rules out
# plain style, and printable ASCII without spaces, quotes or backslashes needs no escaping.
_QUOTED_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[!#-&(-\[\]-~]*")


def _plain(word: object) -> bool:
    return isinstance(word, str) and bool(_PLAIN_WORD_RE.fullmatch(word)) and word.lower() not in _YAML_WORDS


def _flow_scalar(value: object) -> str | None:
    """A value as PyYAML writes it in a flow collection, for plain words, plain URLs and
    integers; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    if _plain(value):
        return value
    return f"'{value}'" if _QUOTED_URL_RE.fullmatch(value) else None


def _plain_flow_yaml(data: dict[str, Any]) -> str | None:
    """`{id: a-b, tags: [x, y], refs: [{url: 'https://…', title: src}]}` as `yaml.safe_dump`
    writes it, when it holds only plain words, plain URLs, integers, and lists of those or of
    such mappings (ids, tags, difficulties and references nearly always are); None otherwise.
    Ten thousand questions each carry such a comment: this keeps `import` close to the load."""
    pairs = []
    for key, value in data.items():
        if not _plain(key):
            return None
        if isinstance(value, list) and value:
            items = [
                _plain_flow_yaml(item) if isinstance(item, dict) else _flow_scalar(item) for item in value
            ]
            if None in items:
                return None
            text = f"[{', '.join(map(str, items))}]"
        else:
            scalar = _flow_scalar(value)
            if scalar is None:
                return None
            text = scalar
        pairs.append(f"{key}: {text}")
    return "{" + ", ".join(pairs) + "}"


def _flow_yaml(data: dict[str, Any]) -> str:
    plain = _plain_flow_yaml(data)
    if plain is not None:
        return plain
    return safe_yaml.dump(data, default_flow_style=True, sort_keys=False, width=10**9).strip()


def render_front_matter(topic: Topic) -> str:
    meta: dict[str, Any] = {"title": topic.title, "slug": topic.slug}
    if topic.description is not None:
        meta["description"] = topic.description
    if topic.order is not None:
        meta["order"] = topic.order
    if topic.tags:
        meta["tags"] = list(topic.tags)
    body = safe_yaml.dump(meta, sort_keys=False, width=10**9)
    return f"---\n{body}---\n"


def render_question(question: Question) -> str:
    meta: dict[str, Any] = {"id": question.id}
    if question.tags:
        meta["tags"] = list(question.tags)
    if question.difficulty:
        meta["difficulty"] = question.difficulty
    if question.references:
        meta["refs"] = [_question_reference(r, n) for n, r in enumerate(question.references, start=1)]
    answer = f"\n{question.answer}\n" if question.answer is not None else ""
    body = f"{question.question_body}\n\n" if question.question_body is not None else ""
    return (
        f"{question.number}. **{question.question}**\n"
        f"<!-- mlprep: {_flow_yaml(meta)} -->\n\n"
        f"{body}<details>\n<summary>Answer</summary>\n{answer}\n</details>\n"
    )


def _question_reference(reference: Reference, position: int) -> str | dict[str, Any]:
    """A `refs` item of a question's metadata comment: the bare URL when that says it all,
    else `{url, title}`, with `index` only when it is not the item's position."""
    if reference.title is None and reference.index == position:
        return reference.url
    item: dict[str, Any] = {"url": reference.url}
    if reference.title is not None:
        item["title"] = reference.title
    if reference.index != position:
        item["index"] = reference.index
    return item


def render_reference(reference: Reference) -> str:
    title = reference.title and LINK_TEXT_SPECIAL_RE.sub(r"\\\g<0>", reference.title)
    target = f"[{title}]({reference.url})" if title else reference.url
    return f"[{reference.index}]. {target} \\\n"


def render_markdown(topic: Topic) -> str:
    """The topic as a source file that loads back into an equal topic. Its `# title` comes
    first, so no answer's `import` line makes it read as a docs-site page (`detect`)."""
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
