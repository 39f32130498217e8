"""The site's writer: every page and feed rendered once, on every core.

Pelican lets a plugin supply the writer (the documented `get_writer`
signal). `SiteWriter` takes the same calls as Pelican's own Writer
(`write_file`, `write_feed`, same arguments, same pagination with Pelican's
`Paginator`, same rules for `override_output`) but renders nothing while the
generators run: each file to make is queued with its template and context.
When every generator has written, the queue is rendered the first time
something needs the pages (`kernel.output.pages_written()`: the search
index, the sitemap and the social cards ask at `finalized`; the kernel at
the end of the build in any case):

- pages on every core: forked workers inherit the items and templates, each
  renders and writes a share, and returns the calls of template globals with
  side effects (kernel.render), which the main process replays;
- feeds in the main process meanwhile, so `feed_generated` and
  `feed_written` handlers see the feed object as they do with Pelican;
- then `content_written` is sent for every page, in queue order.

In an incremental preview build (SITE_INCREMENTAL) only the files whose
inputs changed are rendered (see dependencies.py), the edited items' own
pages first; the server is told as soon as those are written
(`kernel.preview.notices`). A file is written only when its bytes changed,
and the effect calls of a page not rendered again are replayed.

Nothing may change an item after the generators have written; a template
global may only have side effects through `kernel.render.effect`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath
import time
from dataclasses import dataclass, field

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from kernel import output, parallel, preview, render
from kernel.clock import build_time
from kernel.preview import hints, notices
from kernel.settings import incremental, workers

from . import dependencies
from .dependencies import Changes, Record, memory

logger = logging.getLogger(__name__)

# Fewer pages than this per worker: rendering them here is quicker than forking.
MIN_PAGES_PER_WORKER = 40
# Counts of the last build's rendering (for the log and the tests); "rendered" names the files made.
last_flush: dict = {}


@dataclass
class Output:
    """One file to make: a page (template and context) or a feed (items and title)."""

    path: str  # absolute, as Pelican's writer names it
    relative: str
    kind: str
    override: bool
    template: object = None
    localcontext: dict = field(default_factory=dict)
    feed: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)
    names: frozenset = frozenset()
    writer: object = None

    @property
    def source(self) -> str | None:
        """The source file of the page's own item, if it has one."""
        for name in ("article", "page"):
            item = self.localcontext.get(name)
            if item is not None and getattr(item, "source_path", None):
                return item.source_path
        return None


class SiteWriter(Writer):
    """Pelican's Writer interface; files are queued, then rendered together (see the module docstring)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.queue: dict[str, Output] = {}
        self.context: dict | None = None
        self._root = sanitised_join(output_path, "") .rstrip("/") + "/"
        output.when_pages_are_needed(self.flush_and_log)

    # -- the two calls generators and plugins make -------------------------------------------

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        """Queue a page, or every page of a paginated listing, exactly as Pelican's Writer would write them."""
        if not name:
            return
        if self.context is None:
            self.context = context

        def localcontext_for(save_as, values):
            local = context.copy()
            local["localsiteurl"] = local.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(get_relative_path(save_as))
                local["SITEURL"] = relative_url
                local["localsiteurl"] = relative_url
            local["output_file"] = save_as
            local.update(values)
            if local["localsiteurl"]:
                context["localsiteurl"] = local["localsiteurl"]
            return local

        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, value, self.settings, per_page)
                          for key, value in paginated.items()}
            for page_number in range(next(iter(paginators.values())).num_pages):
                values = kwargs.copy()
                for key, paginator in paginators.items():
                    page = paginator.page(page_number + 1)
                    values.update({
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(page_number) if page_number > 0 else None,
                        f"{key}_next_page": (paginator.page(page_number + 2)
                                             if page_number + 1 < paginator.num_pages else None),
                    })
                self._queue("page", page.save_as, override_output, template=template,
                            localcontext=localcontext_for(page.save_as, values))
        else:
            self._queue("page", name, override_output, template=template,
                        localcontext=localcontext_for(name, kwargs))

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        """Queue a feed; without a path, return the feed object as Pelican's Writer does."""
        if not path:
            return super().write_feed(elements, context, None, url, feed_type, override_output, feed_title)
        self._queue("feed", path, override_output, feed={
            "elements": elements, "context": context, "url": url or path, "feed_type": feed_type,
            "feed_title": feed_title})
        return None

    def _queue(self, kind: str, name: str, override: bool, **values) -> None:
        relative = posixpath.normpath(str(name).replace(os.sep, "/")).lstrip("/")
        if relative == ".." or relative.startswith("../"):
            raise RuntimeError(f"Attempted to break out of output directory to {name}")  # as Pelican's writer
        path = self._root + relative
        queued = self.queue.get(path)
        if queued is not None:
            if queued.override:
                if override:
                    raise FileOverwriteFailedError(f'Failed to overwrite "{path}" a second time '
                                                   "(was previously overwritten)")
                logger.info('Skipping "%s", not overwriting', path)
                return
            if not override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has already '
                                               "written to it previously (set `override=True` if intended)")
            logger.info('Overwriting "%s"', path)
        self.queue[path] = Output(path=path, relative=relative, kind=kind, override=override, writer=self, **values)

    # -- rendering ------------------------------------------------------------------------------

    def render_page(self, item: Output) -> str:
        recording = incremental(self.settings)
        if recording:
            dependencies.start_recording()
        try:
            with render.recording() as calls:
                text = item.template.render(item.localcontext)
        finally:
            if recording:
                item.names = dependencies.stop_recording()
        item.calls = calls
        return text

    def render_feed(self, item: Output):
        spec = item.feed
        feed = super().write_feed(spec["elements"], spec["context"], None, spec["url"], spec["feed_type"],
                                  False, spec["feed_title"])
        buffer = io.StringIO()
        feed.write(buffer, "utf-8")
        return feed, buffer.getvalue()

    def flush_and_log(self) -> None:
        counts = self.flush()
        last_flush.clear()
        last_flush.update(counts)
        kept = f", {counts['kept']} unchanged" if "kept" in counts else ""
        logger.info("site_writer: %d pages and %d feeds rendered%s in %.2f s", counts["pages"], counts["feeds"],
                    kept, counts["seconds"])

    def flush(self) -> dict:
        """Render and write every queued file; returns counts for the log."""
        if incremental(self.settings):
            return self._flush_changed()
        started = time.perf_counter()
        pages = [item for item in self.queue.values() if item.kind == "page"]
        feeds = [item for item in self.queue.values() if item.kind == "feed"]
        # Items' own pages first: the search index (only those) is made while the listings render.
        own = [item for item in pages if item.source]
        listings = [item for item in pages if not item.source]
        self._render_group(own)
        output.item_pages_written(self.settings, [item.relative for item in own])
        self._render_group(listings, meanwhile=lambda: self._write_feeds(feeds))
        output.record(*(item.relative for item in self.queue.values()))
        return {"pages": len(pages), "feeds": len(feeds), "seconds": time.perf_counter() - started}

    def _render_group(self, pages: list, meanwhile=None) -> None:
        """Render and write `pages` (on every core when there are enough), then send content_written for each."""
        count = workers(self.settings)
        if count > 1 and len(pages) >= 2 * MIN_PAGES_PER_WORKER and parallel.can_fork():
            chunks = parallel.fork_map(lambda start, stop: self._render_list(pages[start:stop]), len(pages), count,
                                       meanwhile=meanwhile)
            for item, calls in zip(pages, (c for chunk in chunks for c in chunk), strict=True):
                item.calls = calls
                render.replay(calls)
        else:
            self._render_list(pages)
            if meanwhile is not None:
                meanwhile()
        for item in pages:
            logger.info('Writing "%s"', item.path)
            signals.content_written.send(item.path, context=item.localcontext)

    def _render_list(self, pages: list) -> list:
        """Render and write `pages`; in a worker, the effect calls go back to the main process."""
        results = []
        for item in pages:
            _write(item.path, self.render_page(item))
            results.append(item.calls)
        return results

    def _write_feeds(self, feeds: list) -> None:
        for item in feeds:
            feed, text = self.render_feed(item)
            _write(item.path, text)
            logger.info('Writing "%s"', item.path)
            signals.feed_written.send(item.path, context=item.feed["context"], feed=feed)


    # -- incremental preview builds ---------------------------------------------------------

    def _flush_changed(self) -> dict:
        """Render only what changed since the last build of this preview, the edited items' pages first."""
        started = time.perf_counter()
        dependencies.forget_normalised()
        changes = Changes(self.context or {}, build_time(self.settings))
        self._changes = changes
        everything = hints.everything or not memory.records
        outputs = list(self.queue.values())
        todo, kept = [], []
        for item in outputs:
            record = memory.records.get(item.relative)
            if everything or record is None or self._changed(item, record, changes):
                todo.append(item)
            else:
                kept.append((item, record))
        first = [item for item in todo if item.source in hints.changed]
        rest = [item for item in todo if item.source not in hints.changed]
        records: dict[str, Record] = {}
        written = self._render_changed(first, records)
        notices.done([item.relative for item in first]
                     + [item.relative for item, _r in kept if item.source in hints.changed])
        written += self._render_changed(rest, records)
        for item, record in kept:
            render.replay(record.calls)
            records[item.relative] = record
        gone = sorted(set(memory.records) - {item.relative for item in outputs})
        for relative in gone:  # now, before the sitemap and the search index read the pages
            output.remove(self.settings, relative)
        output.record(*(item.relative for item in outputs))
        changes.commit(records)
        memory.outputs = {item.relative: item for item in outputs}
        for item in written:
            if item.kind == "page":
                logger.info('Writing "%s"', item.path)
                signals.content_written.send(item.path, context=item.localcontext)
        notices.done([item.relative for item in written] + gone)
        pages = sum(1 for item in todo if item.kind == "page")
        return {"pages": pages, "feeds": len(todo) - pages, "kept": len(kept), "written": len(written),
                "rendered": sorted(item.relative for item in todo), "seconds": time.perf_counter() - started}

    def _changed(self, item: Output, record: Record, changes: Changes) -> bool:
        if not (record.full.isdisjoint(changes.body) and record.full.isdisjoint(changes.shown)
                and record.listed.isdisjoint(changes.shown)):
            return True
        if record.clock and changes.clock_changed:
            return True
        if any(changes.shared_changed(name) for name in record.shared):
            return True
        now = self._values(item, record.values)
        return now != record.values

    def _values(self, item: Output, names) -> dict:
        if item.kind == "feed":
            return {"feed": self._feed_signature(item)}
        return {name: dependencies.normalise_once(item.localcontext.get(name)) for name in names}

    def _feed_signature(self, item: Output) -> tuple:
        spec = item.feed
        return (dependencies.normalise_once(spec["elements"])[: self.settings.get("FEED_MAX_ITEMS")], spec["url"],
                spec["feed_type"], spec["feed_title"])

    def _record(self, item: Output, digest: str) -> Record:
        if item.kind == "feed":
            elements = item.feed["elements"][: self.settings.get("FEED_MAX_ITEMS")]
            return Record(full=frozenset(e.source_path for e in elements), values=self._values(item, ()),
                          digest=digest)
        shared_context = self.context or {}
        full, listed, shared, names = set(), set(), set(), []
        for name in item.names:
            if name not in item.localcontext:
                continue
            value = item.localcontext[name]
            if name in shared_context and shared_context[name] is value:
                shared.add(name)
                continue
            names.append(name)
            if getattr(value, "source_path", None) and hasattr(value, "_content"):
                full.add(value.source_path)
                listed |= dependencies.pointed_to(value)
        values = self._values(item, names)
        for name in names:
            listed |= self._changes.refs(values[name])
        return Record(full=frozenset(full), listed=frozenset(listed - full), shared=frozenset(shared),
                      values=values, clock="build_time" in item.names, calls=item.calls, digest=digest)

    def _render_changed(self, todo: list, records: dict) -> list:
        """Render `todo`, write the files whose bytes changed; returns the outputs written."""
        if not todo:
            return []
        old = {item.relative: memory.records[item.relative].digest
               for item in todo if item.relative in memory.records}
        count = workers(self.settings)

        def work(items: list) -> list:
            results = []
            for item in items:
                feed = None
                if item.kind == "feed":
                    feed, text = self.render_feed(item)
                else:
                    text = self.render_page(item)
                digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
                changed = digest != old.get(item.relative) or not os.path.exists(item.path)
                if changed:
                    _write(item.path, text)
                    if feed is not None:
                        signals.feed_written.send(item.path, context=item.feed["context"], feed=feed)
                results.append((item.calls, item.names, digest, changed))
            return results

        pages = [item for item in todo if item.kind == "page"]
        feeds = [item for item in todo if item.kind == "feed"]
        if count > 1 and len(pages) >= 2 * MIN_PAGES_PER_WORKER and parallel.can_fork():
            feed_results: list = []
            chunks = parallel.fork_map(lambda start, stop: work(pages[start:stop]), len(pages), count,
                                       meanwhile=lambda: feed_results.extend(work(feeds)))
            page_results = [result for chunk in chunks for result in chunk]
            for calls, *_rest in page_results:
                render.replay(calls)
            todo = pages + feeds
            results = page_results + feed_results
        else:
            results = work(todo)
        written = []
        for item, (calls, names, digest, changed) in zip(todo, results, strict=True):
            item.calls, item.names = calls, names
            records[item.relative] = self._record(item, digest)
            if changed:
                written.append(item)
        return written


def render_again(item) -> list[str] | None:
    """The preview's quick body edit (kernel.preview): the last build's pages that show `item` whole, again."""
    chosen = [memory.outputs[relative] for relative, record in memory.records.items()
              if item.source_path in record.full and relative in memory.outputs
              and memory.outputs[relative].kind == "page"]
    if not chosen:
        return None
    written = []
    for page in chosen:
        writer = page.writer
        text = writer.render_page(page)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        record = memory.records[page.relative]
        if digest != record.digest:
            _write(page.path, text)
            written.append(page.relative)
        record.digest, record.calls = digest, page.calls
    return [page.relative for page in chosen]


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def use_site_writer(_pelican):
    return SiteWriter


def record_lookups(generator) -> None:
    """In incremental builds, templates note the names they look up (dependencies.RecordingContext)."""
    env = getattr(generator, "env", None)
    if env is not None and incremental(generator.settings):
        env.context_class = dependencies.RecordingContext


def register():
    preview.body_edits.render = render_again
    signals.get_writer.connect(use_site_writer)
    signals.generator_init.connect(record_lookups)
