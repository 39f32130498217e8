"""Component gallery: every component of the theme with its examples, in the preview only.

With COMPONENT_GALLERY true (pelicanconf.py, the preview) the build writes
/componenten/ from theme/templates/gallery.html: each macro of
theme/templates/components/ with its description and examples made with the
site's own items, members and contacts, so the team and developers see every
piece of the design in one place, and the tests check all of it with axe.
publishconf.py sets it false: a production build never writes it. The page
is marked noindex (so the sitemap leaves it out) and has no
data-pagefind-body (so search leaves it out).

Templates get `gallery_components`: (file, macro, description) of every
component macro, read from the component files themselves.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

SETTING = "COMPONENT_GALLERY"
URL = "componenten/"
TEMPLATE = "gallery"
COMPONENTS_FOLDER = Path("templates") / "components"
# A macro and the comment just before it: {#- description -#}\n{% macro name(params) %}
MACRO = re.compile(r"(?:\{#-?(?P<doc>(?:(?!#\}).)*?)-?#\}\s*)?\{%-?\s*macro\s+(?P<name>\w+)\s*\(", re.S)


def components(theme: str) -> list[dict]:
    """Every component macro of the theme: file, macro name and the comment that describes it."""
    found = []
    for path in sorted((Path(theme) / COMPONENTS_FOLDER).glob("*.html")):
        for match in MACRO.finditer(path.read_text(encoding="utf-8")):
            doc = " ".join((match.group("doc") or "").split())
            found.append({"file": path.name, "macro": match.group("name"), "description": doc})
    return found


class GalleryGenerator(Generator):
    """Writes /componenten/."""

    def generate_output(self, writer):
        listed = components(self.settings["THEME"])
        writer.write_file(URL + "index.html", self.get_template(TEMPLATE), self.context, url=URL,
                          gallery_components=listed)
        logger.info("gallery: wrote /%s with %d components", URL, len(listed))


def add_generator(pelican):
    return GalleryGenerator if pelican.settings.get(SETTING) else None


def register():
    signals.get_generators.connect(add_generator)
