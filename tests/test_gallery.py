"""The component gallery (/componenten/, plugins/gallery): every component with examples, in the preview only."""

from __future__ import annotations

import pytest
from a11y import AXE, axe_violations, describe
from conftest import REPO, need

from gallery.gallery import components

GALLERY = "/componenten/"


def test_every_component_is_shown_with_examples(site):
    macros = {found["macro"] for found in components(str(REPO / "theme"))}
    assert {"button", "card", "countdown", "fold", "member_card", "press_contacts", "share"} <= macros
    soup = site.soup(GALLERY)
    sections = {section["data-component"]: section for section in soup.select("[data-component]")}
    assert set(sections) == macros, "a component without a section (or a section without a component)"
    for name, section in sections.items():
        assert section.select("[data-example]"), f"{name} has no example"
        assert section.select_one(".vw-gallery__description").get_text(strip=True), f"{name} has no description"
        assert section.select_one("details.vw-gallery__params [lang=en]"), f"{name}: its parameters"
    assert soup.select(".vw-card--feature") and soup.select(".vw-card--icon") and soup.select(".vw-card--picture")
    assert soup.select("details.vw-fold--wide-open") and soup.select(".vw-member")


def test_the_gallery_is_never_indexed_searched_or_published(site, production_site):
    soup = site.soup(GALLERY)
    assert "noindex" in soup.select_one('meta[name="robots"]')["content"]
    assert not soup.select("[data-pagefind-body]")
    assert "componenten" not in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/" in production_site.page_urls() and GALLERY not in production_site.page_urls()
    assert not (production_site.output / "componenten").exists()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_gallery_has_no_axe_violations(site_url, browser, node_modules, width):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    context = browser.new_context(bypass_csp=True, locale="nl-BE", viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        violations = axe_violations(page, site_url + GALLERY)
        assert not violations, describe(violations)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow}px too wide"
    finally:
        context.close()
