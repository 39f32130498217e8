"""Image pipeline (plugins/images): derivatives, privacy, cache, markup, validation."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import build_site
from PIL import Image

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CREDIT_TAGS = {0x013B, 0x8298}  # Artist, Copyright: written into media kit downloads only
GPS_IFD = 0x8825
DERIVATIVE = re.compile(r"-[0-9a-f]{10}-w\d+$")


def _gps_photo(path: Path, size=(1800, 1200), colour=(200, 80, 40)) -> None:
    """A 'phone photo': JPEG with GPS coordinates, camera make, a comment, an ICC profile and XMP."""
    from PIL import ImageCms

    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 60):
        image.paste((20, 60, 105), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "ExampleCam"  # Make
    exif[0x013B] = "Example Fotograaf"  # Artist (credit)
    exif[GPS_IFD] = {1: "N", 2: (50.0, 50.0, 12.5), 3: "E", 4: (4.0, 21.0, 3.2)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(path, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=icc, comment=b"geheim", xmp=xmp)


def _assert_clean(path: Path, *, download: bool) -> None:
    """No metadata at all; a media kit download (kernel.credits) only the credit written by the build."""
    with Image.open(path) as image:
        exif = image.getexif()
        keys = set(exif.keys())
        assert GPS_IFD not in keys, f"{path}: GPS data published"
        if download:
            assert keys == CREDIT_TAGS, f"{path}: EXIF beyond the credit: {sorted(keys)}"
        else:
            assert not keys, f"{path}: EXIF {sorted(keys)} published"
        for name in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
            if download and name in ("exif", "xmp", "XML:com.adobe.xmp"):
                continue
            assert name not in image.info, f"{path}: {name} left in the file"


def _scenario(root: Path) -> Path:
    content = root / "content"
    (content / "images").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "campagnes").mkdir()
    _gps_photo(content / "images" / "foto.jpg")
    _gps_photo(content / "images" / "klein.jpg", size=(600, 400), colour=(40, 120, 60))
    transparent = Image.new("RGBA", (900, 500), (0, 0, 0, 0))
    transparent.paste((179, 65, 14, 255), (100, 100, 800, 400))
    transparent.save(content / "images" / "logo.png")
    (content / "pages" / "over.md").write_text(
        "title: Over\nslug: over\nsummary: Een pagina met beelden.\n\n"
        "Tekst.\n\n![Een oranje vlak](images/logo.png)\n\n![Een kleine foto]({static}/images/klein.jpg)\n",
        encoding="utf-8",
    )
    (content / "campagnes" / "actie.md").write_text(
        "title: Actie\ndate: 2026-03-01 10:00\nslug: actie\nsummary: Een actie.\n"
        "image: images/foto.jpg\nimage_alt: Strepen in blauw en oranje\nimage_credit: Example Fotograaf\n\n"
        "Tekst.\n\n![Nog eens de foto](images/foto.jpg)\n",
        encoding="utf-8",
    )
    return content


def _image_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.suffix.lower() in IMAGE_SUFFIXES}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Three builds of one tiny site sharing one cache: cold, warm, one image changed."""
    from images import images

    root = tmp_path_factory.mktemp("images")
    content = _scenario(root)
    cache = {"IMAGES_CACHE_PATH": str(root / "cache" / "images"),
             "SOCIAL_CARDS_CACHE_PATH": str(root / "cache" / "cards")}
    runs = {}
    for name in ("cold", "warm"):
        output = build_site(root / name, content=content, **cache)
        runs[name] = (output, images.last_run)
    _gps_photo(content / "images" / "klein.jpg", size=(600, 400), colour=(10, 10, 200))
    output = build_site(root / "changed", content=content, **cache)
    runs["changed"] = (output, images.last_run)
    return runs


def test_target_widths_never_upscale():
    from images.images import target_widths

    assert target_widths(3000, [480, 800, 1200, 1600]) == [480, 800, 1200, 1600]
    assert target_widths(1000, [480, 800, 1200, 1600]) == [480, 800, 1000]
    assert target_widths(300, [480, 800]) == [300]
    assert target_widths(800, [480, 800]) == [480, 800]


def test_second_build_processes_no_image_and_a_change_reprocesses_one(scenario):
    _cold_output, cold = scenario["cold"]
    _warm_output, warm = scenario["warm"]
    _changed_output, changed = scenario["changed"]
    assert cold.sources == 3 and cold.processed == 3 and cold.from_cache == 0
    assert warm.sources == 3 and warm.processed == 0 and warm.from_cache == 3
    assert changed.processed == 1 and changed.from_cache == 2
    assert changed.processed_sources == ["images/klein.jpg"]


def test_builds_are_byte_identical(scenario):
    cold = _image_files(scenario["cold"][0])
    warm = _image_files(scenario["warm"][0])
    assert cold and cold == warm
    for card in ("social/over.png", "social/campagnes/actie.png"):
        assert (scenario["cold"][0] / card).read_bytes() == (scenario["warm"][0] / card).read_bytes()


def test_derivatives_have_the_widths_and_formats_and_never_upscale(scenario):
    output = scenario["cold"][0] / "images"
    names = sorted(p.name for p in output.iterdir())
    foto = [n for n in names if n.startswith("foto-")]
    widths = sorted({int(n.rsplit("-w", 1)[1].split(".")[0]) for n in foto})
    assert widths == [480, 800, 1200, 1600]
    for name in foto:
        width = int(name.rsplit("-w", 1)[1].split(".")[0])
        with Image.open(output / name) as image:
            assert image.width == width and image.height == round(1200 * width / 1800)
            assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
    klein = [n for n in names if n.startswith("klein-")]
    assert max(Image.open(output / n).width for n in klein) == 600, "a 600px source is never upscaled"
    logo = [n for n in names if n.startswith("logo-")]
    assert {Path(n).suffix for n in logo} == {".webp", ".png"}, "transparency falls back to PNG"
    with Image.open(next(output / n for n in logo if n.endswith(".png"))) as image:
        assert image.mode == "RGBA"


def test_no_published_image_carries_metadata(scenario, site):
    """Every image file in the scenario and the real site: no GPS, EXIF, XMP, ICC or comment."""
    import yaml
    from conftest import CONTENT

    downloads = {e["file"] for e in yaml.safe_load((CONTENT / "data" / "mediakit.yml").read_text("utf-8"))}
    checked = 0
    for output in (scenario["cold"][0], scenario["changed"][0], site.output):
        for path in sorted(output.rglob("*")):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            relative = path.relative_to(output).as_posix()
            if relative.startswith("persberichten/mediakit/logo"):
                continue  # the logo is drawn by the build with its credit (tests/test_press_structure.py)
            _assert_clean(path, download=output == site.output and relative in downloads)
            checked += 1
    assert checked > 20
    # A photo that is not a media kit download loses even the photographer the camera wrote in it.
    with Image.open(scenario["cold"][0] / "images" / "foto.jpg") as image:
        assert not image.getexif()


def test_published_originals_are_stripped_copies_not_the_source(scenario):
    output = scenario["cold"][0]
    source = (output.parent / "content" / "images" / "foto.jpg").read_bytes()
    assert (output / "images" / "foto.jpg").read_bytes() != source
    with Image.open(output / "images" / "foto.jpg") as image:
        assert image.size == (1800, 1200), "the original keeps its full size"


def test_markup_is_responsive_and_only_the_first_image_is_eager(scenario):
    from bs4 import BeautifulSoup

    output = scenario["cold"][0]
    page = BeautifulSoup((output / "campagnes/actie/index.html").read_text(encoding="utf-8"), "lxml")
    pictures = page.select("article picture")
    assert len(pictures) == 2, "main image and body image"
    hero, body = pictures
    for picture in pictures:
        img = picture.img
        assert img["width"] and img["height"] and img["alt"] and img["sizes"]
        assert picture.source["type"] == "image/webp" and "480w" in picture.source["srcset"]
        assert "1600w" in img["srcset"] and img["src"].endswith(".jpg")
        for candidate in img["srcset"].split(","):
            assert (output / candidate.split()[0].lstrip("/")).is_file(), candidate
    assert hero.img.get("loading") is None, "the first image on a page loads at once"
    assert body.img["loading"] == "lazy"
    assert "Example Fotograaf" in page.select_one("article figcaption").get_text()
    over = BeautifulSoup((output / "over/index.html").read_text(encoding="utf-8"), "lxml")
    first, second = over.select("article img")
    assert first.get("loading") is None and second["loading"] == "lazy"
    assert (first["width"], first["height"]) == ("900", "500")
    assert (second["width"], second["height"]) == ("600", "400")


def test_real_site_images_use_pictures(site):
    soup = site.soup("/campagnes/wereldvluchtelingendag-2026/")
    img = soup.select_one("article .vw-item__image picture img")
    assert img is not None and img["alt"].strip()
    soup = site.soup("/over-ons/")
    assert soup.select_one("article .vw-prose picture img")["alt"].strip()
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        if "<picture" not in text:
            continue
        from bs4 import BeautifulSoup

        for img in BeautifulSoup(text, "lxml").select("picture img"):
            assert img.get("width") and img.get("height"), (path, img)


@pytest.mark.parametrize("body, words", [
    ("![Een beeld](images/bestaat-niet.jpg)", "het beeld 'images/bestaat-niet.jpg' bestaat niet"),
    ("![Een beeld](https://example.org/foto.jpg)", "komt van een andere website"),
])
def test_missing_or_external_body_image_is_a_content_error(tmp_path, content_errors, body, words):
    from kernel.problems import ContentError

    content = tmp_path / "content" / "pages"
    content.mkdir(parents=True)
    (content / "x.md").write_text(f"title: X\nslug: x\nsummary: S.\n\n{body}\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=tmp_path / "content")
    assert any(e.startswith("content/pages/x.md: (tekst): ") and words in e for e in content_errors()), \
        content_errors()


def test_cache_lives_outside_the_output(scenario):
    output = scenario["cold"][0]
    assert not any(p.name == "manifest.json" for p in output.rglob("*"))
    digest = hashlib.sha256((output / "images" / "foto.jpg").read_bytes()).hexdigest()
    assert digest  # the published file is a real file, not a link into the cache
    assert not (output / "images" / "foto.jpg").is_symlink()


def test_cache_key_covers_source_transform_and_pipeline_version(monkeypatch):
    from images import images

    params = images.transform_params(images.DEFAULTS)
    key = images.cache_key(b"bron", params)
    assert key == images.cache_key(b"bron", dict(params))
    assert key != images.cache_key(b"bron2", params)
    assert key != images.cache_key(b"bron", {**params, "widths": [480, 960]})
    assert key != images.cache_key(b"bron", {**params, "webp_quality": params["webp_quality"] - 1})
    monkeypatch.setattr(images, "PIPELINE_VERSION", images.PIPELINE_VERSION + "-next")
    assert key != images.cache_key(b"bron", params)


def test_a_kept_output_folder_loses_stale_derivatives_and_cards(tmp_path):
    """When the output folder is kept between builds, nothing of an old image or page stays behind."""
    content = _scenario(tmp_path)
    output = tmp_path / "output"
    settings = {"DELETE_OUTPUT_DIRECTORY": False, "IMAGES_CACHE_PATH": str(tmp_path / "cache"),
                "SOCIAL_CARDS_CACHE_PATH": str(tmp_path / "cards")}
    build_site(output, content=content, **settings)
    before = {p.name for p in (output / "images").iterdir() if p.name.startswith("klein-")}
    _gps_photo(content / "images" / "klein.jpg", size=(600, 400), colour=(0, 0, 0))
    (content / "campagnes" / "actie.md").unlink()
    build_site(output, content=content, **settings)
    after = {p.name for p in (output / "images").iterdir() if p.name.startswith("klein-")}
    assert len(after) == len(before) and not (after & before), "only the new derivatives are left"
    assert not (output / "social" / "campagnes" / "actie.png").exists()
