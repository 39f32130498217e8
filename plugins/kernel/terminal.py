"""How the team's commands print a build: plain Dutch lines, without columns, colours or English.

`invoke build` and `invoke serve` (so `make html` and `make serve`) install these handlers
instead of Pelican's rich one. A problem reads "Fout: content/x.md: date: ...", a warning
"Let op: ...", the summary (kernel.summary) and, with `--verbose`, every detail as it is.
Lines below WARNING go to stdout, the rest to stderr.

Pelican also prints a closing line of its own in English ("Done: Processed ...") on its
rich console, outside logging. With these handlers nothing else uses that console, so it is
silenced: the summary says the same in Dutch. `pelican content -s ...` run directly keeps
Pelican's own output and that line.
"""

from __future__ import annotations

import logging
import sys

LABELS = {logging.WARNING: "Let op: ", logging.ERROR: "Fout: "}


class TeamFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return LABELS.get(record.levelno, "") + super().format(record)


class _Below(logging.Filter):
    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < self.level


def install(level: int = logging.WARNING) -> None:
    """Print the log of builds in this process to the terminal, from `level` up (INFO: every detail)."""
    from pelican.log import console

    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "team_terminal", False)]:
        root.removeHandler(handler)
    out, err = logging.StreamHandler(sys.stdout), logging.StreamHandler(sys.stderr)
    out.addFilter(_Below(logging.WARNING))
    err.setLevel(logging.WARNING)
    for handler in (out, err):
        handler.team_terminal = True
        handler.setFormatter(TeamFormatter("%(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    console.quiet = True
