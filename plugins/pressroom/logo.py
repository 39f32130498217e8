"""Our logo for the media kit, as SVG and PNG, made by the build from one drawing.

The site's header logo (theme/static/img/logo.svg) is white for the dark
header. Journalists need it on a light background: the same drawing in the
brand blue with the orange accent. Both files are made here, at build time,
from the same geometry and the font in theme/fonts/ (DejaVu Sans, as the
social cards): the SVG names that font, the PNG (4x, transparent) is drawn
with it by Pillow. Making the PNG in the build rather than committing it
means it can never drift from the SVG, and it carries the credit and licence
(XMP, PNG text chunks) that the build writes; the SVG carries them in its
<metadata>. Both are written through kernel.output, so the preview knows them.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from kernel import credits, output, state

FILES = {
    "svg": "persberichten/mediakit/logo-vluchtelingenwerk.svg",
    "png": "persberichten/mediakit/logo-vluchtelingenwerk.png",
}
VIEWBOX = (460, 96)
SCALE = 4  # the PNG: 1840 x 384 pixels
BRAND, ACCENT = "#123c69", "#b3410e"
STROKES = ((((12, 20), (36, 76), (60, 20)), BRAND), (((46, 20), (70, 76), (94, 20)), ACCENT))
STROKE_WIDTH = 7
LINES = (("Vluchtelingenwerk", 112, 46, 38, True, 336), ("Vlaanderen", 112, 84, 30, False, None))
NAME = "Vluchtelingenwerk Vlaanderen"
FONTS = "'DejaVu Sans', Verdana, sans-serif"
_png = state.Memo("pressroom.logo_png")


def credit(settings) -> credits.Credit:
    site = settings.get("SITEURL") or settings.get("SITE_PUBLIC_URL") or ""
    return credits.Credit(creator=NAME, rights=f"© {NAME}. Gebruik volgens de gebruiksvoorwaarden van de mediakit.",
                          licence_url=f"{site}/persberichten/mediakit/#logo")


def svg(value: credits.Credit) -> str:
    strokes = "".join(
        f'<path d="M{a[0]} {a[1]} L{b[0]} {b[1]} L{c[0]} {c[1]}" stroke="{colour}"/>'
        for (a, b, c), colour in STROKES)
    def fit(length):
        return f' textLength="{length}" lengthAdjust="spacingAndGlyphs"' if length else ""

    texts = "".join(
        f'<text x="{x}" y="{y}"{fit(length)} fill="{BRAND}" font-family="{FONTS}" font-size="{size}" '
        f'font-weight="{700 if bold else 400}">{escape(text)}</text>'
        for text, x, y, size, bold, length in LINES)
    width, height = VIEWBOX
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="logo-title">\n'
            f'<title id="logo-title">{NAME}</title>\n'
            f"<metadata>{credits.rdf_description(value)}</metadata>\n"
            f'<g fill="none" stroke-width="{STROKE_WIDTH}" stroke-linecap="round" stroke-linejoin="round">'
            f"{strokes}</g>\n{texts}\n</svg>\n")


def png(value: credits.Credit, fonts: Path) -> bytes:
    bold, regular = fonts / "DejaVuSans-Bold.ttf", fonts / "DejaVuSans.ttf"
    key = (value, *(f.stat().st_mtime_ns for f in (bold, regular)))
    return _png.get(key, lambda: _draw(value, bold, regular))


def _draw(value: credits.Credit, bold: Path, regular: Path) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    width, height = (side * SCALE for side in VIEWBOX)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = STROKE_WIDTH * SCALE / 2
    for points, colour in STROKES:
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        draw.line(scaled, fill=colour, width=STROKE_WIDTH * SCALE, joint="curve")
        for x, y in scaled:  # round caps
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    for text, x, y, size, is_bold, length in LINES:
        font = ImageFont.truetype(str(bold if is_bold else regular), size * SCALE)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font, anchor="ls")
        layer = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((-left, -top), text, font=font, fill=BRAND, anchor="ls")
        if length:  # as the SVG's textLength: the line is exactly this wide
            layer = layer.resize((length * SCALE, layer.height), Image.Resampling.LANCZOS)
        image.alpha_composite(layer, (x * SCALE + left if not length else x * SCALE, y * SCALE + top))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, pnginfo=credits.png_info(value, text=True))
    return buffer.getvalue()


def facts() -> dict:
    width, height = (side * SCALE for side in VIEWBOX)
    return {"svg": FILES["svg"], "png": FILES["png"], "width": width, "height": height}


def write(settings) -> None:
    value = credit(settings)
    output.write_text(settings, FILES["svg"], svg(value))
    output.write_bytes(settings, FILES["png"], png(value, Path(settings["THEME"]) / "fonts"))
