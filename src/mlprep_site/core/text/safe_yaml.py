"""YAML from content, loaded within bounds: the safe loader only, no anchors or aliases, and
nesting no deeper than `MAX_DEPTH`.

Content YAML (banks, front matter, question metadata) has no use for anchors; refusing them
keeps the node tree a tree, so composing, constructing and walking it visit every node once and
loading is linear in the text's size (nested aliases, a "billion laughs", would otherwise be
walked path by path). Deep nesting is refused before the composer sees it: libyaml's composer
recurses, and `[[[[…` ten thousand levels deep crashes the interpreter.
"""

from __future__ import annotations

from typing import Any

import yaml

from mlprep_site.core.text.lines import YAML_BREAK_NAMES, YAML_BREAKS, first_yaml_break

# The C loader is the same safe loader, several times faster; pure Python where libyaml is missing.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
"""Deepest nesting content may have (an exported bank has 5 levels)."""
DEPTH_PROBLEM = f"nested deeper than {MAX_DEPTH} levels"


class UnsafeYaml(yaml.MarkedYAMLError):
    """YAML that is well formed but outside what content may use; `problem_mark` says where."""


def check_bounds(text: str) -> None:
    """Raise `UnsafeYaml` at the first anchor, alias, too deep collection or unescaped YAML-only
    line break of `text` (and the usual `YAMLError` if it does not parse). One pass of the event
    parser, which does not recurse."""
    found = first_yaml_break(text)
    if found is not None:
        # YAML folds it into a space or a newline, so the text would change without a word; and
        # every line YAML counts after it would be one off the file's lines (core.text.lines).
        line, column, char = found
        escape = f"\\u{ord(char):04x}"
        problem = f"{YAML_BREAK_NAMES[char]} is a line break to YAML: write it as {escape} in double quotes"
        raise UnsafeYaml(None, None, problem, yaml.Mark("<content>", 0, line, column, None, None))  # type: ignore[arg-type]
    try:
        _check_events(text)
    except yaml.MarkedYAMLError as error:
        # libyaml (0.2.5 and newer, in PyYAML 6.0.4's wheels) refuses past 1,000 flow levels while
        # scanning ahead, before the event that passes our own bound: the same refusal, our words.
        if error.problem is not None and "nesting depth" in error.problem and error.problem_mark:
            raise UnsafeYaml(None, None, DEPTH_PROBLEM, error.problem_mark) from error
        raise


def _check_events(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            problem = "anchors and aliases (`&name`, `*name`, `<<: *name`) are not allowed in content"
            raise UnsafeYaml(None, None, problem, event.start_mark)  # type: ignore[arg-type]
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                where = event.start_mark  # libyaml's Mark: the same fields as yaml.Mark
                raise UnsafeYaml(None, None, DEPTH_PROBLEM, where)  # type: ignore[arg-type]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load(text: str) -> object:
    """`text` as Python data, within the bounds above."""
    check_bounds(text)
    return yaml.load(text, Loader=SAFE_LOADER)


def compose(text: str) -> yaml.Node | None:
    """`text` as a node tree (with the line of every node), within the bounds above."""
    check_bounds(text)
    return yaml.compose(text, Loader=SAFE_LOADER)


def construct(node: yaml.Node) -> object:
    """The Python data of a node tree from `compose`."""
    loader = SAFE_LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


class SafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, except that a string holding a character YAML reads as a line break
    (U+0085, U+2028, U+2029) is double-quoted, where it is written as an escape: PyYAML writes
    it raw in other styles, and reads it back as a space or a newline."""


def represent_str(dumper: yaml.SafeDumper, value: str, style: str | None = None) -> yaml.ScalarNode:
    if any(char in value for char in YAML_BREAKS):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


SafeDumper.add_representer(str, represent_str)


def dump(data: Any, dumper: type[SafeDumper] = SafeDumper, **options: Any) -> str:
    """`data` as YAML that `load` reads back equal (given data it accepts)."""
    text: str = yaml.dump(data, Dumper=dumper, allow_unicode=True, **options)
    return text
