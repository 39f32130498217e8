"""The one place that relies on how Pelican 4.12 works inside; tests/test_pelican_adapter.py pins each part.

- `fast_membership()`: Pelican's ArticlesGenerator writes every tag,
  category and author page with `dates = [a for a in self.dates if a in
  articles]`, a list scan per item: quadratic, seconds at 5,000 items. The
  lists are replaced by `MembershipList`s, same items in the same order,
  whose `in` is a set lookup. Only Pelican's own loops are faster; what they
  produce is the same.
"""

from __future__ import annotations


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
