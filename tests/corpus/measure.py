"""The corpus measure of issue 20: our reader's questions against each repository's ground truth.

A truth question is found when we have a question starting within two lines of it in the same
file, each of ours standing for one truth question at most (the nearest; a file with a question
on every line must not count one of ours for five); it is found answered when it is answered and
so is the one of ours it was matched with. One of ours matched with no truth question is a false
question (not a question to a reader, or one question read as two). A file whose reading
raises is a traceback, counted (and its questions not found), never fatal. Shared by
bench/bench_corpus.py and tests/test_corpus.py.
"""

from __future__ import annotations

import fnmatch
import os
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlprep_site.core.loader import load_bank
from tests.corpus.truth import TruthQuestion, truth

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.yml"
DEFAULT_CORPUS = HERE.parents[1] / "bench" / ".work" / "corpus"
NEAR = 2
"""Lines between a truth question and ours for ours to count as the same question."""


@dataclass(frozen=True)
class Group:
    files: tuple[str, ...]
    rule: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Repository:
    name: str
    repo: str
    commit: str
    licence: str
    kind: str
    convention: str
    groups: tuple[Group, ...]
    truth: dict[str, int]
    """The counts recorded when the corpus was made: files, questions, answered."""


def load_manifest(path: Path = MANIFEST) -> list[Repository]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    repositories = []
    for entry in data["repositories"]:
        groups = tuple(
            Group(tuple(group["files"]), group["rule"], dict(group.get("params") or {}))
            for group in entry["groups"]
        )
        repositories.append(
            Repository(
                entry["name"],
                entry["repo"],
                entry["commit"],
                entry["licence"],
                entry["kind"],
                entry["convention"],
                groups,
                dict(entry.get("truth") or {}),
            )
        )
    return repositories


def matches(path: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def corpus_root() -> Path:
    return Path(os.environ.get("MLPREP_CORPUS", DEFAULT_CORPUS))


@dataclass
class FileResult:
    path: str
    """Repository-relative."""
    truth: list[TruthQuestion]
    ours: list[tuple[int, bool]]
    """(line, answered) of each question we read."""
    error: str | None = None
    """The traceback, when reading the file raised."""
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.matched: dict[int, int] = {}
        """Index in `truth` -> index in `ours`: nearest pairs first, each side used once."""
        pairs = sorted(
            (abs(line - question.line), t, o)
            for t, question in enumerate(self.truth)
            for o, (line, _) in enumerate(self.ours)
            if abs(line - question.line) <= NEAR
        )
        used: set[int] = set()
        for _, t, o in pairs:
            if t not in self.matched and o not in used:
                self.matched[t] = o
                used.add(o)

    def found(self, index: int) -> bool:
        return index in self.matched

    def found_answered(self, index: int) -> bool:
        return index in self.matched and self.ours[self.matched[index]][1]

    def false_lines(self) -> list[int]:
        used = set(self.matched.values())
        return [line for o, (line, _) in enumerate(self.ours) if o not in used]


@dataclass
class RepositoryResult:
    repository: Repository
    files: list[FileResult] = field(default_factory=list)

    @property
    def present(self) -> int:
        return sum(len(f.truth) for f in self.files)

    @property
    def answered(self) -> int:
        return sum(q.answered for f in self.files for q in f.truth)

    @property
    def found(self) -> int:
        return sum(f.found(i) for f in self.files for i in range(len(f.truth)))

    @property
    def answered_found(self) -> int:
        return sum(q.answered and f.found_answered(i) for f in self.files for i, q in enumerate(f.truth))

    @property
    def ours(self) -> int:
        return sum(len(f.ours) for f in self.files)

    @property
    def false(self) -> int:
        return sum(len(f.false_lines()) for f in self.files)

    @property
    def tracebacks(self) -> int:
        return sum(f.error is not None for f in self.files)

    @property
    def seconds(self) -> float:
        return sum(f.seconds for f in self.files)

    def missed(self) -> list[tuple[str, TruthQuestion]]:
        return [(f.path, q) for f in self.files for i, q in enumerate(f.truth) if not f.found(i)]


def repository_files(repository: Repository, root: Path) -> list[tuple[str, Group]]:
    """(repository-relative path, its group) of the repository's corpus files under `root`."""
    base = root / repository.name
    found: list[tuple[str, Group]] = []
    for path in sorted(base.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(base).as_posix()
        group = next((g for g in repository.groups if matches(relative, g.files)), None)
        if group is not None:
            found.append((relative, group))
    return found


def read_ours(path: Path) -> tuple[list[tuple[int, bool]], str | None, float]:
    """Our questions in one file through the public loader, the traceback if it raised, and
    the time it took."""
    start = time.perf_counter()
    try:
        bank, _ = load_bank([path])
    except Exception:
        return [], traceback.format_exc(), time.perf_counter() - start
    seconds = time.perf_counter() - start
    return [(q.line, q.answered) for q in bank.questions], None, seconds


def measure(repository: Repository, root: Path) -> RepositoryResult:
    result = RepositoryResult(repository)
    base = root / repository.name
    for relative, group in repository_files(repository, root):
        path = base / relative
        questions = truth(path.read_text(encoding="utf-8"), group.rule, group.params)
        ours, error, seconds = read_ours(path)
        result.files.append(FileResult(relative, questions, ours, error, seconds))
    return result


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


# Measured 2026-12-07 on the corpus at the manifest's commits:
# repository -> (found, answered found, false questions).
FLOORS: dict[str, tuple[int, int, int]] = {
    "data-science-interviews": (178, 164, 0),
    "MLQuestions": (78, 76, 0),
    "120-Data-Science-Interview-Questions": (116, 107, 0),
    "javascript-questions": (155, 155, 0),
    "linkedin-skill-assessments-quizzes": (864, 852, 0),
    "devops-exercises": (1159, 968, 0),
    "reactjs-interview-questions": (416, 415, 0),
    "Front-end-Developer-Interview-Questions": (157, 0, 0),
    "top-javascript-interview-questions": (193, 193, 0),
    "ml-interviews-book": (318, 0, 2),
    "nodejs-basics": (325, 325, 0),
    "docker-interview-questions": (15, 15, 0),
    "docker-interview-questions-fullstack-cafe": (55, 21, 0),
    "awesome-mlops": (0, 0, 0),
    "coding-interview-university": (0, 0, 0),
    "keep-a-changelog": (0, 0, 0),
    "30-seconds-of-interviews": (109, 109, 0),
    "test-your-sysadmin-skills": (285, 233, 0),
    "Data-Science-Interview-Questions-Answers": (142, 123, 0),
    "55-kubernetes-interview-questions": (55, 55, 0),
    "kubernetes-interview-questions-uk": (120, 120, 0),
    "design-patterns-for-humans": (0, 0, 0),
    "envico801-javascript-interview-questions": (1169, 1168, 1),
    "frontend-interview-questions": (3622, 87, 0),
    "shapovalovdev-devops-interview-questions": (1100, 1100, 0),
    "jobayer977-javascript-interview-questions": (398, 395, 2),
    "sudheerj-javascript-interview-questions": (564, 564, 0),
}


def floor_problems(results: list[RepositoryResult], root: Path) -> list[str]:
    """What in `results` breaks a floor, or differs from the counts the manifest recorded."""
    problems = []
    for result in results:
        name, recorded = result.repository.name, result.repository.truth
        counted = {"files": len(result.files), "questions": result.present, "answered": result.answered}
        if counted != recorded or len(repository_files(result.repository, root)) != recorded["files"]:
            problems.append(
                f"{name}: the corpus files differ from the pinned commit's ({counted} != {recorded})"
            )
        problems += [f"{name}/{f.path}: traceback: {f.error}" for f in result.files if f.error]
        found, answered_found, false = FLOORS[name]
        if result.found < found or result.answered_found < answered_found or result.false > false:
            measured = (result.found, result.answered_found, result.false)
            problems.append(f"{name}: found, answered found, false {measured} break the floor {FLOORS[name]}")
    return problems
