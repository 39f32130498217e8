"""Images that plugins draw at build time, handed to the image pipeline as if they were in content/.

A plugin that draws a picture (campaign_art) keeps the file in its own cache
and calls `add(relative, path)` before `all_generators_finalized`; the images
plugin then makes its responsive copies, publishes it at `relative` below the
output folder and shows it with `responsive_image(relative, alt)`, exactly as
an image the communications team put in content/images/. Emptied at every
build start.
"""

from __future__ import annotations

from pathlib import Path

from . import state

_sources: dict[str, Path] = state.per_build({})


def add(relative: str, path: Path) -> None:
    """A drawn image file (`path`, never changed in place) to publish at `relative`."""
    _sources[relative.strip("/")] = Path(path)


def sources() -> dict[str, Path]:
    """Output path -> file of every image drawn in this build."""
    return dict(_sources)
