"""The theme's stylesheets as readers get them: minified.

Pelican copies theme/static/ into the output (THEME_STATIC_DIR) as it is. The
sources keep their comments and layout for the people who work on them; what
a phone downloads needs neither. At `finalized` every stylesheet Pelican
copied is written again minified with rcssmin (comments and needless
whitespace removed, nothing else changed), through kernel.output, so the
preview and a production build ship the same bytes. The page-weight budget
(tests/test_page_weight.py) counts what is shipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import rcssmin
from pelican import signals

from kernel import output

logger = logging.getLogger(__name__)


def minify_stylesheets(pelican) -> None:
    settings = pelican.settings
    root = Path(settings["OUTPUT_PATH"])
    folder = root / settings.get("THEME_STATIC_DIR", "theme")
    before = after = 0
    for path in sorted(folder.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text)
        before, after = before + len(text.encode("utf-8")), after + len(small.encode("utf-8"))
        output.write_text(settings, path.relative_to(root).as_posix(), small)
    if before:
        logger.info("theme_assets: stylesheets minified, %d bytes to %d", before, after)


def register():
    signals.finalized.connect(minify_stylesheets)
