"""What a folder says about the site built from it: its title (the README's first heading) and,
when it is in a git repository with a web remote, the repository's URL, branch and where the
folder sits in it.

Read with `git` itself (`git -C folder …`, read-only queries that run no hooks), so worktrees,
`insteadOf` rewrites and sub-folders are understood as git understands them. No git, no
repository, or a remote that is not a web URL: no repository facts, never an error.
A remote's user name or token is never kept: the URL is published on every page.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from mlprep_site.core.text.inline import plain_text

README_NAMES = ("README.md", "readme.md", "Readme.md", "README.markdown", "index.md")
README_BYTES = 64 * 1024
"""How much of a README is searched for its title: a title is near the top."""
TITLE_LIMIT = 200
HEADING_SOURCE_LIMIT = 1000
"""How much of a heading's markup is cleaned into a title (a title keeps TITLE_LIMIT)."""
ATX_CLOSING_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
TAG_RE = re.compile(r"<[^>]*>")
UNSAFE_CHARS_RE = re.compile(r"[<>\"'\\\x00-\x1f\x7f]")
SCP_REMOTE_RE = re.compile(r"^(?:[^@/:]+@)?([A-Za-z0-9.-]+):(?!//)(.+)$")
"""`git@github.com:owner/repo.git`: git's scp-like form of an ssh remote."""
HOST_RE = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
PATH_RE = re.compile(r"[A-Za-z0-9._~/-]+")
"""What a published repository URL may hold: nothing that needs escaping anywhere."""
GIT_TIMEOUT = 10.0
GITLAB_EDIT = "-/edit"
EDIT_FORMS = {"github.com": "edit", "gitlab.com": GITLAB_EDIT, "bitbucket.org": "src"}
"""Host → the path of its edit page before `<branch>/<file>`, as `site.repo_links` reads it."""


@dataclass(frozen=True, slots=True)
class Repository:
    url: str
    """The repository's web page, `https://host/owner/repo`, without credentials."""
    branch: str | None
    """The branch edit links open: the remote's default branch, else the one checked out."""
    folder: str
    """The folder's path inside the repository, POSIX, `""` for its top."""

    @property
    def name(self) -> str:
        return "/".join(urlsplit(self.url).path.strip("/").split("/")[-2:])

    def edit_uri(self, folder: str) -> str | None:
        """Where `folder` (POSIX, relative to this repository's folder) is edited, relative to
        `url`, in the host's form; None where the form or the branch is not known."""
        host = urlsplit(self.url).hostname or ""
        form = EDIT_FORMS.get(host) or (GITLAB_EDIT if "gitlab" in host.split(".") else None)
        if form is None or self.branch is None:
            return None
        path = posixpath.normpath(posixpath.join(self.folder, folder))
        inside = "" if path == "." else f"{path}/"
        return f"{form}/{quote(self.branch, safe='/')}/{quote(inside, safe='/')}"


def readme_title(folder: Path) -> str | None:
    """The first `# heading` (or HTML `<h1>`) of the folder's README, as plain one-line text."""
    for name in README_NAMES:
        path = folder / name
        if path.is_file():
            with path.open("rb") as stream:
                return first_heading(stream.read(README_BYTES).decode("utf-8", errors="replace"))
    return None


def first_heading(text: str) -> str | None:
    """The text of the first ATX `# heading` or `<h1>…</h1>`, whichever comes first. Found with
    `str.find` and one pass over the lines (no pattern that backtracks over the whole text),
    and only its first `HEADING_SOURCE_LIMIT` characters are cleaned, so any README costs time
    in proportion to its size."""
    lower = text.lower()
    html_at = lower.find("<h1")
    html_title = None
    if html_at >= 0:
        opened = lower.find(">", html_at)
        closed = lower.find("</h1", opened) if opened >= 0 else -1
        if closed >= 0:
            html_title = text[opened + 1 : min(closed, opened + 1 + HEADING_SOURCE_LIMIT)]
    at = 0
    for line in text.splitlines(keepends=True):
        if html_title is not None and at > html_at:
            break
        if line.startswith(("# ", "#\t")):
            heading = line[2 : 2 + HEADING_SOURCE_LIMIT].strip()
            return plain_title(ATX_CLOSING_RE.sub("", heading))
        at += len(line)
    return None if html_title is None else plain_title(html_title)


def plain_title(markup: str) -> str | None:
    """A heading's text without markup (`core.text.inline.plain_text`), and without the tags it
    keeps as text or the characters that would be markup where MkDocs and the theme print the
    site name unescaped (`<title>`, attributes)."""
    text = UNSAFE_CHARS_RE.sub("", TAG_RE.sub("", plain_text(markup)))
    text = " ".join(text.split())[:TITLE_LIMIT].strip()
    return text or None


def web_url(remote: str) -> str | None:
    """The web page of a git remote (`git@host:o/r.git`, `ssh://git@host/o/r`,
    `https://user:token@host:8443/o/r.git`), with no credentials; None for a local path.
    An http(s) remote keeps its scheme and port; an ssh one becomes https on the same host."""
    scp = SCP_REMOTE_RE.match(remote) if "://" not in remote else None
    scheme, port = "https", None
    if scp is not None:
        host, path = scp.group(1), scp.group(2)
    else:
        try:
            split = urlsplit(remote)
            host, path = split.hostname or "", split.path
            if split.scheme in ("http", "https"):
                scheme, port = split.scheme, split.port
        except ValueError:
            return None
        if split.scheme not in ("https", "http", "ssh", "git", "git+ssh"):
            return None
    host = host.lower()
    path = path.strip("/").removesuffix(".git").strip("/")
    if not HOST_RE.fullmatch(host) or not path or not PATH_RE.fullmatch(path) or ".." in path.split("/"):
        return None
    return f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = result.stdout.strip()
    return out if result.returncode == 0 and out else None


def repository(folder: Path) -> Repository | None:
    """The repository `folder` is in, if its `origin` (or only) remote is a web host."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    remotes = (_git(folder, "remote") or "").split()
    remote_name = "origin" if "origin" in remotes else (remotes[0] if len(remotes) == 1 else None)
    remote = None if remote_name is None else _git(folder, "remote", "get-url", remote_name)
    url = None if remote is None else web_url(remote)
    if url is None:
        return None
    default = _git(folder, "symbolic-ref", "--short", f"refs/remotes/{remote_name}/HEAD")
    branch = (
        default.split("/", 1)[1] if default and "/" in default else _git(folder, "branch", "--show-current")
    )
    try:
        inside = folder.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:  # git's top-level folder is not above the resolved folder (a link)
        return None
    return Repository(url, branch, "" if inside == "." else inside)
