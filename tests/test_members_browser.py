"""/leden/ in real Chromium: the filter, the page without JavaScript, the map by
keyboard and screen reader, and axe."""

from __future__ import annotations

import pytest
from a11y import AXE, axe_violations, describe
from conftest import CONTENT, need

from members.data import PROVINCES, fold, load_members

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def directory():
    return load_members(CONTENT / "data" / "leden.yml", CONTENT, "content/data/leden.yml")


def _visible_names(page) -> list[str]:
    return page.locator("li[data-member]:visible .vw-member__name").all_inner_texts()


def _found(count: int) -> str:
    if count == 0:
        return "Geen leden gevonden. Probeer een andere zoekterm of een ander werkveld."
    return "1 lid gevonden" if count == 1 else f"{count} leden gevonden"


def _matching(directory, text: str = "", field: str | None = None) -> list[str]:
    words = fold(text).split()
    return [m.name for m in directory.members
            if all(w in m.search_text for w in words) and (field is None or field in m.fields)]


def test_filter_by_text_and_field_of_work(site_url, page, directory):
    page.goto(site_url + "/leden/")
    form = page.locator('form[data-module="vw-member-filter"]')
    assert form.is_visible()
    status = form.get_by_role("status")
    assert status.get_attribute("role") == "status"  # polite live region
    assert len(_visible_names(page)) == len(directory.members)

    text = page.get_by_label("Naam of gemeente")
    text.fill("gent")  # lower case; matches names, cities and provinces
    expected = _matching(directory, "gent")
    assert 0 < len(expected) < len(directory.members)
    assert sorted(_visible_names(page)) == sorted(expected)
    assert status.inner_text() == _found(len(expected))

    text.fill("ELAN voorbeeldcoll")  # accents and case do not matter; every word must match
    assert _visible_names(page) == _matching(directory, "elan voorbeeldcoll") == ["Élan Voorbeeldcollectief"]
    assert status.inner_text() == _found(1)

    text.fill("")
    page.get_by_label("Werkveld", exact=True).select_option(label="juridische hulp")
    expected = [m.name for m in directory.working_on("juridische hulp")]
    assert sorted(_visible_names(page)) == sorted(expected)
    assert status.inner_text() == _found(len(expected))
    # Provinces without a match disappear; the others stay.
    shown = page.locator("section[data-member-province]:visible").evaluate_all("s => s.map(e => e.id)")
    assert shown == [p.anchor for p in PROVINCES if any(
        m.province == p for m in directory.working_on("juridische hulp"))]

    text.fill("leuven")
    expected = _matching(directory, "leuven", "juridische hulp")
    assert _visible_names(page) == expected and len(expected) == 1
    assert status.inner_text() == _found(1)

    text.fill("bestaat niet")
    assert _visible_names(page) == []
    assert status.inner_text() == _found(0)

    page.get_by_role("button", name="Alles tonen").click()
    page.wait_for_function("document.querySelectorAll('li[data-member]:not([hidden])').length > 1")
    assert len(_visible_names(page)) == len(directory.members)
    assert status.inner_text() == _found(len(directory.members))


def test_without_javascript_everything_is_listed_and_anchors_work(browser, site_url, directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "/leden/")
        assert not page.locator('form[data-module="vw-member-filter"]').is_visible()
        assert len(_visible_names(page)) == len(directory.members)
        assert page.locator("section[data-member-province]:visible").count() == len(PROVINCES)
        page.locator('svg a[href="#provincie-limburg"]').click()
        assert page.evaluate("location.hash") == "#provincie-limburg"
        assert page.locator("#provincie-limburg h2").is_visible()
        top = page.evaluate("document.getElementById('provincie-limburg').getBoundingClientRect().top")
        assert abs(top) < 5, top
    finally:
        context.close()


def test_map_provinces_by_keyboard_and_accessible_name(site_url, page, directory):
    page.goto(site_url + "/leden/")
    for group in directory.by_province:
        count = "1 lid" if group.count == 1 else f"{group.count} leden"
        link = page.get_by_role("link", name=f"{group.province.name}: {count}", exact=True)
        assert link.count() == 1, group.province.name
    first = page.locator("svg a").first
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{PROVINCES[0].anchor}"
    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
    assert fill == "rgb(255, 191, 71)"  # the focus colour
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{PROVINCES[1].anchor}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{PROVINCES[1].anchor}"


def test_small_screens_get_the_province_list_instead_of_the_map(browser, site_url, directory):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(site_url + "/leden/")
        assert not page.locator("svg.vw-member-map__svg").is_visible()
        links = page.locator(".vw-member-map__list a")
        assert links.count() == len(PROVINCES) and links.first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/leden/", "/ondersteuning/", "/"])
def test_axe_finds_no_violations(browser, site_url, node_modules, url):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    context = browser.new_context(bypass_csp=True, locale="nl-BE")
    try:
        violations = axe_violations(context.new_page(), site_url + url)
        assert not violations, describe(violations)
    finally:
        context.close()
