"""Search-engine files: sitemap.xml, robots.txt and the 404 page.

- `NotFoundGenerator` writes 404.html at the root from
  theme/templates/404.html (Dutch, with links onwards). Its links are
  root-relative so that it works at any missing address.
- At `finalized`, sitemap.xml lists every written HTML page, except
  404.html, pages marked `<meta name="robots" content="noindex">` (hidden
  pages, previews) and the Pagefind folder. It reads the output, so content
  that the embargo keeps out of the output is never listed. `lastmod` comes
  from the page's `article:modified_time` or `article:published_time` meta.
- robots.txt allows everything and points to the sitemap.
Addresses use SITEURL (absolute in production, root-relative in preview).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from kernel import addresses, output

logger = logging.getLogger(__name__)

NOT_FOUND = "404.html"
SKIP_FOLDERS = ("pagefind/",)
NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.IGNORECASE)
TIME_META = re.compile(r'<meta\s+property="article:(modified|published)_time"\s+content="([^"]+)"')


class NotFoundGenerator(Generator):
    """Writes 404.html."""

    def generate_output(self, writer):
        writer.write_file(NOT_FOUND, self.get_template("404"), self.context,
                          relative_urls=False, url=NOT_FOUND)


def add_generator(_pelican):
    addresses.announce(NOT_FOUND, "sitemap.xml", "robots.txt")
    return NotFoundGenerator


def page_address(relative: str) -> str:
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def sitemap_entries(output: Path) -> list[tuple[str, str]]:
    """(address below the site root, lastmod or '') of every page that belongs in the sitemap."""
    entries = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative == NOT_FOUND or relative.startswith(SKIP_FOLDERS):
            continue
        text = path.read_text(encoding="utf-8")
        head = text.split("</head>", 1)[0]
        if NOINDEX.search(head):
            continue
        times = dict(TIME_META.findall(head))
        lastmod = times.get("modified") or times.get("published") or ""
        entries.append((page_address(relative), lastmod))
    return entries


def write_files(pelican) -> None:
    settings = pelican.settings
    output.pages_written()
    siteurl = settings.get("SITEURL", "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    entries = sitemap_entries(Path(settings["OUTPUT_PATH"]))
    for address, lastmod in entries:
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{address}')}</loc>"
                     + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    output.write_text(settings, "sitemap.xml", "\n".join(lines) + "\n")
    output.write_text(settings, "robots.txt",
                      f"# {settings.get('SITENAME', '')}\nUser-agent: *\nDisallow:\n\nSitemap: {siteurl}/sitemap.xml\n")
    logger.info("seo: sitemap.xml with %d pages, robots.txt", len(entries))


def register():
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(write_files)
