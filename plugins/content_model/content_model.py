"""Content model: the folder gives the type, the type gives schema and address.

- `SiteMarkdownReader` reads every Markdown file with one reused Markdown
  parser, checks its front matter against the schema of its type and hands
  every problem to the validation plugin's log instead of letting Pelican
  skip the file with a log line.
- `assign_address` gives each type its stable address:
  /persberichten/<year>/<slug>/, /campagnes/<slug>/, /opinie/<slug>/,
  /<slug>/ for pages, and / for the home page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Tag

from site_clock import site_zone
from validation.problems import Problem, display_path, problem_log, relative_path

from .schema import TYPES, ReadContext, check_metadata, type_for

logger = logging.getLogger(__name__)

HOME_TEMPLATE = "home"
# Article types get a template named after the type: campagne.html, ...
ARTICLE_FOLDERS = ("campagnes", "persberichten", "opinie")


class SiteMarkdownReader(MarkdownReader):
    """Markdown reader that validates front matter and reuses its parser."""

    file_extensions = ["md"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])
        options = dict(self.settings["MARKDOWN"])
        options["extensions"] = [e for e in options["extensions"] if e != "markdown.extensions.meta"]
        self._inline_md = Markdown(**options)
        self._content_root = Path(self.settings["PATH"]).resolve()
        self._zone = site_zone(self.settings)

    def read(self, source_path):
        self._source_path = source_path
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        content, raw = self.parse(text)
        return content, self._metadata(source_path, raw)

    def parse(self, text: str) -> tuple[str, dict[str, str]]:
        """Markdown text -> (HTML body, raw front matter): depends on the text and settings only.

        The build_cache plugin relies on that: it runs this on all cores and
        caches the result by content digest.
        """
        self._md.reset()
        content = self._md.convert(text)
        raw = {name.lower(): "\n".join(lines) for name, lines in getattr(self._md, "Meta", {}).items()}
        return content, raw

    def convert_inline(self, text: str) -> str:
        """A front-matter text (the summary) as HTML."""
        self._inline_md.reset()
        return self._inline_md.convert(text)

    def _metadata(self, source_path: str, raw: dict[str, str]) -> dict:
        shown = display_path(source_path, self.settings)
        ctype = type_for(relative_path(source_path, self.settings))
        if ctype is None:
            problem_log.add(Problem(
                shown, "(folder)", "this file is not in a content folder",
                f"Markdown files in one of: {', '.join(f'content/{f}/' for f in TYPES)}",
            ))
            return {}
        ctx = ReadContext(zone=self._zone, content_root=self._content_root, path=shown)
        values, problems = check_metadata(ctype, raw, ctx)
        problem_log.extend(problems)
        return self._to_pelican(values, ctype)

    def _to_pelican(self, values: dict, ctype) -> dict:
        """Turn checked values into what Pelican and the templates expect."""
        metadata = dict(values)
        metadata["content_type"] = ctype.name
        if ctype.folder in ARTICLE_FOLDERS:
            metadata["template"] = ctype.name
        if "tags" in values:
            metadata["tags"] = [Tag(tag, self.settings) for tag in values["tags"]]
        if "author" in values:
            metadata["author"] = Author(values["author"], self.settings)
            metadata["authors"] = [metadata["author"]]
        if "summary" in values:
            metadata["summary"] = self.convert_inline(values["summary"])
        return metadata


def add_reader(readers) -> None:
    readers.reader_classes["md"] = SiteMarkdownReader
    for extension in ("markdown", "mkd", "mdown", "html", "htm", "rst"):
        readers.reader_classes[extension] = None


def assign_address(content) -> None:
    """Give press releases their year in the address and the home page the root."""
    ctype = getattr(content, "content_type", None)
    slug = getattr(content, "slug", None)
    if not slug:
        return
    if ctype == "persbericht" and hasattr(content, "date"):
        base = f"persberichten/{content.date:%Y}/{slug}/"
        content.override_url = base
        content.override_save_as = base + "index.html"
    elif ctype == "pagina" and getattr(content, "template", None) == HOME_TEMPLATE:
        content.override_url = ""
        content.override_save_as = "index.html"


def register():
    signals.readers_init.connect(add_reader)
    signals.content_object_init.connect(assign_address)
