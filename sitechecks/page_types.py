"""One page of each kind a built site has, so that checks and screenshots cover every layout.

`page_types(urls)` takes the root-relative addresses of a built site's pages
and returns {name: address} for each kind found: the home page, a campaign,
a press release, an opinion piece, a page, the campaigns list, a listing, a
topic, an author, the press room, a press archive (year), a press topic, the
media kit, the members, the search page, the 404 page and (in a preview
build) the component gallery. Used by the
Lighthouse test (the kinds in LIGHTHOUSE: one per template), the layout tests
and `invoke screenshots`.
"""

from __future__ import annotations

import re

# name -> pattern of its addresses (the first match in sorted order is taken)
PATTERNS = {
    "startpagina": r"/",
    "campagne": r"/campagnes/(?!pagina/)[^/]+/",
    "persbericht": r"/persberichten/\d{4}/[^/]+/",
    "opinie": r"/opinie/(?!pagina/)[^/]+/",
    "pagina": r"/over-ons/",
    "campagnes": r"/campagnes/",
    "overzicht": r"/opinie/",
    "onderwerp": r"/onderwerpen/[^/]+/",
    "auteur": r"/auteurs/[^/]+/",
    "persruimte": r"/persberichten/",
    "persarchief": r"/persberichten/\d{4}/",
    "pers-onderwerp": r"/persberichten/onderwerpen/[^/]+/",
    "mediakit": r"/persberichten/mediakit/",
    "leden": r"/leden/",
    "zoeken": r"/zoeken/",
    "404": r"/404\.html",
    "componenten": r"/componenten/",  # the component gallery, in preview builds only
}
# One of each template for Lighthouse (a topic and an author page are listings, like /opinie/;
# a press topic is a press archive, like a year).
LIGHTHOUSE = ("startpagina", "campagne", "persbericht", "opinie", "pagina", "campagnes", "overzicht",
              "persruimte", "persarchief", "mediakit", "leden", "zoeken", "404")


def page_types(urls) -> dict[str, str]:
    """{kind: address} of the first page of each kind among `urls`."""
    ordered = sorted(urls)
    found = {}
    for name, pattern in PATTERNS.items():
        match = next((url for url in ordered if re.fullmatch(pattern, url)), None)
        if match:
            found[name] = match
    return found
