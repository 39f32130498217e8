"""What the preview server tells the plugins before a build, and what they tell it back.

The preview (`invoke serve`, preview/) keeps one Pelican object and runs a
build per batch of edits, with SITE_INCREMENTAL set. Before each build it
fills `hints`; during the build the writer reports through `notices`:

- `hints.changed`: the source files edited since the last build (their own
  pages are rendered first);
- `hints.everything`: something other than a Markdown file changed (a data
  file, an image, a template): every page is rendered again;
- `hints.reread`: a file other than Markdown was added or removed below
  content/: every item is read again (what its checks find may differ);
- `notices.planned(paths)`: the output files this build will write or
  remove, known before the first is rendered; until each is done the
  server holds requests for it;
- `notices.done(paths)`: those files are now up to date.

`quick_edit()` is the preview's shortcut for the commonest edits, a
change to an item's text, title or summary alone (every other field as
before, and a title only where the address does not follow from it): before
the build, the item of the last build takes the new values, the plugins that
derive something from them refresh it for that item (`body_edits`), and its
page is rendered again with everything else as the last build had it.
Nothing else that page shows can have changed, so it is exact; the build
that follows brings the rest (listings, feeds) up to date. Any doubt (a
problem in the new text, a new link to a held item) and the shortcut is not
taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import PLACEHOLDER


@dataclass
class Hints:
    changed: set[str] = field(default_factory=set)
    everything: bool = True
    reread: bool = False

    def reset(self) -> None:
        self.changed = set()
        self.everything = True
        self.reread = False


class Notices:
    """Callbacks the server sets; they do nothing outside a preview."""

    def __init__(self) -> None:
        self.on_planned = None
        self.on_done = None

    def planned(self, paths) -> None:
        if self.on_planned is not None:
            self.on_planned(set(paths))

    def done(self, paths) -> None:
        if self.on_done is not None:
            self.on_done(set(paths))


hints = Hints()
notices = Notices()


class BodyEdits:
    """What plugins contribute to `quick_edit()` (each registers at `register()` time)."""

    def __init__(self) -> None:
        self.read = None  # content_model: path -> (body HTML, raw front matter, formatted fields HTML) of the file now
        self.front_matter: dict[str, dict] = {}  # content_model: source path -> raw front matter last read
        self.refreshers: list = []  # plugins: (item, settings) -> problems, after item._content changed
        self.render = None  # site_writer: (item) -> output files rendered again, or None


body_edits = BodyEdits()


def quick_edit(settings, source_path: str) -> list[str] | None:
    """Show a body-only edit before the build; returns the files written, or None when it cannot."""
    from . import pelican_adapter

    item = pelican_adapter.kept_item(source_path, settings["PATH"])
    if item is None or body_edits.read is None or body_edits.render is None:
        return None
    found = body_edits.read(source_path)
    if found is None or source_path not in body_edits.front_matter:
        return None
    body, raw, formatted = found
    summary = formatted.get("summary")
    before_raw = body_edits.front_matter[source_path]
    changed = {key for key in set(raw) | set(before_raw) if raw.get(key) != before_raw.get(key)}
    if not changed <= QUICK_FIELDS or ("title" in changed and "slug" not in raw):
        return None  # more than the text changed (or the address follows the title): the build decides
    if any(not (raw.get(key) or "").strip() or PLACEHOLDER in raw[key] for key in changed):
        return None  # an empty or unfinished field: the build reports it
    before = _values(item)
    item._content = body
    if "title" in changed:
        item.title = item.metadata["title"] = raw["title"].strip()
    if "summary" in changed:
        item._summary = item.metadata["summary"] = summary
    pelican_adapter.forget_memos_of(item)
    problems = []
    for refresh in body_edits.refreshers:
        problems += refresh(item, settings)
    if problems:
        _restore(item, before)  # the build reports them; the page stays as it was
        pelican_adapter.forget_memos_of(item)
        for refresh in body_edits.refreshers:
            refresh(item, settings)
        return None
    return body_edits.render(item)


# Front-matter fields whose change shows on the item's own page only (until the build updates listings).
QUICK_FIELDS = frozenset({"title", "summary"})


def _values(item) -> dict:
    return {"_content": item._content, "title": getattr(item, "title", None),
            "_summary": item.__dict__.get("_summary"), "metadata": dict(item.metadata)}


def _restore(item, values: dict) -> None:
    item._content, item.title = values["_content"], values["title"]
    if values["_summary"] is not None:
        item._summary = values["_summary"]
    item.metadata.clear()
    item.metadata.update(values["metadata"])
