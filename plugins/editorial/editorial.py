"""Editorial links between items: authors, reading time, previous/next, related.

- Authors of opinion pieces live in content/data/auteurs.yml (name, slug,
  role, bio, optional photo with photo_alt). Every entry is checked, and an
  opinion piece whose `author` is not in the file is a content problem. The
  profiles are offered to templates as `author_profiles` (name -> entry).
- `reading_minutes` on every article: words / 200, rounded up, at least 1.
- `previous_item` / `next_item`: the older and newer published item of the
  same type.
- `related_items`: up to three published items that share most topics with
  this one, newest first among equals.
- items without an author get the organisation's name after the taxonomies
  are made, so every Atom entry has an author and no extra author page exists.

All of it is computed after the embargo plugin has removed what is not yet
published, so nothing here can point to an embargoed item.
"""

from __future__ import annotations

import heapq
import logging
import math
import re
from collections import Counter, defaultdict

from pelican import signals
from pelican.urlwrappers import Author

from kernel import preview, state
from kernel.datafiles import Key, read_records, where
from kernel.problems import Problem, data_path, display_path, problem_log

logger = logging.getLogger(__name__)

AUTHORS_FILE = "auteurs.yml"
AUTHOR_KEYS = (
    Key("name", help="de volledige naam, precies zoals in het veld author van de opiniestukken"),
    Key("slug", help="het adres van de auteurspagina: lotte-voorbeeld geeft /auteurs/lotte-voorbeeld/"),
    Key("role", help="de functie van de auteur, bijvoorbeeld beleidsmedewerker opvang"),
    Key("bio", help="twee of drie zinnen over de auteur"),
    Key("photo", required=False, is_file=True,
        help="een portret, een pad onder content/, bijvoorbeeld images/auteurs/lotte.jpg"),
    Key("photo_alt", required=False, help="wat de foto toont, voor wie hem niet ziet (nodig bij photo)"),
)
WORDS_PER_MINUTE = 200
RELATED_COUNT = 3
TAG_PATTERN = re.compile(r"<[^>]+>")

# name -> profile; filled per build, the same dict object stays a template global.
author_profiles: dict[str, dict] = state.per_build({})
# Names of entries left out for a problem already reported: pieces by them are not reported again.
_rejected_authors: set[str] = state.per_build(set())
# An item's related items, by what they depend on (TopicIndex.key): kept between preview builds.
_related = state.Memo("editorial.related")
_minutes = state.Memo("editorial.reading_minutes")


def load_authors(pelican) -> None:
    """Read and check auteurs.yml at the start of every build."""
    settings = pelican.settings
    shown = data_path(settings, AUTHORS_FILE)
    slugs: dict[str, str] = {}
    records = read_records(settings, AUTHORS_FILE, AUTHOR_KEYS, required=False, rejected=_rejected_authors)
    for number, record in enumerate(records, 1):
        name = record["name"]
        line = record["_line"]
        if name in author_profiles:
            problem_log.add(Problem(shown, where(line, number, name, "name"), "staat er twee keer in",
                                    "laat één van de twee vermeldingen weg: één per auteur"))
            continue
        expected_slug = Author(name, settings).slug
        if record["slug"] != expected_slug:
            problem_log.add(Problem(shown, where(line, number, name, "slug"),
                                    f"'{record['slug']}' past niet bij de naam",
                                    "gebruik het adres dat bij de naam hoort", f"slug: {expected_slug}"))
        if "photo" in record and "photo_alt" not in record:
            problem_log.add(Problem(shown, where(line, number, name, "photo_alt"),
                                    "ontbreekt terwijl er een foto is", "beschrijf kort wat de foto toont",
                                    "photo_alt: Portret van Lotte Voorbeeld"))
        if record["slug"] in slugs:
            problem_log.add(Problem(shown, where(line, number, name, "slug"),
                                    f"'{record['slug']}' is al het adres van {slugs[record['slug']]}",
                                    "geef elke auteur een eigen slug"))
        slugs[record["slug"]] = name
        author_profiles[name] = record


def check_authors(generator) -> None:
    """An opinion piece must name an author from auteurs.yml.

    Checked every build (the file may change), before the embargo holds
    anything back (editorial comes before embargo in PLUGINS): a held piece
    with an unknown author would otherwise stop the build at its lift.
    """
    settings = generator.settings
    items = [*generator.articles, *generator.translations, *generator.hidden_articles,
             *generator.hidden_translations, *generator.drafts, *generator.drafts_translations]
    for content in items:
        if getattr(content, "content_type", None) != "opinie" or not getattr(content, "metadata", {}).get("author"):
            continue
        name = str(content.author)
        if name not in author_profiles and name not in _rejected_authors:
            add_author = f"voeg de auteur toe aan content/data/{AUTHORS_FILE}"
            fix = (f"kies een van: {', '.join(sorted(author_profiles))}; of {add_author}" if author_profiles
                   else add_author)
            problem_log.add(Problem(display_path(content.source_path, settings), "author",
                                    f"'{name}' staat niet in content/data/{AUTHORS_FILE}", fix))


def add_globals(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["author_profiles"] = author_profiles


def reading_minutes(html: str) -> int:
    words = len(TAG_PATTERN.sub(" ", html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def related(item, candidates, count: int = RELATED_COUNT, index: TopicIndex | None = None) -> list:
    """Items sharing most topics with `item`, newest first among equals (then in candidate order)."""
    index = index or TopicIndex(candidates)
    mine = index.topics(item)
    if not mine:
        return []
    shared = Counter()
    for slug in mine:
        shared.update(index.by_topic[slug])  # positions in `candidates`; counted in C
    shared.pop(index.position.get(id(item)), None)
    items = index.items
    # Most topics shared, then newest, then first in `candidates`.
    best = heapq.nlargest(count, ((number, items[at].date, -at) for at, number in shared.items()))
    return [items[-negative] for _number, _date, negative in best]


class TopicIndex:
    """Topics per item and items per topic, made once for all items (related() is asked per item)."""

    def __init__(self, candidates) -> None:
        self.items = list(candidates)
        self.position = {id(other): at for at, other in enumerate(self.items)}
        self.by_topic: dict[str, list[int]] = defaultdict(list)
        self._versions: dict[str, int] | None = None
        for at, other in enumerate(self.items):
            for slug in {tag.slug for tag in getattr(other, "tags", [])}:
                self.by_topic[slug].append(at)

    def topics(self, item) -> set[str]:
        return {tag.slug for tag in getattr(item, "tags", [])}

    def key(self, item) -> tuple:
        """What `related(item)` depends on: the item, and each of its topics' items with their dates and order."""
        if self._versions is None:
            self._versions = {slug: hash(tuple((self.items[at].source_path, self.items[at].date, at) for at in bucket))
                              for slug, bucket in self.by_topic.items()}
        return (item.source_path, tuple(sorted((slug, self._versions[slug]) for slug in self.topics(item))))


def link_items(generator) -> None:
    """Reading time, previous/next within the type and related items, for published articles."""
    articles = list(generator.articles)
    by_type = defaultdict(list)
    for article in articles:
        by_type[getattr(article, "content_type", "")].append(article)
    for items in by_type.values():
        items.sort(key=lambda a: a.date)
        for index, article in enumerate(items):
            article.previous_item = items[index - 1] if index > 0 else None
            article.next_item = items[index + 1] if index + 1 < len(items) else None
    organisation = Author(generator.settings["SITENAME"], generator.settings)
    topics = TopicIndex(articles)
    by_path = {article.source_path: article for article in articles}
    for article in articles:
        _byline(article, organisation)
        found = _related.get(topics.key(article), lambda article=article: tuple(
            i.source_path for i in related(article, articles, index=topics)))
        article.related_items = [by_path[path] for path in found]
    for translation in generator.translations:  # a translation's own page: reading time and byline only
        _byline(translation, organisation)


def _byline(item, organisation: Author) -> None:
    """Author (the organisation when none is given), reading time and author profile of one item."""
    if not getattr(item, "author", None):
        # Feeds need a name per entry (RFC 4287 atom:author); set after the
        # taxonomies, so no author page is made for the organisation.
        item.author = organisation
    body = item._content
    item.reading_minutes = _minutes.get(body, lambda: reading_minutes(body))
    item.author_profile = author_profiles.get(str(item.author))


def refresh_reading_time(item, _settings) -> list:
    """The preview's quick body edit (kernel.preview): the reading time of the new body."""
    item.reading_minutes = reading_minutes(item._content)
    return []


def register():
    if refresh_reading_time not in preview.body_edits.refreshers:
        preview.body_edits.refreshers.append(refresh_reading_time)
    signals.get_generators.connect(load_authors)
    signals.generator_init.connect(add_globals)
    signals.article_generator_pretaxonomy.connect(check_authors)
    signals.article_generator_finalized.connect(link_items)
