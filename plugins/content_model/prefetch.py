"""Markdown converted on every core before the generators read.

Converting a file is a pure function of its text and the Markdown settings
(`SiteMarkdownReader.convert`). At the start of a build, the files the
reader will need are converted in forked worker processes, one per core;
the reader then takes each conversion whose text is still the file's text.
Front-matter checks and everything else run in the reader as usual, so a
conversion made here is never more than the text it was made from.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from kernel import parallel, state
from kernel.settings import workers

logger = logging.getLogger(__name__)

# Below this many files, forking costs more than it saves.
POOL_THRESHOLD = 32

# Absolute path -> (text, conversion) for this build.
converted: dict[str, tuple[str, tuple]] = state.per_build({})


def markdown_files(settings) -> list[str]:
    root = Path(settings["PATH"])
    found = []
    for folder in (*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]):
        for parent, subfolders, files in os.walk(root / folder):
            subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
            found += [os.path.join(parent, name) for name in sorted(files)
                      if name.endswith(".md") and not name.startswith(".")]
    return found


def convert_all(settings, paths: list[str], reader_class) -> None:
    """Convert `paths` on every core into `converted`."""
    count = workers(settings)
    if len(paths) < POOL_THRESHOLD or count < 2 or not parallel.can_fork():
        return  # the reader converts the few it needs itself
    started = time.perf_counter()
    reader = reader_class(settings)

    def work(start: int, stop: int) -> list:
        results = []
        for path in paths[start:stop]:
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError):
                continue  # the reader reports it with the file's name
            results.append((path, text, reader.convert(text)))
        return results

    for chunk in parallel.fork_map(work, len(paths), count):
        for path, text, conversion in chunk:
            converted[path] = (text, conversion)
    logger.debug("content_model: %d Markdown files converted on %d cores in %.2f s",
                 len(converted), count, time.perf_counter() - started)


def take(path: str, text: str) -> tuple | None:
    """The conversion made for this file and text, once."""
    found = converted.pop(os.path.abspath(path), None)
    if found is not None and found[0] == text:
        return found[1]
    return None
