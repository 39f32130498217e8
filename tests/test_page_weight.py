"""Page weight budget, over every page of the built site.

Readers are on phones, often on slow connections. For every HTML page:
- the HTML itself is at most 60 KB;
- all CSS it loads (stylesheets, their @imports, inline <style>) is at most 20 KB;
- all JavaScript it loads (scripts, their static imports, inline scripts) is at
  most 10 KB; on the search page, Pagefind's own scripts and styles (/pagefind/)
  are excepted from both budgets;
- nothing from another host is loaded at all, and no script in <head> blocks
  rendering (external scripts there are defer, async or modules);
- images are served at the width the layout needs: no image file (src or any
  srcset candidate) is wider than twice the widest layout (72rem = 1152 CSS px,
  so 2304 px), a srcset "w" descriptor tells the truth, and an image wider
  than the layout itself comes with srcset and sizes.
Sizes are uncompressed bytes on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

KB = 1024
HTML_BUDGET = 60 * KB
CSS_BUDGET = 20 * KB
JS_BUDGET = 10 * KB
LAYOUT_MAX_PX = 1152  # 72rem at 16px: the widest container of the layout
IMAGE_MAX_PX = 2 * LAYOUT_MAX_PX  # sharp on 2x screens, never more
EXEMPT_PREFIX = "/pagefind/"  # the search page's Pagefind bundle (its scripts and styles)
SEARCH_PAGE = "/zoeken/"
# The component gallery (plugins/gallery) shows every component at once and loads every stylesheet;
# it exists in preview builds only and is never published (tests/test_gallery.py checks both).
PREVIEW_ONLY = ("/componenten/",)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
JS_IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?|\bimport\s*\()\s*['"]([^'"]+)['"]""")
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


@dataclass
class Weight:
    url: str
    html: int = 0
    css: int = 0
    js: int = 0
    problems: list[str] = field(default_factory=list)


def _local(url: str, page_url: str) -> str | None:
    """The root-relative path of a same-site URL, or None for another host."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return ""
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        return parts.path
    base = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
    return base + parts.path


def _file(output: Path, path: str) -> Path:
    target = output / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def _with_imports(output: Path, path: str, pattern: re.Pattern, seen: set[str]) -> int:
    """Bytes of one local asset plus everything it imports statically, each counted once."""
    if path in seen:
        return 0
    seen.add(path)
    target = _file(output, path)
    if not target.is_file():
        return 0  # a missing asset is the link checker's business, not the budget's
    data = target.read_bytes()
    total = len(data)
    for imported in pattern.findall(data.decode("utf-8", "replace")):
        local = _local(imported, path)
        if local:
            total += _with_imports(output, local, pattern, seen)
    return total


def _srcset(value: str) -> list[tuple[str, str]]:
    candidates = []
    for part in value.split(","):
        bits = part.strip().split()
        if bits:
            candidates.append((bits[0], bits[1] if len(bits) > 1 else ""))
    return candidates


def _image_width(path: Path) -> int | None:
    if path.suffix.lower() not in RASTER or not path.is_file():
        return None
    with Image.open(path) as image:
        return image.width


def _check_images(soup: BeautifulSoup, output: Path, weight: Weight) -> None:
    for element in soup.find_all(["img", "source"]):
        candidates = [(element.get("src"), "")] if element.get("src") else []
        candidates += _srcset(element.get("srcset", ""))
        has_srcset = bool(element.get("srcset"))
        for url, descriptor in candidates:
            local = _local(url, weight.url)
            if local is None:
                weight.problems.append(f"image {url} comes from another host")
                continue
            if not local:
                continue
            width = _image_width(_file(output, local))
            if width is None:
                continue
            if width > IMAGE_MAX_PX:
                weight.problems.append(f"image {url} is {width} px wide; at most {IMAGE_MAX_PX} px is ever shown")
            if descriptor.endswith("w") and descriptor[:-1].isdigit() and int(descriptor[:-1]) != width:
                weight.problems.append(f"image {url} is described as {descriptor} but is {width} px wide")
            if element.name == "img" and not has_srcset and width > LAYOUT_MAX_PX:
                weight.problems.append(f"image {url} is {width} px wide without srcset/sizes: "
                                       "phones would download the large file")
        if has_srcset and any(d.endswith("w") for _, d in _srcset(element["srcset"])) and not element.get("sizes"):
            weight.problems.append(f"image with srcset {element['srcset'][:60]}... has no sizes attribute")


def weigh(output: Path, url: str) -> Weight:
    """Measure one built page against the budget; problems name what is wrong."""
    page = _file(output, url)
    data = page.read_bytes()
    weight = Weight(url=url, html=len(data))
    soup = BeautifulSoup(data, "lxml")
    head = soup.head
    css_seen: set[str] = set()
    js_seen: set[str] = set()
    for link in soup.find_all("link", href=True):
        rel = {r.lower() for r in link.get("rel", [])}
        local = _local(link["href"], url)
        if local is None and rel & {"stylesheet", "preload", "modulepreload", "preconnect", "dns-prefetch",
                                    "prefetch", "icon", "manifest"}:
            weight.problems.append(f"<link rel={' '.join(sorted(rel))}> loads {link['href']} from another host")
        if "stylesheet" in rel and local and not (url == SEARCH_PAGE and local.startswith(EXEMPT_PREFIX)):
            weight.css += _with_imports(output, local, CSS_IMPORT, css_seen)
    for style in soup.find_all("style"):
        weight.css += len(style.get_text().encode("utf-8"))
        for imported in CSS_IMPORT.findall(style.get_text()):
            if _local(imported, url) is None:
                weight.problems.append(f"inline style imports {imported} from another host")
    for script in soup.find_all("script"):
        src = script.get("src")
        kind = (script.get("type") or "").lower()
        if not src:
            if kind in ("", "module", "text/javascript", "application/javascript"):
                weight.js += len(script.get_text().encode("utf-8"))
            continue
        local = _local(src, url)
        if local is None:
            weight.problems.append(f"<script> loads {src} from another host")
            continue
        if head is not None and script in head.descendants and kind != "module" \
                and not script.has_attr("defer") and not script.has_attr("async"):
            weight.problems.append(f"<script src={src}> in <head> blocks rendering (add defer)")
        if url == SEARCH_PAGE and local.startswith(EXEMPT_PREFIX):
            continue
        weight.js += _with_imports(output, local, JS_IMPORT, js_seen)
    _check_images(soup, output, weight)
    if weight.html > HTML_BUDGET:
        weight.problems.append(f"HTML is {weight.html / KB:.1f} KB; budget {HTML_BUDGET // KB} KB")
    if weight.css > CSS_BUDGET:
        weight.problems.append(f"CSS is {weight.css / KB:.1f} KB; budget {CSS_BUDGET // KB} KB")
    if weight.js > JS_BUDGET:
        weight.problems.append(f"JavaScript is {weight.js / KB:.1f} KB; budget {JS_BUDGET // KB} KB")
    return weight


def test_every_page_is_within_the_budget(site):
    urls = [url for url in site.page_urls() if not url.startswith(PREVIEW_ONLY)]
    assert len(urls) > 20, "the real site should have many pages"
    weights = [weigh(site.output, url) for url in urls]
    problems = [f"{w.url}: {p}" for w in weights for p in w.problems]
    assert not problems, "Page weight budget exceeded:\n" + "\n".join(problems)
    # Every page loads the stylesheet and the script: the budget really measured them.
    assert all(w.css > 0 for w in weights), [w.url for w in weights if w.css == 0]
    assert all(w.js > 0 for w in weights), [w.url for w in weights if w.js == 0]


def test_no_css_or_font_from_another_host(site):
    """A stylesheet may not pull fonts or images from elsewhere either."""
    found = []
    for css in site.output.rglob("*.css"):
        if "pagefind" in css.relative_to(site.output).parts:
            continue
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _local(url, "/" + css.relative_to(site.output).as_posix()) is None:
                found.append(f"{css.relative_to(site.output)}: {url}")
    assert not found


@pytest.fixture
def heavy_site(tmp_path) -> Path:
    """A tiny output tree that breaks every rule once."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("@import '/css/b.css';\n" + "a{}" * 4000)
    (tmp_path / "css" / "b.css").write_text("b{}" * 4000)
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("import '/js/b.js';\n" + "x;" * 3000)
    (tmp_path / "js" / "b.js").write_text("y;" * 3000)
    (tmp_path / "img").mkdir()
    Image.new("RGB", (3000, 10)).save(tmp_path / "img" / "wide.jpg")
    Image.new("RGB", (1500, 10)).save(tmp_path / "img" / "mid.jpg")
    (tmp_path / "zware-pagina").mkdir()
    html = (
        "<!DOCTYPE html><html><head><title>x</title>"
        "<link rel='stylesheet' href='/css/a.css'>"
        "<link rel='stylesheet' href='https://fonts.example.org/css'>"
        "<script src='/js/a.js'></script>"
        "</head><body><img src='/img/wide.jpg' alt='x'>"
        "<img src='/img/mid.jpg' alt='y'>"
        "<img src='/img/mid.jpg' srcset='/img/mid.jpg 800w' alt='z'>"
        f"<p>{'tekst ' * 12000}</p></body></html>"
    )
    (tmp_path / "zware-pagina" / "index.html").write_text(html)
    return tmp_path


def test_the_budget_catches_each_kind_of_excess(heavy_site):
    weight = weigh(heavy_site, "/zware-pagina/")
    text = "\n".join(weight.problems)
    assert weight.css == 24000 + len("@import '/css/b.css';\n")
    assert weight.js == 12000 + len("import '/js/b.js';\n")
    assert "HTML is" in text
    assert "CSS is" in text
    assert "JavaScript is" in text
    assert "fonts.example.org" in text
    assert "blocks rendering" in text
    assert "wide.jpg is 3000 px wide; at most 2304" in text
    assert "mid.jpg is 1500 px wide without srcset" in text
    assert "described as 800w but is 1500 px wide" in text
    assert "has no sizes attribute" in text
