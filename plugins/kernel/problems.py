"""Content problems: the one list of a build, and the gate that stops it.

Readers and checks add a `Problem` (file, field, what is wrong, what is
expected) to `problem_log`. After every generator has read its content and
before anything is written, `fail_on_problems()` logs every problem once, in
a stable order, and stops the build with `ContentError` (exit code 1).
Pelican's own error lines of the build (a file it could not process) are
reported the same way, so they do not only scroll by.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from . import state

logger = logging.getLogger(__name__)

# Marks what `invoke new` could not fill in; the build refuses a file that still holds it.
PLACEHOLDER = "VUL AAN"


class TeamError(Exception):
    """Something the team fixes (content, SITE_NOW): its Dutch message is all they see, no traceback."""

    exitcode = 1


class ContentError(TeamError):
    """The content has problems; Pelican exits with this code."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, in Dutch for the team: where, what is wrong, how to fix it, an example.

    `field` is the front-matter field or data-file key, or a place in parentheses:
    (tekst) for the body, (bestand), (map). `expected` says how to put it right
    (a sentence in the imperative); `example` shows a right value.
    """

    path: str
    field: str
    message: str
    expected: str = ""
    example: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.field}: {self.message}"
        if self.expected:
            text += f". Oplossing: {self.expected}"
        if self.example:
            text += f". Voorbeeld: {self.example}"
        return text


def image_without_alt(shown: str, src: str) -> Problem:
    return Problem(shown, "(tekst)", f"het beeld '{src}' heeft geen alt-tekst",
                   "schrijf tussen de vierkante haken wat het beeld toont",
                   "![Vrijwilligers delen soep uit](images/soep.jpg)")


def placeholder_in_text(shown: str) -> Problem:
    return Problem(shown, "(tekst)", f"de tekst bevat nog {PLACEHOLDER}", f"vervang {PLACEHOLDER} door de echte tekst")


def address_in_use(shown: str, url: str, other: str) -> Problem:
    return Problem(shown, "slug", f"het adres /{url} is al van {other}", "kies een slug die nog niet gebruikt wordt",
                   "slug: een-andere-slug")


class ProblemLog:
    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self._problems.append(problem)

    def extend(self, problems) -> None:
        self._problems.extend(problems)

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by file, then as found; each one once."""
        unique = list(dict.fromkeys(self._problems))
        order = {id(p): i for i, p in enumerate(unique)}
        return sorted(unique, key=lambda p: (p.path, order[id(p)]))

    def clear(self) -> None:
        self._problems.clear()

    def __len__(self) -> int:
        return len(self._problems)


problem_log = state.per_build(ProblemLog())
_resolved = state.Memo("kernel.problems.paths")


def below_folder(path: str, folder: str) -> str | None:
    """`path` relative to `folder` (posix), by their absolute spelling alone; None when it is not below it.

    Pelican hands out absolute paths spelled from the settings, so this answers nearly every call
    without asking the file system (resolving every path took 0.2 s a build at 1,000 items).
    """
    path, folder = os.path.abspath(path), os.path.abspath(folder)
    if not path.startswith(folder.rstrip(os.sep) + os.sep):
        return None
    return path[len(folder.rstrip(os.sep)) + 1:].replace(os.sep, "/")


def _resolve(path: str) -> Path:
    if not Path(path).is_absolute():
        return Path(path).resolve()  # depends on the working folder: not kept
    return _resolved.get(path, lambda: Path(path).resolve())


def resolved(path) -> str:
    """`path` with its links resolved (kept for the build when it is absolute)."""
    return str(_resolve(str(path)))


def relative_below(path, folder) -> str | None:
    """`path` relative to `folder` (posix), None when it is not below it: by spelling first, then resolved."""
    below = below_folder(str(path), str(folder))
    if below is not None:
        return below
    try:
        return _resolve(str(path)).relative_to(_resolve(str(folder))).as_posix()
    except ValueError:
        return None


def relative_path(source_path: str, settings) -> str:
    """A path below the content folder: persberichten/x.md."""
    relative = relative_below(source_path, settings["PATH"])
    return relative if relative is not None else Path(source_path).as_posix()


def display_path(source_path: str, settings) -> str:
    """A path as the team sees it in the repository: content/persberichten/x.md."""
    root = str(settings["PATH"])
    return (Path(Path(root).name) / relative_path(source_path, settings)).as_posix()


def data_path(settings, filename: str) -> str:
    """A data file as the team sees it: content/data/leden.yml."""
    return f"{Path(settings['PATH']).name}/data/{filename}"


class PelicanErrors(logging.Handler):
    """Keeps Pelican's own error lines of this build, to be reported as problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = state.per_build([])

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("pelican"):
            self.messages.append(record.getMessage())

    def install(self) -> None:
        root = logging.getLogger()
        if self not in root.handlers:
            root.addHandler(self)


pelican_errors = PelicanErrors()


def fail_on_problems(*, log: bool = True) -> None:
    """Log every problem of this build and stop it; nothing happens when there are none.

    `log=False` in the preview: it prints the problems itself and shows them in the browser.
    """
    problems = problem_log.sorted()
    reported = {p.path.split("/", 1)[-1] for p in problems}
    for message in pelican_errors.messages:
        # Pelican also complains about a file whose problem is already on the list: one line is enough.
        if not any(path and path in message for path in reported):
            problem_log.add(Problem("(pelican)", "(bouw)", message,
                                    "geef deze melding door aan wie de site onderhoudt"))
    pelican_errors.messages.clear()
    problems = problem_log.sorted()
    if not problems:
        return
    for problem in problems if log else ():
        logger.error("%s", problem)
    count = len(problems)
    raise ContentError(
        f"{count} {'probleem' if count == 1 else 'problemen'} in de inhoud; er is niets geschreven. "
        "Verbeter elke regel hierboven en bouw opnieuw."
    )


class AlreadyReported(logging.Filter):
    """Pelican's own line about a file whose problem is on the list ("Skipping x.md: could not find
    information about 'title'"): the team gets one line per problem, ours."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not len(problem_log):
            return True
        message = record.getMessage()
        return not any(p.path.split("/", 1)[-1] in message for p in problem_log.sorted())


already_reported = AlreadyReported()
PELICAN_LOGGERS = ("pelican.contents", "pelican.generators", "pelican.readers")


class NoTracebackForContent(logging.Filter):
    """Content problems are the team's to fix, not a crash: no Python traceback, and no class name in front
    of the Dutch message (Pelican logs "ContentError: <message>" for an error that ends the build)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TeamError):
            record.exc_info = None
            record.msg, record.args = "%s", (str(error),)
        return True
