"""No third-party requests: nothing in a built site makes the browser contact another origin.

A reader's browser may only ever talk to our own host. This scans every HTML
page, stylesheet and script of an output tree for anything the browser would
fetch or connect to by itself: scripts, stylesheets, fonts, images (src and
srcset), media, frames, objects, preconnect/prefetch hints, form targets,
CSS `url()` and `@import`, and absolute URLs in JavaScript. Ordinary links a
reader chooses to follow (`<a href>`) are not requests and are allowed, and so
are `rel="canonical"`/`alternate` links, which browsers do not fetch.

Used by the tests, `invoke check` and `invoke publish`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

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
JS_URL = re.compile(r"""['"`]((?:https?:)?//[^'"`\s${}]+)""")
SCRIPT_TYPES = {"text/javascript", "module", "application/javascript", ""}
# XML namespace names in scripts (createElementNS) are identifiers, not requests.
NAMESPACES = ("http://www.w3.org/",)
EXAMPLE_HOSTS = {"example.com", "example.org", "example.net"}
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
        return f"{self.file}: {self.how} loads {self.url}"


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
    """Absolute URLs in a script, less comments, XML namespace names and URL-parsing bases.

    A static scan of scripts can only be a first net: minified code builds URLs
    at run time. Strings such as `new URL(path, "https://example.com")` are
    parsing bases (reserved example domains, or a host without a dot), not
    requests, and are left out.
    """
    text = JS_BLOCK_COMMENT.sub("", text)
    text = JS_LINE_COMMENT.sub("", text)
    for match in JS_URL.finditer(text):
        url = match.group(1)
        host = (urlsplit(url if not url.startswith("//") else "https:" + url).hostname or "").lower()
        if url.startswith(NAMESPACES) or "." not in host or host in EXAMPLE_HOSTS or host.endswith(".example"):
            continue
        yield url


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


def find_third_party_requests(root: Path, siteurl: str = "") -> list[ThirdPartyRequest]:
    """Every request to another origin that the output tree under `root` would make.

    `siteurl` is the site's own address (production: https://www.vluchtelingenwerk.be);
    URLs on its host are our own.
    """
    own = {urlsplit(siteurl).hostname.lower()} if siteurl and urlsplit(siteurl).hostname else set()
    found: list[ThirdPartyRequest] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        shown = "/" + file.relative_to(root).as_posix()
        if file.suffix == ".html":
            pairs = list(_in_html(file))
        elif file.suffix == ".css":
            pairs = [(url, "CSS url()") for url in _in_css(file.read_text(encoding="utf-8", errors="replace"))]
        elif file.suffix in (".js", ".mjs"):
            pairs = [(url, "JavaScript") for url in _in_js(file.read_text(encoding="utf-8", errors="replace"))]
        else:
            continue
        found.extend(ThirdPartyRequest(shown, url, how) for url, how in pairs if _foreign(url, own))
    return found
