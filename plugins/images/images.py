"""Image pipeline: responsive, cached, privacy-safe images made with Pillow.

What it does in one build:
- every image file in the static folders (content/images/, files/, extra/) is
  re-encoded without EXIF, GPS, XMP, ICC profile or comments; only the
  downloads of the media kit (kernel.credits) get their credit and licence
  written into the published original (XMP, IPTC IIM in a JPEG, EXIF Artist
  and Copyright), when IMAGES["keep_credit"] is true;
- for each image, responsive derivatives are made in several widths (never
  wider than the source), as WebP plus a JPEG fallback (PNG when the image has
  transparency);
- `<img>` tags in rendered Markdown bodies become `<picture>` with `srcset`,
  `sizes`, `width`/`height` and `loading="lazy"`, except the first image on a
  page (the item's main image when it has one, else the first body image);
- templates show an item's main image (`image` in the front matter) with the
  `responsive_image(path, alt, lazy=False)` global;
- a body image that does not exist, or loads from another site, is a content
  problem reported through the validation plugin (alt text is checked there).

Images that another plugin draws at build time (kernel.drawn: campaign_art)
are sources too: they get the same copies and the same `responsive_image`.

Body images are written as `![what it shows](images/file.jpg)`: the path is
relative to content/; `{static}/images/file.jpg` works too.

Cache: all files are made in IMAGES_CACHE_PATH (outside output/), one folder
per source image, keyed on a digest of the source bytes, the transform
settings and PIPELINE_VERSION. A build with nothing changed processes no
image; changed sources are processed over all cores (ProcessPoolExecutor).
Encoder settings are fixed and no timestamps are written, so output is
byte-identical between builds. `last_run` holds the counts of the last build.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup
from pelican import signals
from PIL import Image, ImageCms, ImageOps

from kernel import credits, drawn, output, preview, state
from kernel.html import IMG_TAG, tag_attributes
from kernel.parallel import run_jobs
from kernel.problems import Problem, display_path, problem_log
from kernel.settings import merged_options

logger = logging.getLogger(__name__)

# Bump when the way files are made changes: every cached result is remade.
PIPELINE_VERSION = "2"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
DEFAULTS = {
    "widths": [480, 800, 1200, 1600],
    "jpeg_quality": 82,
    "webp_quality": 78,
    "original_jpeg_quality": 92,
    "keep_credit": True,
    # The prose column is 42rem wide; below that the image spans the screen.
    "sizes": "(min-width: 46rem) 42rem, calc(100vw - 2rem)",
    "fallback_width": 800,
}
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "images"
FORMATS = {"jpeg": ("JPEG", ".jpg", "image/jpeg"), "png": ("PNG", ".png", "image/png"),
           "webp": ("WEBP", ".webp", "image/webp")}
STATIC_LINK = re.compile(r"^\{static\}")
# Output names of derivatives: <stem>-<10 hex of the cache key>-w<width>.<format>
DERIVATIVE_NAME = re.compile(r"-[0-9a-f]{10}-w\d+\.(?:webp|jpg|png)$")


@dataclass
class RunStats:
    """Counts of one build, for the log line and for tests."""

    sources: int = 0
    processed: int = 0
    from_cache: int = 0
    files: int = 0
    processed_sources: list[str] = field(default_factory=list)


last_run = RunStats()
# Per build: content-relative source path -> manifest (dict written by process_image).
_manifests: dict[str, dict] = state.per_build({})
_config: dict = state.per_build({})
_rewritten = state.Memo("images.bodies")
_body_problems = state.Memo("images.body_problems")


# ---------------------------------------------------------------- settings

def read_config(settings) -> dict:
    """IMAGES (dict) merged over DEFAULTS, plus the cache folder; bad keys are errors."""
    options = merged_options(settings, "IMAGES", DEFAULTS, "images")
    options["widths"] = sorted({int(w) for w in options["widths"]})
    cache = settings.get("IMAGES_CACHE_PATH") or DEFAULT_CACHE
    return {
        "options": options,
        "cache": Path(cache),
        "content": Path(settings["PATH"]).resolve(),
        "output": Path(settings["OUTPUT_PATH"]).resolve(),
        "siteurl": settings.get("SITEURL", ""),
    }


def transform_params(options: dict) -> dict:
    """The settings that change the produced bytes (part of the cache key)."""
    keys = ("widths", "jpeg_quality", "webp_quality", "original_jpeg_quality", "keep_credit")
    return {key: options[key] for key in keys}


def cache_key(data: bytes, params: dict) -> str:
    digest = hashlib.sha256()
    digest.update(PIPELINE_VERSION.encode())
    digest.update(json.dumps(params, sort_keys=True).encode())
    digest.update(data)
    return digest.hexdigest()


# ---------------------------------------------------------------- the work (runs in worker processes)

def target_widths(source_width: int, widths: list[int]) -> list[int]:
    """The derivative widths for a source: never upscaled; the source width closes the set."""
    chosen = [w for w in widths if w < source_width]
    if source_width <= max(widths) or not chosen:
        chosen.append(min(source_width, max(widths)))
    elif max(widths) not in chosen:
        chosen.append(max(widths))
    return sorted(set(chosen))


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _credit_exif(credit: credits.Credit) -> bytes:
    """The EXIF tags written into the published originals of media kit downloads."""
    exif = Image.Exif()
    exif[0x013B] = credit.creator  # Artist
    exif[0x8298] = credit.rights  # Copyright
    return exif.tobytes()


def _clean(image: Image.Image) -> Image.Image:
    """Upright, sRGB, in a mode every format takes, with no metadata left in .info."""
    image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}
    return image


def _save(image: Image.Image, path: Path, kind: str, options: dict, quality_key: str = "",
          credit: dict | None = None):
    """Save without metadata; with `credit` (a media kit download) its credit and licence are written in."""
    image.info = {}
    fmt = FORMATS[kind][0]
    if kind == "jpeg":
        params = {"quality": options[quality_key or "jpeg_quality"], "optimize": True, "progressive": True,
                  "subsampling": "4:2:0"}
    elif kind == "webp":
        params = {"quality": options["webp_quality"], "method": 4}
    else:
        params = {"optimize": True}
    value = credits.Credit(**credit) if credit else None
    if value is not None:
        params["exif"] = _credit_exif(value)
        if kind == "png":
            params["pnginfo"] = credits.png_info(value)
        else:
            params["xmp"] = credits.xmp_packet(value)
    if kind == "jpeg" and value is not None:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **params)
        path.write_bytes(credits.jpeg_with_iptc(buffer.getvalue(), value))
        return
    image.save(path, fmt, **params)


def process_image(job: dict) -> dict:
    """Make the clean original and all derivatives of one source in its cache folder."""
    source = Path(job["source"])
    options = job["options"]
    final = Path(job["folder"])
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    with Image.open(source) as opened:
        opened.load()
        credit = job.get("credit") if options["keep_credit"] else None
        original_format = (opened.format or "").upper()
        image = _clean(opened)
    has_alpha = image.mode == "RGBA"
    fallback = "png" if has_alpha else "jpeg"
    # The published original: same format as the source, metadata stripped.
    original_kind = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}.get(original_format, fallback)
    original_name = "original" + FORMATS[original_kind][1]
    _save(image.copy(), work / original_name, original_kind, options, "original_jpeg_quality", credit)
    variants = []
    for width in target_widths(image.width, options["widths"]):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for kind in ("webp", fallback):
            name = f"w{width}{FORMATS[kind][1]}"
            _save(resized.copy(), work / name, kind, options)
            variants.append({"width": width, "height": height, "format": kind, "file": name})
    manifest = {"width": image.width, "height": image.height, "alpha": has_alpha,
                "original": original_name, "variants": variants}
    (work / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    if final.exists():
        shutil.rmtree(work)
    else:
        os.replace(work, final)
    return manifest


# ---------------------------------------------------------------- handlers

def start_run(pelican) -> None:
    """Read settings once per build; the kernel has emptied the previous build's state."""
    global last_run
    _config.update(read_config(pelican.settings))
    last_run = RunStats()
    return None  # get_generators: no generator of our own


def _items(generators):
    for generator in generators:
        for name in ("articles", "hidden_articles", "pages", "hidden_pages", "translations",
                     "hidden_translations"):
            yield from getattr(generator, name, [])


_attributes = tag_attributes


def resolve_source(src: str, source_path: str, content_root: Path) -> str | None:
    """A body image's path below content/, or None when it points to another site.

    `images/x.jpg` and `/images/x.jpg` are below content/; `{static}/images/x.jpg`
    too; `{static}x.jpg` is relative to the Markdown file, as in Pelican.
    """
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if STATIC_LINK.match(path):
        path = STATIC_LINK.sub("", path)
        if not path.startswith("/"):
            folder = Path(source_path).resolve().parent.relative_to(content_root).as_posix()
            return posixpath.normpath(posixpath.join(folder, path))
    return posixpath.normpath(path.lstrip("/"))


def check_bodies(generator) -> None:
    """Body images that do not exist or load from another site are content problems.

    Runs when each generator has read its content, before the validation
    plugin reports all problems and stops the build.
    """
    settings = generator.settings
    content_root = Path(settings["PATH"]).resolve()
    for item in _items([generator]):
        body = item._content or ""
        if "<img" not in body:
            continue
        problem_log.extend(_body_problems.get(
            (item.source_path, body), lambda item=item: tuple(_check_body(item, settings, content_root))))


def refresh_body(item, settings) -> list[Problem]:
    """The preview's quick body edit (kernel.preview): check and rewrite one item's new body."""
    problems = _check_body(item, settings, Path(settings["PATH"]).resolve())
    if not problems:
        rewrite_bodies([_One(item)])
    return problems


class _One:
    """A stand-in generator holding one item, for rewrite_bodies()."""

    def __init__(self, item) -> None:
        self.articles = [item]


def _check_body(item, settings, content_root: Path) -> list[Problem]:
    problems = []
    for tag in IMG_TAG.findall(item._content or ""):
        src = dict(_attributes(tag)).get("src") or ""
        relative = resolve_source(src, item.source_path, content_root)
        if relative is None:
            problems.append(Problem(display_path(item.source_path, settings), "(tekst)",
                                    f"het beeld '{src}' komt van een andere website",
                                    "zet een kopie in content/images/ en verwijs ernaar",
                                    "![wat het toont](images/bestand.jpg)"))
        elif src and not (content_root / relative).is_file():
            problems.append(Problem(display_path(item.source_path, settings), "(tekst)",
                                    f"het beeld '{src}' bestaat niet",
                                    "zet het bestand in content/images/ en verwijs ernaar",
                                    "![wat het toont](images/bestand.jpg)"))
    return problems


def _static_images(generators) -> dict[str, Path]:
    found = {}
    for generator in generators:
        for static in getattr(generator, "staticfiles", []):
            if Path(static.source_path).suffix.lower() in IMAGE_SUFFIXES:
                found[static.relative_source_path.replace(os.sep, "/")] = Path(static.source_path)
    return found


# A preview rebuild reads no image and no manifest again: the key of a file (its bytes) is kept
# while its size and date stay, and a manifest never changes once written (its folder is its key).
_source_keys = state.Memo("images.source_keys")
_read_manifests = state.Memo("images.manifests")


def source_key(path: Path, params: dict) -> str:
    stat = path.stat()
    return _source_keys.get((str(path), stat.st_mtime_ns, stat.st_size, json.dumps(params, sort_keys=True)),
                            lambda: cache_key(path.read_bytes(), params))


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def prepare(generators) -> None:
    """Make (or take from the cache) every image, then rewrite the bodies."""
    if not _config:
        return
    options = _config["options"]
    params = transform_params(options)
    cache: Path = _config["cache"]
    sources = _static_images(generators)
    sources.update(drawn.sources())
    jobs, keys = [], {}
    for relative, path in sorted(sources.items()):
        credit = credits.of(relative)
        credit = vars(credit) if credit else None  # part of the key: a changed credit is written again
        key = source_key(path, {**params, "credit": credit} if credit else params)
        folder = cache / key[:2] / key
        keys[relative] = (key, folder)
        manifest_file = folder / "manifest.json"
        if manifest_file.is_file():
            _manifests[relative] = dict(_read_manifests.get(str(manifest_file), lambda m=manifest_file: _read_json(m)))
        else:
            jobs.append({"relative": relative, "source": str(path), "folder": str(folder), "options": options,
                         "credit": credit})
    for job, manifest in zip(jobs, run_jobs(process_image, jobs), strict=True):
        _manifests[job["relative"]] = manifest
    for relative, (key, folder) in keys.items():
        manifest = _manifests[relative]
        manifest["key"] = key
        manifest["folder"] = str(folder)
        manifest["relative"] = relative
    last_run.sources = len(sources)
    last_run.processed = len(jobs)
    last_run.from_cache = len(sources) - len(jobs)
    last_run.processed_sources = [job["relative"] for job in jobs]
    last_run.files = sum(len(m["variants"]) + 1 for m in _manifests.values())
    rewrite_bodies(generators)
    # The clean originals replace Pelican's copies: it need not copy the sources at all.
    for generator in generators:
        files = getattr(generator, "staticfiles", None)
        if files:
            files[:] = [f for f in files if f.relative_source_path.replace(os.sep, "/") not in sources]


def _variant_url(manifest: dict, variant: dict) -> str:
    stem, _suffix = posixpath.splitext(manifest["relative"])
    return f"{_config['siteurl']}/{stem}-{manifest['key'][:10]}-{variant['file']}"


def variant_path(manifest: dict, variant: dict) -> str:
    """Output path of one derivative, relative to the output folder."""
    stem, _suffix = posixpath.splitext(manifest["relative"])
    return f"{stem}-{manifest['key'][:10]}-{variant['file']}"


def picture(relative: str, alt: str, *, lazy: bool, extra: list[tuple[str, str | None]] = (),
            classes: str = "", sizes: str = "", max_width: int = 0) -> str:
    """`<picture>` markup for one image below content/ (alt is plain text, escaped here).

    `sizes`: how wide the layout shows it (default IMAGES["sizes"], the prose column);
    `max_width`: offer no copy wider than this (a small card needs no 1600 px copy; shorter markup).
    """
    manifest = _manifests[relative]
    options = _config["options"]
    sizes = sizes or options["sizes"]
    variants = manifest["variants"]
    if max_width:
        smallest = min(v["width"] for v in variants)
        variants = [v for v in variants if v["width"] <= max(max_width, smallest)]
    by_format: dict[str, list[dict]] = {}
    for variant in variants:
        by_format.setdefault(variant["format"], []).append(variant)
    fallback_kind = "png" if manifest["alpha"] else "jpeg"
    fallbacks = by_format[fallback_kind]
    chosen = min(fallbacks, key=lambda v: abs(v["width"] - options["fallback_width"]))
    largest = fallbacks[-1]

    def srcset(variants):
        return ", ".join(f"{_variant_url(manifest, v)} {v['width']}w" for v in variants)

    attributes = [
        ("src", _variant_url(manifest, chosen)),
        ("srcset", srcset(fallbacks)),
        ("sizes", sizes),
        ("width", str(largest["width"])),
        ("height", str(largest["height"])),
        ("alt", alt),
    ]
    skip = {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"}
    attributes += [(name, value) for name, value in extra if name not in skip]
    if lazy:
        attributes += [("loading", "lazy"), ("decoding", "async")]
    img = "<img " + " ".join(
        name if value is None else f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes
    ) + ">"
    css = f' class="{html.escape(classes)}"' if classes else ""
    sources = "".join(
        f'<source type="{FORMATS[kind][2]}" srcset="{html.escape(srcset(by_format[kind]))}" '
        f'sizes="{html.escape(sizes)}">'
        for kind in ("webp",) if kind in by_format
    )
    return f"<picture{css}>{sources}{img}</picture>"


class _Body:
    """What Pelican's Content.get_content() takes instead of `_content` when an item has `_get_content`."""

    def __init__(self, html: str) -> None:
        self.html = html

    def __call__(self) -> str:
        return self.html


def rewrite_bodies(generators) -> None:
    """Every body's <img> tags as <picture>, in what pages and feeds show (`_get_content`).

    The body as read (`_content`) stays as it is, so checks read what the author
    wrote, and an item kept between preview builds is rewritten from its text again.
    """
    version = hashlib.sha256(repr(sorted((r, m["key"]) for r, m in _manifests.items())).encode()).hexdigest()
    for item in _items(generators):
        source = item._content
        if source and "<img" in source:
            key = (source, item.source_path, bool(getattr(item, "image", None)), version, _config["siteurl"])
            item._get_content = _Body(_rewritten.get(key, lambda item=item, source=source: _rewrite(item, source)))
        elif "_get_content" in vars(item):
            del item._get_content


def _rewrite(item, body: str) -> str:
    content_root = _config["content"]
    first = not getattr(item, "image", None)

    def replace(match, item=item):
        nonlocal first
        attributes = _attributes(match.group(0))
        values = dict(attributes)
        relative = resolve_source(values.get("src") or "", item.source_path, content_root)
        if relative not in _manifests:
            if relative and not STATIC_LINK.match(values.get("src") or ""):
                # An SVG or GIF: served as is, from the site root.
                values_src = f"{_config['siteurl']}/{relative}"
                return match.group(0).replace(f'src="{values.get("src")}"', f'src="{values_src}"', 1)
            return match.group(0)
        lazy = not first
        first = False
        return picture(relative, values.get("alt") or "", lazy=lazy, extra=attributes)

    return IMG_TAG.sub(replace, body)


def responsive_image(path, alt, lazy: bool = False, classes: str = "vw-figure__image", sizes: str = "",
                     priority: bool = False, max_width: int = 0) -> Markup:
    """Template global: the `<picture>` of an item's main image (front-matter `image`, or a drawn one).

    `sizes` overrides IMAGES["sizes"] where the layout shows it at another width (cards, a wide
    hero); `max_width` leaves out wider copies; `priority` marks the image the first screen
    waits for (fetchpriority="high").
    """
    relative = posixpath.normpath(str(path).removeprefix("{static}").lstrip("/"))
    if relative not in _manifests:  # an SVG or GIF: served as is
        return Markup('<img class="{}" src="{}/{}" alt="{}">').format(classes, _config["siteurl"], relative, alt)
    extra = [("fetchpriority", "high")] if priority and not lazy else []
    return Markup(picture(relative, str(alt), lazy=lazy, classes=classes, sizes=str(sizes or ""), extra=extra,
                          max_width=int(max_width or 0)))


def add_template_global(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["responsive_image"] = responsive_image


def write_output(pelican) -> None:
    """Every clean original and derivative, from the cache (linked into the output, or served in a preview)."""
    if not _config:
        return
    settings = pelican.settings
    for relative, manifest in sorted(_manifests.items()):
        folder = Path(manifest["folder"])
        output.provide(settings, relative, folder / manifest["original"])
        for variant in manifest["variants"]:
            output.provide(settings, variant_path(manifest, variant), folder / variant["file"])
    logger.info("images: %d sources, %d files; %d processed, %d from cache",
                last_run.sources, last_run.files, last_run.processed, last_run.from_cache)


def register():
    if refresh_body not in preview.body_edits.refreshers:
        preview.body_edits.refreshers.append(refresh_body)
    signals.get_generators.connect(start_run)
    signals.generator_init.connect(add_template_global)
    signals.article_generator_finalized.connect(check_bodies)
    signals.page_generator_finalized.connect(check_bodies)
    signals.all_generators_finalized.connect(prepare)
    signals.finalized.connect(write_output)
