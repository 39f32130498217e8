"""State that lives for one build, and caches that may outlive it.

Plugins keep what one build found (registered items, counts, known
addresses) in containers made with `per_build()`: the kernel empties them at
the start of every build, so a preview rebuild never sees the last build's
leftovers.

A `Memo` holds results of pure functions (a body's scan, a logo's pixels),
keyed on everything the result depends on. It is emptied at the start of
every build, except in an incremental preview build, where it is kept but
pruned to the keys the previous build used: it cannot grow without bound
and can never return a result for inputs that changed (they have another key).
A result may also depend on which other files exist (a body's images): a
preview build after a file was added or removed empties every memo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

_per_build: list = []
_memos: list[Memo] = []


def per_build(container):
    """Register a container (dict, list, set or anything with .clear()) emptied at every build start."""
    _per_build.append(container)
    return container


class Memo:
    """A dict of pure results; see the module docstring for its lifetime."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._values: dict = {}
        self._used: set = set()
        _memos.append(self)

    def get(self, key: Hashable, compute: Callable[[], object]):
        try:
            value = self._values[key]
        except KeyError:
            value = self._values[key] = compute()
        self._used.add(key)
        return value

    def start_build(self, keep: bool) -> None:
        if keep:
            for key in set(self._values) - self._used:
                del self._values[key]
        else:
            self._values.clear()
        self._used = set()

    def clear(self) -> None:
        self._values.clear()
        self._used = set()

    def __len__(self) -> int:
        return len(self._values)


def start_build(incremental: bool) -> None:
    for container in _per_build:
        container.clear()
    for memo in _memos:
        memo.start_build(keep=incremental)
