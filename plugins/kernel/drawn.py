"""Images that plugins draw at build time, handed to the image pipeline as if they were in content/.

A plugin that draws a picture (campaign_art) keeps the file in its own cache
and calls `add(relative, path)` before `all_generators_finalized`; the images
plugin then makes its responsive copies, publishes it at `relative` below the
output folder and shows it with `responsive_image(relative, alt)`, exactly as
an image the communications team put in content/images/. Emptied at every
build start. `cache_file`, `draw_missing` and `save_png` keep drawn pictures (a
campaign's, the social cards) in a cache: one file per key, drawn once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import state
from .parallel import run_jobs

_sources: dict[str, Path] = state.per_build({})


def add(relative: str, path: Path) -> None:
    """A drawn image file (`path`, never changed in place) to publish at `relative`."""
    _sources[relative.strip("/")] = Path(path)


def sources() -> dict[str, Path]:
    """Output path -> file of every image drawn in this build."""
    return dict(_sources)


def save_png(image, target: Path) -> str:
    """Write a drawn picture (a Pillow image) as PNG at `target`, a cache file; returns its path.

    Atomic (a build that stops halfway leaves no half file under the final name) and readable
    by all: cache files go into the output as hard links, published as they are.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".png", dir=target.parent)
    os.close(handle)
    image.save(temporary, "PNG", optimize=True)
    os.chmod(temporary, 0o644)  # mkstemp makes 0600
    os.replace(temporary, target)
    return str(target)


def cache_file(cache: Path, key: str) -> Path:
    """The cache file of the picture with digest `key`."""
    return Path(cache) / key[:2] / f"{key}.png"


def draw_missing(draw, jobs: dict[Path, dict]) -> int:
    """`draw(job)` (on every core) for each cache file in `jobs` that does not exist yet; how many were drawn.

    `draw` gets the job with its "target" (the cache file) and writes it with `save_png`.
    """
    missing = [{**job, "target": str(target)} for target, job in jobs.items() if not Path(target).is_file()]
    run_jobs(draw, missing)
    return len(missing)
