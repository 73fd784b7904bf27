"""Write the corpus files named in manifest.yml from local clones into bench/.work/corpus/.

    python tests/corpus/extract.py --mirror DIR [--out bench/.work/corpus]

DIR holds one clone per repository as `owner+name/repo` (a bare or working git directory, as the
project's fetch tool leaves them). Each repository's files are read at its pinned commit with
`git show`, never from its working tree, so the corpus is the one the counts were made on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus.measure import DEFAULT_CORPUS, MANIFEST, Repository, load_manifest, matches  # noqa: E402


def extract(repository: Repository, mirror: Path, out: Path) -> int:
    git_dir = mirror / repository.repo.replace("/", "+") / "repo"
    listing = subprocess.run(
        ["git", "-C", str(git_dir), "ls-tree", "-r", "--name-only", repository.commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    wanted = [path for path in listing if any(matches(path, group.files) for group in repository.groups)]
    for path in wanted:
        data = subprocess.run(
            ["git", "-C", str(git_dir), "show", f"{repository.commit}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
        target = out / repository.name / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    for repository in load_manifest(MANIFEST):
        count = extract(repository, args.mirror, args.out)
        print(f"{repository.name}: {count} files")


if __name__ == "__main__":
    main()
