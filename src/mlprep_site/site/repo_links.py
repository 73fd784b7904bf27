"""Edit and view URLs of content files on the repository's web host, built with urllib.parse.

A `RepoFolder` is a folder's URL split around the place a file path goes: the end of the URL's
path (`https://github.com/o/r/edit/main/content/`), or, query style, the end of one query
parameter's value (`https://dev.azure.com/o/p/_git/r?path=/content/&version=GBmain`, the form
MkDocs' `edit_uri: ?path=/docs/` is meant for). The rest of the URL is kept as written.

`content_links` chooses the content folder's edit URL the way MkDocs chooses a docs page's:
the plugin's `edit_uri` (relative to `repo_url`, or absolute); else MkDocs' own `edit_uri`
(which MkDocs defaults by host: `edit/master/docs/` on github.com and gitlab.com,
`src/default/docs/` on bitbucket.org) when it ends with the docs folder, which is replaced by
the content folder (the branch it names is kept); else none. The view URL of a source line is
derived from the edit URL where the host's URL form is known (`VIEW_FORMS`); elsewhere there
is none, rather than a wrong one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote, urljoin, urlsplit

# What stays as written when a file path is put into a URL path: RFC 3986 `pchar` and "/".
PATH_SAFE = "/:@!$&'()*+,;="
# In a query value `&`, `=`, `+` and `#` would end or change the value.
QUERY_SAFE = "/"
QUERY_PARAMETER = "path"
"""The query parameter that holds the folder in a query-style URL, when the URL has one."""


@dataclass(frozen=True, slots=True)
class RepoFolder:
    """A folder's URL as `prefix + folder + suffix`; a file under the folder is
    `prefix + folder + quote(file) + suffix`."""

    prefix: str
    """The URL up to the folder, as written (`https://host` or `https://host/p?a=1&path=`)."""
    folder: str
    """The folder as written, ending in `/`: the URL's path, or the query value."""
    suffix: str = ""
    """The rest of the URL as written: query and fragment, or the parameters after the value."""
    in_query: bool = False

    @property
    def safe(self) -> str:
        return QUERY_SAFE if self.in_query else PATH_SAFE

    @classmethod
    def parse(cls, url: str) -> RepoFolder | None:
        """The folder an absolute http(s) URL names; None for anything else."""
        try:
            split = urlsplit(url)
        except ValueError:
            return None
        if split.scheme not in ("http", "https") or not split.hostname:
            return None
        origin = f"{split.scheme}://{split.netloc}"
        fragment = f"#{split.fragment}" if split.fragment else ""
        pieces = split.query.split("&") if split.query else []
        slot = query_slot(pieces)
        if slot is None:
            query = f"?{split.query}" if split.query else ""
            return cls(origin, with_slash(split.path or "/"), query + fragment)
        name, _, value = pieces[slot].partition("=")
        before = "&".join([*pieces[:slot], f"{name}="])
        after = "".join(f"&{piece}" for piece in pieces[slot + 1 :])
        folder = quote(with_slash(unquote(value)), safe=QUERY_SAFE)
        return cls(f"{origin}{split.path}?{before}", folder, after + fragment, in_query=True)

    @property
    def url(self) -> str:
        return self.prefix + self.folder + self.suffix

    def file_url(self, path: str) -> str:
        return self.prefix + self.folder + quote(path, safe=self.safe) + self.suffix

    def segments(self) -> list[str]:
        """The folder's parts as written (`/o/r/edit/main/docs/` → `o r edit main docs`)."""
        return [part for part in self.folder.split("/") if part]

    def with_segments(self, segments: list[str]) -> RepoFolder:
        lead = "/" if self.folder.startswith("/") else ""
        return replace(self, folder=lead + "".join(f"{part}/" for part in segments))

    def moved(self, old: str, new: str) -> RepoFolder | None:
        """This folder with its trailing folder `old` (a relative POSIX path) replaced by `new`;
        None when it does not end with `old`."""
        old_parts = [part for part in old.split("/") if part not in ("", ".")]
        new_parts = [quote(part, safe=self.safe) for part in new.split("/") if part not in ("", ".")]
        segments = self.segments()
        if not old_parts or len(segments) < len(old_parts):
            return None
        kept = len(segments) - len(old_parts)
        if [unquote(part) for part in segments[kept:]] != old_parts:
            return None
        return self.with_segments(segments[:kept] + new_parts)


def query_slot(pieces: list[str]) -> int | None:
    """Which `name=value` piece of a query holds the folder: the `path` parameter, else the
    first whose value ends with `/`; None when the query holds no folder."""
    names = [unquote(piece.partition("=")[0]) for piece in pieces]
    if QUERY_PARAMETER in names:
        return names.index(QUERY_PARAMETER)
    ends = [i for i, piece in enumerate(pieces) if unquote(piece.partition("=")[2]).endswith("/")]
    return ends[0] if ends else None


def with_slash(path: str) -> str:
    return path if path.endswith("/") else path + "/"


# -- view URLs by host ------------------------------------------------------------------------

ViewForm = Callable[[list[str]], list[str] | None]
"""An edit folder's path segments → the view folder's, or None when they are not the host's form."""


def github_view(segments: list[str]) -> list[str] | None:
    # owner/repo/edit/<branch>/<folder> → owner/repo/blob/<branch>/<folder>
    if len(segments) > 3 and segments[2] in ("edit", "blob"):
        return [*segments[:2], "blob", *segments[3:]]
    return None


def gitlab_view(segments: list[str]) -> list[str] | None:
    # group/…/project/-/edit/<branch>/<folder> → …/-/blob/…; groups nest, `-` ends the project.
    for i, part in enumerate(segments[:-1]):
        if part == "-" and segments[i + 1] in ("edit", "blob"):
            return [*segments[: i + 1], "blob", *segments[i + 2 :]]
    return None


def gitlab_com_view(segments: list[str]) -> list[str] | None:
    # MkDocs' default for gitlab.com is `edit/master/docs/` without the `-` (GitLab redirects).
    found = gitlab_view(segments)
    if found is None and len(segments) > 3 and segments[2] in ("edit", "blob"):
        return [*segments[:2], "blob", *segments[3:]]
    return found


def bitbucket_view(segments: list[str]) -> list[str] | None:
    # Bitbucket's `src/<branch>/` page (MkDocs' default there) shows the file.
    return segments if len(segments) > 3 and segments[2] == "src" else None


VIEW_FORMS: dict[str, tuple[ViewForm, str]] = {
    "github.com": (github_view, "#L{line}"),
    "gitlab.com": (gitlab_com_view, "#L{line}"),
    "bitbucket.org": (bitbucket_view, "#lines-{line}"),
}
"""Host → how its view URL is derived from the edit URL, and its line anchor."""
OTHER_HOSTS: tuple[ViewForm, str] = (gitlab_view, "#L{line}")
"""Any other host: GitLab's `-/edit/` form is unmistakable (self-managed GitLab); no other is."""


@dataclass(frozen=True, slots=True)
class RepoLinks:
    """A content folder on its repository: edit URLs of its files, and view URLs of their
    lines where the host has a known form (`view` is None otherwise)."""

    edit: RepoFolder
    view: RepoFolder | None = None
    line_anchor: str = ""

    @classmethod
    def at(cls, edit_url: str) -> RepoLinks | None:
        """Links for the folder whose edit URL is `edit_url`; None when it is not http(s)."""
        edit = RepoFolder.parse(edit_url)
        if edit is None:
            return None
        host = (urlsplit(edit_url).hostname or "").lower()
        form, anchor = VIEW_FORMS.get(host, OTHER_HOSTS)
        segments = None if edit.in_query else form(edit.segments())
        if segments is None:
            return cls(edit)
        view = replace(edit.with_segments(segments), suffix="")  # the edit form's query is not the view's
        return cls(edit, view, anchor)

    def edit_url(self, path: str) -> str:
        return self.edit.file_url(path)

    def view_url(self, path: str, line: int) -> str | None:
        if self.view is None:
            return None
        url = self.view.file_url(path)
        return url + self.line_anchor.format(line=line) if line > 0 else url

    def moved(self, old: str, new: str) -> RepoLinks | None:
        edit = self.edit.moved(old, new)
        return None if edit is None else RepoLinks.at(edit.url)


def joined(repo_url: str | None, edit_uri: str) -> str | None:
    """`edit_uri` made absolute against `repo_url` as MkDocs does it (`Page._set_edit_url`):
    a path relative to the repository, `?query`, or an absolute URL. None: no base to join to."""
    if urlsplit(edit_uri).scheme:
        return edit_uri
    if not repo_url:
        return None
    if not edit_uri.startswith(("?", "#")) and not repo_url.endswith("/"):
        repo_url += "/"
    return urljoin(repo_url, edit_uri)


def content_links(
    repo_url: str | None,
    edit_uri: str | None,
    mkdocs_edit_uri: str | None,
    docs_folder: str,
    content_folder: str,
) -> RepoLinks | None:
    """The content folder's links (see the module's docstring). `edit_uri` is the plugin's
    option (`""` turns the links off); the folders are POSIX paths relative to mkdocs.yml.
    Raises ValueError with a message when the plugin's `edit_uri` cannot be used."""
    if edit_uri is not None:
        url = joined(repo_url, edit_uri) if edit_uri else None
        links = None if url is None else RepoLinks.at(url)
        if edit_uri and links is None:
            raise ValueError(
                f"edit_uri {edit_uri!r} is neither an absolute http(s) URL nor relative to a repo_url"
            )
        return links
    if not mkdocs_edit_uri or not inside(docs_folder) or not inside(content_folder):
        return None
    url = joined(repo_url, mkdocs_edit_uri)
    docs = None if url is None else RepoLinks.at(url)
    return None if docs is None else docs.moved(docs_folder, content_folder)


def inside(folder: str) -> bool:
    """Whether a folder relative to mkdocs.yml is inside its folder (so in its repository)."""
    normal = posixpath.normpath(folder)
    return not (normal == ".." or normal.startswith(("../", "/")))
