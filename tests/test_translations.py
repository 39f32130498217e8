"""Translations (plugins/translations): addresses, hreflang both ways, the language switch, UI text and
dates in the page's language, per-language press rooms and feeds, the sitemap, the search index per
language, and the problems a translation can have. On the real site (starter translations of two
releases in French and English) and on small scenarios."""

from __future__ import annotations

import json
import shutil

import feedparser
import pytest
from conftest import CONTENT, BuiltSite, build_site
from lxml import etree

from kernel.problems import ContentError

NL = "/persberichten/2026/migratiepact-van-toepassing/"
FR = "/fr/persberichten/2026/migratiepact-van-toepassing/"
EN = "/en/persberichten/2026/migratiepact-van-toepassing/"
SITE = "https://www.vluchtelingenwerk.be"


def test_a_translation_has_its_own_address_language_and_ui_text(site):
    for url, tag in ((NL, "nl-BE"), (FR, "fr-BE"), (EN, "en")):
        assert site.soup(url).html["lang"] == tag, url
    french = site.soup(FR)
    assert french.select_one(".vw-meta__type").get_text(strip=True) == "Communiqué de presse"
    assert french.select_one(".vw-meta time").get_text(strip=True) == "11 juin 2026"
    assert french.select_one(".vw-skip-link").get_text(strip=True) == "Aller au contenu"
    assert french.select_one(".vw-notes__title").get_text(strip=True) == "Note à la rédaction"
    assert french.select_one(".vw-dateline").get_text(strip=True) == "Bruxelles, 11 juin 2026 –"
    english = site.soup(EN)
    assert english.select_one(".vw-meta time").get_text(strip=True) == "11 June 2026"
    assert english.select_one(".vw-press-contacts__title").get_text(strip=True) == "Spokesperson for this press release"
    assert english.find("meta", property="og:locale")["content"] == "en_BE"
    nav = [a.get_text(strip=True) for a in english.select(".vw-nav__link")]
    assert "Press" in nav and "Pers" not in nav
    press = english.select_one('.vw-nav__link[href="/en/persberichten/"]')
    assert press is not None


def test_hreflang_goes_both_ways_with_x_default(site):
    expected = {"nl-BE": NL, "fr-BE": FR, "en": EN, "x-default": NL}
    for url in (NL, FR, EN):
        found = {link["hreflang"]: link["href"] for link in site.soup(url).find_all("link", rel="alternate",
                                                                                    hreflang=True)}
        assert found == expected, url


def test_the_language_switch_links_the_other_versions(site):
    for url, current in ((NL, "Nederlands"), (FR, "Français"), (EN, "English")):
        switch = site.soup(url).select_one("nav.vw-languages")
        assert switch is not None, url
        assert switch.select_one('[aria-current="page"]').get_text(strip=True) == current
        links = {a.get_text(strip=True): a["href"] for a in switch.select("a")}
        assert links == {name: href for name, href in
                         {"Nederlands": NL, "Français": FR, "English": EN}.items() if name != current}
        assert all(a.get("hreflang") and a.get("lang") for a in switch.select("a"))
    assert site.soup("/persberichten/2025/gezinshereniging/").select_one(".vw-languages") is None


def test_translations_keep_out_of_dutch_listings_and_have_rooms_of_their_own(site):
    for url in ("/persberichten/", "/persberichten/2026/", "/persberichten/onderwerpen/detentie/", "/"):
        hrefs = [a["href"] for a in site.soup(url).select("main a:not(.vw-languages__link)")]
        assert len(hrefs) > 3 and not [h for h in hrefs if h.startswith(("/fr/", "/en/"))], url
    rooms = {"/fr/persberichten/": ("fr-BE", FR, "Espace presse"), "/en/persberichten/": ("en", EN, "Press room")}
    for url, (tag, release, title) in rooms.items():
        soup = site.soup(url)
        assert soup.html["lang"] == tag and soup.h1.get_text(strip=True) == title
        listed = [a["href"] for a in soup.select(".vw-card__link")]
        assert release in listed and len(listed) == 2
        assert all(h.startswith(url) for h in listed)
    room = {link["hreflang"]: link["href"] for link in site.soup("/persberichten/").find_all("link", hreflang=True)}
    assert room == {"nl-BE": "/persberichten/", "fr-BE": "/fr/persberichten/", "en": "/en/persberichten/",
                    "x-default": "/persberichten/"}


def test_a_translation_shows_its_originals_topics_and_experts(site):
    topics = [a.get_text(strip=True) for a in site.soup(FR).select(".vw-topics a")]
    assert topics == [a.get_text(strip=True) for a in site.soup(NL).select(".vw-topics a")] != []
    assert site.soup(FR).select(".vw-release-experts a")


def test_feeds_per_language_with_xml_lang(production_site):
    def feed(path):
        data = (production_site.output / path).read_bytes()
        return etree.fromstring(data).get("{http://www.w3.org/XML/1998/namespace}lang"), feedparser.parse(data)

    lang, parsed = feed("feeds/fr/persberichten.atom.xml")
    assert lang == "fr-BE"
    assert sorted(e.link for e in parsed.entries) == sorted(
        [f"{SITE}{FR}", f"{SITE}/fr/persberichten/2026/petitie-gelanceerd/"])
    lang, parsed = feed("feeds/en/alles.atom.xml")
    assert lang == "en" and len(parsed.entries) == 2
    for dutch in ("feeds/alles.atom.xml", "feeds/persberichten.atom.xml", "feeds/onderwerpen/detentie.atom.xml"):
        lang, parsed = feed(dutch)
        assert lang == "nl-BE", dutch
        assert parsed.entries and not [e for e in parsed.entries if "/fr/" in e.link or "/en/" in e.link], dutch
    head = [link["href"] for link in production_site.soup(FR).find_all("link", type="application/atom+xml")]
    assert f"{SITE}/feeds/fr/persberichten.atom.xml" in head and f"{SITE}/feeds/fr/alles.atom.xml" in head


def test_sitemap_lists_the_alternates(production_site):
    tree = etree.parse(str(production_site.output / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for url in (NL, FR, EN):
        entry = tree.xpath(f"//s:url[s:loc='{SITE}{url}']", namespaces=ns)
        assert len(entry) == 1, url
        alternates = {link.get("hreflang"): link.get("href") for link in entry[0].xpath("x:link", namespaces=ns)}
        assert alternates == {"nl-BE": f"{SITE}{NL}", "fr-BE": f"{SITE}{FR}", "en": f"{SITE}{EN}",
                              "x-default": f"{SITE}{NL}"}


def test_json_ld_names_language_translations_and_quotes(production_site):
    def news(url):
        scripts = production_site.soup(url).find_all("script", type="application/ld+json")
        return next(d for d in (json.loads(s.string) for s in scripts) if d["@type"] == "NewsArticle")

    original, french = news(NL), news(FR)
    assert original["inLanguage"] == "nl-BE" and french["inLanguage"] == "fr-BE"
    assert french["translationOfWork"] == {"@id": f"{SITE}{NL}"}
    assert {t["@id"] for t in original["workTranslation"]} == {f"{SITE}{FR}", f"{SITE}{EN}"}
    quote = french["hasPart"][0]
    assert quote["@type"] == "Quotation" and quote["creator"]["name"] == "Voorbeeld Woordvoerder"
    assert quote["text"].startswith("Sur des points importants")


def test_search_indexes_each_language_on_its_own(site):
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    assert len(languages) == 3, languages
    by_prefix = {key.split("-")[0]: value["page_count"] for key, value in languages.items()}
    assert by_prefix["fr"] == 2 and by_prefix["en"] == 2 and by_prefix["nl"] > 20


# --- problems ------------------------------------------------------------------------------------

def _scenario(tmp_path):
    from test_embargo import scenario_content

    return scenario_content(tmp_path)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("2026-01-10-wees.fr.md",
     "title: Orphelin\ndate: 2026-01-10 10:00\nslug: bestaat-niet\nlang: fr\nsummary: x\n\nTexte.\n",
     "content/persberichten/2026-01-10-wees.fr.md: slug: er is geen Nederlands origineel met slug 'bestaat-niet' "
     "in content/persberichten/"),
    ("2026-01-10-taal.de.md", "title: Deutsch\ndate: 2026-01-10 10:00\nslug: deutsch\nlang: de\n"
     "summary: x\n\nText.\n",
     "content/persberichten/2026-01-10-taal.de.md: lang: 'de' is geen taal van deze site"),
    ("2026-01-10-tweede.fr.md", "title: Deuxième\ndate: 2026-01-10 10:00\nslug: openbaar-persbericht\nlang: fr\n"
     "summary: x\n\nTexte.\n",
     "content/persberichten/2026-01-10-tweede.fr.md: lang: content/persberichten/2026-01-10-openbaar.fr.md is al "
     "de vertaling in 'fr'"),
    ("2026-01-10-onderwerp.en.md", "title: Topics\ndate: 2026-01-10 10:00\nslug: openbaar-persbericht\nlang: en\n"
     "tags: opvang\nsummary: x\n\nText.\n",
     "content/persberichten/2026-01-10-onderwerp.en.md: tags: staat in een vertaling"),
    ("2026-01-10-verborgen.en.md", "title: Hidden\ndate: 2026-01-10 10:00\nslug: openbaar-persbericht\nlang: en\n"
     "status: hidden\nsummary: x\n\nText.\n",
     "content/persberichten/2026-01-10-verborgen.en.md: status: is hidden, maar het Nederlandse origineel "
     "content/persberichten/2026-01-10-openbaar.md is published"),
])
def test_translation_problems_stop_the_build(tmp_path, content_errors, name, text, expected):
    content = _scenario(tmp_path)
    (content / "persberichten" / name).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now="2027-03-02T12:00+01:00")
    errors = content_errors()
    assert any(e.startswith(expected) and "Oplossing: " in e for e in errors), errors
    assert len(errors) == 1, errors


def test_a_translated_home_page_is_refused(tmp_path, content_errors):
    content = _scenario(tmp_path)
    home = (content / "pages" / "home.md").read_text(encoding="utf-8")
    (content / "pages" / "home.fr.md").write_text(home.replace("template: home", "template: home\nlang: fr"),
                                                  encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now="2027-03-02T12:00+01:00")
    assert any(e.startswith("content/pages/home.fr.md: lang: de startpagina heeft geen vertaling")
               for e in content_errors()), content_errors()


def test_pages_and_opinion_pieces_translate_too(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    over = (content / "pages" / "over-ons.md").read_text(encoding="utf-8")
    head = over.split("\n\n", 1)[0]
    (content / "pages" / "over-ons.en.md").write_text(
        head.replace("title: ", "title: (EN) ", 1) + "\nlang: en\n\nAbout us, in English.\n", encoding="utf-8")
    opinion = sorted((content / "opinie").glob("*.md"))[0]
    text = opinion.read_text(encoding="utf-8")
    head, _body = text.split("\n\n", 1)
    head = "\n".join(line for line in head.splitlines() if not line.startswith("tags:"))
    if "slug:" not in head:
        pytest.fail(f"{opinion.name} has no slug: a translation needs one")
    opinion.with_suffix(".fr.md").write_text(head + "\nlang: fr\n\nTexte en français.\n", encoding="utf-8")
    site = BuiltSite(build_site(tmp_path / "output", content=content))
    page = site.soup("/en/over-ons/")
    assert page.html["lang"] == "en" and "About us, in English." in page.get_text()
    assert {link["hreflang"] for link in site.soup("/over-ons/").find_all("link", hreflang=True)} == {
        "nl-BE", "en", "x-default"}
    slug = next(line for line in head.splitlines() if line.startswith("slug:")).split(":", 1)[1].strip()
    french = site.soup(f"/fr/opinie/{slug}/")
    assert french.html["lang"] == "fr-BE" and "Texte en français." in french.get_text()
    assert french.select_one(".vw-item__reading-time").get_text(strip=True) == "1 minute de lecture"
