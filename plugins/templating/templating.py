"""Template helpers for the theme: dates, UI strings, the build clock, the page's language.

- `nl_date` / `nl_datetime` filters format dates with Babel in the language
  of the page being rendered ("26 november 2026", "26 octobre 2026"; Dutch
  unless the page is a translation), whatever the machine's locale;
- `t("dotted.key", **values)` reads UI text from theme/strings/<lang>.yml in
  the page's language (kernel.languages), so all interface wording lives in
  one file per language; an unknown key fails the build;
- every template is a `kernel.languages.LanguageTemplate`, which makes its
  page's language current while it renders; `current_language()` gives it
  to templates (`<html lang>`, hreflang);
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

from kernel import languages
from kernel.clock import build_time, site_zone
from kernel.strings import language_translator

logger = logging.getLogger(__name__)

# The default patterns per language ('om' is Dutch for 'at').
DATETIME_PATTERNS = {"nl": "d MMMM y 'om' HH:mm", "fr": "d MMMM y 'à' HH:mm", "en": "d MMMM y 'at' HH:mm"}


def make_date_filters(zone):
    def local(value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(zone)
        return value

    # Babel takes a third of a millisecond a date; a site shows the same dates on many pages.
    @functools.lru_cache(maxsize=8192)
    def formatted_date(value: date | datetime, pattern: str, locale: str) -> str:
        return format_date(local(value), pattern, locale=locale)

    @functools.lru_cache(maxsize=8192)
    def formatted_datetime(value: datetime, pattern: str, locale: str) -> str:
        return format_datetime(local(value), pattern, tzinfo=zone, locale=locale)

    def nl_date(value: date | datetime, pattern: str = "d MMMM y") -> str:
        return formatted_date(value, pattern, languages.current().locale)

    def nl_datetime(value: datetime, pattern: str | None = None) -> str:
        language = languages.current()
        return formatted_datetime(value, pattern or DATETIME_PATTERNS[language.code], language.locale)

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
    env.template_class = languages.LanguageTemplate
    env.filters.update(make_date_filters(site_zone(settings)))
    env.filters["markdown_body"] = markdown_body
    env.filters["markdown_sections"] = markdown_sections
    env.globals["t"] = language_translator(generator.theme)
    env.globals["current_language"] = languages.current
    env.globals["build_time"] = build_time(settings)


def register():
    signals.generator_init.connect(add_helpers)
