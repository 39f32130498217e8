"""Addresses this build writes besides items and static files.

Plugins announce the pages and files they will write (the press room's year
pages, calendar files, the sitemap), so that the link check knows them before
anything is written. Emptied at the start of every build.
"""

from __future__ import annotations

from . import state

_announced: set[str] = state.per_build(set())
# Pelican works an item's url and save_as out from its settings on every access (tens of microseconds).
_addresses = state.Memo("kernel.addresses.items")


def announce(*urls: str) -> None:
    """Addresses below the site root: persberichten/2026/, sitemap.xml."""
    _announced.update(url.lstrip("/") for url in urls)


def announced() -> set[str]:
    return set(_announced)


def of(item) -> tuple[str, str]:
    """(url, save_as) of an item, worked out once: both follow from the item as read and the settings."""
    key = (id(item), item.source_path)
    found = _addresses.get(key, lambda: (item, item.url, item.save_as))
    if found[0] is not item:  # another object at the same address in memory: work it out again
        found = (item, item.url, item.save_as)
        _addresses._values[key] = found
    return found[1], found[2]
