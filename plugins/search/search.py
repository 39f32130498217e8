"""Site search with Pagefind: the /zoeken/ page and the index, made by Pelican alone.

- `SearchPageGenerator` writes /zoeken/ from theme/templates/zoeken.html: our
  own results page on Pagefind's JavaScript API (theme/static/js/search.js),
  with filters for type, year and topic. The page gets the filter values
  (`search_types`, `search_years`, `search_topics` with counts) and, for
  readers without JavaScript, links to every overview and topic.
- At `finalized`, once every page is written, the Pagefind binary shipped by
  the PyPI package pagefind-bin indexes the items' own pages of the output
  into Pagefind's default folder /pagefind/ (the UI's scripts and styles are written there
  too), in the background while the other plugins copy images and cards
  (kernel.background; a preview runs it after the changed pages are served).
  Only what is in the output is indexed, so content the embargo keeps out of
  the output is never in the index.
- Only elements marked `data-pagefind-body` are indexed: the article element
  of an item or page (theme/templates/_item.html, page.html); listings and the
  home page are not. Filters `type`, `jaar` (year) and `onderwerp` (topic)
  come from `data-pagefind-filter` in that element, and the date shown with
  a result from `data-pagefind-meta`. Labels and buttons inside it are
  `data-pagefind-ignore` (theme), and SEARCH["exclude_selectors"] leaves out
  what only print or downloads need, so excerpts are the item's own text.
  Each language is indexed on its own: Pagefind reads every page's
  `<html lang>` (nl-BE, fr-BE, en: the page's language, kernel.languages) and
  makes one index per language with that language's stemming; the search
  page (Dutch) searches the Dutch index.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from kernel import addresses, background, output, problems, state
from kernel.settings import incremental, merged_options

logger = logging.getLogger(__name__)

INDEX_JOB = "search.index"  # kernel.background job; stable_output tidies its files after it
DEFAULTS = {"url": "zoeken/", "save_as": "zoeken/index.html", "template": "zoeken",
            "exclude_selectors": [".vw-print-only", ".vw-attachments"]}
last_run: dict = {}


class PagefindError(RuntimeError):
    """Pagefind could not be run or failed; the build stops."""


def read_config(settings) -> dict:
    options = merged_options(settings, "SEARCH", DEFAULTS, "search")
    return options


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError:
        raise PagefindError("search: the Python package pagefind-bin is not installed "
                            "(it is pinned in requirements.txt)") from None
    return pagefind_bin.get_executable()


TYPE_ORDER = ("campagne", "persbericht", "opinie", "pagina")


def filter_values(articles, pages) -> dict:
    """What the search page offers to filter on, as the index has it: types, years (newest first), topics."""
    present = {getattr(item, "content_type", None) for item in [*articles, *pages]}
    types = [name for name in TYPE_ORDER if name in present]
    topics: dict = {}
    for item in articles:
        for tag in getattr(item, "tags", []):
            topics[tag] = topics.get(tag, 0) + 1
    return {
        "search_types": types,
        "search_years": sorted({item.date.year for item in articles}, reverse=True),
        "search_topics": sorted(topics.items(), key=lambda entry: entry[0].name.lower()),
    }


class SearchPageGenerator(Generator):
    """Writes the search page."""

    def generate_output(self, writer):
        options = read_config(self.settings)
        values = filter_values(self.context.get("articles") or [], self.context.get("pages") or [])
        writer.write_file(options["save_as"], self.get_template(options["template"]), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=options["url"], **values)


def add_generator(pelican):
    addresses.announce(read_config(pelican.settings)["url"])
    return SearchPageGenerator


# Output folder -> page (below it) -> whether it is an item's own page; learned from content_written
# and kept between the builds of a preview, which write only the pages that changed.
_item_pages: dict[str, dict[str, bool]] = {}


def note_page(path, context=None) -> None:
    """content_written: remember whether the page is an item's own page (the only ones indexed)."""
    context = context or {}
    folder = context.get("OUTPUT_PATH", "")
    relative = problems.relative_below(path, folder)
    if relative is not None:
        _item_pages.setdefault(problems.resolved(folder), {})[relative] = bool(context.get("article")
                                                                              or context.get("page"))


_started: set[str] = state.per_build(set())


def start_early(settings, relatives: list[str]) -> None:
    """The writer has written the items' own pages: index them while it renders the listings."""
    if incremental(settings):
        return  # a preview indexes after the changed pages are served (start_index)
    _started.add(INDEX_JOB)
    output.record_folder("pagefind")
    background.start(settings, INDEX_JOB, lambda: build_index(settings, sorted(relatives)))


def start_index(pelican) -> None:
    """Index the written output with Pagefind, beside the rest of the build (if the writer has not started it)."""
    settings = pelican.settings
    output.pages_written()
    if INDEX_JOB in _started:
        return
    output.record_folder("pagefind")
    folder = str(Path(settings["OUTPUT_PATH"]).resolve())
    known = _item_pages.get(folder, {})
    pages = sorted(r for r in output.produced() if known.get(r))
    background.start(settings, INDEX_JOB, lambda: build_index(settings, pages))


def build_index(settings, pages: list[str]) -> None:
    """Pagefind over the items' own pages only.

    They are linked into a folder of their own first: Pagefind then reads ~2,000
    pages at 2,000 items instead of walking the whole output (listings, images,
    cards), which took it half again as long. The bundle is made beside the
    output and swapped in, so a preview never serves half an index.
    """
    options = read_config(settings)
    site = Path(settings["OUTPUT_PATH"]).resolve()
    work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
    try:
        for relative in pages:
            target = work / "site" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / relative, target)
            except OSError:
                shutil.copyfile(site / relative, target)
        (work / "site").mkdir(exist_ok=True)
        command = [str(pagefind_executable()), "--site", str(work / "site"), "--output-path", str(work / "bundle"),
                   "--quiet"]
        if options["exclude_selectors"]:
            command += ["--exclude-selectors", ", ".join(options["exclude_selectors"])]
        # In a preview the index is made while the editor works on: it gives way to the builds.
        gentle = (lambda: os.nice(10)) if incremental(settings) and hasattr(os, "nice") else None
        result = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=gentle)
        if result.returncode != 0:
            raise PagefindError(f"search: pagefind failed ({result.returncode}): {result.stderr or result.stdout}")
        bundle = site / "pagefind"
        if bundle.exists():
            bundle.rename(work / "old")
        (work / "bundle").rename(bundle)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    last_run.clear()
    last_run.update({"bundle": str(bundle), "pages": len(list((bundle / "fragment").glob("*")))})
    logger.info("search: indexed %d pages into %s", last_run["pages"], bundle)


def register():
    signals.get_generators.connect(add_generator)
    if start_early not in output.item_page_listeners:
        output.item_page_listeners.append(start_early)
    signals.content_written.connect(note_page)
    signals.finalized.connect(start_index)
