"""Social cards (plugins/social_cards) and the Open Graph / Twitter / canonical tags of every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, build_site
from PIL import Image, ImageFont

FONTS = REPO / "theme" / "fonts"
SITEURL = "https://www.example.org"


def _pages(site):
    return [url for url in site.page_urls() if not url.startswith("/pagefind/")]


def test_every_page_has_a_card_of_1200_by_630(site):
    cards = set()
    for url in _pages(site):
        soup = site.soup(url)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.select("head meta")}
        image = meta.get("og:image")
        assert image and image.startswith("/social/") and image.endswith(".png"), (url, image)
        assert image not in cards, f"{url} shares its card {image}"
        cards.add(image)
        path = site.output / image.lstrip("/")
        with Image.open(path) as card:
            assert card.size == (1200, 630) and card.format == "PNG", url
        assert meta["og:title"] and meta["og:description"], url
        locale = {"fr": "fr_BE", "en": "en_BE"}.get(url.split("/")[1], "nl_BE")
        assert meta["og:locale"] == locale and meta["twitter:card"] == "summary_large_image", url
        assert meta["og:type"] in ("article", "website"), url
        assert meta["og:url"] == url.replace("index.html", ""), url
        canonical = soup.select("head link[rel=canonical]")
        assert len(canonical) == 1 and canonical[0]["href"], url
    written = {"/" + p.relative_to(site.output).as_posix() for p in (site.output / "social").rglob("*.png")}
    assert written == cards, "one card per page, no stray cards"
    # Cards are hard links to the cache: published as they are, readable by all (not mkstemp's 0600).
    modes = {(site.output / card.lstrip("/")).stat().st_mode & 0o777 for card in cards}
    assert modes == {0o644}, sorted(oct(mode) for mode in modes)


def test_article_cards_carry_type_and_title(site):
    soup = site.soup("/persberichten/2026/petitie-gelanceerd/")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.select("head meta")}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == soup.select_one("h1").get_text(strip=True)
    assert meta["article:published_time"].startswith("2026-10-15")
    assert site.soup("/persberichten/").select_one('meta[property="og:type"]')["content"] == "website"


def test_card_uses_the_organisations_colours(site):
    with Image.open(site.output / "social" / "startpagina.png") as card:
        card = card.convert("RGB")
        assert card.getpixel((600, 300)) == (0x12, 0x3C, 0x69) or card.getpixel((1150, 40)) == (0x12, 0x3C, 0x69)
        assert card.getpixel((5, 300)) == (0xB3, 0x41, 0x0E)


@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_font_in_the_repo_has_dutch_letters_and_the_ij_ligature(font):
    assert (FONTS / "LICENSE").is_file()
    face = ImageFont.truetype(str(FONTS / font), 64)
    notdef = bytes(face.getmask("\U0010FFFD"))
    for letter in "IJzer ĳ Ĳ é ë ï ö ü è à ç".replace(" ", ""):
        mask = face.getmask(letter)
        assert mask.getbbox() is not None, letter
        assert bytes(mask) != notdef, f"{letter!r} renders as the missing-glyph box"


@pytest.fixture(scope="module")
def card_builds(tmp_path_factory):
    from social_cards import social_cards

    root = tmp_path_factory.mktemp("cards")
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    page = content / "pages" / "ijs.md"
    page.write_text("title: IJzersterke ĳver voor één café\nslug: ijs\nsummary: Een pagina.\n\nTekst.\n",
                    encoding="utf-8")
    settings = {"SOCIAL_CARDS_CACHE_PATH": str(root / "cache"), "IMAGES_CACHE_PATH": str(root / "images"),
                "SITEURL": SITEURL}
    runs = {}
    for name in ("cold", "warm"):
        runs[name] = (build_site(root / name, content=content, **settings), social_cards.last_run)
    page.write_text(page.read_text(encoding="utf-8").replace("IJzersterke", "Nieuwe"), encoding="utf-8")
    runs["changed"] = (build_site(root / "changed", content=content, **settings), social_cards.last_run)
    return runs


def test_cards_are_cached_and_only_a_changed_title_is_redrawn(card_builds):
    cold, warm, changed = (card_builds[name][1] for name in ("cold", "warm", "changed"))
    assert cold.cards >= 2 and cold.drawn == cold.cards
    assert warm.cards == cold.cards and warm.drawn == 0 and warm.from_cache == warm.cards
    assert changed.drawn == 1
    first = (card_builds["cold"][0] / "social" / "ijs.png").read_bytes()
    assert first == (card_builds["warm"][0] / "social" / "ijs.png").read_bytes()
    assert first != (card_builds["changed"][0] / "social" / "ijs.png").read_bytes()


def test_card_addresses_are_absolute_with_a_siteurl(card_builds):
    from bs4 import BeautifulSoup

    output: Path = card_builds["cold"][0]
    soup = BeautifulSoup((output / "ijs" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('meta[property="og:image"]')["content"] == f"{SITEURL}/social/ijs.png"
    assert soup.select_one('meta[property="og:url"]')["content"] == f"{SITEURL}/ijs/"
    assert soup.select_one("link[rel=canonical]")["href"] == f"{SITEURL}/ijs/"
