"""Campaign art (plugins/campaign_art): a large picture drawn at build time for every campaign without an image."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, BuiltSite, build_site
from PIL import Image

from campaign_art import campaign_art

WITHOUT = "zonder-beeld"
WITH = "met-beeld"


def _slug_for(motif: str) -> str:
    return next(f"voorbeeld-{n}" for n in range(200) if campaign_art.motif_of(f"voorbeeld-{n}") == motif)


@pytest.mark.parametrize("motif", campaign_art.MOTIFS)
def test_each_motif_fills_the_picture(tmp_path, motif):
    """Every motif covers the whole picture: no colour takes more than half of it, no empty space."""
    slug = _slug_for(motif)
    target = tmp_path / "beeld.png"
    campaign_art.draw_art({"slug": slug, "palette": campaign_art.DEFAULTS, "target": str(target)})
    with Image.open(target) as image:
        assert image.size == campaign_art.SIZE and image.mode == "RGB"
        colours = image.convert("RGB").quantize(16).getcolors()
    largest = max(count for count, _ in colours) / (campaign_art.SIZE[0] * campaign_art.SIZE[1])
    assert largest < 0.5, f"{motif}: one colour covers {largest:.0%} of the picture"
    assert len(colours) >= 6, f"{motif}: only {len(colours)} colours"


def test_a_slug_always_gives_the_same_picture_and_slugs_differ(tmp_path):
    def draw(slug: str, name: str) -> bytes:
        target = tmp_path / name
        campaign_art.draw_art({"slug": slug, "palette": campaign_art.DEFAULTS, "target": str(target)})
        return target.read_bytes()

    first = draw("wereldvluchtelingendag-2027", "a.png")
    assert draw("wereldvluchtelingendag-2027", "b.png") == first
    assert draw("wereldvluchtelingendag-2028", "c.png") != first


def _content(root: Path) -> Path:
    content = root / "content"
    (content / "campagnes").mkdir(parents=True)
    (content / "images").mkdir()
    shutil.copyfile(CONTENT / "images" / "petitie-banner.jpg", content / "images" / "actie.jpg")
    head = "date: 2026-10-01 10:00\nsummary: Een voorbeeldcampagne (example.org).\n"
    (content / "campagnes" / f"{WITHOUT}.md").write_text(
        f"title: Campagne zonder beeld\nslug: {WITHOUT}\n{head}\nTekst.\n", encoding="utf-8")
    (content / "campagnes" / f"{WITH}.md").write_text(
        f"title: Campagne met beeld\nslug: {WITH}\n{head}image: images/actie.jpg\n"
        "image_alt: Rijen gekleurde vierkantjes.\n\nTekst.\n", encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("art")
    content = _content(root)
    caches = {"CAMPAIGN_ART_CACHE_PATH": str(root / "cache" / "art"), "IMAGES_CACHE_PATH": str(root / "cache" / "img")}
    runs = {}
    for name in ("cold", "warm"):
        output = build_site(root / name, content=content, **caches)
        runs[name] = (BuiltSite(output), campaign_art.last_run)
    return runs


def test_a_campaign_without_image_gets_a_drawn_picture_once(builds):
    cold, warm = builds["cold"][1], builds["warm"][1]
    assert (cold.pictures, cold.drawn) == (1, 1)
    assert (warm.pictures, warm.drawn, warm.from_cache) == (1, 0, 1)
    first, second = (builds[name][0].output / "campagnes" / WITHOUT / "beeld.png" for name in ("cold", "warm"))
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_the_drawn_picture_is_shown_large_on_the_page_and_on_its_card(builds):
    site = builds["cold"][0]
    figure = site.soup(f"/campagnes/{WITHOUT}/").select_one("article .vw-item__image")
    img = figure.select_one("picture img")
    assert img["alt"] == "" and img.get("loading") is None and img["fetchpriority"] == "high"
    candidates = [part.split()[0] for part in img["srcset"].split(",")]
    assert candidates and all(f"/campagnes/{WITHOUT}/beeld-" in url for url in candidates)
    assert all(site.file_for(url).is_file() for url in candidates)
    assert figure.select_one("source[type='image/webp']")
    assert not figure.select("figcaption"), "no credit line for a drawn picture"
    cards = {card.select_one(".vw-card__link")["href"]: card for card in site.soup("/campagnes/").select(".vw-card")}
    assert cards[f"/campagnes/{WITHOUT}/"].select_one(".vw-card__picture img")["src"].startswith(
        f"/campagnes/{WITHOUT}/beeld-")


def test_a_campaign_with_its_own_image_keeps_it(builds):
    site = builds["cold"][0]
    assert not (site.output / "campagnes" / WITH / "beeld.png").exists()
    img = site.soup(f"/campagnes/{WITH}/").select_one("article .vw-item__image picture img")
    assert img["alt"] == "Rijen gekleurde vierkantjes." and "/images/actie-" in img["src"]
    assert site.soup(f"/campagnes/{WITH}/").select_one(".vw-figure__credit") is None
