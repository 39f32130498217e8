"""Quotes with their speaker: a Markdown convention of ours.

A blockquote whose last line starts with two hyphens (or a dash) names its
speaker:

    > Opvang is een recht, geen gunst.
    > -- Voorbeeld Woordvoerder, woordvoerder van Vluchtelingenwerk Vlaanderen

becomes a figure with the quote and a caption:

    <figure class="vw-quote"><blockquote class="vw-quote__text"><p>Opvang is ...</p></blockquote>
    <figcaption class="vw-quote__speaker">Voorbeeld Woordvoerder, woordvoerder van ...</figcaption></figure>

`kernel.html.quotes_in(html)` reads them back (speaker name before the first
comma, role after it) for the release's JSON-LD. A blockquote without such a
line stays a plain blockquote.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SPEAKER_LINE = re.compile(r"^(?:--|—|–)\s+(?P<speaker>\S.*)$")


class QuoteProcessor(Treeprocessor):
    """Runs before inline Markdown, on the raw text of each blockquote's last paragraph."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "blockquote":
                    self._figure(parent, index, child)

    def _figure(self, parent: etree.Element, index: int, quote: etree.Element) -> None:
        last = quote[-1] if len(quote) else None
        if last is None or last.tag != "p" or not last.text or len(last):
            return
        lines = last.text.rstrip().split("\n")
        match = SPEAKER_LINE.match(lines[-1].strip())
        if not match:
            return
        if len(lines) > 1:
            last.text = "\n".join(lines[:-1])
        else:
            quote.remove(last)
        if not len(quote):  # a speaker without words: leave it as it was written
            quote.append(last)
            last.text = lines[-1]
            return
        figure = etree.Element("figure", {"class": "vw-quote"})
        parent.remove(quote)
        parent.insert(index, figure)
        quote.set("class", "vw-quote__text")
        figure.append(quote)
        caption = etree.SubElement(figure, "figcaption", {"class": "vw-quote__speaker"})
        caption.text = match.group("speaker").strip()


class QuoteExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(QuoteProcessor(md), "vw_quotes", 25)  # before inline (20)
