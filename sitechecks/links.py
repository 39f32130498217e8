"""Every internal link, image, script, stylesheet and #anchor in a built site resolves.

Pages in the team's folders (sitechecks.TEAM_ONLY: the web editor) are not checked here.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from sitechecks import for_the_team

# (element, attribute) pairs that point at something the browser loads or the reader follows.
LINK_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("form", "action"),
)
SRCSET_ELEMENTS = ("img", "source")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SKIPPED_SCHEMES = ("mailto", "tel", "data", "javascript", "sms", "webcal")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target} ({self.reason})"


class _Site:
    def __init__(self, root: Path, siteurl: str) -> None:
        self.root = root
        self.siteurl = siteurl.rstrip("/")
        self.own_host = urlsplit(self.siteurl).netloc if self.siteurl else ""

    def file_for(self, path: str) -> Path | None:
        """The output file a root-relative path serves, or None."""
        candidate = self.root / unquote(path).lstrip("/")
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    @cache  # noqa: B019 - one _Site per check run
    def ids_in(self, file: Path) -> frozenset[str]:
        tree = lxml_html.fromstring(file.read_bytes())
        ids = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
        ids |= {e.get("name") for e in tree.iter("a") if e.get("name")}
        return frozenset(ids)

    def internal_path(self, link: str, page_path: str) -> str | None:
        """The root-relative path of an internal link, or None for external ones."""
        parts = urlsplit(link)
        if parts.scheme in SKIPPED_SCHEMES:
            return None
        if parts.scheme or parts.netloc:
            if not self.own_host or parts.netloc != self.own_host:
                return None
            path = parts.path or "/"
        elif parts.path.startswith("/"):
            path = parts.path
        elif parts.path:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), parts.path))
            if parts.path.endswith("/"):
                path += "/"
        else:
            path = page_path  # "#anchor" or "?query" on the same page
        return path


def _page_path(root: Path, file: Path) -> str:
    relative = file.relative_to(root).as_posix()
    return "/" + relative


def _links_in_html(file: Path):
    tree = lxml_html.fromstring(file.read_bytes())
    for tag, attribute in LINK_ATTRIBUTES:
        for element in tree.iter(tag):
            value = element.get(attribute)
            if value is not None:
                yield value.strip()
    for tag in SRCSET_ELEMENTS:
        for element in tree.iter(tag):
            for candidate in (element.get("srcset") or "").split(","):
                if candidate.strip():
                    yield candidate.strip().split()[0]


def _links_in_css(file: Path):
    for match in CSS_URL.finditer(file.read_text(encoding="utf-8", errors="replace")):
        yield match.group(1).strip()


def find_broken_links(root: Path, siteurl: str = "") -> list[BrokenLink]:
    """Every link in the output tree under `root` whose target file or #anchor is missing."""
    site = _Site(root, siteurl)
    broken: list[BrokenLink] = []
    files = sorted(root.rglob("*.html")) + sorted(root.rglob("*.css"))
    for file in files:
        page_path = _page_path(root, file)
        if for_the_team(page_path):
            continue  # the web editor is checked by its own tests
        if file.suffix == ".css" and "/pagefind/" in page_path:
            continue  # Pagefind's own UI assets
        links = _links_in_html(file) if file.suffix == ".html" else _links_in_css(file)
        for link in links:
            if not link:
                broken.append(BrokenLink(page_path, link, "lege link"))
                continue
            path = site.internal_path(link, page_path)
            if path is None:
                continue
            target = site.file_for(path)
            if target is None:
                broken.append(BrokenLink(page_path, link, "dit bestand bestaat niet in de gebouwde site"))
                continue
            fragment = urlsplit(link).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in site.ids_in(target):
                broken.append(BrokenLink(page_path, link, f"geen element met id '{fragment}' op die pagina"))
    return broken
