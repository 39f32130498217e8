"""Reading rendered HTML: the links and images of a body, the attributes of a tag.

Validation (links that go nowhere, images without alt text), the embargo
(links to held items, files only held items use) and the image pipeline
(`<img>` tags to rewrite) all read the same things from item bodies; this is
the one reader. A scan depends on the HTML alone, so it is kept per text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from . import state

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Pelican's intrasite link syntax: {filename}../x.md, {static}/images/y.jpg, {attach}z.pdf
INTERSITE = re.compile(r"^\{(filename|static|attach)\}(.*)$")
_LINK_OR_IMAGE = re.compile(r"\b(?:href|src)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class BodyScan:
    """What one body links to: (tag, attribute, value) of every href and src, and images without alt."""

    links: tuple[tuple[str, str, str], ...] = ()
    images_without_alt: tuple[str, ...] = ()

    def targets(self) -> list[str]:
        """Every linked address without fragment, query or intrasite prefix ({filename}, ...)."""
        found = []
        for _tag, _attribute, value in self.links:
            target = value.split("#", 1)[0].split("?", 1)[0]
            match = INTERSITE.match(target)
            if match:
                target = match.group(2)
            if target:
                found.append(target)
        return found


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.images_without_alt: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, name, value))
        if tag == "img":
            values = dict(attrs)
            if not (values.get("alt") or "").strip():
                self.images_without_alt.append(values.get("src") or "")

    handle_startendtag = handle_starttag


_EMPTY = BodyScan()
_scans = state.Memo("kernel.html.scans")


def _scan(html: str) -> BodyScan:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return BodyScan(tuple(collector.links), tuple(collector.images_without_alt))


def scan_body(html: str | None) -> BodyScan:
    """The links and images without alt text of one rendered body."""
    if not html or not (_LINK_OR_IMAGE.search(html) or "<img" in html):
        return _EMPTY
    return _scans.get(html, lambda: _scan(html))


def formatted_fields(item, settings) -> list[tuple[str, str]]:
    """(name, HTML) of an item's formatted fields other than its summary, such as a release's notes.

    FORMATTED_FIELDS names them; they are Markdown like the body, so their links
    and images count as the body's do. The summary is left out: it repeats the body.
    """
    fields = []
    for name in settings.get("FORMATTED_FIELDS") or ():
        value = getattr(item, name.lower(), None) if name != "summary" else None
        if isinstance(value, str):
            fields.append((name, value))
    return fields


def formatted_html(item, settings) -> str:
    """The HTML of an item's formatted fields other than its summary (`formatted_fields`), joined.

    Checks that read an item's body read `item._content + formatted_html(item, settings)`.
    """
    return "".join(value for _name, value in formatted_fields(item, settings))


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes = attrs

    handle_startendtag = handle_starttag


def tag_attributes(tag: str) -> list[tuple[str, str | None]]:
    """The attributes of one start tag, in order, values unescaped: [("src", "x.jpg"), ("alt", "...")]."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attributes


# A quote with its speaker, as the content model's Markdown convention renders it (content_model/quotes.py).
QUOTE_FIGURE = re.compile(
    r'<figure class="vw-quote">\s*<blockquote class="vw-quote__text">(?P<text>.*?)</blockquote>\s*'
    r'<figcaption class="vw-quote__speaker">(?P<speaker>.*?)</figcaption>\s*</figure>', re.S)
_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """The text of a piece of HTML on one line: tags dropped, entities unescaped, whitespace runs one space."""
    from html import unescape

    return " ".join(unescape(_TAG.sub("", html or "")).split())


def quotes_in(html: str) -> list[dict]:
    """The quotes of a rendered body: text, and the speaker's name and role (before and after the first comma)."""
    found = []
    for match in QUOTE_FIGURE.finditer(html or ""):
        name, _, role = plain_text(match.group("speaker")).partition(",")
        found.append({"text": plain_text(match.group("text")), "name": name.strip(), "role": role.strip()})
    return found
