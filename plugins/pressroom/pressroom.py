"""Press room: /persberichten/ for journalists.

Writes, from the published press releases (after the embargo plugin has
removed what is not yet public):

- /persberichten/: the press room (latest releases, years, topics, press
  contacts, media kit, feeds), over Pelican's plain category page;
- /persberichten/<year>/: the releases of one year;
- /persberichten/onderwerpen/<slug>/: the releases on one topic (the topic
  filter: plain links, no JavaScript needed);
- /persberichten/mediakit/: images for the press with credit and licence;
- feeds/persberichten/<slug>.atom.xml: a press-only Atom feed per topic.

Data files, checked with every problem reported: content/data/perscontacten.yml
(role, name, phone, email; without it a warning, and releases show no contacts) and
content/data/mediakit.yml (file, preview, title, alt, credit, licence,
optional licence_url; without it there is no media kit page). Attachments of a release
must exist below content/ in a folder that is copied (files/ or images/).
Templates get `press_contact_list`, `media_kit` and the `news_article_jsonld` filter.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from kernel import addresses, state
from kernel.datafiles import Key, read_records, where
from kernel.problems import Problem, data_path, display_path, problem_log

logger = logging.getLogger(__name__)

PRESS_TYPE = "persbericht"
PRESS_FOLDER = "persberichten"
LATEST_COUNT = 5
CONTACTS_FILE = "perscontacten.yml"
MEDIAKIT_FILE = "mediakit.yml"
CONTACT_KEYS = (
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
PAGES = {
    "room": f"{PRESS_FOLDER}/",
    "year": f"{PRESS_FOLDER}/{{year}}/",
    "topic": f"{PRESS_FOLDER}/onderwerpen/{{slug}}/",
    "mediakit": f"{PRESS_FOLDER}/mediakit/",
}
TOPIC_FEED = "feeds/persberichten/{slug}.atom.xml"

# Filled per build; the same objects stay template globals.
press_contacts: list[dict] = state.per_build([])
media_kit: list[dict] = state.per_build([])
_image_sizes = state.Memo("pressroom.image_sizes")


def load_data(pelican) -> None:
    """Read and check the press data files at the start of every build."""
    settings = pelican.settings
    press_contacts[:] = read_records(settings, CONTACTS_FILE, CONTACT_KEYS, required=False)
    shown = data_path(settings, CONTACTS_FILE)
    for number, contact in enumerate(press_contacts, start=1):
        if "@" not in contact["email"]:
            problem_log.add(Problem(shown, where(contact["_line"], number, contact["name"], "email"),
                                    f"'{contact['email']}' is geen e-mailadres",
                                    "schrijf een volledig e-mailadres", "email: pers@vluchtelingenwerk.be"))
        contact["tel"] = "".join(ch for ch in contact["phone"] if ch.isdigit() or ch == "+")
    media_kit[:] = read_records(settings, MEDIAKIT_FILE, MEDIAKIT_KEYS, required=False, label="title")
    root = Path(settings["PATH"])
    for entry in media_kit:
        entry.update(_image_facts(root / entry["file"], root / entry["preview"]))


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
    """Every attachment of every release (held ones too: pressroom comes before embargo) exists and is copied."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts"):
        for content in getattr(generator, name, []):
            _check_attachments(content, generator.settings)


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
    """schema.org NewsArticle of one release, safe inside <script type="application/ld+json">."""
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
        "inLanguage": "nl-BE",
        "keywords": [tag.name for tag in getattr(article, "tags", [])],
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
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # "</" would end the script element early; "<!--" could open a comment.
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return Markup(text)


def add_globals(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.globals["press_contact_list"] = press_contacts
    env.globals["media_kit"] = media_kit
    env.globals["PRESS_PAGES"] = PAGES
    env.globals["PRESS_TOPIC_FEED"] = TOPIC_FEED
    env.filters["news_article_jsonld"] = lambda article: news_article_jsonld(article, settings)
    env.filters["human_size"] = human_size


def _press(generator) -> list:
    return [a for a in generator.articles if getattr(a, "content_type", None) == PRESS_TYPE]


def _archives(releases):
    years = defaultdict(list)
    topics = defaultdict(list)
    for release in releases:  # newest first, as the generator orders them
        years[release.date.year].append(release)
        for tag in getattr(release, "tags", []):
            topics[tag].append(release)
    year_list = sorted(years.items(), reverse=True)
    topic_list = sorted(topics.items(), key=lambda entry: entry[0].name.lower())
    return year_list, topic_list


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
    if media_kit:
        pages.append(PAGES["mediakit"])
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
    """Write the press room, year and topic archives, media kit and press topic feeds."""
    settings = generator.settings
    releases = _press(generator)
    years, topics = _archives(releases)
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
    writer.write_file(PAGES["room"] + "index.html", generator.get_template("pressroom/index"),
                      generator.context, url=PAGES["room"], override_output=True,
                      articles=releases, latest=latest, earlier=releases[len(latest):first_page],
                      older_url=older_releases_url(settings) if len(releases) > first_page else None, **common)
    for year, items in years:
        url = PAGES["year"].format(year=year)
        # Paginated like a topic page ("tag" in PAGINATED_TEMPLATES): no archive page outgrows its budget.
        writer.write_file(url + "index.html", generator.get_template("pressroom/year"), generator.context,
                          url=url, articles=items, year=year, template_name="tag", **common)
    for tag, items in topics:
        url = PAGES["topic"].format(slug=tag.slug)
        writer.write_file(url + "index.html", generator.get_template("pressroom/topic"), generator.context,
                          url=url, articles=items, tag=tag, template_name="tag", **common)
        writer.write_feed(items, generator.context, TOPIC_FEED.format(slug=tag.slug),
                          feed_title=f"Persberichten: {tag.name}")
    if media_kit:
        writer.write_file(PAGES["mediakit"] + "index.html", generator.get_template("pressroom/mediakit"),
                          generator.context, url=PAGES["mediakit"], **common)
    else:
        logger.info("pressroom: no content/data/%s, so no media kit page", MEDIAKIT_FILE)
    logger.info("pressroom: %d releases, %d years, %d topics", len(releases), len(years), len(topics))


def register():
    signals.get_generators.connect(load_data)
    signals.article_generator_pretaxonomy.connect(check_attachments)
    signals.generator_init.connect(add_globals)
    signals.article_generator_finalized.connect(register_addresses)
    signals.article_writer_finalized.connect(write_press_room)
