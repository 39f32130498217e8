"""Social cards: one 1200x630 Open Graph image per page, drawn with Pillow.

Templates call the global `social_card(title, label, url)` while a page is
rendered (theme/templates/partials/social.html does, from base.html); it
registers the card and returns its address, /social/<page address>.png
(/social/startpagina.png for the home page). At `finalized` every registered
card is drawn, or taken from the cache.

A card shows the type label, the title and the site name in the
organisation's colours (--vw-brand, --vw-accent of site.css) with DejaVu
Sans from theme/fonts/ (it has "ĳ" and every Dutch diacritic). The cache
(SOCIAL_CARDS_CACHE_PATH, default .cache/social-cards/) is keyed on a digest
of the rendered values, the layout settings, the font files and
LAYOUT_VERSION; unchanged cards are not redrawn, and a card goes into the
output as a link to its cache file (in a preview it is served from the cache).
`social_card` is a kernel.render effect: a page rendered in a worker, or not
rendered again in a preview, still registers its card. Counts of the last
build are in `last_run`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from PIL import Image, ImageDraw, ImageFont

from kernel import drawn, output, state
from kernel.render import effect
from kernel.settings import merged_options

logger = logging.getLogger(__name__)

LAYOUT_VERSION = "1"
SIZE = (1200, 630)
DEFAULTS = {
    "brand": "#123c69",
    "accent": "#b3410e",
    "ink": "#ffffff",
    "muted": "#c9d6e6",
    "font": "fonts/DejaVuSans.ttf",
    "font_bold": "fonts/DejaVuSans-Bold.ttf",
}
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "social-cards"
OUTPUT_FOLDER = "social"
HOME_NAME = "startpagina"


@dataclass
class RunStats:
    cards: int = 0
    drawn: int = 0
    from_cache: int = 0


last_run = RunStats()
_config: dict = state.per_build({})
# Output path (below output/) -> (title, label)
_cards: dict[str, tuple[str, str]] = state.per_build({})


def read_config(settings) -> dict:
    options = merged_options(settings, "SOCIAL_CARDS", DEFAULTS, "social_cards")
    theme = Path(settings["THEME"])
    for key in ("font", "font_bold"):
        options[key] = str((theme / options[key]).resolve())
    return {
        "options": options,
        "cache": Path(settings.get("SOCIAL_CARDS_CACHE_PATH") or DEFAULT_CACHE),
        "siteurl": settings.get("SITEURL", ""),
        "sitename": settings.get("SITENAME", ""),
    }


def card_path(url: str) -> str:
    """social/<address>.png for a page address such as persberichten/2026/x/ or 404.html."""
    path = url.split("#", 1)[0].strip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    if path.endswith(".html"):
        path = path[: -len(".html")]
    return f"{OUTPUT_FOLDER}/{path or HOME_NAME}.png"


def start_run(pelican) -> None:
    global last_run
    _config.update(read_config(pelican.settings))
    _config["fonts_digest"] = _fonts_digest(_config["options"])
    last_run = RunStats()
    return None  # get_generators: no generator of our own


def _fonts_digest(options: dict) -> str:
    digest = hashlib.sha256()
    for key in ("font", "font_bold"):
        digest.update(Path(options[key]).read_bytes())
    return digest.hexdigest()


@effect
def social_card(title, label, url) -> str:
    """Template global: register the card of the page at `url`; returns the card's address."""
    path = card_path(str(url))
    _cards[path] = (" ".join(str(title).split()), str(label or ""))
    return f"{_config.get('siteurl', '')}/{path}"


def add_template_global(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["social_card"] = social_card


# ---------------------------------------------------------------- drawing (runs in worker processes)

def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def draw_card(job: dict) -> str:
    """Draw one card as PNG at job["target"] (a file in the cache)."""
    options = job["options"]
    image = Image.new("RGB", SIZE, options["brand"])
    draw = ImageDraw.Draw(image)
    margin = 80
    width = SIZE[0] - 2 * margin
    # Accent band on the left and along the bottom, as the site's header border.
    draw.rectangle((0, 0, 24, SIZE[1]), fill=options["accent"])
    draw.rectangle((0, SIZE[1] - 16, SIZE[0], SIZE[1]), fill=options["accent"])
    top = 72
    if job["label"]:
        label_font = ImageFont.truetype(options["font_bold"], 32)
        label = job["label"].upper()
        box = draw.textbbox((margin, top), label, font=label_font)
        draw.rectangle((box[0] - 14, box[1] - 10, box[2] + 14, box[3] + 12), fill=options["accent"])
        draw.text((margin, top), label, font=label_font, fill=options["ink"])
        top = box[3] + 48
    bottom_space = 140
    for size in (72, 64, 56, 48, 42, 36):
        font = ImageFont.truetype(options["font_bold"], size)
        lines = _wrap(draw, job["title"], font, width)
        line_height = round(size * 1.22)
        if top + len(lines) * line_height <= SIZE[1] - bottom_space:
            break
    max_lines = max(1, (SIZE[1] - bottom_space - top) // line_height)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + " …", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=options["ink"])
    site_font = ImageFont.truetype(options["font"], 34)
    draw.text((margin, SIZE[1] - 96), job["sitename"], font=site_font, fill=options["muted"])
    return drawn.save_png(image, Path(job["target"]))


_keys = state.Memo("social_cards.keys")


def card_key(title: str, label: str) -> str:
    options = tuple(sorted((k, str(v)) for k, v in _config["options"].items()))
    return _keys.get((title, label, _config["sitename"], options, _config["fonts_digest"]),
                     lambda: _card_key(title, label))


def _card_key(title: str, label: str) -> str:
    values = {"version": LAYOUT_VERSION, "title": title, "label": label, "sitename": _config["sitename"],
              "options": {k: v for k, v in _config["options"].items() if k not in ("font", "font_bold")},
              "fonts": _config["fonts_digest"], "size": SIZE}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def write_cards(pelican) -> None:
    output.pages_written()
    if not _config:
        return
    jobs, files = {}, {}
    for path, (title, label) in sorted(_cards.items()):
        cached = files[path] = drawn.cache_file(_config["cache"], card_key(title, label))
        jobs.setdefault(cached, {"title": title, "label": label, "sitename": _config["sitename"],
                                 "options": _config["options"]})
    made = drawn.draw_missing(draw_card, jobs)
    for path, cached in files.items():
        output.provide(pelican.settings, path, cached)
    last_run.cards = len(files)
    last_run.drawn = made
    last_run.from_cache = len(files) - made
    logger.info("social_cards: %d cards; %d drawn, %d from cache", last_run.cards, last_run.drawn,
                last_run.from_cache)


def register():
    signals.get_generators.connect(start_run)
    signals.generator_init.connect(add_template_global)
    signals.finalized.connect(write_cards)
