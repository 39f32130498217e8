"""The one summary of a build, in Dutch: what was made, how long it took, what is held back until when.

A build logs its details (every file written, every cache hit) at INFO,
which Pelican shows only with `-v`; without it the team sees warnings,
problems and this summary, logged once at `finalized` at the SUMMARY level
(between INFO and WARNING, so `-v` shows it too and `-q` hides it).

Plugins contribute through `held_back()` (an item the build left out, and
until when); the kernel counts the rest itself. A preview build
(SITE_INCREMENTAL) logs nothing: `invoke serve` prints its own line from
`last`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from . import state
from .clock import nl_moment, utc

SUMMARY = logging.INFO + 5
logging.addLevelName(SUMMARY, "KLAAR")
logger = logging.getLogger(__name__)
# Pelican's default shows WARNING and up: the summary logger is set to show its own level, and
# `report()` holds it back when the run asked for less than warnings (pelican -q).
logger.setLevel(SUMMARY)


@dataclass(frozen=True)
class Held:
    path: str
    title: str
    until: datetime


@dataclass
class BuildSummary:
    started: float = 0.0
    seconds: float = 0.0
    items: int = 0
    pages: int = 0
    feeds: int = 0
    held: list[Held] = field(default_factory=list)

    def clear(self) -> None:
        self.started, self.seconds, self.items, self.pages, self.feeds = time.perf_counter(), 0.0, 0, 0, 0
        self.held = []

    def text(self, seconds: float | None = None) -> str:
        """The summary; `seconds` replaces the kernel's own measure (the preview times its whole build)."""
        shown = f"{self.seconds if seconds is None else seconds:.1f}".replace(".", ",")
        made = ", ".join((_count(self.items, "tekst", "teksten"), _count(self.pages, "pagina", "pagina's"),
                          _count(self.feeds, "feed", "feeds")))
        lines = [f"Site gebouwd in {shown} s: {made}."]
        if self.held:
            lines.append("Onder embargo, nog niet op de site: " + _count(len(self.held), "tekst", "teksten"))
            for held in sorted(self.held, key=lambda h: (utc(h.until), h.path)):
                lines.append(f"  tot {nl_moment(held.until)}: {held.path} ('{held.title}')")
        return "\n".join(lines)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


last = state.per_build(BuildSummary())


def held_back(path: str, title: str, until: datetime) -> None:
    """An item this build leaves out (content/..., its title) and the moment it may appear."""
    last.held.append(Held(path, title, until))


def count_items(generators) -> None:
    """The items read and published: every article and page, hidden ones and translations too."""
    names = ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages")
    last.items = sum(len(getattr(generator, name, None) or ()) for generator in generators for name in names)


def count_output(produced) -> None:
    last.pages = sum(1 for relative in produced if relative.endswith(".html"))
    last.feeds = sum(1 for relative in produced if relative.endswith((".atom.xml", ".rss.xml")))


def report(*, preview: bool) -> None:
    last.seconds = time.perf_counter() - last.started
    if preview or logging.getLogger().getEffectiveLevel() > logging.WARNING:
        return
    logger.log(SUMMARY, "%s", last.text())
