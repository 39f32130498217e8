"""Campaign art: a large picture, drawn with Pillow, for every campaign without an `image`.

A campaign page opens with a large picture and every campaign card shows one,
so a campaign whose front matter names no `image` gets one drawn at build
time, as the social cards are: a flat illustration in the organisation's
colours (a sun over water, open doors, houses with lit windows or people
gathering), 1600 x 900 pixels. Which motif and how it is laid out follow from
the campaign's slug alone, so the picture stays the same from build to build
and through edits of the text or the title. It has no text in it and is
decorative: the page beside it says what the campaign is (templates show it
with alt="").

- At `article_generator_finalized` (after the embargo plugin held back what is
  not public) each such campaign gets `artwork`, the address of its picture
  below the output folder (`campagnes/<slug>/beeld.png`), and the picture is
  handed to the images plugin through `kernel.drawn`: it gets the same
  responsive WebP/JPEG copies and `responsive_image()` markup as a picture in
  content/images/. Templates show `item.image or item.artwork`.
- Pictures are drawn in CAMPAIGN_ART_CACHE_PATH (default .cache/campaign-art/),
  keyed on a digest of the slug, the palette, the size and ART_VERSION; an
  unchanged picture is never drawn again. Colours are the CAMPAIGN_ART
  settings namespace over DEFAULTS (those of site.css).

Counts of the last build are in `last_run`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from PIL import Image, ImageDraw

from kernel import drawn
from kernel.settings import merged_options

logger = logging.getLogger(__name__)

# Bump when the drawing changes: every picture is drawn again.
ART_VERSION = "1"
SIZE = (1600, 900)
SUPERSAMPLE = 2  # drawn at twice the size and scaled down: smooth edges without an anti-aliasing library
FILE_NAME = "beeld.png"
MOTIFS = ("zon", "deuren", "huizen", "samen")
DEFAULTS = {
    "navy": "#0b2745",
    "brand": "#123c69",
    "blue": "#1f5f9e",
    "sky": "#8fb8de",
    "accent": "#b3410e",
    "orange": "#e07a3f",
    "yellow": "#f2b84b",
    "cream": "#f6efe3",
}
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "campaign-art"


@dataclass
class RunStats:
    pictures: int = 0
    drawn: int = 0
    from_cache: int = 0


last_run = RunStats()


def read_config(settings) -> dict:
    return {
        "palette": merged_options(settings, "CAMPAIGN_ART", DEFAULTS, "campaign_art"),
        "cache": Path(settings.get("CAMPAIGN_ART_CACHE_PATH") or DEFAULT_CACHE),
    }


# ---------------------------------------------------------------- the drawing (runs in worker processes)

class Dice:
    """Numbers that follow from a seed alone (not from Python's random module, whose methods may change)."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.count = 0

    def random(self) -> float:
        self.count += 1
        digest = hashlib.sha256(f"{self.seed}:{self.count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def between(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def pick(self, options):
        return options[int(self.random() * len(options)) % len(options)]


def motif_of(slug: str) -> str:
    return MOTIFS[hashlib.sha256(slug.encode()).digest()[0] % len(MOTIFS)]


class Canvas:
    """A drawing surface in picture units (SIZE), drawn SUPERSAMPLE times larger."""

    def __init__(self, background: str) -> None:
        self.scale = SUPERSAMPLE
        self.image = Image.new("RGB", (SIZE[0] * self.scale, SIZE[1] * self.scale), background)
        self.draw = ImageDraw.Draw(self.image)

    def _points(self, points):
        return [(x * self.scale, y * self.scale) for x, y in points]

    def polygon(self, points, fill) -> None:
        self.draw.polygon(self._points(points), fill=fill)

    def rectangle(self, box, fill) -> None:
        x0, y0, x1, y1 = box
        self.draw.rectangle((x0 * self.scale, y0 * self.scale, x1 * self.scale, y1 * self.scale), fill=fill)

    def circle(self, x, y, radius, fill) -> None:
        s = self.scale
        self.draw.ellipse(((x - radius) * s, (y - radius) * s, (x + radius) * s, (y + radius) * s), fill=fill)

    def line(self, points, fill, width) -> None:
        self.draw.line(self._points(points), fill=fill, width=max(1, round(width * self.scale)))

    def finished(self) -> Image.Image:
        return self.image.resize(SIZE, Image.Resampling.LANCZOS)


def _wave(top: float, amplitude: float, length: float, phase: float, bottom: float) -> list[tuple[float, float]]:
    width = SIZE[0]
    edge = [(x, top + amplitude * math.sin(2 * math.pi * x / length + phase)) for x in range(0, width + 21, 20)]
    return [(0, bottom), *edge, (width, bottom)]


def draw_sun(dice: Dice, c: dict) -> Canvas:
    """A sun of half rings rising over bands of water."""
    canvas = Canvas(c["brand"])
    horizon = dice.between(520, 600)
    x = dice.between(420, 1180)
    for radius, colour in zip((430, 340, 255, 170, 90), (c["accent"], c["orange"], c["yellow"], c["cream"],
                                                         c["yellow"]), strict=True):
        canvas.circle(x, horizon, radius * dice.between(0.95, 1.05), colour)
    length = dice.between(380, 620)
    bands = (c["navy"], c["blue"], c["brand"], c["sky"], c["navy"])
    for index, colour in enumerate(bands):
        top = horizon - 10 + index * (SIZE[1] - horizon) / len(bands)
        canvas.polygon(_wave(top, dice.between(10, 22), length, dice.between(0, 6.3), SIZE[1]), colour)
    return canvas


def draw_doors(dice: Dice, c: dict) -> Canvas:
    """A row of open doors on a warm wall under a garland of flags; one door lit, its light on the floor."""
    canvas = Canvas(c["cream"])
    floor = 720
    canvas.rectangle((0, floor, SIZE[0], SIZE[1]), c["brand"])
    count = dice.pick((5, 6, 7))
    gap = SIZE[0] / count
    width = gap * 0.56
    lit = int(dice.random() * count)
    for index in range(count):
        left = gap * index + (gap - width) / 2
        top = dice.between(230, 300)
        colour = c["yellow"] if index == lit else dice.pick((c["brand"], c["blue"], c["accent"], c["navy"]))
        canvas.rectangle((left, top + width / 2, left + width, floor), colour)
        canvas.circle(left + width / 2, top + width / 2, width / 2, colour)
        if index == lit:
            spread = width * 0.9
            canvas.polygon([(left, floor), (left + width, floor), (left + width + spread, SIZE[1]),
                            (left - spread, SIZE[1])], c["orange"])
        else:  # the door itself, opened inwards
            canvas.polygon([(left + width * 0.62, top + width * 0.62), (left + width, top + width * 0.52),
                            (left + width, floor), (left + width * 0.62, floor - 24)], c["sky"])
    canvas.rectangle((0, floor - 6, SIZE[0], floor + 6), c["navy"])
    # A garland of flags along the top, sagging between two points.
    sag = dice.between(50, 90)
    flags = (c["accent"], c["yellow"], c["blue"], c["orange"], c["brand"])
    step, start = 64, dice.pick((0, 1, 2, 3, 4))
    line = [(x, 60 + sag * math.sin(math.pi * x / SIZE[0])) for x in range(0, SIZE[0] + 1, 40)]
    canvas.line(line, c["navy"], 4)
    for index, x in enumerate(range(16, SIZE[0], step)):
        y = 60 + sag * math.sin(math.pi * (x + 20) / SIZE[0])
        canvas.polygon([(x, y), (x + 44, y), (x + 22, y + 58)], flags[(index + start) % len(flags)])
    return canvas


def draw_houses(dice: Dice, c: dict) -> Canvas:
    """Rows of small houses under a night sky, their windows lit one by one."""
    canvas = Canvas(c["navy"])
    canvas.circle(dice.between(150, 1450), dice.between(110, 180), 70, c["yellow"])
    colours = (c["brand"], c["blue"], c["accent"], c["cream"], c["sky"])
    rows = ((330, 150), (520, 180), (720, 210))
    for row, (base, size) in enumerate(rows):
        x = -dice.between(0, size * 0.8)
        while x < SIZE[0]:
            width = size * dice.between(0.8, 1.15)
            height = size * dice.between(0.75, 1.0)
            colour = dice.pick(colours)
            canvas.rectangle((x, base - height, x + width, base + 200), colour)
            canvas.polygon([(x - 10, base - height), (x + width / 2, base - height - size * 0.55),
                            (x + width + 10, base - height)], c["accent"] if colour != c["accent"] else c["orange"])
            window = size * 0.2
            for wx in (x + width * 0.2, x + width * 0.8 - window):
                lit = dice.random() < 0.55
                canvas.rectangle((wx, base - height * 0.6, wx + window, base - height * 0.6 + window),
                                 c["yellow"] if lit else c["navy"])
            x += width + dice.between(12, 40)
        canvas.rectangle((0, base + 40 + row * 4, SIZE[0], base + 200), c["navy"] if row < 2 else c["brand"])
    return canvas


def draw_together(dice: Dice, c: dict) -> Canvas:
    """Many people, as round dots, coming together around one warm centre."""
    canvas = Canvas(c["navy"])
    cx, cy = dice.between(680, 920), dice.between(400, 500)
    colours = (c["sky"], c["yellow"], c["orange"], c["cream"], c["blue"])
    dots = []
    for ring in range(2, 10):
        radius = 95 * ring * dice.between(0.9, 1.1)
        count = 6 + ring * 4
        turn = dice.between(0, math.tau)
        for index in range(count):
            angle = turn + math.tau * index / count + dice.between(-0.08, 0.08)
            dots.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle) * 0.8,
                         dice.between(10, 30) * (1.25 - ring * 0.05), dice.pick(colours)))
    for index, radius in enumerate((1100, 820, 560, 320)):  # rings of the gathering, light to dark
        canvas.circle(cx, cy, radius, (c["brand"], c["navy"])[index % 2])
    for x, y, _size, _colour in dots:
        canvas.line([(cx, cy), (x, y)], c["blue"], 3)
    canvas.circle(cx, cy, 120, c["accent"])
    canvas.circle(cx, cy, 72, c["orange"])
    for x, y, size, colour in dots:
        canvas.circle(x, y, size, colour)
    return canvas


DRAWINGS = {"zon": draw_sun, "deuren": draw_doors, "huizen": draw_houses, "samen": draw_together}


def draw_art(job: dict) -> str:
    """Draw one campaign's picture as PNG at job["target"] (a file in the cache)."""
    canvas = DRAWINGS[motif_of(job["slug"])](Dice(job["slug"]), job["palette"])
    return drawn.save_png(canvas.finished(), Path(job["target"]))


# ---------------------------------------------------------------- handlers

def art_key(slug: str, palette: dict) -> str:
    values = {"version": ART_VERSION, "slug": slug, "size": SIZE, "supersample": SUPERSAMPLE, "palette": palette}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def art_path(item) -> str:
    """Where a campaign's picture is published: next to its page (campagnes/<slug>/beeld.png)."""
    return f"{item.url.strip('/')}/{FILE_NAME}"


def _campaigns(generator):
    for name in ("articles", "hidden_articles", "translations", "hidden_translations"):
        for item in getattr(generator, name, []):
            if getattr(item, "content_type", None) == "campagne" and getattr(item, "slug", None):
                yield item


def give_pictures(generator) -> None:
    """Every published campaign without `image` gets `artwork`; missing pictures are drawn."""
    global last_run
    config = read_config(generator.settings)
    palette = config["palette"]
    jobs, count = {}, 0
    for item in _campaigns(generator):
        if getattr(item, "image", None):
            if "artwork" in vars(item):
                del item.artwork
            continue
        cached = drawn.cache_file(config["cache"], art_key(item.slug, palette))
        jobs.setdefault(cached, {"slug": item.slug, "palette": palette})
        item.artwork = art_path(item)
        drawn.add(item.artwork, cached)
        count += 1
    made = drawn.draw_missing(draw_art, jobs)
    last_run = RunStats(pictures=count, drawn=made, from_cache=count - made)
    if count:
        logger.info("campaign_art: %d pictures; %d drawn, %d from cache", count, made, count - made)


def register():
    signals.article_generator_finalized.connect(give_pictures)
