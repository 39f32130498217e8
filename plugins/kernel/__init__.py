"""The kernel: what several plugins need, in one package, so that no plugin imports another.

- `clock`: the one build time (SITE_NOW) and moments read in Brussels time;
- `problems`: the problem list of a build and the gate that stops it;
- `datafiles`: the team's YAML data files, read with line numbers;
- `html`: links, images and tag attributes of rendered bodies;
- `strings`: UI strings and `t()`;
- `settings`: one settings namespace per plugin, and the kernel's own settings;
- `addresses`: pages and files a build will write, for the link check;
- `state`: per-build containers and the memos that may outlive a build;
- `parallel`: work on every core;
- `render`: template globals with side effects, replayed where a page was not rendered here;
- `output`: files plugins write or take from a cache, and the preview's stale-file removal;
- `drawn`: images plugins draw at build time, handed to the image pipeline;
- `background`: work beside the build (the search index), deferred in a preview;
- `pelican_adapter`: the one module that relies on Pelican's inner workings;
- `summary`: the one Dutch summary a build logs (details only with `-v`);
- `terminal`: how `invoke build` and `invoke serve` print a build;
- `example_data`: example data in a site (production builds warn, `invoke publish` refuses).

As a plugin (first in PLUGINS) it starts every build: it empties per-build
state, fixes the clock, and, after every other plugin, stops the build on
content problems before anything is written. With `SITE_FRESH_OUTPUT` the
output folder is emptied only once the content passed every check: a failed
build leaves the last good site as it was, a good one starts from nothing.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.utils import clean_output_dir

from . import (
    background,
    clock,
    example_data,
    output,
    pelican_adapter,
    preview,
    problems,
    render,
    settings,
    state,
    summary,
)

FRESH_OUTPUT = "SITE_FRESH_OUTPUT"
logger = logging.getLogger(__name__)


def check_clock(pelican) -> None:
    """A bad SITE_NOW fails before any file is read; the gates connect after every plugin."""
    clock.start_clock(pelican.settings)
    jinja = dict(pelican.settings.get("JINJA_ENVIRONMENT") or {})
    jinja.setdefault("bytecode_cache", render.templates)
    pelican.settings["JINJA_ENVIRONMENT"] = jinja
    signals.all_generators_finalized.connect(gate)
    signals.finalized.connect(final_gate)


def start_build(pelican) -> None:
    """Every build, a preview rebuild too, starts from empty per-build state and reads the clock once."""
    incremental = settings.incremental(pelican.settings)
    # Memos may hold what a check found about other files: a file added or removed forgets them.
    state.start_build(incremental=incremental and not preview.hints.reread)
    clock.start_clock(pelican.settings)
    problems.pelican_errors.install()
    pelican_adapter.forget_memos()
    if not incremental or preview.hints.reread:
        pelican_adapter.forget_content()


def keep_items(generator) -> None:
    """Incremental builds keep the items whose files did not change."""
    if settings.incremental(generator.settings):
        pelican_adapter.reuse_content(generator)


def point_articles_at_context(generator) -> None:
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations"):
        pelican_adapter.point_at_context(getattr(generator, name, []), generator.context)


def point_pages_at_context(generator) -> None:
    for name in ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
                 "draft_translations"):
        pelican_adapter.point_at_context(getattr(generator, name, []), generator.context)


def gate(generators) -> None:
    """All content read and checked: report every problem and stop before anything is written."""
    site_settings = generators[0].settings
    problems.fail_on_problems(log=not settings.incremental(site_settings))
    summary.count_items(generators)
    folder = site_settings["OUTPUT_PATH"]
    if site_settings.get(FRESH_OUTPUT) and os.path.isdir(folder):
        clean_output_dir(folder, site_settings.get("OUTPUT_RETENTION") or [])
    for generator in generators:
        output.record(*(static.save_as for static in getattr(generator, "staticfiles", []) if static.save_as))


def final_gate(pelican) -> None:
    """The end of every build: pages and background work done, errors logged while writing fail it, stale files go."""
    output.pages_written()
    background.wait_all()
    problems.fail_on_problems(log=not settings.incremental(pelican.settings))
    removed = output.finish(pelican.settings)
    for relative in removed:
        logger.info("kernel: removed %s, which this build no longer makes", relative)
    preview.notices.done(removed)
    summary.count_output(output.produced())
    summary.report(preview=settings.incremental(pelican.settings))
    if not settings.incremental(pelican.settings):
        example_data.warn(pelican.settings)


_no_traceback = problems.NoTracebackForContent()


def register():
    pelican_adapter.use_grouped_translations()
    logging.getLogger("pelican").addFilter(_no_traceback)
    for name in problems.PELICAN_LOGGERS:
        logging.getLogger(name).addFilter(problems.already_reported)
    signals.initialized.connect(check_clock)
    signals.get_generators.connect(start_build)
    signals.article_generator_init.connect(keep_items)
    signals.page_generator_init.connect(keep_items)
    signals.article_generator_pretaxonomy.connect(point_articles_at_context)
    signals.page_generator_finalized.connect(point_pages_at_context)
    signals.article_generator_finalized.connect(pelican_adapter.fast_membership)
