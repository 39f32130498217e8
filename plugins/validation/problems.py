"""The list of content problems found during one build run.

Readers and checks add to it; the validation plugin reports them all at once
and stops the build before anything is written.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: where, what, and what is expected."""

    path: str
    field: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.field}: {self.message}"
        if self.expected:
            text += f". Expected: {self.expected}"
        return text


class ProblemLog:
    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self._problems.append(problem)

    def extend(self, problems) -> None:
        self._problems.extend(problems)

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by file, then as found."""
        order = {id(p): i for i, p in enumerate(self._problems)}
        return sorted(self._problems, key=lambda p: (p.path, order[id(p)]))

    def clear(self) -> None:
        self._problems.clear()

    def __len__(self) -> int:
        return len(self._problems)


problem_log = ProblemLog()


def _resolved(path: str) -> Path:
    """Path.resolve() asks the file system for every part; once per absolute path is enough."""
    if not Path(path).is_absolute():
        return Path(path).resolve()  # depends on the working folder: not cached
    return _resolved_absolute(path)


@functools.lru_cache(maxsize=65536)
def _resolved_absolute(path: str) -> Path:
    return Path(path).resolve()


def relative_path(source_path: str, settings) -> str:
    """A path below the content folder: persberichten/x.md."""
    root = _resolved(str(settings["PATH"]))
    try:
        return _resolved(str(source_path)).relative_to(root).as_posix()
    except ValueError:
        return Path(source_path).as_posix()


def display_path(source_path: str, settings) -> str:
    """A path as the team sees it in the repository: content/persberichten/x.md."""
    root, source = str(settings["PATH"]), str(source_path)
    if Path(root).is_absolute() and Path(source).is_absolute():
        return _display_absolute(source, root)
    return (Path(Path(root).name) / relative_path(source_path, settings)).as_posix()


@functools.lru_cache(maxsize=65536)
def _display_absolute(source: str, root: str) -> str:
    return (Path(Path(root).name) / relative_path(source, {"PATH": root})).as_posix()
