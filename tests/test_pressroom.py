"""Press room, archives, feeds, press contacts, media kit, opinion authors: on parsed output."""

from __future__ import annotations

import json
import logging
import re

import feedparser
import pytest
import yaml
from a11y import AXE, axe_violations, describe
from conftest import CONTENT, BuiltSite, build_site, need
from lxml import etree

from kernel.problems import ContentError

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
RELEASE = "/persberichten/2026/migratiepact-van-toepassing/"


def _releases() -> list[dict]:
    """Front matter of every Dutch release in the real content (title, date, slug, tags); not the translations."""
    releases = []
    for path in sorted((CONTENT / "persberichten").glob("*.md")):
        meta = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            if line.startswith(" "):  # a continuation line (notes)
                continue
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        meta["tags"] = [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]
        if "lang" not in meta:
            releases.append(meta)
    return releases


def atom_problems(data: bytes) -> list[str]:
    """What a feed lacks of the RFC 4287 essentials (empty when it is a valid Atom feed)."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, expected atom:feed"]

    def exactly_one(element, name: str, where: str):
        found = element.findall(ATOM + name)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name}, expected exactly 1")
            return None
        return found[0]

    def check_common(element, where: str) -> None:
        identifier = exactly_one(element, "id", where)
        if identifier is not None and not SCHEME.match(identifier.text or ""):
            problems.append(f"{where}: atom:id {identifier.text!r} is not an absolute IRI")
        title = exactly_one(element, "title", where)
        if title is not None and not (title.text or "").strip():
            problems.append(f"{where}: atom:title is empty")
        updated = exactly_one(element, "updated", where)
        if updated is not None and not RFC3339.match(updated.text or ""):
            problems.append(f"{where}: atom:updated {updated.text!r} is not an RFC 3339 date-time")
        for author in element.findall(ATOM + "author"):
            name = author.find(ATOM + "name")
            if name is None or not (name.text or "").strip():
                problems.append(f"{where}: atom:author without a name")
        for link in element.findall(ATOM + "link"):
            if not link.get("href"):
                problems.append(f"{where}: atom:link without href")

    check_common(root, "feed")
    if not [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]:
        problems.append("feed: no atom:link rel=self")
    feed_has_author = bool(root.findall(ATOM + "author"))
    ids = set()
    for number, entry in enumerate(root.findall(ATOM + "entry"), start=1):
        where = f"entry {number}"
        check_common(entry, where)
        if not feed_has_author and not entry.findall(ATOM + "author"):
            problems.append(f"{where}: no atom:author (and none on the feed)")
        alternate = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if not alternate and entry.find(ATOM + "content") is None:
            problems.append(f"{where}: neither atom:link rel=alternate nor atom:content")
        identifier = entry.findtext(ATOM + "id")
        if identifier in ids:
            problems.append(f"{where}: atom:id {identifier} is used twice")
        ids.add(identifier)
    return problems


def test_atom_checker_can_fail():
    broken = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>/</id><updated>gisteren</updated>'
              b"<entry><title>a</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>")
    problems = atom_problems(broken)
    assert "feed: atom:id '/' is not an absolute IRI" in problems
    assert "feed: atom:updated 'gisteren' is not an RFC 3339 date-time" in problems
    assert "entry 1: 0 atom:id, expected exactly 1" in problems
    assert "entry 1: no atom:author (and none on the feed)" in problems


@pytest.fixture(scope="module")
def production(production_site) -> BuiltSite:
    """The real content with the production settings: absolute addresses, as feed readers see them."""
    return production_site


def test_every_feed_is_valid_atom_and_parses(production):
    feeds = sorted((production.output / "feeds").rglob("*.atom.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        data = feed.read_bytes()
        assert atom_problems(data) == [], feed
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        assert parsed.entries, feed


def test_press_feeds_hold_exactly_the_releases(production):
    releases = _releases()
    parsed = feedparser.parse((production.output / "feeds/persberichten.atom.xml").read_bytes())
    assert sorted(e.title for e in parsed.entries) == sorted(r["title"] for r in releases)
    topics = {tag for r in releases for tag in r["tags"]}
    for topic in topics:
        slug = topic.replace(" ", "-")
        parsed = feedparser.parse((production.output / f"feeds/persberichten/{slug}.atom.xml").read_bytes())
        expected = sorted(r["title"] for r in releases if topic in r["tags"])
        assert sorted(e.title for e in parsed.entries) == expected, topic
        assert all(e.link.startswith("https://www.vluchtelingenwerk.be/persberichten/") for e in parsed.entries)


def _alternates(soup) -> list[str]:
    return [link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]


def test_feeds_are_discoverable_from_the_page_head(production):
    base = "https://www.vluchtelingenwerk.be/"
    cases = {
        "/persberichten/": "feeds/persberichten.atom.xml",
        RELEASE: "feeds/persberichten.atom.xml",
        "/persberichten/onderwerpen/opvang/": "feeds/persberichten/opvang.atom.xml",
        "/onderwerpen/opvang/": "feeds/onderwerpen/opvang.atom.xml",
    }
    for url, feed in cases.items():
        assert base + feed in _alternates(production.soup(url)), url
        assert (production.output / feed).is_file()


def test_year_archives_list_the_releases_of_their_year(site):
    releases = _releases()
    years = sorted({r["date"][:4] for r in releases}, reverse=True)
    room = site.soup("/persberichten/")
    assert [a.get_text(strip=True) for a in room.select("#pers-jaren ~ ul a")] == years
    for year in years:
        soup = site.soup(f"/persberichten/{year}/")
        assert soup.h1.get_text(strip=True) == f"Persberichten {year}"
        listed = [a["href"] for a in soup.select(".vw-press__main .vw-card__link")]
        expected = [f"/persberichten/{year}/{r['slug']}/" for r in sorted(releases, key=lambda r: r["date"],
                                                                         reverse=True) if r["date"][:4] == year]
        assert listed == expected, year
        assert soup.select_one('#pers-jaren ~ ul a[aria-current="page"]').get_text(strip=True) == year


def test_topic_filter_lists_only_releases(site):
    releases = _releases()
    topics = sorted({tag for r in releases for tag in r["tags"]}, key=str.lower)
    room = site.soup("/persberichten/")
    links = room.select("#pers-onderwerpen ~ ul a")
    assert [a.contents[0].strip() for a in links] == topics
    for topic in topics:
        slug = topic.replace(" ", "-")
        soup = site.soup(f"/persberichten/onderwerpen/{slug}/")
        listed = {a["href"] for a in soup.select(".vw-press__main .vw-card__link")}
        expected = {f"/persberichten/{r['date'][:4]}/{r['slug']}/" for r in releases if topic in r["tags"]}
        assert listed == expected, topic


def test_press_room_shows_the_latest_releases_and_the_media_kit(site):
    releases = sorted(_releases(), key=lambda r: r["date"], reverse=True)
    room = site.soup("/persberichten/")
    assert room.h1.get_text(strip=True) == "Persruimte"
    latest = [a["href"] for a in room.select("#pers-recent ~ .vw-card-list .vw-card__link")]
    assert latest == [f"/persberichten/{r['date'][:4]}/{r['slug']}/" for r in releases[:5]]
    assert room.find("a", href="/persberichten/mediakit/")


def _contacts_of(soup) -> list[dict]:
    block = soup.select_one(".vw-press-contacts")
    assert block is not None
    found = []
    for item in block.select(".vw-press-contacts__item"):
        found.append({
            "role": item.select_one(".vw-press-contacts__role").get_text(strip=True),
            "name": item.select_one(".vw-press-contacts__name").get_text(strip=True),
            "phone": item.select_one('a[href^="tel:"]').get_text(strip=True),
            "email": item.select_one('a[href^="mailto:"]')["href"].removeprefix("mailto:"),
        })
    return found


def test_press_contacts_on_every_release_and_in_the_press_room(site):
    contacts = yaml.safe_load((CONTENT / "data" / "perscontacten.yml").read_text(encoding="utf-8"))
    expected = [{k: str(c[k]) for k in ("role", "name", "phone", "email")} for c in contacts]
    assert _contacts_of(site.soup("/persberichten/")) == expected
    for release in _releases():
        url = f"/persberichten/{release['date'][:4]}/{release['slug']}/"
        soup = site.soup(url)
        chosen = [c for c, data in zip(expected, contacts, strict=True) if data["key"] == release.get("spokesperson")]
        assert _contacts_of(soup) == (chosen or expected), url
        assert soup.select_one('a[href^="tel:"]')["href"] == "tel:" + re.sub(r"[^\d+]", "", expected[0]["phone"])


def test_news_article_json_ld(production):
    for release in _releases():
        url = f"/persberichten/{release['date'][:4]}/{release['slug']}/"
        scripts = production.soup(url).find_all("script", type="application/ld+json")
        data = [json.loads(s.string) for s in scripts]
        news = [d for d in data if d.get("@type") == "NewsArticle"]
        assert len(news) == 1, url
        news = news[0]
        assert news["headline"] == release["title"]
        assert news["url"] == f"https://www.vluchtelingenwerk.be{url}"
        assert news["datePublished"].startswith(release["date"][:10])
        assert news["publisher"]["name"] == "Vluchtelingenwerk Vlaanderen"
        assert "</" not in "".join(s.string for s in scripts)


def test_json_ld_cannot_close_its_script(tmp_path):
    from types import SimpleNamespace

    from kernel.clock import parse_moment
    from pressroom.pressroom import news_article_jsonld

    moment = parse_moment("2026-01-01 10:00", __import__("zoneinfo").ZoneInfo("Europe/Brussels"))
    article = SimpleNamespace(title="</script><script>alert(1)</script>", summary="<p>x</p>", date=moment,
                              url="persberichten/2026/x/", tags=[])
    text = str(news_article_jsonld(article, {"SITEURL": "https://example.org", "SITENAME": "VW"}))
    assert "</script" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script>"


def test_media_kit_images_have_credit_licence_and_a_large_file(site):
    kit = yaml.safe_load((CONTENT / "data" / "mediakit.yml").read_text(encoding="utf-8"))
    soup = site.soup("/persberichten/mediakit/")
    items = soup.select(".vw-mediakit__item")
    assert len(items) == len(kit) >= 1
    from PIL import Image

    for entry, item in zip(kit, items, strict=True):
        facts = dict(zip([dt.get_text(strip=True) for dt in item.find_all("dt")],
                         [dd.get_text(" ", strip=True) for dd in item.find_all("dd")], strict=True))
        assert facts["Credit"] == entry["credit"]
        assert facts["Licentie"] == entry["licence"]
        download = item.select_one("a[download]")
        assert download["href"] == "/" + entry["file"]
        with Image.open(site.output / entry["file"]) as image:
            assert min(image.size) >= 1500, entry["file"]
        preview = item.find("img")
        assert preview["alt"] == entry["alt"] and (site.output / preview["src"].lstrip("/")).is_file()


def test_opinion_pieces_author_reading_time_and_canonical(site):
    authors = {a["name"]: a for a in yaml.safe_load((CONTENT / "data" / "auteurs.yml").read_text("utf-8"))}
    for path in sorted((CONTENT / "opinie").glob("*.md")):
        meta = dict(line.split(":", 1) for line in path.read_text("utf-8").split("\n\n", 1)[0].splitlines())
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        soup = site.soup(f"/opinie/{meta['slug']}/")
        author = authors[meta["author"]]
        byline = soup.select_one(".vw-item__byline")
        assert byline.a["href"] == f"/auteurs/{author['slug']}/"
        assert author["role"] in byline.get_text()
        words = len(soup.select_one(".vw-prose").get_text(" ").split())
        minutes = max(1, -(-words // 200))
        reading = soup.select_one(".vw-item__reading-time").get_text(strip=True)
        assert reading == ("1 minuut lezen" if minutes == 1 else f"{minutes} minuten lezen")
        canonical = soup.find("link", rel="canonical")["href"]
        if meta.get("original_canonical") == "ja":
            assert canonical == meta["original_url"]
        else:
            assert canonical.endswith(f"/opinie/{meta['slug']}/")
        page = site.soup(f"/auteurs/{author['slug']}/")
        assert author["bio"] in page.select_one(".vw-author__bio").get_text()
        assert any(a["href"] == f"/opinie/{meta['slug']}/" for a in page.select(".vw-card__link"))


def test_first_published_elsewhere_links_to_the_original(after_opinion):
    soup = after_opinion
    line = soup.select_one(".vw-item__original")
    assert line.get_text(" ", strip=True) == "Eerder verschenen in De Voorbeeldkrant op 31 januari 2026 ."
    assert line.a["href"] == "https://example.org/opinie/openbaar"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/opinie/openbaar"


@pytest.fixture(scope="module")
def after_opinion(tmp_path_factory):
    from test_embargo import AFTER, scenario_content

    folder = tmp_path_factory.mktemp("opinion")
    output = build_site(folder / "output", content=scenario_content(folder), now=AFTER)
    return BuiltSite(output).soup("/opinie/openbaar-opiniestuk/")


BROKEN_DATA = {
    "data/auteurs.yml": "- name: Test Auteur\n  slug: test-auteur\n  role: test\n  twitter: '@x'\n",
    "data/perscontacten.yml": ("- key: x\n  role: Woordvoerder\n  name: X\n  phone: '+32 2 000 00 00'\n"
                               "  email: geen-adres\n- role: Woordvoerder\n  name: Y\n  phone: '+32 2 000 00 00'\n"
                               "  email: y@example.org\n"),
    "data/mediakit.yml": ("- file: images/mediakit/beeld.png\n  preview: images/mediakit/beeld-klein.png\n"
                          "  title: Beeld\n  alt: Een vlak.\n  licence: CC BY 4.0\n"
                          "- file: images/mediakit/bestaat-niet.png\n  preview: images/mediakit/beeld-klein.png\n"
                          "  title: Weg\n  alt: Niets.\n  credit: X\n  licence: CC BY 4.0\n"),
}


def test_bad_data_files_are_all_reported(tmp_path, content_errors):
    from test_embargo import scenario_content

    content = scenario_content(tmp_path)
    for name, text in BROKEN_DATA.items():
        (content / name).write_text(text, encoding="utf-8")
    opinion = content / "opinie" / "2026-02-01-openbaar.md"
    opinion.write_text(opinion.read_text("utf-8").replace("author: Test Auteur", "author: Niemand Bekend"), "utf-8")
    release = content / "persberichten" / "2026-01-10-openbaar.md"
    release.write_text(release.read_text("utf-8").replace("files/openbaar-rapport.pdf", "files/weg.pdf"), "utf-8")
    output = tmp_path / "output"
    with pytest.raises(ContentError):
        build_site(output, content=content, now="2026-06-01T12:00+02:00")
    errors = content_errors()
    expected = [
        "content/data/auteurs.yml: regel 4, 'Test Auteur', twitter: is geen bekende sleutel",
        "content/data/auteurs.yml: regel 1, 'Test Auteur', bio: ontbreekt",
        "content/data/perscontacten.yml: regel 1, 'x', email: 'geen-adres' is geen e-mailadres",
        "content/data/perscontacten.yml: regel 6, vermelding 2, key: ontbreekt",
        "content/data/mediakit.yml: regel 1, 'Beeld', credit: ontbreekt",
        "content/data/mediakit.yml: regel 6, 'Weg', file: het bestand 'images/mediakit/bestaat-niet.png' bestaat niet",
        "content/opinie/2026-02-01-openbaar.md: author: 'Niemand Bekend' staat niet in content/data/auteurs.yml",
        "content/persberichten/2026-01-10-openbaar.md: attachments: het bestand 'files/weg.pdf' bestaat niet",
    ]
    for start in expected:
        assert any(e.startswith(start) and "Oplossing: " in e for e in errors), (start, errors)
    assert not output.exists() or not any(output.rglob("*"))


def test_releases_without_press_contacts_are_built_with_a_warning(tmp_path, caplog):
    from test_embargo import forget_logged_warnings, scenario_content

    content = scenario_content(tmp_path)
    (content / "data" / "perscontacten.yml").unlink()
    caplog.set_level(logging.WARNING)
    forget_logged_warnings()
    output = build_site(tmp_path / "output", content=content, now="2026-06-01T12:00+02:00")
    assert any("perscontacten.yml ontbreekt" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    soup = BuiltSite(output).soup("/persberichten/2026/openbaar-persbericht/")
    assert soup.select_one(".vw-press-contacts") is None


PRESS_PAGES = ["/persberichten/", RELEASE, "/persberichten/2025/", "/persberichten/onderwerpen/opvang/",
               "/persberichten/mediakit/", "/auteurs/samir-voorbeeld/", "/opinie/gezinnen-horen-samen/",
               "/persberichten/experts/", "/persberichten/onderwerpen/opvang/2026/",
               "/fr/persberichten/", "/fr/persberichten/2026/migratiepact-van-toepassing/",
               "/en/persberichten/2026/petitie-gelanceerd/"]


def test_press_pages_have_no_axe_violations(site, site_url, page, node_modules):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    failures = {}
    for url in PRESS_PAGES:
        violations = axe_violations(page, site_url + url)
        if violations:
            failures[url] = describe(violations)
    assert not failures, "\n\n".join(f"{url}\n{text}" for url, text in failures.items())


def test_a_release_prints_with_its_contacts_and_address(site_url, page):
    page.goto(site_url + RELEASE)
    page.emulate_media(media="print")
    assert page.locator(".vw-press-contacts").is_visible()
    assert not page.locator(".vw-nav").is_visible()
    assert not page.locator(".vw-pager").is_visible()
    address = page.locator(".vw-print-only")
    assert address.is_visible() and address.inner_text().endswith(RELEASE)
    page.emulate_media(media="screen")
    assert not address.is_visible()
