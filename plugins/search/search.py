"""Site search with Pagefind: the /zoeken/ page and the index, made by Pelican alone.

- `SearchPageGenerator` writes /zoeken/ from theme/templates/zoeken.html: the
  self-hosted Pagefind default UI, with a fallback for readers without
  JavaScript.
- At `finalized`, once every page is written, the Pagefind binary shipped by
  the PyPI package pagefind-bin indexes the written output into Pagefind's
  default folder /pagefind/ (the UI's scripts and styles are written there
  too), in the background while the other plugins copy images and cards
  (kernel.background; a preview runs it after the changed pages are served).
  Only what is in the output is indexed, so content the embargo keeps out of
  the output is never in the index.
- Only elements marked `data-pagefind-body` are indexed: the article element
  of an item or page (theme/templates/_item.html, page.html); listings and the
  home page are not. Filters `type` and `jaar` (year) come from
  `data-pagefind-filter` on that element. The language is forced to Dutch
  (SEARCH["language"]) so that Dutch stemming is used.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from kernel import addresses, background, output
from kernel.settings import incremental, merged_options

logger = logging.getLogger(__name__)

INDEX_JOB = "search.index"  # kernel.background job; stable_output tidies its files after it
DEFAULTS = {"language": "nl", "url": "zoeken/", "save_as": "zoeken/index.html", "template": "zoeken"}
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


class SearchPageGenerator(Generator):
    """Writes the search page."""

    def generate_output(self, writer):
        options = read_config(self.settings)
        writer.write_file(options["save_as"], self.get_template(options["template"]), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=options["url"])


def add_generator(pelican):
    addresses.announce(read_config(pelican.settings)["url"])
    return SearchPageGenerator


def start_index(pelican) -> None:
    """Index the written output with Pagefind, beside the rest of the build."""
    settings = pelican.settings
    output.pages_written()
    output.record_folder("pagefind")
    background.start(settings, INDEX_JOB, lambda: build_index(settings))


def build_index(settings) -> None:
    options = read_config(settings)
    site = Path(settings["OUTPUT_PATH"]).resolve()
    # A fresh bundle each time: fragments of pages that are gone (or back under
    # embargo) must not stay behind when the output folder is kept between builds.
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    command = [str(pagefind_executable()), "--site", str(site), "--force-language", options["language"],
               "--quiet"]
    # In a preview the index is made while the editor works on: it gives way to the builds.
    gentle = (lambda: os.nice(10)) if incremental(settings) and hasattr(os, "nice") else None
    result = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=gentle)
    if result.returncode != 0:
        raise PagefindError(f"search: pagefind failed ({result.returncode}): {result.stderr or result.stdout}")
    bundle = site / "pagefind"
    last_run.clear()
    last_run.update({"bundle": str(bundle), "pages": len(list((bundle / "fragment").glob("*")))})
    logger.info("search: indexed %d pages into %s", last_run["pages"], bundle)


def register():
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(start_index)
