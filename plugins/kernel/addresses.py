"""Addresses this build writes besides items and static files.

Plugins announce the pages and files they will write (the press room's year
pages, calendar files, the sitemap), so that the link check knows them before
anything is written. Emptied at the start of every build.
"""

from __future__ import annotations

from . import state

_announced: set[str] = state.per_build(set())


def announce(*urls: str) -> None:
    """Addresses below the site root: persberichten/2026/, sitemap.xml."""
    _announced.update(url.lstrip("/") for url in urls)


def announced() -> set[str]:
    return set(_announced)
