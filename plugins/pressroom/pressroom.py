"""Press room: /persberichten/ for journalists.

Writes, from the published press releases (after the embargo plugin has
removed what is not yet public):

- /persberichten/: the press room (latest releases, years, topics, press
  contacts, media kit, feeds), over Pelican's plain category page;
- /persberichten/<year>/: the releases of one year;
- /persberichten/onderwerpen/<slug>/: the releases on one topic (the topic
  filter: plain links, no JavaScript needed);
- /persberichten/onderwerpen/<slug>/<year>/: one topic in one year, linked
  from the year page and the topic page (plain links, no JavaScript);
- /persberichten/experts/: experts and spokespeople, experts grouped by topic;
- /persberichten/mediakit/: images for the press with credit and licence, and
  our logo as SVG and PNG (made by the build, logo.py) with its terms of use;
- /fr/persberichten/, /en/persberichten/: the translated releases of one
  language (always written, so their addresses are stable);
- feeds/persberichten/<slug>.atom.xml: a press-only Atom feed per topic, and
  feeds/<lang>/persberichten.atom.xml per translated language.

Data files, checked with every problem reported: content/data/perscontacten.yml
(key, role, name, phone, email; without it a warning, and releases show no contacts),
content/data/experts.yml (name, role, topics, languages, phone, email; without it
the experts page says there are none) and content/data/mediakit.yml (file, preview,
title, alt, credit, licence, optional licence_url; without it there is no media kit
page). Attachments of a release must exist below content/ in a folder that is copied
(files/ or images/); its `spokesperson` must be a key of perscontacten.yml.
Templates get `press_contact_list`, `media_kit`, `press_spokesperson()`,
`experts_on()`, `experts_by_topic`, the `news_article_jsonld` and `with_dateline` filters.
The credit and licence of every media kit image are written into its published
file's metadata (kernel.credits, read by the images plugin).
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.urlwrappers import Tag

from kernel import addresses, credits, languages, state
from kernel.datafiles import Key, closest, read_records, where
from kernel.html import quotes_in
from kernel.problems import Problem, data_path, display_path, problem_log
from kernel.strings import load_strings

from . import logo

logger = logging.getLogger(__name__)

PRESS_TYPE = "persbericht"
PRESS_FOLDER = "persberichten"
LATEST_COUNT = 5
CONTACTS_FILE = "perscontacten.yml"
MEDIAKIT_FILE = "mediakit.yml"
CONTACT_KEYS = (
    Key("key", help="een korte sleutel waarmee een persbericht naar deze persoon verwijst (spokesperson), "
                    "bijvoorbeeld woordvoerder"),
    Key("role", help="de rol, bijvoorbeeld Woordvoerder"),
    Key("name", help="de volledige naam"),
    Key("phone", help="een telefoonnummer in internationale vorm, bijvoorbeeld +32 2 000 00 00"),
    Key("email", help="een e-mailadres, bijvoorbeeld pers@vluchtelingenwerk.be"),
)
MEDIAKIT_KEYS = (
    Key("file", is_file=True,
        help="het beeld in hoge resolutie, een pad onder content/, bijvoorbeeld images/mediakit/actie.jpg"),
    Key("preview", is_file=True, help="een kleine versie voor de pagina, bijvoorbeeld images/mediakit/actie-klein.jpg"),
    Key("title", help="een korte titel van het beeld"),
    Key("alt", help="wat het beeld toont, voor wie het niet ziet"),
    Key("credit", help="de naamvermelding bij het beeld, bijvoorbeeld Vluchtelingenwerk Vlaanderen"),
    Key("licence", help="de licentie, bijvoorbeeld CC BY 4.0"),
    Key("licence_url", required=False, help="een link naar de licentietekst, bijvoorbeeld https://creativecommons.org/licenses/by/4.0/"),
)
EXPERTS_FILE = "experts.yml"
EXPERT_KEYS = (
    Key("name", help="de volledige naam"),
    Key("role", help="de functie, bijvoorbeeld beleidsmedewerker opvang"),
    Key("topics", is_list=True, help="de onderwerpen, zoals in de tags van de persberichten: [opvang, kinderen]"),
    Key("languages", is_list=True, help="de talen waarin de expert journalisten te woord staat: [nl, fr, en]"),
    Key("phone", help="een telefoonnummer in internationale vorm, bijvoorbeeld +32 2 000 00 00"),
    Key("email", help="een e-mailadres, bijvoorbeeld expert@vluchtelingenwerk.be"),
)
PHONE = re.compile(r"^\+[0-9][0-9 ]{6,}$")
PAGES = {
    "room": f"{PRESS_FOLDER}/",
    "year": f"{PRESS_FOLDER}/{{year}}/",
    "topic": f"{PRESS_FOLDER}/onderwerpen/{{slug}}/",
    "year_topic": f"{PRESS_FOLDER}/onderwerpen/{{slug}}/{{year}}/",
    "experts": f"{PRESS_FOLDER}/experts/",
    "mediakit": f"{PRESS_FOLDER}/mediakit/",
}
TOPIC_FEED = "feeds/persberichten/{slug}.atom.xml"
LANGUAGE_FEED = "feeds/{lang}/persberichten.atom.xml"

# Filled per build; the same objects stay template globals.
press_contacts: list[dict] = state.per_build([])
media_kit: list[dict] = state.per_build([])
experts: list[dict] = state.per_build([])
experts_by_topic: list[tuple] = state.per_build([])
_contacts_by_key: dict[str, dict] = state.per_build({})  # the first contact of each key
_experts_on_topic: dict[str, tuple] = state.per_build({})  # topic slug -> (topic, experts)
_rejected_contacts: set[str] = state.per_build(set())
_image_sizes = state.Memo("pressroom.image_sizes")


def load_data(pelican) -> None:
    """Read and check the press data files at the start of every build."""
    settings = pelican.settings
    press_contacts[:] = read_records(settings, CONTACTS_FILE, CONTACT_KEYS, required=False, label="key",
                                     rejected=_rejected_contacts)
    shown = data_path(settings, CONTACTS_FILE)
    for number, contact in enumerate(press_contacts, start=1):
        if "@" not in contact["email"]:
            problem_log.add(Problem(shown, where(contact["_line"], number, contact["key"], "email"),
                                    f"'{contact['email']}' is geen e-mailadres",
                                    "schrijf een volledig e-mailadres", "email: pers@vluchtelingenwerk.be"))
        if not addresses.SLUG.match(contact["key"]):
            problem_log.add(Problem(shown, where(contact["_line"], number, contact["key"], "key"),
                                    f"'{contact['key']}' is geen sleutel",
                                    "gebruik kleine letters, cijfers en streepjes", "key: woordvoerder"))
        elif contact["key"] in _contacts_by_key:
            first = _contacts_by_key[contact["key"]]["name"]
            problem_log.add(Problem(shown, where(contact["_line"], number, contact["key"], "key"),
                                    f"'{contact['key']}' is al de sleutel van {first}",
                                    "geef elke persoon een eigen sleutel"))
        _contacts_by_key.setdefault(contact["key"], contact)
        contact["tel"] = _tel(contact["phone"])
    experts[:] = _read_experts(settings)
    group_experts()
    media_kit[:] = read_records(settings, MEDIAKIT_FILE, MEDIAKIT_KEYS, required=False, label="title")
    root = Path(settings["PATH"])
    for entry in media_kit:
        entry.update(_image_facts(root / entry["file"], root / entry["preview"]))
        # The published file carries its credit and licence (the images plugin writes them).
        credits.register(entry["file"], creator=entry["credit"], rights=f"{entry['credit']}, {entry['licence']}",
                         licence_url=entry.get("licence_url", ""))



def _tel(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def _read_experts(settings) -> list[dict]:
    """content/data/experts.yml: every entry checked; topics are grouped by their slug."""
    from babel import Locale, UnknownLocaleError

    shown = data_path(settings, EXPERTS_FILE)
    found = []
    for number, expert in enumerate(read_records(settings, EXPERTS_FILE, EXPERT_KEYS, required=False), start=1):
        place = lambda key, expert=expert, number=number: where(expert["_line"], number, expert["name"], key)  # noqa: E731
        ok = True
        if "@" not in expert["email"]:
            problem_log.add(Problem(shown, place("email"), f"'{expert['email']}' is geen e-mailadres",
                                    "schrijf een volledig e-mailadres", "email: expert@vluchtelingenwerk.be"))
            ok = False
        if not PHONE.match(expert["phone"]):
            problem_log.add(Problem(shown, place("phone"), f"'{expert['phone']}' is geen telefoonnummer in "
                                    "internationale vorm", "begin met + en de landcode",
                                    "phone: '+32 2 000 00 00'"))
            ok = False
        for code in expert["languages"]:
            try:
                Locale.parse(code.lower())
            except (UnknownLocaleError, ValueError, TypeError):
                problem_log.add(Problem(shown, place("languages"), f"'{code}' is geen taalcode",
                                        "schrijf elke taal als code van twee letters", "languages: [nl, fr, en]"))
                ok = False
        if ok:
            expert["tel"] = _tel(expert["phone"])
            expert["languages"] = [code.lower() for code in expert["languages"]]
            expert["topic_tags"] = [Tag(name, settings) for name in expert["topics"]]
            found.append(expert)
    return found


def check_expert_topics(generator) -> None:
    """An expert's topic that no item has, but that is close to one that does, is a typing error."""
    if not experts:
        return
    settings = generator.settings
    used = {}
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts"):
        for item in getattr(generator, name, []):
            for tag in getattr(item, "tags", None) or []:
                used[tag.slug] = tag.name
    shown = data_path(settings, EXPERTS_FILE)
    for number, expert in enumerate(experts, start=1):
        for tag in expert["topic_tags"]:
            if tag.slug in used:
                continue
            guess = closest(tag.name, used.values())
            if guess:
                problem_log.add(Problem(shown, where(expert["_line"], number, expert["name"], "topics"),
                                        f"het onderwerp '{tag.name}' komt in geen enkel item voor "
                                        f"(bedoel je '{guess}'?)",
                                        "schrijf het onderwerp zoals in de tags van de persberichten",
                                        f"topics: [{guess}]"))


def group_experts() -> None:
    """Experts per topic, topics by name; an expert on two topics is in both groups."""
    _experts_on_topic.clear()
    for expert in experts:
        for tag in expert["topic_tags"]:
            _experts_on_topic.setdefault(tag.slug, (tag, []))[1].append(expert)
    experts_by_topic[:] = sorted(_experts_on_topic.values(), key=lambda entry: entry[0].name.lower())


def experts_on(tags) -> list[tuple]:
    """(topic, experts) for each of these topics that has experts, in the order of `tags`."""
    return [_experts_on_topic[tag.slug] for tag in tags or [] if tag.slug in _experts_on_topic]


def expert_anchor(tag) -> str:
    return f"onderwerp-{tag.slug}"


def press_spokesperson(article) -> dict | None:
    """The contact a release names as its spokesperson, if any (checked in check_attachments)."""
    key = getattr(article, "spokesperson", None)
    return _contacts_by_key.get(key) if key else None


def _size(path: Path) -> tuple[int, int]:
    from PIL import Image

    stat = path.stat()

    def read() -> tuple[int, int]:
        with Image.open(path) as image:
            return image.size

    return _image_sizes.get((str(path), stat.st_mtime_ns, stat.st_size), read)


def _image_facts(full: Path, preview: Path) -> dict:
    width, height = _size(full)
    preview_width, preview_height = _size(preview)
    return {"width": width, "height": height, "bytes": full.stat().st_size,
            "preview_width": preview_width, "preview_height": preview_height}


def check_attachments(generator) -> None:
    """Every attachment of every release (held ones too: pressroom comes before embargo) exists and is copied;
    every spokesperson is in perscontacten.yml."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts"):
        for content in getattr(generator, name, []):
            _check_attachments(content, generator.settings)
            _check_spokesperson(content, generator.settings)
    check_expert_topics(generator)


def _check_spokesperson(content, settings) -> None:
    key = getattr(content, "spokesperson", None)
    if not key or key in _rejected_contacts or key in _contacts_by_key:
        return
    known = [c["key"] for c in press_contacts]
    guess = closest(key, known)
    problem_log.add(Problem(display_path(content.source_path, settings), "spokesperson",
                            f"'{key}' is geen key in content/data/{CONTACTS_FILE}"
                            + (f" (bedoel je '{guess}'?)" if guess else ""),
                            f"kies een van: {', '.join(known)}" if known
                            else f"voeg de persoon met een key toe aan content/data/{CONTACTS_FILE}",
                            f"spokesperson: {guess or (known[0] if known else 'woordvoerder')}"))


def _check_attachments(content, settings) -> None:
    attachments = getattr(content, "attachments", None)
    if not attachments:
        return
    root = Path(settings["PATH"])
    shown = display_path(content.source_path, settings)
    static_folders = tuple(f"{p.strip('/')}/" for p in settings["STATIC_PATHS"])
    files = []
    for name in attachments:
        name = name.removeprefix("{static}").lstrip("/")
        if not (root / name).is_file():
            problem_log.add(Problem(shown, "attachments", f"het bestand '{name}' bestaat niet",
                                    "geef het pad van een bestaand bestand onder content/",
                                    "attachments: files/rapport.pdf"))
        elif not name.startswith(static_folders):
            problem_log.add(Problem(shown, "attachments",
                                    f"het bestand '{name}' staat niet in een map die gepubliceerd wordt",
                                    "zet het in content/files/ of content/images/", "attachments: files/rapport.pdf"))
        else:
            files.append({"path": name, "name": Path(name).name, "bytes": (root / name).stat().st_size,
                          "kind": Path(name).suffix.lstrip(".").upper()})
    content.attachment_files = files


def human_size(number: int) -> str:
    """Bytes as Dutch text: 120 kB, 2,4 MB."""
    if number < 1000 * 1000:
        return f"{max(1, round(number / 1000))} kB"
    return f"{number / 1000 / 1000:.1f} MB".replace(".", ",")


def news_article_jsonld(article, settings) -> Markup:
    """schema.org NewsArticle of one release, safe inside <script type="application/ld+json">.

    Quotes with their speaker become `Quotation` parts; a translation names
    its original (`translationOfWork`), an original its published translations.
    """
    siteurl = settings.get("SITEURL", "")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": Markup(article.summary or "").striptags(),
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "url": f"{siteurl}/{article.url}",
        "mainEntityOfPage": f"{siteurl}/{article.url}",
        "inLanguage": languages.get(getattr(article, "lang", None)).tag,
        "keywords": [tag.name for tag in getattr(article, "tags", None) or []],
        "author": {"@type": "Organization", "name": settings["SITENAME"], "url": f"{siteurl}/"},
        "publisher": {
            "@type": "Organization",
            "name": settings["SITENAME"],
            "url": f"{siteurl}/",
            "logo": {"@type": "ImageObject", "url": f"{siteurl}/theme/img/logo.svg"},
        },
    }
    if getattr(article, "image", None):
        data["image"] = f"{siteurl}/{article.image}"
    quotes = []
    for quote in quotes_in(getattr(article, "content", "") or ""):
        person = {"@type": "Person", "name": quote["name"]}
        if quote["role"]:
            person["jobTitle"] = quote["role"]
        quotes.append({"@type": "Quotation", "text": quote["text"], "creator": person})
    if quotes:
        data["hasPart"] = quotes
    original = languages.original_of(article)
    if original is not None:
        data["translationOfWork"] = {"@id": f"{siteurl}/{original.url}"}
    else:
        others = [t for t in getattr(article, "translations", None) or [] if not t.in_default_lang]
        if others:
            data["workTranslation"] = [{"@id": f"{siteurl}/{t.url}", "inLanguage": languages.get(t.lang).tag}
                                       for t in sorted(others, key=lambda t: t.lang)]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # "</" would end the script element early; "<!--" could open a comment.
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return Markup(text)


def with_dateline(content, dateline) -> Markup:
    """A release body with its dateline ("Brussel, 15 oktober 2026 –") at the start of the first paragraph."""
    html = str(content or "")
    span = str(Markup('<span class="vw-dateline">{}</span> ').format(dateline))  # the dateline text is escaped
    at = html.find("<p>")
    if at < 0:
        return Markup(f'<p class="vw-dateline-line">{span}</p>{html}')
    at += len("<p>")
    return Markup(html[:at] + span + html[at:])


def press_feed_path(settings) -> str:
    """The press feed in the page's language (empty when category feeds are off)."""
    code = languages.current().code
    if code != languages.DEFAULT:
        return LANGUAGE_FEED.format(lang=code)
    feed = settings.get("CATEGORY_FEED_ATOM")
    return str(feed).format(slug=PRESS_FOLDER) if feed else ""


def language_name(code: str) -> str:
    """The name of a language in the page's language: Frans, néerlandais, English."""
    from babel import Locale

    return Locale.parse(code).get_display_name(languages.current().locale) or code


def add_globals(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.globals["press_contact_list"] = press_contacts
    env.globals["media_kit"] = media_kit
    env.globals["experts_by_topic"] = experts_by_topic
    env.globals["PRESS_PAGES"] = PAGES
    env.globals["PRESS_TOPIC_FEED"] = TOPIC_FEED
    env.globals["PRESS_LOGO"] = logo.FILES
    env.globals["press_spokesperson"] = press_spokesperson
    env.globals["experts_on"] = experts_on
    env.globals["expert_anchor"] = expert_anchor
    env.globals["language_name"] = language_name
    env.globals["press_feed_path"] = lambda: press_feed_path(settings)
    env.filters["news_article_jsonld"] = lambda article: news_article_jsonld(article, settings)
    env.filters["with_dateline"] = with_dateline
    env.filters["human_size"] = human_size


def _press(generator) -> list:
    return [a for a in generator.articles if getattr(a, "content_type", None) == PRESS_TYPE]


def _archives(releases):
    """[(year, releases)] newest year first, and [(topic, releases)] topics by name.

    A release is listed once per topic, also when its tags name a topic twice
    (tags are equal when their slugs are).
    """
    years = defaultdict(list)
    topics = defaultdict(list)
    for release in releases:  # newest first, as the generator orders them
        years[release.date.year].append(release)
        for tag in dict.fromkeys(getattr(release, "tags", None) or []):
            topics[tag].append(release)
    year_list = sorted(years.items(), reverse=True)
    topic_list = sorted(topics.items(), key=lambda entry: entry[0].name.lower())
    return year_list, topic_list


def _year_topics(years, topics) -> dict[int, list[tuple]]:
    """year -> [(topic, releases)] of that year, topics by name, from the results of `_archives`.

    A topic is the same Tag object as in `topics` (the first one of the releases).
    """
    named = {tag.slug: tag for tag, _ in topics}
    return {year: sorted(((named[tag.slug], found) for tag, found in _archives(items)[1]),
                         key=lambda entry: entry[0].name.lower())
            for year, items in years}


def _translated(generator, code: str) -> list:
    """The published translated releases of one language, newest first."""
    found = [t for t in generator.translations
             if getattr(t, "content_type", None) == PRESS_TYPE and getattr(t, "lang", None) == code]
    return sorted(found, key=lambda t: (t.date, t.source_path), reverse=True)


def register_addresses(generator) -> None:
    """Tell the link checker about the pages this build writes; warn when releases lack press contacts."""
    settings = generator.settings
    releases = _press(generator)
    contacts_file = Path(settings["PATH"]) / "data" / CONTACTS_FILE
    if releases and not contacts_file.is_file():
        logger.warning("%s/data/%s ontbreekt: de persberichten tonen geen perscontacten",
                       Path(settings["PATH"]).name, CONTACTS_FILE)
    years, topics = _archives(releases)
    pages = [PAGES["year"].format(year=y) for y, _ in years]
    pages += [PAGES["topic"].format(slug=t.slug) for t, _ in topics]
    pages += [PAGES["year_topic"].format(slug=t.slug, year=y) for y, found in _year_topics(years, topics).items()
              for t, _releases in found]
    pages += [PAGES["experts"]] + [languages.prefixed(code, PAGES["room"]) for code in languages.TRANSLATED]
    pages += [LANGUAGE_FEED.format(lang=code) for code in languages.TRANSLATED]
    if media_kit:
        pages += [PAGES["mediakit"], *logo.FILES.values()]
    addresses.announce(*pages)


def first_page_size(settings) -> int:
    """The press room lists as many releases as the first page of the listing would.

    Page 2 of the press releases listing then starts with the next release.
    0 means the listing is not paginated.
    """
    per_page = (settings.get("PAGINATED_TEMPLATES") or {}).get("category") or settings.get("DEFAULT_PAGINATION")
    return int(per_page or 0)


def older_releases_url(settings) -> str:
    """Page 2 of the press releases listing, which continues where the press room stops."""
    patterns = settings.get("PAGINATION_PATTERNS") or ()
    pattern = next((p[1] for p in patterns if p[0] == 2), "{base_name}/pagina/{number}/")
    return pattern.format(base_name=PRESS_FOLDER, number=2, url=PAGES["room"], save_as="")


def write_press_room(generator, writer) -> None:
    """Write the press room, archives, experts page, media kit, translated rooms and press feeds."""
    settings = generator.settings
    releases = _press(generator)
    years, topics = _archives(releases)
    year_topics = _year_topics(years, topics)
    topic_years: dict[str, list[tuple]] = defaultdict(list)
    for year, found in year_topics.items():  # newest year first
        for tag, items in found:
            topic_years[tag.slug].append((year, len(items)))
    category = next((c for c, _ in generator.categories if c.slug == PRESS_FOLDER), None)
    # The navigation shows years and topics with their counts: pages get the counts, not the
    # releases, so a new title does not make every press room page out of date in the preview.
    common = {
        "press_years": [(year, len(items)) for year, items in years],
        "press_topics": [(tag, len(items)) for tag, items in topics],
        "press_category": category,
        "relative_urls": settings["RELATIVE_URLS"],
    }
    first_page = first_page_size(settings) or len(releases)
    latest = releases[: min(LATEST_COUNT, first_page)]
    room = PAGES["room"] + "index.html"
    languages.register_versions(room, {code: languages.prefixed(code, PAGES["room"]) for code in languages.LANGUAGES})
    writer.write_file(room, generator.get_template("pressroom/index"),
                      generator.context, url=PAGES["room"], override_output=True,
                      articles=releases, latest=latest, earlier=releases[len(latest):first_page],
                      older_url=older_releases_url(settings) if len(releases) > first_page else None, **common)
    for year, items in years:
        url = PAGES["year"].format(year=year)
        # Paginated like a topic page ("tag" in PAGINATED_TEMPLATES): no archive page outgrows its budget.
        writer.write_file(url + "index.html", generator.get_template("pressroom/year"), generator.context,
                          url=url, articles=items, year=year, template_name="tag",
                          year_topics=[(tag, len(chosen)) for tag, chosen in year_topics[year]], **common)
        for tag, chosen in year_topics[year]:
            url = PAGES["year_topic"].format(slug=tag.slug, year=year)
            writer.write_file(url + "index.html", generator.get_template("pressroom/year_topic"), generator.context,
                              url=url, articles=chosen, year=year, tag=tag, template_name="tag", **common)
    for tag, items in topics:
        url = PAGES["topic"].format(slug=tag.slug)
        writer.write_file(url + "index.html", generator.get_template("pressroom/topic"), generator.context,
                          url=url, articles=items, tag=tag, template_name="tag",
                          topic_years=topic_years.get(tag.slug, []), **common)
        writer.write_feed(items, generator.context, TOPIC_FEED.format(slug=tag.slug),
                          feed_title=f"Persberichten: {tag.name}")
    writer.write_file(PAGES["experts"] + "index.html", generator.get_template("pressroom/experts"), generator.context,
                      url=PAGES["experts"], press_topic_slugs=[tag.slug for tag, _ in topics], **common)
    _write_translated_rooms(generator, writer, common)
    if media_kit:
        logo.write(settings)
        writer.write_file(PAGES["mediakit"] + "index.html", generator.get_template("pressroom/mediakit"),
                          generator.context, url=PAGES["mediakit"], press_logo=logo.facts(), **common)
    else:
        logger.info("pressroom: no content/data/%s, so no media kit page", MEDIAKIT_FILE)
    logger.info("pressroom: %d releases, %d years, %d topics, %d experts", len(releases), len(years), len(topics),
                len(experts))


def _write_translated_rooms(generator, writer, common: dict) -> None:
    """/fr/persberichten/ and /en/persberichten/, and a press feed per language (written even when empty)."""
    for code in languages.TRANSLATED:
        items = _translated(generator, code)
        url = languages.prefixed(code, PAGES["room"])
        languages.register_versions(url + "index.html",
                                    {other: languages.prefixed(other, PAGES["room"]) for other in languages.LANGUAGES})
        writer.write_file(url + "index.html", generator.get_template("pressroom/translated"), generator.context,
                          url=url, page_lang=code, releases=items, **common)
        title = load_strings(generator.theme, code)["listings.persberichten"]
        writer.write_feed(items, generator.context, LANGUAGE_FEED.format(lang=code), feed_title=title)


def register():
    signals.get_generators.connect(load_data)
    signals.article_generator_pretaxonomy.connect(check_attachments)
    signals.generator_init.connect(add_globals)
    signals.article_generator_finalized.connect(register_addresses)
    signals.article_writer_finalized.connect(write_press_room)
