"""The one place that relies on how Pelican 4.12 works inside; tests/test_pelican_adapter.py pins each part.

- `fast_membership()`: Pelican's ArticlesGenerator writes every tag,
  category and author page with `dates = [a for a in self.dates if a in
  articles]`, a list scan per item: quadratic, seconds at 5,000 items. The
  lists are replaced by `MembershipList`s, same items in the same order,
  whose `in` is a set lookup. Only Pelican's own loops are faster; what they
  produce is the same.
- Content reuse (`reuse_content()`, incremental preview builds only): the
  articles and pages generators keep their items between builds in Pelican's
  own generator-level cache (`_cache`, the mechanism behind
  CONTENT_CACHING_LAYER = "generator"), held in memory here instead of
  pickled to disk, and checked against each file's modification time and
  size. An item whose file had problems is never kept (its problems must be
  reported again). A kept item is pointed at the new build's context.
- `group_translations()`: Pelican's `process_translations` ends with a list
  scan per item (`x not in index`): quadratic, most of a second at 5,000
  items, on every build. The generators' reference to it is replaced by a
  wrapper that sorts the items as Pelican does and hands Pelican's own
  function one translation group at a time: the same originals, the same
  translations in the same order, the same warnings.
- `forget_memos()`: Pelican memoizes `get_content()` and `get_summary()` per
  item object for the life of the process; emptied at every build start, so
  bodies are made afresh (links to items whose address changed) and old
  items are not held in memory.
"""

from __future__ import annotations

import os
from itertools import groupby
from operator import attrgetter

from pelican import generators, utils
from pelican.contents import Content

# Generator class name -> {relative source path: (stamp, item)}; lives as long as the preview process.
_kept: dict[str, dict] = {}


class MembershipList(list):
    """A list whose `in` looks items up by identity in a set (Content has no __eq__: a list compares identity too)."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._members = {id(item) for item in self}

    def __contains__(self, item) -> bool:
        return id(item) in self._members


def fast_membership(generator) -> None:
    """Make the taxonomy lists of an ArticlesGenerator quick to search (after article_generator_finalized)."""
    tags = getattr(generator, "tags", None)
    if isinstance(tags, dict):
        for tag in list(tags):
            tags[tag] = MembershipList(tags[tag])
    for name in ("categories", "authors"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):
            pairs[:] = [(key, MembershipList(items)) for key, items in pairs]


def group_translations(content_list, translation_id=None):
    """pelican.utils.process_translations, one translation group at a time (linear instead of quadratic)."""
    if not translation_id:
        return utils.process_translations(content_list, translation_id)
    ids = {translation_id} if isinstance(translation_id, str) else translation_id
    try:
        content_list.sort(key=attrgetter(*ids))  # as Pelican sorts it, in place
    except (TypeError, AttributeError):
        return utils.process_translations(content_list, translation_id)  # Pelican words the error
    index, translations = [], []
    for _key, group in groupby(content_list, attrgetter(*ids)):
        originals, others = utils.process_translations(list(group), translation_id)
        index += originals
        translations += others
    return index, translations


def use_grouped_translations() -> None:
    """Point Pelican's generators at group_translations (they call process_translations by module name)."""
    generators.process_translations = group_translations


def _stamp(path: str) -> tuple[int, int] | str:
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return (stat.st_mtime_ns, stat.st_size)


def reuse_content(generator) -> None:
    """At article_generator_init / page_generator_init of an incremental build: keep items between builds."""
    cache = _kept.setdefault(type(generator).__name__, {})
    for relative in [r for r, (_stamp_, item) in cache.items() if getattr(item, "content_problems", 0)]:
        del cache[relative]
    generator._cache = cache
    generator._cache_data_policy = True
    generator._filestamp_func = _stamp
    generator.save_cache = _no_save


def _no_save() -> None:
    """The kept items stay in memory; nothing is pickled."""


def point_at_context(items, context) -> None:
    """Kept items were made in an earlier build: their links resolve in this build's context."""
    for item in items:
        item._context = context


def is_kept(source_path: str, content_root: str) -> bool:
    """Whether an incremental build will take this file's item from the kept ones (its file is unchanged)."""
    relative = os.path.relpath(source_path, content_root)
    stamp = _stamp(source_path)
    return any(entry[0] == stamp for cache in _kept.values() if (entry := cache.get(relative)) is not None)


def forget_content() -> None:
    """Files other than Markdown were added or removed: every item is read again (its checks may differ)."""
    _kept.clear()


def kept_item(source_path: str, content_root: str):
    """The item an earlier build read from this file (whether or not the file changed since), if any."""
    relative = os.path.relpath(source_path, content_root)
    for cache in _kept.values():
        entry = cache.get(relative)
        if entry is not None:
            return entry[1]
    return None


def forget_memos_of(item) -> None:
    """Pelican's memoized body and summary of one item (its `_content` changed)."""
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].cache
        for key in [key for key in cache if key and key[0] is item]:
            del cache[key]


def forget_memos() -> None:
    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()
