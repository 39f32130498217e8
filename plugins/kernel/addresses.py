"""Addresses this build writes besides items and static files, and those it holds back.

Plugins announce the pages and files they will write (the press room's year
pages, calendar files, the sitemap), so that the link check knows them before
anything is written. A plugin that holds an item back (the embargo) marks its
address as withheld: a link to it is that plugin's problem to report, and the
link check stays quiet about it, so one mistake gives one line. A folder for
the team rather than readers (the web editor) is marked too: robots.txt disallows
it and the sitemap leaves it out. All three are emptied at the start of every build.
"""

from __future__ import annotations

import re

from . import state

# A slug, and a key of a data file: lower-case letters and digits, single hyphens between.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_announced: set[str] = state.per_build(set())
_withheld: set[str] = state.per_build(set())
_for_the_team: set[str] = state.per_build(set())
# Pelican works an item's url and save_as out from its settings on every access (tens of microseconds).
_addresses = state.Memo("kernel.addresses.items")


def announce(*urls: str) -> None:
    """Addresses below the site root: persberichten/2026/, sitemap.xml."""
    _announced.update(url.lstrip("/") for url in urls)


def announced() -> set[str]:
    return set(_announced)


def withhold(*urls: str) -> None:
    """Addresses of items this build holds back; the plugin that holds them reports links to them."""
    _withheld.update(url.lstrip("/") for url in urls if url)


def withheld() -> set[str]:
    return set(_withheld)


def for_the_team(*folders: str) -> None:
    """Folders below the site root that are for the team, not for readers: admin/."""
    _for_the_team.update(folder.strip("/") + "/" for folder in folders)


def team_folders() -> list[str]:
    return sorted(_for_the_team)


def of(item) -> tuple[str, str]:
    """(url, save_as) of an item, worked out once: both follow from the item as read and the settings."""
    key = (id(item), item.source_path)
    found = _addresses.get(key, lambda: (item, item.url, item.save_as))
    if found[0] is not item:  # another object at the same address in memory: work it out again
        found = (item, item.url, item.save_as)
        _addresses._values[key] = found
    return found[1], found[2]
