"""Search-engine files: sitemap.xml, robots.txt and the 404 page.

- `NotFoundGenerator` writes 404.html at the root from
  theme/templates/404.html (Dutch, with links onwards). Its links are
  root-relative so that it works at any missing address.
- At `finalized`, sitemap.xml lists every written HTML page, except
  404.html, pages marked `<meta name="robots" content="noindex">` (hidden
  pages, previews) and the Pagefind folder. It reads the output, so content
  that the embargo keeps out of the output is never listed. `lastmod` comes
  from the page's `article:modified_time` or `article:published_time` meta;
  a page in several languages lists its versions as `xhtml:link` alternates,
  read from its own hreflang links (so a held translation is never listed).
- robots.txt allows everything but the folders for the team (kernel.addresses.for_the_team:
  the web editor) and points to the sitemap, which leaves those folders out too.
Addresses use SITEURL (absolute in production, root-relative in preview).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from kernel import addresses, output, problems
from kernel.settings import incremental

logger = logging.getLogger(__name__)

NOT_FOUND = "404.html"
SKIP_FOLDERS = ("pagefind/",)
NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.IGNORECASE)
TIME_META = re.compile(r'<meta\s+property="article:(modified|published)_time"\s+content="([^"]+)"')
HREFLANG = re.compile(r'<link\s+rel="alternate"\s+hreflang="([^"]+)"\s+href="([^"]+)"')


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


# Output folder -> page -> its sitemap entry (None: not listed); an entry is read again when its page
# is written. Kept between the builds of a preview, which write only the pages that changed.
_entries: dict[str, dict[str, tuple | None]] = {}


def _entry(path: Path, relative: str) -> tuple[str, str, tuple] | None:
    """(address, lastmod, ((hreflang, href), ...)) of a page, or None when it is not for search engines."""
    with open(path, encoding="utf-8") as handle:
        head = handle.read().split("</head>", 1)[0]
    if NOINDEX.search(head):
        return None
    times = dict(TIME_META.findall(head))
    return page_address(relative), times.get("modified") or times.get("published") or "", tuple(HREFLANG.findall(head))


def forget_written_page(path, context=None) -> None:
    """content_written: the page's entry is read again."""
    folder = (context or {}).get("OUTPUT_PATH", "")
    known = _entries.get(problems.resolved(folder))
    relative = problems.relative_below(path, folder) if known else None
    if relative is not None:
        known.pop(relative, None)


def sitemap_entries(output: Path, pages=None) -> list[tuple]:
    """(address below the site root, lastmod or '', hreflang alternates) of every page that belongs in the sitemap.

    `pages`: the HTML files (below `output`) this build produced; every one in the folder by default.
    """
    if pages is None:
        pages = [p.relative_to(output).as_posix() for p in output.rglob("*.html")]
    known = _entries.setdefault(str(output.resolve()), {})
    entries = []
    skipped = SKIP_FOLDERS + tuple(addresses.team_folders())
    for relative in sorted(pages):
        if relative == NOT_FOUND or relative.startswith(skipped):
            continue
        if relative not in known:
            known[relative] = _entry(output / relative, relative)
        if known[relative] is not None:
            entries.append(known[relative])
    return entries


def write_files(pelican) -> None:
    settings = pelican.settings
    output.pages_written()
    siteurl = settings.get("SITEURL", "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    output_path = Path(settings["OUTPUT_PATH"])
    if not incremental(settings):
        _entries.pop(str(output_path.resolve()), None)
    entries = sitemap_entries(output_path, [r for r in output.produced() if r.endswith(".html")])
    for address, lastmod, alternates in entries:
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(href)}"/>'
                        for lang, href in alternates)
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{address}')}</loc>"
                     + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "") + links + "</url>")
    lines.append("</urlset>")
    output.write_text(settings, "sitemap.xml", "\n".join(lines) + "\n")
    disallowed = "".join(f"Disallow: /{folder}\n" for folder in addresses.team_folders()) or "Disallow:\n"
    output.write_text(settings, "robots.txt", f"# {settings.get('SITENAME', '')}\nUser-agent: *\n{disallowed}\n"
                                              f"Sitemap: {siteurl}/sitemap.xml\n")
    logger.info("seo: sitemap.xml with %d pages, robots.txt", len(entries))


def register():
    signals.get_generators.connect(add_generator)
    signals.content_written.connect(forget_written_page)
    signals.finalized.connect(write_files)
