"""Every built page in real Chromium, checked with axe-core for WCAG 2.2 A/AA."""

from __future__ import annotations

from a11y import AXE, axe_violations, describe
from conftest import need


def test_every_page_has_no_axe_violations(site, site_url, page, node_modules):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    failures = {}
    urls = site.page_urls()
    assert len(urls) > 20
    for url in urls:
        violations = axe_violations(page, site_url + url)
        if violations:
            failures[url] = describe(violations)
    assert not failures, "\n\n".join(f"{url}\n{text}" for url, text in failures.items())


def test_axe_gate_can_fail(page, serve, tmp_path, node_modules):
    """A page with known violations is reported: the gate is not blind."""
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<img src="x.png"><a href="/"></a><p style="color:#aaa;background:#fff">grijs</p></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in axe_violations(page, serve(tmp_path) + "/")}
    assert {"image-alt", "link-name", "html-has-lang", "color-contrast"} <= ids


def test_pages_work_on_a_small_phone(site, site_url, browser):
    """320 px wide: no horizontal scrolling on any page."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    try:
        wide = []
        for url in site.page_urls():
            page.goto(site_url + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                wide.append(f"{url}: {overflow}px too wide")
        assert not wide, "\n".join(wide)
    finally:
        context.close()


def test_focus_is_visible(site_url, page):
    """Keyboard focus on a link gets an outline or a box shadow."""
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
                   return {text: el.textContent.trim(), outline: s.outlineStyle, shadow: s.boxShadow}; }"""
    )
    assert focused["text"] == "Naar de inhoud"
    assert focused["outline"] != "none" or focused["shadow"] != "none"
