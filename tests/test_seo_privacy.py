"""Sitemap, robots.txt, 404 page, Content Security Policy and the no-third-party scan (plugins/seo)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from sitechecks.third_party import find_third_party_requests

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CSP_REQUIRED = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")
# Script types that are data, not code: CSP does not apply to them.
DATA_SCRIPTS = ("application/ld+json", "application/json")


def _pages(site):
    return [url for url in site.page_urls() if not url.startswith("/pagefind/")]


# ---------------------------------------------------------------- sitemap, robots, 404

def test_sitemap_lists_every_published_page_and_nothing_else(site):
    tree = etree.parse(str(site.output / "sitemap.xml"))
    locs = [loc.text for loc in tree.iter(f"{SITEMAP_NS}loc")]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert site.file_for(loc).is_file(), loc
    expected = set()
    for url in _pages(site):
        robots = site.soup(url).select_one('meta[name="robots"]')
        if url != "/404.html" and not (robots and "noindex" in robots["content"]):
            expected.add(url)
    assert set(locs) == expected
    assert "/persberichten/2026/petitie-gelanceerd/" in locs and "/404.html" not in locs
    lastmods = [e.text for e in tree.iter(f"{SITEMAP_NS}lastmod")]
    assert lastmods and all(re.match(r"\d{4}-\d\d-\d\dT", t) for t in lastmods)


def test_robots_txt_points_to_the_sitemap(site):
    text = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert re.search(r"^Sitemap: \S*/sitemap\.xml$", text, re.MULTILINE)


def test_404_page_is_dutch_and_helpful(site):
    soup = site.soup("/404.html")
    assert soup.html["lang"] == "nl-BE"
    assert soup.h1.get_text(strip=True) == "Pagina niet gevonden"
    hrefs = {a["href"] for a in soup.select("main a[href]")}
    assert {"/", "/persberichten/", "/contact/"} <= hrefs
    for href in hrefs:
        assert href.startswith("/"), "root-relative: the page is shown at any missing address"
    assert soup.select_one("main form")["action"] == "/zoeken/"
    assert "noindex" in soup.select_one('meta[name="robots"]')["content"]


# ---------------------------------------------------------------- Content Security Policy

def test_every_page_has_the_policy_before_anything_loads(site):
    for url in _pages(site):
        head = site.soup(url).head
        metas = head.select('meta[http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, url
        policy = metas[0]["content"]
        for directive in CSP_REQUIRED:
            assert directive in policy, (url, directive)
        assert "unsafe-inline" not in policy and "unsafe-eval'" not in policy.replace("wasm-unsafe-eval'", ""), url
        order = head.find_all(True)
        assert order.index(metas[0]) < order.index(head.find(["link", "script", "style"])), url


def test_no_markup_that_the_policy_would_block(site):
    for path in site.html_files():
        if "pagefind" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        shown = path.relative_to(site.output)
        for script in soup.select("script"):
            assert script.get("src") or script.get("type") in DATA_SCRIPTS, f"{shown}: inline script"
        assert not soup.select("style"), f"{shown}: <style> element"
        for element in soup.find_all(True):
            assert "style" not in element.attrs, f"{shown}: style attribute on <{element.name}>"
            handlers = [a for a in element.attrs if a.startswith("on")]
            assert not handlers, f"{shown}: event handler attribute {handlers}"
            for attribute in ("href", "src", "action"):
                assert not str(element.get(attribute, "")).lower().startswith("javascript:"), shown


VIOLATIONS_SCRIPT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_no_page_violates_the_policy_in_chromium(site, site_url, page):
    page.add_init_script(VIOLATIONS_SCRIPT)
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    pages = _pages(site)
    for url in pages:
        page.goto(site_url + url, wait_until="load")
        found = page.evaluate("window.__cspViolations")
        assert not found, (url, found)
    page.goto(site_url + "/zoeken/?q=opvang")
    page.wait_for_selector(".vw-result__link", timeout=15000)
    assert not page.evaluate("window.__cspViolations")
    assert not messages, messages
    assert len(pages) > 40


# ---------------------------------------------------------------- nothing loads from another origin

def third_party_references(output: Path, siteurl: str = "") -> list[str]:
    """Every reference in output that makes a browser load something from another origin.

    The scanner lives in sitechecks.third_party, shared with `invoke publish` and `invoke check`.
    """
    return [str(found) for found in find_third_party_requests(output, siteurl)]


def test_scanner_finds_each_kind_of_third_party_reference(tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<link rel="preconnect" href="https://fonts.example.com"><script src="//js.example.com/a.js"></script>'
        '<link rel="canonical" href="https://elders.example.org/"></head><body>'
        '<img src="https://img.example.com/a.png" alt="">'
        '<img srcset="/a.png 1x, https://x.example.com/b.png 2x" alt="">'
        '<iframe src="https://video.example.com/"></iframe><a href="https://ok.example.org/">link</a>'
        '<img src="data:image/png;base64,AAAA" alt=""><img src="https://www.example.org/own.png" alt="">'
        "</body></html>", encoding="utf-8")
    (tmp_path / "b.css").write_text('@import "https://css.example.com/i.css"; a{background:url(https://bg.example.com/b.png)}',
                                    encoding="utf-8")
    (tmp_path / "c.js").write_text('import("https://mod.example.com/m.js"); fetch("https://api.example.com/")',
                                   encoding="utf-8")
    (tmp_path / "d.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                                    '<image xlink:href="https://svg.example.com/i.png"/></svg>', encoding="utf-8")
    found = "\n".join(third_party_references(tmp_path, "https://www.example.org"))
    for host in ("cdn", "fonts", "js", "img", "x", "video", "css", "bg", "mod", "api", "svg"):
        assert f"//{host}.example.com" in found, host
    assert "elders" not in found and "ok.example.org" not in found and "own.png" not in found


def test_no_output_file_loads_anything_from_another_origin(site):
    assert third_party_references(site.output) == []


@pytest.fixture(scope="module")
def production(production_site):
    return production_site.output


def test_production_build_loads_only_from_its_own_origin(production):
    import importlib.util

    spec = importlib.util.spec_from_file_location("publishconf_values", Path(__file__).parents[1] / "publishconf.py")
    siteurl = ""
    for line in spec.loader.get_source("publishconf_values").splitlines():
        match = re.match(r'^SITEURL\s*=\s*"([^"]+)"', line)
        if match:
            siteurl = match.group(1)
    assert siteurl.startswith("https://")
    assert third_party_references(production, siteurl) == []
    soup = BeautifulSoup((production / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('meta[property="og:image"]')["content"] == f"{siteurl}/social/startpagina.png"
    assert f"Sitemap: {siteurl}/sitemap.xml" in (production / "robots.txt").read_text(encoding="utf-8")


def test_a_hidden_page_is_reachable_but_not_indexed_listed_or_searchable(tmp_path):
    from conftest import build_site

    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "open.md").write_text("title: Open\nslug: open\nsummary: Zichtbaar.\n\nGewone tekst.\n",
                                   encoding="utf-8")
    (pages / "verborgen.md").write_text("title: Verborgen\nslug: verborgen\nsummary: Niet in lijsten.\n"
                                        "status: hidden\n\nVerborgen tekst.\n", encoding="utf-8")
    output = build_site(tmp_path / "output", content=tmp_path / "content")
    hidden = BeautifulSoup((output / "verborgen" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "noindex" in hidden.select_one('meta[name="robots"]')["content"]
    assert not hidden.select("[data-pagefind-body]")
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/open/" in sitemap and "/verborgen/" not in sitemap
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["nl-be"]["page_count"] == 1
