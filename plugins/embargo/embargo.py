"""Embargo: content whose moment has not come is left out of the build entirely.

An item (any type) is under embargo while its `embargo` or its `date` lies
after the build clock (`kernel.clock.build_time`). Pelican is told to publish
future dates (WITH_FUTURE_DATES) and never writes drafts, so this plugin is
the only gate. Right after reading, before taxonomies, feeds, archives,
sitemaps, search indexes or any other plugin see the content, an embargoed
item is removed from:

- the article generator (articles, hidden articles, drafts, translations) at
  `article_generator_pretaxonomy`, so no category, tag, author, year or feed
  ever counts it;
- the page generator (pages, hidden and draft pages, translations) at
  `page_generator_finalized`, together with the context lists;
- `generated_content`, so a `{filename}` link to it fails validation, and the
  validation link checker does not know its address either;
- the static generator at `static_generator_finalized`: attachments, images
  and files that only embargoed items refer to are not copied.

A translation (kernel.languages) appears at the later of its own moment and
its original's; a held item is also taken out of every other item's
`translations`, so no hreflang link, language switch or feed points to it.

A link from published content to an embargoed item is reported as a content
problem (the build stops), and so is what would stop the build at the lift
(a placeholder or an image without alt text in the body, an address in use).
Every embargoed item is named, with the moment it lifts, in the build's
summary (kernel.summary); `invoke embargo` lists them with the same function.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican import signals

from kernel import addresses, languages, preview, state, summary
from kernel.clock import build_time, nl_moment, utc
from kernel.html import formatted_fields, formatted_html, scan_body
from kernel.problems import (
    PLACEHOLDER,
    Problem,
    address_in_use,
    display_path,
    image_without_alt,
    placeholder_in_text,
    problem_log,
    relative_path,
)

logger = logging.getLogger(__name__)

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations",
              "draft_pages", "draft_translations")
# Metadata fields that name a file below content/.
FILE_FIELDS = ("attachments", "image")


@dataclass(frozen=True)
class Embargoed:
    """One item held back: its file (content/...), title, address and the moment it lifts."""

    path: str
    title: str
    url: str
    lifts: datetime

    def __str__(self) -> str:
        return f"{self.path}: '{self.title}' staat onder embargo tot {nl_moment(self.lifts)}"


def lift_moment(metadata, now: datetime) -> datetime | None:
    """When an item may appear: the later of `embargo` and `date` if that is after `now`, else None.

    `metadata` is a content object or a dict of read front matter.
    """
    get = metadata.get if isinstance(metadata, dict) else lambda name: getattr(metadata, name, None)
    moments = [m for m in (get("embargo"), get("date")) if isinstance(m, datetime)]
    latest = max(moments, key=utc, default=None)
    return latest if latest is not None and utc(latest) > utc(now) else None


def later(*moments: datetime | None) -> datetime | None:
    """The latest of the given lift moments (None: no embargo)."""
    return max((m for m in moments if m is not None), key=utc, default=None)


def item_lift_moment(item, now: datetime) -> datetime | None:
    """An item's lift moment; a translation's is the later of its own and its original's."""
    original = languages.original_of(item)
    return later(lift_moment(item, now), lift_moment(original, now) if original is not None else None)


# This build's held items: source path (absolute) -> Embargoed, and the items themselves.
_held: dict[str, Embargoed] = state.per_build({})
_held_items: list = state.per_build([])


def _hold(generator, names: tuple[str, ...]) -> None:
    now = build_time(generator.settings)
    settings = generator.settings
    for name in names:
        items = getattr(generator, name, None)
        if not items:
            continue
        kept = []
        for item in items:
            lifts = item_lift_moment(item, now)
            if lifts is None:
                kept.append(item)
                continue
            record = Embargoed(display_path(item.source_path, settings), getattr(item, "title", ""),
                               getattr(item, "url", ""), lifts)
            if item.source_path not in _held:
                _held[item.source_path] = record
                addresses.withhold(record.url)
                _held_items.append(item)
                summary.held_back(record.path, record.title, lifts)
                # The build time in the line keeps Pelican from dropping it as a repeat on live reload.
                logger.info("embargo: %s is held back until %s (build time %s)", record.path,
                            lifts.isoformat(), now.isoformat())
            generator.context.get("generated_content", {}).pop(item.get_relative_source_path(), None)
        items[:] = kept  # in place: the context may hold the same list
    for name in names:  # no published item points to a held version of itself
        for item in getattr(generator, name, None) or []:
            if any(other.source_path in _held for other in getattr(item, "translations", ())):
                item.translations = [o for o in item.translations if o.source_path not in _held]


def hold_articles(generator) -> None:
    """Remove embargoed articles before categories, tags, authors, archives and feeds are made."""
    _hold(generator, ARTICLE_LISTS)


def hold_pages(generator) -> None:
    """Remove embargoed pages from the generator and the context lists."""
    _hold(generator, PAGE_LISTS)
    for name in ("pages", "hidden_pages", "draft_pages"):
        if name in generator.context:
            generator.context[name] = getattr(generator, name)


def _referenced_files(item, settings) -> set[str]:
    """Paths below content/ that an item names in its metadata, body or formatted fields (notes)."""
    names: set[str] = set()
    for field in FILE_FIELDS:
        value = getattr(item, field, None)
        if isinstance(value, str):
            names.add(value)
        elif isinstance(value, list | tuple):
            names.update(str(v) for v in value)
    body = (item._content or "") + formatted_html(item, settings)
    source_dir = Path(relative_path(item.source_path, settings)).parent
    for link in _link_targets(body):
        names.add(link)
        names.add((source_dir / link).as_posix())
    return {n.removeprefix("/") for n in names}


def _link_targets(body: str) -> list[str]:
    return scan_body(body).targets()


def hold_static_files(generator) -> None:
    """Do not copy files that only embargoed items refer to."""
    if not _held_items:
        return
    settings = generator.settings
    published = _published_items(generator.context)
    wanted = set().union(*(_referenced_files(i, settings) for i in published)) if published else set()
    secret = set().union(*(_referenced_files(i, settings) for i in _held_items)) - wanted
    if not secret:
        return
    kept = []
    for static in generator.staticfiles:
        relative = static.get_relative_source_path()
        if relative in secret:
            logger.info("embargo: %s is not copied (used only by embargoed items)", relative)
            generator.context.get("static_content", {}).pop(relative, None)
            continue
        kept.append(static)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def _published_items(context) -> list:
    items = []
    for name in ("articles", "hidden_articles", "pages", "hidden_pages"):
        items.extend(context.get(name) or [])
    return items


def check_links(generator) -> None:
    """A link from published content to an embargoed item is a content problem.

    Runs when the last generator (static) has read its files, before the
    kernel's gate reports all problems at `all_generators_finalized`.
    """
    if not _held:
        return
    for item in _published_items(generator.context):
        problem_log.extend(links_to_held(item, generator.settings))


def links_to_held(item, settings) -> list[Problem]:
    """The problems of one published item that links to an item this build holds back."""
    if not _held:
        return []
    siteurl = settings.get("SITEURL", "")
    by_url = {"/" + r.url: r for r in _held.values() if r.url}
    by_source = {relative_path(src, settings): r for src, r in _held.items()}
    source_dir = Path(relative_path(item.source_path, settings)).parent
    links = [("(tekst)", target) for target in _link_targets(item._content or "")]
    for name, value in formatted_fields(item, settings):  # a release's notes are Markdown too
        links += [(name, target) for target in _link_targets(value)]
    # Front-matter links too, such as a campaign's cta_link.
    prefixes = ("/", "{filename}", *((siteurl,) if siteurl else ()))
    links += [(name, value) for name, value in item.metadata.items()
              if isinstance(value, str) and value.startswith(prefixes) and name != "path"]
    problems = []
    for field, target in links:
        target = re.sub(r"^\{filename\}", "", target)
        if siteurl and target.startswith(siteurl):
            target = target[len(siteurl):] or "/"
        path = target.removesuffix("index.html")
        record = by_url.get(path) or by_url.get(path + "/")
        if record is None and not target.startswith("/"):
            record = by_source.get(posixpath.normpath((source_dir / target).as_posix()))
        if record is None and target.startswith("/"):
            record = by_source.get(target.lstrip("/"))
        if record is not None:
            problems.append(Problem(
                display_path(item.source_path, settings), field,
                f"linkt naar {record.path}, dat onder embargo staat tot {nl_moment(record.lifts)}",
                "haal de link weg en zet hem terug na de publicatie: een item onder embargo mag nergens te vinden zijn",
            ))
    return problems


def check_held_items(generator) -> None:
    """Check held items now for what would otherwise stop the build at the lift.

    The validation plugin only sees published items; a placeholder, an image
    without alt text (in the body or the notes) or an address already in use
    in an embargoed release would fail the first build after its moment and delay it.
    """
    settings = generator.settings
    addresses = {i.save_as: i for i in _published_items(generator.context) if getattr(i, "save_as", "")}
    for item in _held_items:
        shown = display_path(item.source_path, settings)
        body = (item._content or "") + formatted_html(item, settings)
        for src in scan_body(body).images_without_alt:
            problem_log.add(image_without_alt(shown, src))
        if PLACEHOLDER in body:
            problem_log.add(placeholder_in_text(shown))
        other = addresses.get(item.save_as)
        if other is not None:
            problem_log.add(address_in_use(shown, item.url, display_path(other.source_path, settings)))


def embargoed_now() -> list[Embargoed]:
    """The items held back in the current run, soonest lift first."""
    return sorted(_held.values(), key=lambda r: (r.lifts, r.path))


def find_embargoed(settings) -> list[Embargoed]:
    """Read every content file as the build does and list those under embargo at the build clock.

    Used by `invoke embargo`; the decision is `lift_moment`, exactly as in the build,
    and the files are read by the build's own readers.
    """
    from pelican.readers import Readers

    now = build_time(settings)
    readers = Readers(settings)
    reader = readers.readers["md"]
    root = Path(settings["PATH"])
    read = []
    for source in sorted(root.rglob("*.md")):
        _content, metadata = reader.read(str(source))
        read.append((source, metadata))
    # A translation waits for its Dutch original: same folder, same slug.
    originals = {(source.parent, m.get("slug")): m for source, m in read
                 if m.get("lang", languages.DEFAULT) == languages.DEFAULT and m.get("slug")}
    found = []
    for source, metadata in read:
        lifts = lift_moment(metadata, now)
        if metadata.get("lang", languages.DEFAULT) != languages.DEFAULT:
            original = originals.get((source.parent, metadata.get("slug")))
            lifts = later(lifts, lift_moment(original, now) if original else None)
        if lifts is not None:
            found.append(Embargoed(display_path(str(source), settings), metadata.get("title", ""),
                                   "", lifts))
    return sorted(found, key=lambda r: (r.lifts, r.path))


def report(_pelican) -> None:
    held = embargoed_now()
    if held:
        logger.info("embargo: %d item%s held back", len(held), "s" if len(held) != 1 else "")


def register():
    # The preview's quick body edit (kernel.preview): a new body must not link to a held item either.
    if links_to_held not in preview.body_edits.refreshers:
        preview.body_edits.refreshers.append(links_to_held)
    signals.article_generator_pretaxonomy.connect(hold_articles)
    signals.page_generator_finalized.connect(hold_pages)
    signals.static_generator_finalized.connect(hold_static_files)
    signals.static_generator_finalized.connect(check_links)
    signals.static_generator_finalized.connect(check_held_items)
    signals.finalized.connect(report)
