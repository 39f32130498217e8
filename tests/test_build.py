"""The real content, built once at a fixed clock: assertions on each page type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONTENT, build_site

MENU = ["Campagnes", "Pers", "Opinie", "Ondersteuning", "Over ons", "Contact", "Zoeken"]


def _markdown_files(folder: str) -> list[Path]:
    """The Dutch originals of a folder (translations, `<name>.fr.md`, are tested in test_translations.py)."""
    return sorted(p for p in (CONTENT / folder).glob("*.md") if "lang" not in _front_matter(p))


def _front_matter(path: Path) -> dict[str, str]:
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        if line.startswith(" "):  # a continuation line (notes)
            continue
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def test_every_page_has_the_shell(site):
    """lang, one h1, skip link first, main landmark, navigation in order (Dutch pages; translations:
    tests/test_translations.py)."""
    urls = [url for url in site.page_urls() if not url.startswith(("/fr/", "/en/"))]
    assert len(urls) > 40
    for url in urls:
        soup = site.soup(url)
        assert soup.html["lang"] == "nl-BE", url
        assert len(soup.find_all("h1")) == 1, url
        first_link = soup.body.find("a")
        assert first_link["href"] == "#inhoud" and first_link.get_text(strip=True) == "Naar de inhoud", url
        assert soup.find("main", id="inhoud"), url
        nav = soup.find("nav", attrs={"aria-label": "Hoofdmenu"})
        labels = [a.get_text(strip=True) for a in nav.find_all("a")]
        assert labels[: len(MENU)] == MENU and labels[len(MENU):] in ([], ["Zoeken"]), url
        assert soup.title.get_text(strip=True), url
        assert soup.find("meta", attrs={"name": "description"})["content"].strip(), url
        assert soup.find("meta", attrs={"name": "viewport"}), url


@pytest.mark.parametrize("path", _markdown_files("persberichten"), ids=lambda p: p.name)
def test_press_release_page(site, path):
    meta = _front_matter(path)
    url = f"/persberichten/{meta['date'][:4]}/{meta['slug']}/"
    soup = site.soup(url)
    assert soup.h1.get_text(strip=True) == meta["title"]
    article = soup.find("article", class_="vw-item--persbericht")
    assert article is not None
    published = article.find("time")
    assert published["datetime"].startswith(meta["date"][:10])
    # Dutch date whatever the machine's locale: "15 oktober 2026"
    assert re.fullmatch(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                        r"november|december) \d{4}", published.get_text(strip=True))
    assert "Persbericht" in article.get_text()


@pytest.mark.parametrize("path", _markdown_files("campagnes"), ids=lambda p: p.name)
def test_campaign_page(site, path):
    meta = _front_matter(path)
    soup = site.soup(f"/campagnes/{meta['slug']}/")
    assert soup.h1.get_text(strip=True) == meta["title"]
    assert soup.find("article", class_="vw-item--campagne")


@pytest.mark.parametrize("path", _markdown_files("opinie"), ids=lambda p: p.name)
def test_opinion_page_names_its_author(site, path):
    meta = _front_matter(path)
    soup = site.soup(f"/opinie/{meta['slug']}/")
    assert soup.h1.get_text(strip=True) == meta["title"]
    byline = soup.find(class_="vw-item__byline")
    assert meta["author"] in byline.get_text()
    author_link = byline.find("a")["href"]
    assert site.file_for(author_link).is_file()


def test_pages_at_their_slug(site):
    for slug, title in [("over-ons", "Over ons"), ("ondersteuning", "Ondersteuning"), ("contact", "Contact")]:
        assert site.soup(f"/{slug}/").h1.get_text(strip=True) == title


def test_home_page_shows_pillars_and_latest_items(site):
    soup = site.soup("/")
    assert soup.h1.get_text(strip=True) == _front_matter(CONTENT / "pages" / "home.md")["title"]
    pillars = [h.get_text(strip=True) for h in soup.select(".vw-pillars__title")]
    assert pillars == [line[3:] for line in (CONTENT / "pages" / "home.md").read_text(encoding="utf-8").splitlines()
                       if line.startswith("## ")]
    assert len(pillars) == 4
    text = soup.get_text(" ", strip=True)
    for heading in ("Recente persberichten", "Recente opiniestukken"):
        assert heading in text
    newest_release = max(_markdown_files("persberichten"), key=lambda p: _front_matter(p)["date"])
    assert _front_matter(newest_release)["title"] in text


def test_listings_per_type_newest_first(site):
    soup = site.soup("/opinie/")
    times = [t["datetime"] for t in soup.select(".vw-card time")]
    assert len(times) == len(_markdown_files("opinie"))
    assert times == sorted(times, reverse=True)


def test_press_room_lists_the_newest_and_every_release_sits_on_its_year_page(site):
    from pressroom.pressroom import LATEST_COUNT

    releases = sorted((_front_matter(p) for p in _markdown_files("persberichten")),
                      key=lambda m: m["date"], reverse=True)
    room = site.soup("/persberichten/")
    listed = [a.get_text(strip=True) for a in room.select(".vw-card__title a, .vw-press__list-item a")]
    assert listed == [m["title"] for m in releases[:25]]  # DEFAULT_PAGINATION: one listing page
    for meta in releases:
        year_page = site.soup(f"/persberichten/{meta['date'][:4]}/")
        assert meta["title"] in [a.get_text(strip=True) for a in year_page.select(".vw-card__title a")]
    years = sorted({m["date"][:4] for m in releases}, reverse=True)
    if len(releases) > LATEST_COUNT:
        links = [a["href"] for a in room.select(".vw-press__earlier p a")]
        assert links == [f"/persberichten/{y}/" for y in years]


def test_topic_pages_and_feeds_exist(site):
    soup = site.soup("/persberichten/2024/recht-op-opvang/")
    topics = soup.select(".vw-topics a")
    assert topics, "a release with tags links its topics"
    for link in topics:
        assert site.file_for(link["href"]).is_file(), link["href"]
    assert (site.output / "feeds" / "alles.atom.xml").is_file()
    assert (site.output / "feeds" / "persberichten.atom.xml").is_file()


def test_no_drafts_folder_and_no_pelican_default_pages(site):
    assert not (site.output / "drafts").exists()
    for leftover in ("archives.html", "tags.html", "categories.html", "authors.html", "index2.html"):
        assert not (site.output / leftover).exists(), leftover


def test_front_matter_text_is_escaped_not_markup(tmp_path):
    """Autoescaping: a title with markup shows as text; only the Markdown body is HTML."""
    content = tmp_path / "content" / "persberichten"
    content.mkdir(parents=True)
    (content / "2025-01-10-x.md").write_text(
        "title: Titel met <script>alert(1)</script> erin\n"
        "date: 2025-01-10 09:00\nslug: escape\nsummary: Samenvatting.\n\nTekst met *nadruk*.\n",
        encoding="utf-8",
    )
    output = build_site(tmp_path / "output", content=tmp_path / "content")
    html = (output / "persberichten/2025/escape/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "Titel met &lt;script&gt;alert(1)&lt;/script&gt; erin" in html
    assert "<em>nadruk</em>" in html


def test_no_template_falls_back_to_pelicans_simple_theme(site):
    """Every page comes from our theme: Pelican's simple theme would leak in silently."""
    for path in site.html_files():
        assert "vw-skip-link" in path.read_text(encoding="utf-8"), path


def test_production_settings_publish_feeds_and_never_drafts():
    from conftest import REPO
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "publishconf.py"))
    assert settings["SITEURL"].startswith("https://") and settings["FEED_DOMAIN"] == settings["SITEURL"]
    assert settings["FEED_ATOM"] and settings["CATEGORY_FEED_ATOM"] and settings["TAG_FEED_ATOM"]
    assert settings["LANGUAGE_FEED_ATOM"] and not settings["FEED_ALL_ATOM"]  # Dutch feeds hold Dutch only
    for key in ("DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS"):
        assert settings[key] == "", key
    assert settings["DELETE_OUTPUT_DIRECTORY"] is True
    assert settings["SITE_NOW"] is None  # production reads the real time (or the SITE_NOW variable)
