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

Nothing may change an item after the generators have written; a template
global may only have side effects through `kernel.render.effect`.
"""

from __future__ import annotations

import io
import logging
import os
import time
from dataclasses import dataclass, field

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from kernel import output, parallel, render
from kernel.settings import workers

logger = logging.getLogger(__name__)

# Fewer pages than this per worker: rendering them here is quicker than forking.
MIN_PAGES_PER_WORKER = 40


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


class SiteWriter(Writer):
    """Pelican's Writer interface; files are queued, then rendered together (see the module docstring)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.queue: dict[str, Output] = {}
        output.when_pages_are_needed(self.flush_and_log)

    # -- the two calls generators and plugins make -------------------------------------------

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        """Queue a page, or every page of a paginated listing, exactly as Pelican's Writer would write them."""
        if not name:
            return

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
        path = sanitised_join(self.output_path, name)
        relative = os.path.relpath(path, self.output_path).replace(os.sep, "/")
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
        self.queue[path] = Output(path=path, relative=relative, kind=kind, override=override, **values)

    # -- rendering ------------------------------------------------------------------------------

    def render_page(self, item: Output) -> str:
        with render.recording() as calls:
            text = item.template.render(item.localcontext)
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
        logger.info("site_writer: %d pages and %d feeds in %.2f s", counts["pages"], counts["feeds"],
                    counts["seconds"])

    def flush(self) -> dict:
        """Render and write every queued file; returns counts for the log."""
        started = time.perf_counter()
        pages = [item for item in self.queue.values() if item.kind == "page"]
        feeds = [item for item in self.queue.values() if item.kind == "feed"]
        count = workers(self.settings)
        if count > 1 and len(pages) >= 2 * MIN_PAGES_PER_WORKER and parallel.can_fork():
            calls = parallel.fork_map(self._render_pages, len(pages), count,
                                      meanwhile=lambda: self._write_feeds(feeds))
            for item, (page_calls,) in zip(pages, (c for chunk in calls for c in chunk), strict=True):
                item.calls = page_calls
                render.replay(page_calls)
        else:
            self._render_pages(0, len(pages), pages=pages)
            self._write_feeds(feeds)
        for item in pages:
            logger.info('Writing "%s"', item.path)
            signals.content_written.send(item.path, context=item.localcontext)
        output.record(*(item.relative for item in self.queue.values()))
        return {"pages": len(pages), "feeds": len(feeds), "seconds": time.perf_counter() - started}

    def _render_pages(self, start: int, stop: int, pages: list | None = None) -> list:
        """Render and write pages[start:stop]; in a worker, the effect calls go back to the main process."""
        chosen = pages if pages is not None else [i for i in self.queue.values() if i.kind == "page"]
        results = []
        for item in chosen[start:stop]:
            text = self.render_page(item)
            _write(item.path, text)
            results.append((item.calls,))
        return results

    def _write_feeds(self, feeds: list) -> None:
        for item in feeds:
            feed, text = self.render_feed(item)
            _write(item.path, text)
            logger.info('Writing "%s"', item.path)
            signals.feed_written.send(item.path, context=item.feed["context"], feed=feed)


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def use_site_writer(_pelican):
    return SiteWriter


def register():
    signals.get_writer.connect(use_site_writer)
