"""What a build puts in the output folder besides Pelican's pages and static files.

Plugins write their files through here (`write_bytes`) and hand over files
that already exist in a cache (`provide`: social cards, image derivatives),
so the kernel knows every file a build produced:

- a production build links (or copies) provided files into the output;
- an incremental preview build does not copy them at all: the preview server
  serves them from their cache (`served()`), and at the end of each build the
  files an earlier build of the same preview produced and this one did not
  (a deleted item's page, a held release's card) are removed.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from . import settings as kernel_settings
from . import state

logger = logging.getLogger(__name__)

_pending_writes: list = state.per_build([])
_produced: set[str] = state.per_build(set())
_folders: set[str] = state.per_build(set())
_provided: dict[str, Path] = state.per_build({})
# Kept between incremental builds, per output folder: what the last one produced, and what the
# server serves from caches.
_previous: dict[str, set[str]] = {}
_served: dict[str, dict[str, Path]] = {}


def _key(settings_or_folder) -> str:
    folder = settings_or_folder["OUTPUT_PATH"] if isinstance(settings_or_folder, dict) else settings_or_folder
    return str(Path(folder).resolve())


def _target(settings, relative: str) -> Path:
    return Path(settings["OUTPUT_PATH"]) / relative


def when_pages_are_needed(write) -> None:
    """For a writer that renders late: `write()` runs before anything reads the written pages."""
    _pending_writes.append(write)


def pages_written() -> None:
    """Call before reading the written pages, or what rendering them registered (cards).

    A writer may render at the end of the build (site_writer does, on every
    core); this makes it do so now, once. The kernel calls it at the end of
    every build in any case.
    """
    while _pending_writes:
        _pending_writes.pop(0)()


# Called with (settings, relatives) when a writer has written every item's own page (before listings).
item_page_listeners: list = []


def item_pages_written(settings, relatives: list[str]) -> None:
    """A writer has written every item's own page: work that needs only those may start (the search index)."""
    for listener in item_page_listeners:
        listener(settings, relatives)


def record(*relative: str) -> None:
    """Files this build produced by other means (a page, a static file, the search index)."""
    _produced.update(relative)


def record_folder(relative: str) -> None:
    """A folder a tool fills (the search index): whatever it holds when the build ends is this build's."""
    _folders.add(relative.strip("/"))


def write_bytes(settings, relative: str, data: bytes) -> bool:
    """Write a file below the output folder unless it already holds these bytes; True when written."""
    record(relative)
    target = _target(settings, relative)
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def write_text(settings, relative: str, text: str) -> bool:
    return write_bytes(settings, relative, text.encode("utf-8"))


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)  # cache files are never changed in place: a link is safe
    except OSError:
        shutil.copyfile(source, target)


def provide(settings, relative: str, source: Path) -> None:
    """Put a file from a cache at `relative`: linked now, or served from the cache in a preview."""
    _produced.add(relative)
    _provided[relative] = source
    if not kernel_settings.incremental(settings):  # the preview serves it from the cache (its output starts empty)
        _link_or_copy(Path(source), _target(settings, relative))


def served(folder, relative: str) -> Path | None:
    """The cache file the preview of output folder `folder` serves at `relative`, if any."""
    return _served.get(_key(folder), {}).get(relative)


def produced() -> set[str]:
    return set(_produced)


def produced_by_cache(folder) -> list[str]:
    """Paths the preview of output folder `folder` serves from a cache (after its last build)."""
    return sorted(_served.get(_key(folder), {}))


def finish(settings) -> list[str]:
    """End of a build: in a preview, forget and remove what the previous build made and this one did not."""
    removed = []
    output = Path(settings["OUTPUT_PATH"])
    for folder in _folders:
        for parent, _subfolders, files in os.walk(output / folder):
            _produced.update(os.path.relpath(os.path.join(parent, name), output).replace(os.sep, "/")
                             for name in files)
    if kernel_settings.incremental(settings):
        key = _key(settings)
        for relative in sorted(_previous.get(key, set()) - _produced):
            if remove(settings, relative):
                removed.append(relative)
        _served[key] = dict(_provided)
        _previous[key] = set(_produced)
    return removed


def remove(settings, relative: str) -> bool:
    """Remove a file this build no longer makes (and folders it leaves empty); True when it existed."""
    output = Path(settings["OUTPUT_PATH"])
    path = output / relative
    if not path.is_file():
        return False
    path.unlink()
    _remove_empty_parents(path.parent, output)
    return True


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
