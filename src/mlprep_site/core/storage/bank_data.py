"""The bank as data: a versioned dict for JSON and YAML, and back, with findings on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from mlprep_site.core.domain.diagnostics import Finding
from mlprep_site.core.domain.model import DIFFICULTIES, Bank, Question, Reference, Topic
from mlprep_site.core.domain.rules import (
    description_problem,
    id_problem,
    number_problem,
    slug_problem,
    tag_problem,
    title_problem,
)
from mlprep_site.core.text import safe_yaml
from mlprep_site.core.text.lines import escape_yaml_breaks

SCHEMA_VERSION = 2
"""2 added a question's `section`, `question_body` and `references`; schema-1 banks still load."""
READABLE_SCHEMAS = (1, 2)
Path_ = tuple[object, ...]
Rule = Callable[[str], str | None]


def reference_to_dict(reference: Reference) -> dict[str, Any]:
    return {"index": reference.index, "url": reference.url, "title": reference.title, "line": reference.line}


def question_to_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "number": q.number,
        "question": q.question,
        "answer": q.answer,
        "tags": list(q.tags),
        "difficulty": q.difficulty,
        "line": q.line,
        "answer_line": q.answer_line,
        "section": q.section,
        "question_body": q.question_body,
        "references": [reference_to_dict(r) for r in q.references],
    }


def topic_to_dict(topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "title": topic.title,
        "source": topic.source,
        "description": topic.description,
        "order": topic.order,
        "tags": list(topic.tags),
        "questions": [question_to_dict(q) for q in topic.questions],
        "references": [reference_to_dict(r) for r in topic.references],
    }


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "topics": [topic_to_dict(t) for t in bank.topics]}


def dump_json(bank: Bank) -> str:
    # Escaped, so that the bank reads back the same through the YAML reader (core.text.lines).
    return escape_yaml_breaks(json.dumps(bank_to_dict(bank), ensure_ascii=False, indent=2)) + "\n"


class _BlockDumper(safe_yaml.SafeDumper):
    """Multi-line strings as `|` blocks, so an exported answer reads like the markdown it is."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return safe_yaml.represent_str(dumper, value, "|" if "\n" in value else None)


_BlockDumper.add_representer(str, _represent_str)


def dump_yaml(bank: Bank) -> str:
    return safe_yaml.dump(bank_to_dict(bank), _BlockDumper, sort_keys=False, width=100)


class _Reader:
    """Builds the model from loaded data, reporting each shape problem at its YAML line."""

    def __init__(self, source: str, lines: dict[Path_, int]) -> None:
        self.source = source
        self.lines = lines
        self.findings: list[Finding] = []

    def error(self, path: Path_, message: str) -> None:
        line = next((self.lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in self.lines), 1)
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        self.findings.append(Finding(self.source, line, "error", f"{where}: {message}", "bank-shape"))

    def field(self, data: dict[str, Any], path: Path_, key: str, kinds: Any, optional: bool = False) -> Any:
        value = data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or isinstance(value, bool):
            names = " or ".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
            self.error(path + (key,), f"expected {names}, got {type(value).__name__}")
            return None
        if isinstance(value, int) and (problem := number_problem(value)):
            self.error(path + (key,), problem)
            return None
        return value

    def tags(self, data: dict[str, Any], path: Path_, key: str = "tags") -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path + (key,), "expected a list of strings")
            return ()
        for index, tag in enumerate(value):
            if problem := tag_problem(tag):
                self.error(path + (key, index), problem)
        return tuple(tag for tag in value if tag_problem(tag) is None)

    def ruled(self, data: dict[str, Any], path: Path_, key: str, rule: Rule, optional: bool = False) -> Any:
        """A string field that must also pass its rule (core/domain/rules.py); None when it does not."""
        value = self.field(data, path, key, str, optional)
        if value is not None and (problem := rule(value)):
            self.error(path + (key,), problem)
            return None
        return value

    def mapping(self, value: Any, path: Path_) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, "expected a mapping")
        return None

    def items(self, data: dict[str, Any], path: Path_, key: str) -> list[tuple[Path_, dict[str, Any]]]:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error(path + (key,), "expected a list")
            return []
        found = [(path + (key, i), self.mapping(v, path + (key, i))) for i, v in enumerate(value)]
        return [(p, m) for p, m in found if m is not None]

    def question(self, data: dict[str, Any], path: Path_) -> Question | None:
        qid = self.ruled(data, path, "id", id_problem)
        number = self.field(data, path, "number", int)
        text = self.field(data, path, "question", str)
        answer = self.field(data, path, "answer", str, optional=True)
        difficulty = self.field(data, path, "difficulty", str, optional=True)
        if difficulty is not None and difficulty not in DIFFICULTIES:
            self.error(path + ("difficulty",), f"must be one of {', '.join(DIFFICULTIES)}")
        if qid is None or number is None or text is None:
            return None
        return Question(
            id=qid,
            number=number,
            question=text,
            answer=answer,
            tags=self.tags(data, path),
            difficulty=difficulty if difficulty in DIFFICULTIES else None,
            line=self.field(data, path, "line", int, optional=True) or 0,
            answer_line=self.field(data, path, "answer_line", int, optional=True),
            section=self.field(data, path, "section", str, optional=True),
            question_body=self.field(data, path, "question_body", str, optional=True),
            references=self.references(data, path, title_problem),
        )

    def reference(self, data: dict[str, Any], path: Path_, title_rule: Rule | None) -> Reference | None:
        from mlprep_site.core.reading.references import url_problem

        index = self.field(data, path, "index", int)
        url = self.field(data, path, "url", str)
        if url is not None and (problem := url_problem(url)):
            self.error(path + ("url",), problem)
            return None
        if index is None or url is None:
            return None
        if title_rule is None:
            title = self.field(data, path, "title", str, optional=True)
        else:
            title = self.ruled(data, path, "title", title_rule, optional=True)
        line = self.field(data, path, "line", int, optional=True) or 0
        return Reference(index=index, url=url, title=title, line=line)

    def references(self, data: dict[str, Any], path: Path_, title_rule: Rule | None) -> tuple[Reference, ...]:
        """A topic's or question's references; a question's titles follow the title rule (one
        line: its metadata comment holds them)."""
        found = [self.reference(d, p, title_rule) for p, d in self.items(data, path, "references")]
        return tuple(r for r in found if r is not None)

    def check_unique_ids(self, path: Path_, questions: list[Question | None]) -> None:
        """A topic's question ids are its page's anchors: each is used once (across topics,
        `loader.check_bank` checks them)."""
        first: dict[str, int] = {}
        for index, question in enumerate(questions):
            if question is None:
                continue
            if question.id in first:
                earlier = first[question.id] + 1
                message = f"question id {question.id!r} already used by question {earlier} of this topic"
                self.error(path + ("questions", index, "id"), message)
            first.setdefault(question.id, index)

    def topic(self, data: dict[str, Any], path: Path_) -> Topic | None:
        slug = self.ruled(data, path, "slug", slug_problem)
        title = self.ruled(data, path, "title", title_problem)
        questions = [self.question(d, p) for p, d in self.items(data, path, "questions")]
        self.check_unique_ids(path, questions)
        references = self.references(data, path, None)
        if slug is None or title is None:
            return None
        return Topic(
            slug=slug,
            title=title,
            source=self.field(data, path, "source", str, optional=True) or self.source,
            questions=tuple(q for q in questions if q is not None),
            references=references,
            description=self.ruled(data, path, "description", description_problem, optional=True),
            order=self.field(data, path, "order", int, optional=True),
            tags=self.tags(data, path),
        )

    def bank(self, data: Any) -> Bank | None:
        root = self.mapping(data, ())
        if root is None:
            return None
        if root.get("schema") not in READABLE_SCHEMAS:
            expected = " or ".join(map(str, READABLE_SCHEMAS))
            self.error(("schema",), f"unsupported schema {root.get('schema')!r} (expected {expected})")
            return None
        topics = [self.topic(d, p) for p, d in self.items(root, (), "topics")]
        return Bank(tuple(t for t in topics if t is not None))


def _node_lines(root: yaml.Node, lines: dict[Path_, int]) -> None:
    """The line of every node by its path of keys and indexes; iterative, each node once."""
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, path + (key.value,)) for key, value in node.value if key.id == "scalar")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))


def parse_yaml_bank(text: str, source: str) -> tuple[Bank | None, list[Finding]]:
    """A YAML (or JSON) bank file, as `export` writes it."""
    try:
        node = safe_yaml.compose(text)
        data = safe_yaml.construct(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, [Finding(source, line, "error", f"invalid YAML: {problem}", "bank-yaml")]
    except ValueError:  # a number past Python's int-to-str limit
        from mlprep_site.core.reading.limits import long_number

        at, problem = long_number(text)
        return None, [Finding(source, at + 1, "error", f"invalid YAML: {problem}", "bank-yaml")]
    lines: dict[Path_, int] = {}
    if node is not None:
        _node_lines(node, lines)
    reader = _Reader(source, lines)
    return reader.bank(data), reader.findings
