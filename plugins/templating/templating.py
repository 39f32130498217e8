"""Template helpers for the theme: Dutch dates, UI strings, the build clock.

- `nl_date` / `nl_datetime` filters format dates in Dutch ("26 november 2026")
  with Babel, whatever the machine's locale;
- `t("dotted.key", **values)` reads UI text from theme/strings/nl.yml, so all
  interface wording lives in one file; an unknown key fails the build;
- `build_time` is the one clock (kernel.clock), for templates that show or
  compare against "now".
"""

from __future__ import annotations

import functools
import logging
import re
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from markupsafe import Markup
from pelican import signals

from kernel.clock import build_time, site_zone
from kernel.strings import load_strings, make_translator

logger = logging.getLogger(__name__)

LOCALE = "nl_BE"


def make_date_filters(zone):
    def local(value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(zone)
        return value

    # Babel takes a third of a millisecond a date; a site shows the same dates on many pages.
    @functools.lru_cache(maxsize=8192)
    def nl_date(value: date | datetime, pattern: str = "d MMMM y") -> str:
        return format_date(local(value), pattern, locale=LOCALE)

    @functools.lru_cache(maxsize=8192)
    def nl_datetime(value: datetime, pattern: str = "d MMMM y 'om' HH:mm") -> str:
        return format_datetime(local(value), pattern, tzinfo=zone, locale=LOCALE)

    def iso(value: date | datetime) -> str:
        return local(value).isoformat()

    return {"nl_date": nl_date, "nl_datetime": nl_datetime, "iso": iso}


def markdown_body(content) -> Markup:
    """Rendered Markdown is the only text marked safe in templates."""
    return Markup(content or "")


H2 = re.compile(r'<h2(?: id="(?P<id>[^"]*)")?>(?P<heading>.*?)</h2>', re.S)


def markdown_sections(content) -> tuple[Markup, list[dict]]:
    """Split a rendered Markdown body at its `## ` headings.

    Returns the text before the first heading and one dict per section
    (id, heading, body), so a template can lay sections out as cards.
    """
    html = content or ""
    matches = list(H2.finditer(html))
    if not matches:
        return Markup(html), []
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        sections.append({
            "id": match.group("id") or f"sectie-{index + 1}",
            "heading": Markup(match.group("heading")),
            "body": Markup(html[match.end():end].strip()),
        })
    return Markup(html[: matches[0].start()].strip()), sections


def add_helpers(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.filters.update(make_date_filters(site_zone(settings)))
    env.filters["markdown_body"] = markdown_body
    env.filters["markdown_sections"] = markdown_sections
    env.globals["t"] = make_translator(load_strings(generator.theme))
    env.globals["build_time"] = build_time(settings)


def register():
    signals.generator_init.connect(add_helpers)
