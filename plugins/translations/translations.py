"""Translations: French and English versions of Dutch releases, opinion pieces and pages.

Pelican's own convention: a translation is a file in the same folder with the
same `slug` and `lang: fr` or `lang: en` (ARTICLE_TRANSLATION_ID groups by
folder and slug, PAGE_TRANSLATION_ID by slug); Pelican's
`process_translations` pairs them, fills `item.translations` and writes each
translation at ARTICLE_LANG_SAVE_AS / PAGE_LANG_SAVE_AS (/fr/..., /en/...).
This plugin adds what Pelican leaves to us:

- checks, on every item before the embargo holds any back: a translation
  without a Dutch original (same folder, same slug, same status), two
  translations in one language of one original (the validation plugin leaves
  their shared address to this message), and a translated home page
  are content problems;
- a translation shows its original's topics (`tags` is not allowed in it);
- `language_versions(item_or_none, output_file)` (template global): the
  published language versions of a page, Dutch first, for hreflang links and
  the language switch; pages that are not items (the press rooms) are
  registered by the plugin that writes them (`kernel.languages.register_versions`);
- every Atom feed says its language (`xml:lang`): feeds/fr/... French,
  feeds/en/... English, every other feed Dutch; LANGUAGE_FEED_ATOM
  (feeds/{lang}/alles.atom.xml) holds everything translated into one language,
  written even when empty (dated 1970-01-01, so builds stay reproducible) so that
  its address never breaks (Pelican's own
  TRANSLATION_FEED_ATOM writes only the languages that have items, and a Dutch
  one too);
- `menu_items()`: the main menu in the page's language; `language_feed()`:
  the feed of everything in the page's language.

The embargo plugin holds a translation until the later of its own moment
and its original's, and takes held items out of every `translations` list,
so nothing links to a version before it is public.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pelican import signals

from kernel import languages
from kernel.problems import Problem, display_path, problem_log, relative_path
from kernel.strings import load_strings

logger = logging.getLogger(__name__)

ARTICLE_LISTS = ("articles", "hidden_articles", "drafts")
ARTICLE_TRANSLATION_LISTS = ("translations", "hidden_translations", "drafts_translations")
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")
PAGE_TRANSLATION_LISTS = ("translations", "hidden_translations", "draft_translations")
HOME_TEMPLATE = "home"


@dataclass(frozen=True)
class Version:
    code: str
    tag: str
    name: str
    locale: str
    url: str
    original: bool


def _status_of(name: str) -> str:
    return "draft" if "draft" in name else "hidden" if "hidden" in name else "published"


def _folder(item, settings) -> str:
    return Path(relative_path(item.source_path, settings)).parent.as_posix()


def check_articles(generator) -> None:
    _check(generator, ARTICLE_LISTS, ARTICLE_TRANSLATION_LISTS)


def check_pages(generator) -> None:
    _check(generator, PAGE_LISTS, PAGE_TRANSLATION_LISTS)


def _check(generator, original_lists, translation_lists) -> None:
    """Every translation has one Dutch original, in its language once; topics come from the original."""
    settings = generator.settings
    dutch: dict[tuple[str, str], list[tuple[str, object]]] = defaultdict(list)
    for name in (*original_lists, *translation_lists):
        for item in getattr(generator, name, []):
            if getattr(item, "in_default_lang", True):
                dutch[(_folder(item, settings), getattr(item, "slug", ""))].append((_status_of(name), item))
    for name in original_lists:
        for item in getattr(generator, name, []):
            if not getattr(item, "in_default_lang", True):
                problem_log.add(_orphan(item, _status_of(name), dutch, settings))
    for name in (*original_lists, *translation_lists):
        for item in getattr(generator, name, []):
            if getattr(item, "in_default_lang", True):
                _check_group(item, settings)
            else:
                _take_topics(item)


def _orphan(item, status: str, dutch: dict, settings) -> Problem:
    shown = display_path(item.source_path, settings)
    folder, slug = _folder(item, settings), getattr(item, "slug", "")
    others = dutch.get((folder, slug), [])
    if others:
        other_status, other = others[0]
        return Problem(shown, "status", f"is {status}, maar het Nederlandse origineel "
                       f"{display_path(other.source_path, settings)} is {other_status}",
                       "geef de vertaling dezelfde status als het origineel", f"status: {other_status}")
    return Problem(shown, "slug", f"er is geen Nederlands origineel met slug '{slug}' in content/{folder}/",
                   "geef de vertaling dezelfde slug als het Nederlandse bestand in dezelfde map, "
                   "of schrijf eerst het Nederlandse origineel", "slug: migratiepact-van-toepassing")


def _check_group(original, settings) -> None:
    by_lang = defaultdict(list)
    for other in getattr(original, "translations", []):
        if not getattr(other, "in_default_lang", True):
            by_lang[other.lang].append(other)
    for code, items in sorted(by_lang.items()):
        if getattr(original, "template", None) == HOME_TEMPLATE:
            for item in items:
                problem_log.add(Problem(display_path(item.source_path, settings), "lang",
                                        "de startpagina heeft geen vertaling",
                                        "verwijder dit bestand; de Franse en Engelse persruimte zijn "
                                        "/fr/persberichten/ en /en/persberichten/"))
            continue
        for extra in sorted(items, key=lambda i: i.source_path)[1:]:
            first = min(items, key=lambda i: i.source_path)
            problem_log.add(Problem(display_path(extra.source_path, settings), "lang",
                                    f"{display_path(first.source_path, settings)} is al de vertaling in '{code}' "
                                    f"van {display_path(original.source_path, settings)}",
                                    "houd één vertaling per taal; verwijder of voeg de twee bestanden samen"))


def _take_topics(translation) -> None:
    original = languages.original_of(translation)
    if original is not None and getattr(original, "tags", None):
        translation.tags = original.tags


def versions_of(item) -> list[Version]:
    """The published language versions of an item, Dutch first; empty when it has no translation."""
    group = [item, *getattr(item, "translations", [])]
    if len(group) < 2:
        return []
    seen = {}
    for member in group:
        code = getattr(member, "lang", languages.DEFAULT)
        if code in languages.LANGUAGES and code not in seen:
            seen[code] = member
    if len(seen) < 2:
        return []
    return [_version(code, member.url) for code, member in sorted(seen.items(), key=_order)]


def _order(entry) -> int:
    return list(languages.LANGUAGES).index(entry[0])


def _version(code: str, url: str) -> Version:
    language = languages.get(code)
    return Version(code, language.tag, language.name, language.locale, url, code == languages.DEFAULT)


def language_versions(item=None, output_file: str = "") -> list[Version]:
    """Template global: the versions of the page being rendered (its item's, or registered ones)."""
    if item is not None and hasattr(item, "source_path"):
        return versions_of(item)
    urls = languages.registered_versions(output_file)
    if not urls or len(urls) < 2:
        return []
    return [_version(code, urls[code]) for code in languages.LANGUAGES if code in urls]


# An empty feed (a language whose translations are all still to come) has no date of its own;
# feedgenerator would write the current time, and every build would differ.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


def feed_language(_context, feed) -> None:
    """feed_generated: the feed's language from its address (kernel.languages.feed_language);
    an empty feed gets a fixed date, so that builds stay byte-identical."""
    feed.feed["language"] = languages.feed_language(feed.feed.get("feed_url") or "").tag
    if not feed.items:
        feed.latest_post_date = lambda: EMPTY_FEED_UPDATED


def add_globals(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    menu = list(generator.settings.get("MENU") or [])

    def menu_items() -> list[tuple[str, str]]:
        """The main menu in the page's language: labels from menu.<path> and the press room in that language."""
        language = languages.current()
        translate = env.globals.get("t")  # the templating plugin's, set after this plugin's globals
        if language.code == languages.DEFAULT or translate is None:
            return menu
        items = []
        for _label, path in menu:
            key = path.strip("/")
            target = "/" + languages.prefixed(language.code, path) if key == "persberichten" else path
            items.append((translate(f"menu.{key}"), target))
        return items

    settings = generator.settings

    def language_feed() -> str:
        """The feed of everything in the page's language (empty when feeds are off)."""
        code = languages.current().code
        if code == languages.DEFAULT:
            return settings.get("FEED_ATOM") or ""
        return str(settings.get("LANGUAGE_FEED_ATOM") or "").format(lang=code)

    env.globals["language_versions"] = language_versions
    env.globals["menu_items"] = menu_items
    env.globals["language_feed"] = language_feed


def write_language_feeds(generator, writer) -> None:
    """Everything translated into one language, newest first (LANGUAGE_FEED_ATOM)."""
    path = generator.settings.get("LANGUAGE_FEED_ATOM")
    if not path:
        return
    for code in languages.TRANSLATED:
        items = sorted((t for t in generator.translations if getattr(t, "lang", None) == code),
                       key=lambda t: (t.date, t.source_path), reverse=True)
        writer.write_feed(items, generator.context, path.format(lang=code),
                          feed_title=load_strings(generator.theme, code)["site.feed_all"])


def announce_feeds(generator) -> None:
    path = generator.settings.get("LANGUAGE_FEED_ATOM")
    if path:
        from kernel import addresses

        addresses.announce(*(path.format(lang=code) for code in languages.TRANSLATED))


def register():
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.generator_init.connect(add_globals)
    signals.feed_generated.connect(feed_language)
    signals.article_generator_finalized.connect(announce_feeds)
    signals.article_writer_finalized.connect(write_language_feeds)
