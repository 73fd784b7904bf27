"""The configuration of a study site built from any folder or file (`mlprep-site serve|build`).

Three layers, each overriding the one before key by key:

1. the defaults shipped in the package (`defaults.yml`: theme, palette, markdown extensions,
   plugins, validation);
2. what the folder says about itself and where the package lives: the site name (README title,
   else the folder's name), the repository, its branch and edit links (`folder_facts`), the
   theme overrides and the `mlprep` plugin's content path;
3. the user's `mkdocs.yml` next to the content (or `--config-file`).

Key by key: mappings merge recursively; `plugins` and `markdown_extensions` merge by name (an
entry already there gets its options merged, a new one is added after ours); anything else
is replaced. The layers are merged as YAML nodes (`yaml.compose`, nothing is constructed), so
the user's tags (`!ENV`, `!relative`) reach MkDocs as written, and MkDocs' own `load_config`
reads the result through `ComposedConfig`, with the folder as its config folder. A user's
`INHERIT` is resolved here, into the user's layer (`settings_nodes`).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import ConfigurationError

from mlprep_site.core.reading.sources import iter_sources
from mlprep_site.site.folder_facts import plain_title, readme_title, repository

PACKAGE = Path(__file__).resolve().parent
DEFAULTS = PACKAGE / "defaults.yml"
OVERRIDES = PACKAGE / "overrides"
NO_DOCS = PACKAGE / "no_docs"
"""The docs folder when the configuration names none: empty, every page is generated (the
content folder may be the folder itself, so its `docs/` would be read twice)."""
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
HIDDEN_SITE_DIR = ".site"
NAMED_LISTS = frozenset({"plugins", "markdown_extensions"})
MAP_TAG = "tag:yaml.org,2002:map"
PLUGIN = "mlprep"
INHERIT = "INHERIT"
INHERIT_DEPTH = 8


class SiteConfigError(Exception):
    """A site that cannot be configured: the message says where and why."""


@dataclass(frozen=True, slots=True)
class SiteFolder:
    """The content a site is built from and the folder its configuration is relative to."""

    content: Path
    """The folder or file of questions (resolved)."""
    folder: Path
    """The config folder: the user's mkdocs.yml is here, and relative paths start here."""
    config_file: Path | None
    """The user's configuration, when there is one."""

    @classmethod
    def at(cls, path: Path, config_file: Path | None = None) -> SiteFolder:
        content = path.resolve()
        if not content.exists():
            raise SiteConfigError(f"{path}: no such file or folder")
        if config_file is not None:
            return cls(content, config_file.resolve().parent, config_file.resolve())
        folder = content if content.is_dir() else content.parent
        found = next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()), None)
        return cls(content, folder, found)

    def anchor(self) -> Path:
        """What MkDocs takes for its config file: the user's mkdocs.yml; else, in the config
        folder, the first content file or the folder holding it. Its folder is the config
        folder, and `mkdocs serve` watches it, so it must exist."""
        if self.config_file is not None:
            return self.config_file
        if self.content.is_file():
            return self.content
        files, _ = iter_sources([self.content])
        if not files:
            raise SiteConfigError(f"no question files found under {self.content}")
        return self.folder / files[0].relative_to(self.folder).parts[0]

    def content_read(self, user: yaml.MappingNode | None) -> Path:
        """The content the site is built from: the `mlprep` plugin's `content` in the user's
        mkdocs.yml when it names one, else PATH."""
        plugins = mapping_value(user, "plugins") if user is not None else None
        for entry in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
            if entry_name(entry) == PLUGIN and is_mapping(entry):
                content = mapping_value(entry.value[0][1], "content")
                if content is not None and scalar(content):
                    return (self.folder / str(scalar(content))).resolve()
        return self.content

    def reads(self, user: yaml.MappingNode | None, site_dir: Path) -> bool:
        """Whether the content's loader would read `site_dir`: it is inside the content folder
        and not in a hidden folder (which the loader skips)."""
        content = self.content_read(user)
        target = site_dir.resolve()
        if not content.is_dir() or not target.is_relative_to(content):
            return False
        return not any(part.startswith(".") for part in target.relative_to(content).parts)

    def content_option(self) -> str:
        return Path(os.path.relpath(self.content, self.folder)).as_posix()

    def user_nodes(self) -> yaml.MappingNode | None:
        return None if self.config_file is None else settings_nodes(self.config_file)

    def computed(self, user: yaml.MappingNode | None) -> dict[str, Any]:
        """Layer 2: what this folder and the installed package say (see the module's docstring)."""
        user_keys = set() if user is None else {key.value for key, _ in user.value}
        plugin: dict[str, Any] = {"content": self.content_option()}
        config: dict[str, Any] = {
            "site_name": readme_title(self.folder) or plain_title(self.folder.name) or "Questions",
            "docs_dir": str(NO_DOCS),
            "site_dir": HIDDEN_SITE_DIR if self.reads(user, self.folder / "site") else "site",
            "theme": {"custom_dir": str(OVERRIDES)},
            "plugins": [{PLUGIN: plugin}],
        }
        repo = None if "repo_url" in user_keys else repository(self.folder)
        if repo is not None:
            config.update(repo_url=repo.url, repo_name=repo.name)
            docs_edit = repo.edit_uri("docs")
            if docs_edit is not None:
                config["edit_uri"] = docs_edit
            content = self.content_read(user)  # the user's `content:` when mkdocs.yml names one
            content_folder = content if content.is_dir() else content.parent
            content_edit = repo.edit_uri(Path(os.path.relpath(content_folder, self.folder)).as_posix())
            if content_edit is not None:
                plugin["edit_uri"] = content_edit
        return config

    def compose(self) -> str:
        """The site's whole configuration as YAML text for MkDocs' loader."""
        user = self.user_nodes()
        merged = merge(defaults_nodes(), nodes_of(self.computed(user)))
        if user is not None:
            merged = merge(merged, user)
        return str(yaml.serialize(merged, Dumper=yaml.SafeDumper, allow_unicode=True))


def settings_nodes(path: Path, inherited_by: tuple[Path, ...] = ()) -> yaml.MappingNode | None:
    """A mkdocs.yml as YAML nodes, with the file its `INHERIT` names (relative to it) laid
    under it as MkDocs does, so that inherited settings belong to the user's layer too."""
    try:
        with path.open(encoding="utf-8") as stream:
            node = yaml.compose(stream, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SiteConfigError(f"{where}: {error.problem or error}") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SiteConfigError(f"{path}: {error}") from error
    if node is None:
        return None
    if not is_mapping(node):
        raise SiteConfigError(f"{path}:{node.start_mark.line + 1}: not a mapping of settings")
    assert isinstance(node, yaml.MappingNode)
    inherit = mapping_value(node, INHERIT)
    if inherit is None:
        return node
    parent = (path.parent / str(scalar(inherit) or "")).resolve()
    if parent in inherited_by or len(inherited_by) >= INHERIT_DEPTH:
        raise SiteConfigError(
            f"{path}:{inherit.start_mark.line + 1}: INHERIT goes round in a circle or too deep"
        )
    own = yaml.MappingNode(node.tag, [(k, v) for k, v in node.value if scalar(k) != INHERIT])
    base = settings_nodes(parent, (*inherited_by, path.resolve()))
    return own if base is None else merge(base, own)  # type: ignore[return-value]  # two mappings


def defaults_nodes() -> yaml.MappingNode:
    with DEFAULTS.open(encoding="utf-8") as stream:
        node = yaml.compose(stream, Loader=yaml.SafeLoader)
    assert isinstance(node, yaml.MappingNode)
    return node


def nodes_of(settings: dict[str, Any]) -> yaml.MappingNode:
    node = yaml.compose(yaml.safe_dump(settings), Loader=yaml.SafeLoader)
    assert isinstance(node, yaml.MappingNode)
    return node


def merge(base: yaml.Node, override: yaml.Node, key: str = "") -> yaml.Node:
    """`override` on top of `base`, key by key (see the module's docstring)."""
    if is_mapping(base) and is_mapping(override):
        assert isinstance(base, yaml.MappingNode) and isinstance(override, yaml.MappingNode)
        entries = list(base.value)
        for new_key, new_value in override.value:
            name = scalar(new_key)
            at = next((i for i, (k, _) in enumerate(entries) if name is not None and scalar(k) == name), None)
            if at is None:
                entries.append((new_key, new_value))
            else:
                entries[at] = (entries[at][0], merge(entries[at][1], new_value, name or ""))
        return yaml.MappingNode(base.tag, entries, flow_style=False)
    if key in NAMED_LISTS and isinstance(base, yaml.SequenceNode) and isinstance(override, yaml.SequenceNode):
        items = list(base.value)
        for item in override.value:
            name = entry_name(item)
            at = next(
                (i for i, old in enumerate(items) if name is not None and entry_name(old) == name), None
            )
            if at is None:
                items.append(item)
            else:
                items[at] = merge_entry(items[at], item)
        return yaml.SequenceNode(base.tag, items, flow_style=False)
    return override


def merge_entry(base: yaml.Node, override: yaml.Node) -> yaml.Node:
    """A plugin or extension given twice: `name` alone keeps the options already there."""
    if isinstance(override, yaml.ScalarNode):
        return base
    if isinstance(base, yaml.ScalarNode):
        return override
    return merge(base, override)


def is_mapping(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode) and node.tag == MAP_TAG


def scalar(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def mapping_value(node: yaml.Node, key: str) -> yaml.Node | None:
    if not is_mapping(node):
        return None
    return next((value for name, value in node.value if scalar(name) == key), None)


def entry_name(node: yaml.Node) -> str | None:
    """The name of a `plugins`/`markdown_extensions` entry: `name` or `name: {options}`."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if is_mapping(node) and len(node.value) == 1:
        return scalar(node.value[0][0])
    return None


class ComposedConfig:
    """The composed configuration as the file object `mkdocs.config.load_config` accepts.

    MkDocs opens it for every build, reads it, and closes it; `mkdocs serve` does so for every
    rebuild. It is composed afresh each time it is read from the start, so an edit to the
    user's mkdocs.yml (watched by `serve`), or one created meanwhile, is in the next rebuild.
    It never reports itself closed: MkDocs would reopen a closed one by its `name`, the anchor,
    which is not the composed text. `name` is also what MkDocs resolves `INHERIT` against.
    """

    closed = False

    def __init__(self, path: Path, config_file: Path | None = None) -> None:
        self.path = path
        self.config_file = config_file
        self.site = SiteFolder.at(path, config_file)
        self.name = str(self.site.anchor())
        self._text: io.StringIO | None = None

    def read(self, size: int = -1) -> str:
        if self._text is None:
            try:
                self.site = SiteFolder.at(self.path, self.config_file)
                self._text = io.StringIO(self.site.compose())
            except SiteConfigError as error:
                raise ConfigurationError(str(error)) from error
        return self._text.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("only seek(0) is supported")
        self._text = None
        return 0

    def close(self) -> None:
        self._text = None

    def load(self, **options: Any) -> Any:
        """MkDocs' configuration of this composition (`load_config`, which takes any file
        object with read/seek/close as its config file), with `options` over it."""
        from mkdocs.config import load_config

        return load_config(self, config_file_path=self.name, **options)  # type: ignore[arg-type]
