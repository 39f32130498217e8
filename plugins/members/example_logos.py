"""Draws the fictional example logos in content/images/leden/ (run once by hand).

    .venv/bin/python plugins/members/example_logos.py                     # all of them
    .venv/bin/python plugins/members/example_logos.py elan-voorbeeldcollectief.png   # one

Simple shapes and the word VOORBEELD, in different sizes and modes (wide,
tall, square, transparent, palette) so the page shows that every logo ends up
in the same box. Not used by the build.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TARGET = Path(__file__).resolve().parents[2] / "content" / "images" / "leden"
# The theme's own font: it has every Dutch letter (Pillow's default font has no "É").
FONT = Path(__file__).resolve().parents[2] / "theme" / "fonts" / "DejaVuSans.ttf"


def _font(size: int):
    return ImageFont.truetype(str(FONT), size)


def onthaalhuis() -> Image.Image:
    image = Image.new("RGB", (600, 200), "#f6efe3")
    draw = ImageDraw.Draw(image)
    draw.polygon([(40, 100), (100, 40), (160, 100)], fill="#b3410e")
    draw.rectangle([55, 100, 145, 170], fill="#123c69")
    draw.rectangle([88, 125, 112, 170], fill="#f6efe3")
    draw.text((190, 55), "Onthaalhuis", font=_font(48), fill="#123c69")
    draw.text((190, 115), "VOORBEELD", font=_font(36), fill="#b3410e")
    return image


def voorbeeldhuis_gent() -> Image.Image:
    image = Image.new("RGB", (400, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse([20, 20, 380, 380], fill="#0b4f9c")
    draw.rectangle([130, 150, 270, 280], fill="white")
    draw.polygon([(110, 155), (200, 80), (290, 155)], fill="white")
    draw.text((200, 320), "VOORBEELD", font=_font(34), fill="white", anchor="mm")
    return image


def rechtshulp_leuven() -> Image.Image:
    image = Image.new("RGB", (300, 500), "#eef3ea")
    draw = ImageDraw.Draw(image)
    draw.line([(150, 60), (150, 330)], fill="#2e5e1e", width=10)
    draw.line([(60, 110), (240, 110)], fill="#2e5e1e", width=10)
    draw.polygon([(30, 200), (90, 200), (60, 130)], outline="#2e5e1e", width=6)
    draw.polygon([(210, 200), (270, 200), (240, 130)], outline="#2e5e1e", width=6)
    draw.rectangle([95, 330, 205, 350], fill="#2e5e1e")
    draw.text((150, 410), "Rechtshulp", font=_font(40), fill="#2e5e1e", anchor="mm")
    draw.text((150, 455), "VOORBEELD", font=_font(30), fill="#2e5e1e", anchor="mm")
    return image


def ijsbreker() -> Image.Image:
    image = Image.new("RGBA", (500, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(40, 220), (120, 60), (200, 220)], fill=(120, 190, 230, 255))
    draw.polygon([(150, 220), (210, 110), (270, 220)], fill=(70, 150, 210, 255))
    draw.text((290, 120), "IJsbreker", font=_font(44), fill=(11, 39, 69, 255))
    draw.text((290, 175), "VOORBEELD", font=_font(28), fill=(11, 39, 69, 255))
    return image


def elan() -> Image.Image:
    image = Image.new("RGB", (360, 360), "#5a2d82")
    draw = ImageDraw.Draw(image)
    draw.text((180, 150), "Élan", font=_font(110), fill="#ffbf47", anchor="mm")
    draw.text((180, 280), "VOORBEELD", font=_font(34), fill="white", anchor="mm")
    return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)


LOGOS = {
    "onthaalhuis-voorbeeld.png": onthaalhuis,
    "voorbeeldhuis-gent.png": voorbeeldhuis_gent,
    "rechtshulp-voorbeeld-leuven.png": rechtshulp_leuven,
    "ijsbreker-voorbeeldproject.png": ijsbreker,
    "elan-voorbeeldcollectief.png": elan,
}


def main(names=None) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, draw in LOGOS.items():
        if names and name not in names:
            continue
        draw().save(TARGET / name, "PNG", optimize=True)
        print(TARGET / name)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
