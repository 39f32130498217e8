"""Member logos: one uniform small size, WebP plus a PNG fallback, no metadata.

Each logo is scaled to fit LOGO_SIZE (never enlarged beyond it) and centred
on a transparent canvas of exactly that size, so every logo takes the same
room on the page. The canvas is a new image: EXIF, XMP, ICC profiles and
comments of the source are not carried over. Encoder settings are fixed and
nothing time-dependent is written, so the same source gives the same bytes.

Results are kept per source digest (a kernel memo), so preview rebuilds do
not redo unchanged logos.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps

from kernel import output, state

# Bump when the transform changes, so memoised results are not reused.
TRANSFORM_VERSION = "2"

_memo = state.Memo("members.logos")


def _canvas(source: Image.Image, size: tuple[int, int]) -> Image.Image:
    image = ImageOps.exif_transpose(source)
    image = image.convert("RGBA")
    image = ImageOps.contain(image, size, method=Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", size, (255, 255, 255, 0))
    canvas.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2), image)
    return canvas


def render_logo(data: bytes, size: tuple[int, int]) -> tuple[bytes, bytes]:
    """(webp, png) bytes of one logo at `size`, without metadata."""
    key = hashlib.sha256(data + repr((size, TRANSFORM_VERSION, Image.__version__)).encode()).hexdigest()

    def render() -> tuple[bytes, bytes]:
        with Image.open(io.BytesIO(data)) as source:
            canvas = _canvas(source, size)
        webp = io.BytesIO()
        # Lossless keeps text in logos crisp; method 4 is 40x faster than 6 for ~5% more bytes.
        canvas.save(webp, "WEBP", lossless=True, quality=80, method=4, exact=False)
        png = io.BytesIO()
        canvas.save(png, "PNG", optimize=True)
        return webp.getvalue(), png.getvalue()

    return _memo.get(key, render)


def write_logo(settings, source: Path, output_base: str, size: tuple[int, int]) -> list[str]:
    """Write <output_base>.webp and .png (below the output folder) for `source`; returns both paths.

    A file that already holds the same bytes is left alone (its date too).
    """
    webp, png = render_logo(source.read_bytes(), size)
    written = []
    for suffix, data in ((".webp", webp), (".png", png)):
        output.write_bytes(settings, output_base + suffix, data)
        written.append(output_base + suffix)
    return written
