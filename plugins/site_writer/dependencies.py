"""What a page used when it was rendered, and whether any of it changed since (incremental preview builds).

While a page renders, the names its templates look up are recorded
(`RecordingContext`, set as the Jinja environments' documented
`context_class`). From the values behind those names the page's record
keeps what it depends on:

- its own item (`article`, `page`): body and everything else, and the items
  that item points to (related, previous, next, translations);
- the items of lists it was given (a listing's `articles_page`), by what a
  listing shows of them (everything but the body), and the lists themselves
  (which items, in which order);
- lists every page can see (`articles`, `dates`, `pages` of the shared
  context), the same way, when it looked them up;
- `build_time`, when it looked up the clock.

A feed depends on its items, bodies included, and on which items they are.

Before the next build renders anything, `Changes` compares every item with
its snapshot of the last build (body, and everything else with references
to other items by file), and a page is rendered again only when something it
depends on changed. Globals (data files, UI strings, images) and templates
change only with files other than Markdown; the preview then renders every
page again (`kernel.preview.hints.everything`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath

from jinja2.runtime import Context
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from kernel import addresses

# Attributes of an item that are not part of what it shows, or are its body.
# `_get_content` (plugins/images) is made from `_content` and the images, which only change with other files.
_NOT_SHOWN = frozenset({"_context", "settings", "_content", "_get_content"})
# Pelican's intrasite links in a body: its HTML changes when the address they point to does.
_INTRASITE = re.compile(r"[{|](?:filename|static|attach|category|tag|author|index)[|}]")
_SIMPLE = (str, int, float, bool, type(None), datetime, date, time, timedelta, tzinfo, PurePath)


class _Unknown:
    """A value we cannot compare between builds: it never equals anything, so its page is rendered."""

    def __eq__(self, other) -> bool:
        return False

    __hash__ = object.__hash__


# --- recording -----------------------------------------------------------------------------------

_names: set | None = None


class RecordingContext(Context):
    """Jinja's Context, noting every name a template looks up while a page is recorded."""

    def resolve_or_missing(self, key):
        if _names is not None:
            _names.add(key)
        return super().resolve_or_missing(key)


def start_recording() -> None:
    global _names
    _names = set()


def stop_recording() -> frozenset:
    global _names
    names, _names = frozenset(_names or ()), None
    return names


# --- comparable values ---------------------------------------------------------------------------

_normalised: dict[int, tuple] = {}


def normalise_once(value):
    """normalise(), once per object for the rest of this rendering (values do not change while pages render)."""
    found = _normalised.get(id(value))
    if found is None or found[0] is not value:
        found = _normalised[id(value)] = (value, normalise(value))
    return found[1]


def forget_normalised() -> None:
    _normalised.clear()


def normalise(value, depth: int = 0):
    """A value that compares equal between builds exactly when what a page shows of it is the same.

    Items become their source file (what is shown of them is compared with the
    item snapshots); lists and pagination pages become tuples.
    """
    if isinstance(value, Content):
        return ("item", value.source_path)
    if isinstance(value, _SIMPLE):
        return value
    if depth > 8:
        return _Unknown()
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v, depth + 1) for v in value)
    if isinstance(value, URLWrapper):  # its address follows from its slug and the settings
        return (type(value).__name__, value.name, value.slug)
    if isinstance(value, Page):
        return ("page", value.number, value.paginator.num_pages, normalise(value.object_list, depth + 1))
    if isinstance(value, Paginator):
        return ("paginator", value.num_pages, value.count, value.per_page)
    if isinstance(value, dict):
        return ("dict", tuple((str(k), normalise(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(normalise(v, depth + 1) for v in value))
    if hasattr(value, "__dataclass_fields__"):
        return value  # compared with its own __eq__
    return _Unknown()


def item_refs(normalised, found: set | None = None) -> set:
    """The source files of every item inside a normalised value."""
    found = set() if found is None else found
    if isinstance(normalised, tuple):
        if len(normalised) == 2 and normalised[0] == "item" and isinstance(normalised[1], str):
            found.add(normalised[1])
        else:
            for part in normalised:
                item_refs(part, found)
    elif isinstance(normalised, frozenset):
        for part in normalised:
            item_refs(part, found)
    return found


def shown(item) -> dict:
    """What listings and other pages can show of an item: everything but its body, references by file."""
    return {name: normalise(value) for name, value in vars(item).items() if name not in _NOT_SHOWN}


def pointed_to(item) -> set:
    """The items an item's own page shows parts of: related, previous, next, translations."""
    found = set()
    for name, value in vars(item).items():
        if name in _NOT_SHOWN:
            continue
        if isinstance(value, Content):
            found.add(value.source_path)
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Content):
            found.update(v.source_path for v in value if isinstance(v, Content))
    return found


# --- what the last build knew, and what changed since --------------------------------------------

@dataclass
class Record:
    """What one output file depended on when it was last made."""

    full: frozenset = frozenset()       # items shown whole (own item; a feed's items)
    listed: frozenset = frozenset()     # items shown as in a listing
    shared: frozenset = frozenset()     # names of the shared context it looked up
    values: dict = field(default_factory=dict)  # its own values (kwargs), normalised
    clock: bool = False
    calls: list = field(default_factory=list)  # kernel.render effect calls to replay
    digest: str = ""


@dataclass
class Snapshot:
    body: str
    shown: dict
    raw: dict


class Memory:
    """Kept between the builds of one preview process."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}
        self.items: dict[str, Snapshot] = {}
        self.addresses: dict = {}
        self.shared: dict[str, object] = {}
        self.clock = None
        self.outputs: dict = {}  # the last build's files to make (site_writer.Output), for quick body edits

    def clear(self) -> None:
        self.__init__()


memory = Memory()


class Changes:
    """This build against the last one: which items changed, which shared values, the clock."""

    def __init__(self, context: dict, clock) -> None:
        self.context = context
        items = {i.source_path: i for i in (context.get("generated_content") or {}).values() if i is not None}
        self.items = items
        self.body: set[str] = set()
        self.shown: set[str] = set()
        self.snapshots: dict[str, Snapshot] = {}
        for path, item in items.items():
            old = memory.items.get(path)
            raw = dict(vars(item))
            body = item._content or ""
            if old is None:
                self.snapshots[path] = Snapshot(body=body, shown=shown(item), raw=raw)
                self.body.add(path)
                self.shown.add(path)
                continue
            # Most attributes of a kept item are the very same objects as last time: compare only the others.
            now = dict(old.shown)
            for name in set(raw) | set(old.raw):
                if name in _NOT_SHOWN or (name in raw and name in old.raw and raw[name] is old.raw[name]):
                    continue
                if name in raw:
                    now[name] = normalise(raw[name])
                else:
                    now.pop(name, None)
            snapshot = Snapshot(body=body, shown=now, raw=raw)
            self.snapshots[path] = snapshot
            if old.body != body:
                self.body.add(path)
            if old.shown != now:
                self.shown.add(path)
        gone = set(memory.items) - set(items)
        self.body |= gone
        self.shown |= gone
        self.addresses = {path: addresses.of(item) for path, item in items.items()}
        self.addresses.update({("static", k): getattr(v, "url", None)
                               for k, v in (context.get("static_content") or {}).items()})
        if self.addresses != memory.addresses:
            # Bodies with intrasite links show other items' addresses.
            self.body |= {path for path, item in items.items() if _INTRASITE.search(item._content or "")}
        self.clock_changed = clock != memory.clock
        self.clock = clock
        self._shared: dict[str, tuple] = {}
        self._refs: dict[int, tuple] = {}

    def shared(self, name: str) -> tuple:
        """(normalised value, items in it) of a shared context name, once per build."""
        found = self._shared.get(name)
        if found is None:
            value = normalise(self.context.get(name))
            found = self._shared[name] = (value, frozenset(item_refs(value)))
        return found

    def refs(self, value) -> frozenset:
        """The items inside a normalised value, once per value object."""
        found = self._refs.get(id(value))
        if found is None or found[0] is not value:
            found = self._refs[id(value)] = (value, frozenset(item_refs(value)))
        return found[1]

    def shared_changed(self, name: str) -> bool:
        value, members = self.shared(name)
        return memory.shared.get(name) != value or not members.isdisjoint(self.shown)

    def commit(self, records: dict[str, Record]) -> None:
        memory.records = records
        memory.items = self.snapshots
        memory.addresses = self.addresses
        names = set().union(*(record.shared for record in records.values())) if records else set()
        memory.shared = {name: self.shared(name)[0] for name in names}
        memory.clock = self.clock
