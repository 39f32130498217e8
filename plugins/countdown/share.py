"""Share links without trackers, and the absolute addresses they need.

Every link is a plain address of the service's own share form with the page's
address and title in the query; no script, image or request of a third party
is ever loaded by our pages. Mastodon has no central service: the share
component asks the reader for their own server and theme/static/js/share.js
opens https://<that server>/share?text=...; without JavaScript the reader gets
the address to copy.

Share links need an absolute address. SITEURL gives it in production; preview
builds have an empty SITEURL, and then SITE_PUBLIC_URL (the public address of
the site) is used, so a link shared from a preview points at the real site and
never at a developer's own machine.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

logger = logging.getLogger(__name__)

PUBLIC_URL_SETTING = "SITE_PUBLIC_URL"
# (key, address template); {url}, {title} and {text} arrive percent-encoded.
SERVICES = (
    ("email", "mailto:?subject={title}&body={text}"),
    ("whatsapp", "https://wa.me/?text={text}"),
    ("bluesky", "https://bsky.app/intent/compose?text={text}"),
    ("linkedin", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
)


def public_base(settings) -> str:
    """The absolute site address: SITEURL, or SITE_PUBLIC_URL when SITEURL is empty (preview)."""
    return (settings.get("SITEURL") or settings.get(PUBLIC_URL_SETTING) or "").rstrip("/")


def absolute_url(item, settings) -> str:
    return f"{public_base(settings)}/{item.url}"


def share_text(url: str, title: str) -> str:
    return f"{title} {url}" if title else url


def share_links(url: str, title: str) -> list[dict[str, str]]:
    """One {key, href} per service, in display order."""
    values = {
        "url": quote(url, safe=""),
        "title": quote(title, safe=""),
        "text": quote(share_text(url, title), safe=""),
    }
    return [{"key": key, "href": template.format(**values)} for key, template in SERVICES]
