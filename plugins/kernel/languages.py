"""The site's languages, and the language of the page being rendered.

Everything is written in Dutch first; a release, opinion piece or page may
have a French and an English translation (Pelican's own convention: a file in
the same folder with the same `slug` and `lang: fr` or `lang: en`). A
translation lives under its language's prefix (`/fr/...`, `/en/...`).

Templates do not pass the language around: `LanguageTemplate` (the Jinja
environments' `template_class`, set by the templating plugin) notes the
language of the page it renders, from the page's own item (`article.lang`,
`page.lang`) or an explicit `page_lang`, and `current()` gives it to `t()`
and the date filters while that page renders, macros included. Pelican's
writer and ours both call `Template.render`, so both make the same page.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from jinja2 import Template

from . import state

DEFAULT = "nl"


@dataclass(frozen=True)
class Language:
    code: str  # as written in `lang:` front matter and in addresses
    tag: str  # BCP 47, for <html lang>, hreflang, xml:lang and Pagefind
    locale: str  # Babel locale for dates, Open Graph locale
    name: str  # the language's own name, for the language switch
    prefix: str  # the address prefix of its pages: "" or "fr/"


LANGUAGES: dict[str, Language] = {
    "nl": Language("nl", "nl-BE", "nl_BE", "Nederlands", ""),
    "fr": Language("fr", "fr-BE", "fr_BE", "Français", "fr/"),
    "en": Language("en", "en", "en_BE", "English", "en/"),
}
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT)

# Output file of a page that is not an item (a press room) -> {language code: url}, per build.
_registered: dict[str, dict[str, str]] = state.per_build({})

_current: ContextVar[str | None] = ContextVar("kernel_languages_current", default=None)


def get(code: str | None) -> Language:
    return LANGUAGES.get(code or DEFAULT, LANGUAGES[DEFAULT])


def current() -> Language:
    """The language of the page being rendered (Dutch outside a render)."""
    return get(_current.get())


def page_language(values: dict) -> str:
    """The language a page is in: `page_lang` when given, else its own item's."""
    explicit = values.get("page_lang")
    if explicit:
        return explicit
    for name in ("article", "page"):
        item = values.get(name)
        if item is not None and getattr(item, "lang", None) in LANGUAGES:
            return item.lang
    return DEFAULT


def original_of(item):
    """The Dutch original of a translation (Pelican's `translations` holds the rest of its group), or None."""
    if getattr(item, "in_default_lang", True):
        return None
    return next((other for other in getattr(item, "translations", []) if getattr(other, "in_default_lang", False)),
                None)


def register_versions(output_file: str, urls: dict[str, str]) -> None:
    """A page that is not an item (a press room) exists in these languages: {language code: url}."""
    _registered[output_file] = dict(urls)


def registered_versions(output_file: str) -> dict[str, str]:
    return dict(_registered.get(output_file or "", {}))


def prefixed(code: str, url: str) -> str:
    """A Dutch address (below the site root) as the same address in another language."""
    return get(code).prefix + url.lstrip("/")


def feed_language(url: str) -> Language:
    """The language of a feed from its address: feeds/fr/... is French, every other feed Dutch."""
    from urllib.parse import urlsplit

    parts = urlsplit(url).path.lstrip("/").split("/")
    if len(parts) > 2 and parts[0] == "feeds" and parts[1] in TRANSLATED:
        return LANGUAGES[parts[1]]
    return LANGUAGES[DEFAULT]


class LanguageTemplate(Template):
    """A Jinja template that makes its page's language `current()` while it renders."""

    def render(self, *args, **kwargs) -> str:
        values = dict(*args, **kwargs)
        token = _current.set(page_language(values))
        try:
            return super().render(values)
        finally:
            _current.reset(token)
