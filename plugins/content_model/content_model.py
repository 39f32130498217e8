"""Content model: the folder gives the type, the type gives schema and address.

- `SiteMarkdownReader` reads every Markdown file with one reused Markdown
  parser, checks its front matter against the schema of its type and hands
  every problem to the kernel's problem log instead of letting Pelican skip
  the file with a log line.
- `assign_address` gives each type its stable address:
  /persberichten/<year>/<slug>/, /campagnes/<slug>/, /opinie/<slug>/,
  /<slug>/ for pages, and / for the home page; a translation (`lang: fr`)
  has the same address under its language's prefix: /fr/persberichten/...
  The year is the Brussels year of the date (a date written in UTC is read
  in Brussels time first).
- Quotes with their speaker (`quotes.py`) and the formatted fields
  (`summary`, a release's `notes`) are Markdown too.
- `check_stray_files`: Markdown outside the type folders, or other files
  inside them, would be ignored silently; each is a problem.

What the reader makes of a file depends on the file and the settings alone
(no clock, no other file), so a preview may keep an item while its file is
unchanged; everything else is decided per build by the other plugins.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Tag

from kernel import languages, pelican_adapter, preview, schemas
from kernel.clock import site_zone
from kernel.problems import Problem, display_path, problem_log, relative_path
from kernel.settings import incremental

from . import prefetch
from .quotes import QuoteExtension
from .schema import ASSET_FOLDERS, TYPES, ReadContext, check_metadata, type_for

logger = logging.getLogger(__name__)

HOME_TEMPLATE = "home"
# Formatted fields (FORMATTED_FIELDS) in which every line is a paragraph: notes for editors.
PARAGRAPH_PER_LINE = ("notes",)
# Article types get a template named after the type: campagne.html, ...
ARTICLE_FOLDERS = ("campagnes", "persberichten", "opinie")


class SiteMarkdownReader(MarkdownReader):
    """Markdown reader that validates front matter and reuses its parser."""

    file_extensions = ["md"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parsers: tuple[Markdown, Markdown] | None = None
        self._content_root = Path(self.settings["PATH"]).resolve()
        self._zone = site_zone(self.settings)

    def _markdown(self) -> tuple[Markdown, Markdown]:
        """The body parser and one without the meta extension for front-matter texts, made on first use."""
        if self._parsers is None:
            options = dict(self.settings["MARKDOWN"])
            inline = dict(options)
            inline["extensions"] = [e for e in options.get("extensions", []) if e != "markdown.extensions.meta"]
            options["extensions"] = [*options.get("extensions", []), QuoteExtension()]
            self._parsers = (Markdown(**options), Markdown(**inline))
        return self._parsers

    def read(self, source_path):
        self._source_path = source_path
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        content, raw, formatted = prefetch.take(source_path, text) or self.convert(text)
        if incremental(self.settings):  # for the preview's quick body edits (kernel.preview)
            preview.body_edits.front_matter[source_path] = raw
            preview.body_edits.read = self.read_body
        return content, self._metadata(source_path, raw, formatted)

    def read_body(self, source_path: str) -> tuple[str, dict, dict] | None:
        """The file as it is now: (body HTML, raw front matter, formatted fields' HTML)."""
        try:
            with open(source_path, encoding="utf-8") as handle:
                return self.convert(handle.read())
        except (OSError, UnicodeDecodeError):
            return None

    def convert(self, text: str) -> tuple[str, dict[str, str], dict[str, str]]:
        """Markdown text -> (HTML body, raw front matter, HTML of formatted fields): text and settings alone decide.

        Formatted fields are `summary` and `notes` (each line of notes a paragraph).

        That is what makes it safe to do on all cores before the generators read
        (content_model.prefetch) and to keep per text.
        """
        body, inline = self._markdown()
        body.reset()
        content = body.convert(text)
        raw = {name.lower(): "\n".join(lines) for name, lines in getattr(body, "Meta", {}).items()}
        formatted = {}
        for name in self.settings.get("FORMATTED_FIELDS") or ():
            value = raw.get(name, "")
            if name in PARAGRAPH_PER_LINE:
                value = "\n\n".join(line.strip() for line in value.splitlines())
            text = value.strip()
            if text:
                inline.reset()
                formatted[name] = inline.convert(text.strip())
        return content, raw, formatted

    def _metadata(self, source_path: str, raw: dict[str, str], formatted: dict[str, str]) -> dict:
        shown = display_path(source_path, self.settings)
        ctype = type_for(relative_path(source_path, self.settings))
        if ctype is None:
            problem_log.add(Problem(
                shown, "(map)", "dit bestand staat niet in een map voor inhoud",
                f"zet Markdown-bestanden in een van: {', '.join(f'content/{f}/' for f in TYPES)}",
            ))
            return {}
        ctx = ReadContext(zone=self._zone, content_root=self._content_root, path=shown)
        values, problems = check_metadata(ctype, raw, ctx)
        problem_log.extend(problems)
        metadata = self._to_pelican(values, ctype, formatted)
        if problems:
            metadata["content_problems"] = len(problems)  # never kept between preview builds
        return metadata

    def _to_pelican(self, values: dict, ctype, formatted: dict[str, str]) -> dict:
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
        for name in formatted:
            if name in values:
                metadata[name] = formatted[name]
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
    prefix = languages.get(getattr(content, "lang", None)).prefix
    if ctype == "persbericht" and hasattr(content, "date"):
        # content.date is in Brussels time (kernel.clock.parse_moment): its year is the Brussels year.
        base = f"{prefix}persberichten/{content.date:%Y}/{slug}/"
        content.override_url = base
        content.override_save_as = base + "index.html"
    elif ctype == "pagina" and getattr(content, "template", None) == HOME_TEMPLATE and not prefix:
        content.override_url = ""
        content.override_save_as = "index.html"


def stray_files(content_root: Path, settings) -> list[Problem]:
    """Markdown outside the type folders, or other files inside them, would be ignored silently."""
    problems = []
    folders = ", ".join(f"content/{f}/" for f in (*TYPES, *ASSET_FOLDERS))
    for folder, subfolders, files in os.walk(content_root):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
        relative_folder = os.path.relpath(folder, content_root)
        first = relative_folder.split(os.sep, 1)[0]
        if first in ASSET_FOLDERS:
            continue
        for name in sorted(files):
            if name.startswith("."):
                continue
            if first in TYPES and name.endswith(".md"):
                continue
            shown = display_path(os.path.join(folder, name), settings)
            if first in TYPES:
                problems.append(Problem(shown, "(bestand)", "is geen Markdown-bestand en zou genegeerd worden",
                                        "zet alleen .md-bestanden in deze map, en beelden in content/images/"))
            else:
                problems.append(Problem(shown, "(bestand)",
                                        "staat buiten de mappen voor inhoud en zou genegeerd worden",
                                        f"verplaats het naar een van: {folders}"))
    return problems


def convert_markdown(pelican) -> None:
    """Before the generators read: every Markdown file they will read converted on all cores."""
    settings = pelican.settings
    files = prefetch.markdown_files(settings)
    if incremental(settings):
        files = [path for path in files if not pelican_adapter.is_kept(path, settings["PATH"])]
    prefetch.convert_all(settings, files, SiteMarkdownReader)


def check_stray_files(generators) -> None:
    settings = generators[0].settings
    problem_log.extend(stray_files(Path(settings["PATH"]), settings))


def register():
    schemas.announce_content_types(TYPES)  # for the web editor's configuration (plugins/admin)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(convert_markdown)
    signals.content_object_init.connect(assign_address)
    signals.all_generators_finalized.connect(check_stray_files)
