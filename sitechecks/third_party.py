"""No third-party requests: nothing in a built site makes the browser contact another origin.

A reader's browser may only ever talk to our own host. This scans every HTML
page, SVG, XML file, stylesheet and script of an output tree for anything the
browser would fetch or connect to by itself: scripts, stylesheets, fonts,
images (src, srcset, imagesrcset, SVG href), media, frames, objects,
preconnect/prefetch hints, form targets, meta refresh, CSS `url()` and
`@import`, XML stylesheets, and in JavaScript the URLs handed to `import`,
`fetch`, `importScripts`, `Worker`, `.src =` and `src:`. Ordinary links a
reader chooses to follow (`<a href>`) are not requests and are allowed, and so
are `rel="canonical"`/`alternate` links, which browsers do not fetch. The team's
folders (`sitechecks.TEAM_ONLY`, the web editor) are not scanned.
(Merged from the scanner first written in tests/test_seo_privacy.py.)

Used by the tests, `invoke check` and `invoke publish`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

from sitechecks import for_the_team

# (element, attribute) pairs the browser fetches on its own.
FETCHED = (
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("track", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("object", "data"),
    ("input", "src"),
    ("form", "action"),
    ("image", "href"),
    ("use", "href"),
)
SRCSET = ("img", "source")
# <link rel> values that are not fetched by the browser.
NOT_FETCHED_RELS = {"canonical", "alternate", "author", "license", "me", "help", "search", "next", "prev",
                    "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag", "privacy-policy",
                    "terms-of-service"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
JS_LOADS = re.compile(r"""(?:\bimport\s*\(|\bfrom\s+|\bimportScripts\s*\(|\bfetch\s*\(|\bWorker\s*\(|"""
                      r"""\.src\s*=|\bsrc\s*:|\bsendBeacon\s*\(|\bopen\s*\(\s*['"][A-Z]+['"]\s*,)"""
                      r"""\s*['"`]((?:[a-z]+:)?//[^'"`\s${}]+)""", re.IGNORECASE)
XML_STYLESHEET = re.compile(r'<\?xml-stylesheet[^>]*href="([^"]+)"')
SCRIPT_TYPES = {"text/javascript", "module", "application/javascript", ""}
JS_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
JS_LINE_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ThirdPartyRequest:
    """One place in the output that would make the browser contact another origin."""

    file: str
    url: str
    how: str

    def __str__(self) -> str:
        return f"{self.file}: {self.how} laadt {self.url} van een andere website"


def _foreign(url: str, own_hosts: set[str]) -> bool:
    """True when `url` names another host (absolute or protocol-relative)."""
    url = url.strip()
    if url.startswith("//"):
        host = urlsplit("https:" + url).hostname or ""
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "ws", "wss", "ftp"):
            return False
        host = parts.hostname or ""
    return host.lower() not in own_hosts


def _in_css(text: str):
    for match in CSS_URL.finditer(text):
        yield match.group(1) or match.group(2)


def _in_js(text: str):
    """Absolute URLs a script loads (import, fetch, Worker, .src = ...), less comments.

    A static scan of scripts can only be a first net: minified code builds URLs
    at run time (the browser tests with a Content Security Policy catch the rest).
    Strings that are not loaded (a parsing base in `new URL(path, "https://...")`,
    an XML namespace name) do not match.
    """
    text = JS_BLOCK_COMMENT.sub("", text)
    text = JS_LINE_COMMENT.sub("", text)
    for match in JS_LOADS.finditer(text):
        yield match.group(1)


def _in_html(file: Path):
    """(url, how) for everything the page makes the browser fetch."""
    tree = lxml_html.fromstring(file.read_bytes())
    for tag, attribute in FETCHED:
        for element in tree.iter(tag):
            value = element.get(attribute) or element.get("{http://www.w3.org/1999/xlink}" + attribute)
            if value:
                yield value, f"<{tag} {attribute}>"
    for tag in SRCSET:
        for element in tree.iter(tag):
            for candidate in (element.get("srcset") or "").split(","):
                if candidate.strip():
                    yield candidate.strip().split()[0], f"<{tag} srcset>"
    for element in tree.iter("link"):
        for candidate in (element.get("imagesrcset") or "").split(","):
            if candidate.strip():
                yield candidate.strip().split()[0], "<link imagesrcset>"
    for element in tree.iter("link"):
        rels = set((element.get("rel") or "").lower().split())
        if rels and rels <= NOT_FETCHED_RELS:
            continue
        if element.get("href"):
            yield element.get("href"), f"<link rel={' '.join(sorted(rels))}>"
    for element in tree.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "refresh":
            match = REFRESH_URL.search(element.get("content") or "")
            if match:
                yield match.group(1), "<meta http-equiv=refresh>"
    for element in tree.iter("style"):
        for url in _in_css(element.text_content()):
            yield url, "<style> url()"
    for element in tree.iter():
        if isinstance(element.tag, str) and element.get("style"):
            for url in _in_css(element.get("style")):
                yield url, "style attribute url()"
    for element in tree.iter("script"):
        if (element.get("type") or "text/javascript").lower() not in SCRIPT_TYPES:
            continue  # data blocks (application/ld+json, ...) are not run and fetch nothing
        if not element.get("src") and element.text:
            for url in _in_js(element.text):
                yield url, "inline <script>"


def _in_svg(file: Path):
    """(url, how) for what an SVG file loads: <image>, <use>, <feImage>, <script> hrefs and styles."""
    from lxml import etree

    try:
        tree = etree.fromstring(file.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname.lower()
        if name in ("image", "use", "feimage", "script"):
            for attribute in ("href", "{http://www.w3.org/1999/xlink}href", "src"):
                if element.get(attribute):
                    yield element.get(attribute), f"<svg {name}>"
        if element.get("style"):
            for url in _in_css(element.get("style")):
                yield url, "svg style url()"
        if name == "style" and element.text:
            for url in _in_css(element.text):
                yield url, "svg <style> url()"


def find_third_party_requests(root: Path, siteurl: str = "") -> list[ThirdPartyRequest]:
    """Every request to another origin that the output tree under `root` would make.

    `siteurl` is the site's own address (production: https://www.vluchtelingenwerk.be);
    URLs on its host are our own.
    """
    own = {urlsplit(siteurl).hostname.lower()} if siteurl and urlsplit(siteurl).hostname else set()
    found: list[ThirdPartyRequest] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        shown = "/" + file.relative_to(root).as_posix()
        if for_the_team(shown):
            continue  # the web editor talks to its backend by design (tests/test_admin.py checks it)
        suffix = file.suffix.lower()
        if suffix == ".html":
            pairs = list(_in_html(file))
        elif suffix == ".svg":
            pairs = list(_in_svg(file))
        elif suffix == ".xml":
            text = file.read_text(encoding="utf-8", errors="replace")
            pairs = [(url, "xml-stylesheet") for url in XML_STYLESHEET.findall(text)]
        elif suffix == ".css":
            pairs = [(url, "CSS url()") for url in _in_css(file.read_text(encoding="utf-8", errors="replace"))]
        elif suffix in (".js", ".mjs"):
            pairs = [(url, "JavaScript") for url in _in_js(file.read_text(encoding="utf-8", errors="replace"))]
        else:
            continue
        found.extend(ThirdPartyRequest(shown, url, how) for url, how in pairs if _foreign(url, own))
    return found
