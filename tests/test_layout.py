"""The public face on a phone (360 x 740) and a laptop (1280 x 800), measured in Chromium.

Header height, the menu without JavaScript, no sideways scrolling, the featured campaign on the
home page's first screen, the press room's contacts and archive within two screens, folding
member provinces, Dutch hyphenation, short lines beside a side column, a large picture on every
campaign page and a picture on every card.
"""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT

from members.data import fold, load_members
from sitechecks.page_types import page_types

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
MENU = ["Campagnes", "Pers", "Opinie", "Ondersteuning", "Over ons", "Contact", "Zoeken"]


@pytest.fixture(scope="module")
def kinds(site) -> dict[str, str]:
    found = page_types(site.page_urls())
    assert {"startpagina", "campagne", "persbericht", "persruimte", "leden", "zoeken"} <= set(found)
    return found


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", java_script_enabled=False)
    yield context.new_page()
    context.close()


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return {**box, "bottom": box["y"] + box["height"]}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_header_is_at_most_96px_on_a_phone_with_the_menu_closed(site_url, kinds, phone, phone_without_js):
    for page in (phone, phone_without_js):
        for kind, url in kinds.items():
            page.goto(site_url + url)
            assert not page.locator(".vw-menu").evaluate("menu => menu.open"), kind
            height = _box(page, ".vw-header")["height"]
            assert height <= 96, f"{kind} {url}: header {height}px high"
            assert page.locator(".vw-header__cta").is_visible() and page.locator(".vw-menu__button").is_visible()


def test_the_menu_opens_without_javascript(site_url, phone_without_js):
    page = phone_without_js
    page.goto(site_url + "/opinie/")
    links = page.locator(".vw-nav a")
    assert not links.first.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert links.all_inner_texts() == MENU
    assert all(link.is_visible() for link in links.all())
    assert _overflow(page) <= 0
    assert _box(page, ".vw-nav")["bottom"] <= PHONE["height"], "the open menu fits on the screen"
    page.get_by_text("Menu", exact=True).click()
    assert not links.first.is_visible()
    page.goto(site_url + "/opinie/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # logo
    page.keyboard.press("Tab")  # call to action
    page.keyboard.press("Tab")  # menu button
    assert page.evaluate("document.activeElement.classList.contains('vw-menu__button')")
    page.keyboard.press("Enter")
    assert links.first.is_visible(), "the menu opens from the keyboard"


def test_escape_closes_the_menu_with_javascript(site_url, phone):
    phone.goto(site_url + "/")
    phone.locator(".vw-menu__button").click()
    assert phone.locator(".vw-nav").is_visible()
    phone.keyboard.press("Escape")
    assert not phone.locator(".vw-nav").is_visible()
    assert phone.evaluate("document.activeElement.classList.contains('vw-menu__button')")


def test_wide_screens_show_the_full_navigation_and_the_call_to_action_without_javascript(site, site_url, browser):
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/persberichten/")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        assert nav.get_by_role("link").all_inner_texts() == MENU
        assert all(link.is_visible() for link in nav.get_by_role("link").all())
        assert not page.locator(".vw-menu__button").is_visible()
        cta = page.locator(".vw-header__cta")
        assert cta.is_visible() and cta.inner_text() == "Steun ons"
        href = cta.get_attribute("href")
        assert site.file_for(href).is_file() and site.soup(href).h1.get_text(strip=True) == "Steun ons"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360", "1280"])
def test_no_page_scrolls_sideways(site_url, kinds, browser, viewport):
    context = browser.new_context(viewport=viewport, locale="nl-BE")
    try:
        page = context.new_page()
        wide = []
        for kind, url in kinds.items():
            page.goto(site_url + url)
            if _overflow(page) > 0:
                wide.append(f"{kind} {url}: {_overflow(page)}px")
            if viewport is PHONE:
                page.locator(".vw-menu__button").click()
                if _overflow(page) > 0:
                    wide.append(f"{kind} {url} with the menu open: {_overflow(page)}px")
        assert not wide, "\n".join(wide)
    finally:
        context.close()


def test_the_featured_campaign_fills_the_first_screen_on_a_phone(site_url, phone):
    phone.goto(site_url + "/")
    feature = "#home-campagne ~ .vw-card--feature"
    parts = {name: _box(phone, f"{feature} {selector}") for name, selector in {
        "picture": ".vw-card__picture img", "title": ".vw-card__title", "countdown": ".vw-countdown__text",
        "call to action": ".vw-card__action .vw-button"}.items()}
    for name, box in parts.items():
        assert box["y"] >= 0 and box["bottom"] <= PHONE["height"], f"{name} is not on the first screen: {box}"
    assert parts["picture"]["width"] >= 320 and parts["picture"]["height"] >= 170, "a large picture"
    assert phone.evaluate(f"document.querySelector('{feature} .vw-card__picture img').complete")


def test_press_contacts_and_the_archive_are_within_two_phone_screens(site_url, phone):
    phone.goto(site_url + "/persberichten/")
    for selector in (".vw-press-contacts", "nav[aria-labelledby='pers-jaren']",
                     "nav[aria-labelledby='pers-onderwerpen']"):
        box = _box(phone, selector)
        assert box["bottom"] <= 2 * PHONE["height"], f"{selector} ends at {box['bottom']}px"
    first_release = _box(phone, ".vw-press__main .vw-card")
    assert first_release["y"] > _box(phone, "nav[aria-labelledby='pers-onderwerpen']")["bottom"]


@pytest.fixture(scope="module")
def directory():
    return load_members(CONTENT / "data" / "leden.yml", CONTENT, "content/data/leden.yml")


def _visible_members(page) -> list[str]:
    return page.locator("li[data-member]:visible .vw-member__name").all_inner_texts()


def test_member_provinces_fold_open_without_javascript_on_a_phone(site_url, phone_without_js, directory):
    page = phone_without_js
    page.goto(site_url + "/leden/")
    assert _visible_members(page) == []
    assert page.evaluate("document.documentElement.scrollHeight") < 3000, "the folded list is short"
    first = directory.by_province[0]
    page.get_by_text(f"Toon de {first.count} leden in {first.province.name}").click()
    assert sorted(_visible_members(page)) == sorted(m.name for m in first.members)


def test_the_member_filter_opens_what_it_finds_on_a_phone(site_url, phone, directory):
    phone.goto(site_url + "/leden/")
    assert _visible_members(phone) == []
    phone.get_by_label("Naam of gemeente").fill("gent")
    expected = [m.name for m in directory.members if "gent" in m.search_text]
    assert 0 < len(expected) < len(directory.members)
    assert sorted(_visible_members(phone)) == sorted(expected)
    reset = phone.get_by_role("button", name="Alles tonen")
    main_colour = phone.evaluate("getComputedStyle(document.querySelector('.vw-header__cta')).backgroundColor")
    style = reset.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    assert style[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") and style != main_colour, \
        "the reset is not styled as the main action"
    reset.click()
    phone.wait_for_function("document.querySelectorAll('li[data-member]:not([hidden])').length > 1")
    assert _visible_members(phone) == [], "without a filter the provinces fold again"
    assert fold("Gent") == "gent"


def test_dutch_hyphenation_on_headings_and_text(site_url, kinds, phone):
    for kind in ("startpagina", "campagne", "persbericht"):
        phone.goto(site_url + kinds[kind])
        assert phone.evaluate("document.documentElement.lang").startswith("nl")
        for selector in ("h1", ".vw-prose p, .vw-card__summary p", "h2"):
            hyphens = phone.evaluate(f"getComputedStyle(document.querySelector('{selector}')).hyphens")
            assert hyphens == "auto", f"{kind} {selector}: hyphens {hyphens}"


LINE_LENGTHS = """() => {
  const lines = [];
  for (const p of document.querySelectorAll('.vw-prose p, .vw-item__lead p')) {
    const range = document.createRange();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const counts = [];
    let top = null, node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top === null || rect.top > top + 8) { counts.push(0); top = rect.top; }
        counts[counts.length - 1] += 1;
      }
    }
    lines.push(...counts.slice(0, -1));  // a paragraph's last line is as short as it happens to be
  }
  return lines;
}"""


def test_articles_use_the_width_with_a_side_column_and_short_lines(site_url, kinds, browser):
    context = browser.new_context(viewport=LAPTOP, locale="nl-BE")
    try:
        page = context.new_page()
        for kind in ("persbericht", "opinie", "campagne"):
            page.goto(site_url + kinds[kind])
            text, aside = _box(page, "article .vw-prose"), _box(page, ".vw-item-layout__aside")
            assert aside["x"] >= text["x"] + text["width"], f"{kind}: the side column is beside the text"
            assert aside["x"] + aside["width"] > 0.75 * LAPTOP["width"], f"{kind}: the right half is used"
            assert page.locator(".vw-item-layout__aside h2").count() >= 1
            lines = page.evaluate(LINE_LENGTHS)
            assert len(lines) > 10, kind
            assert max(lines) <= 78 and sum(lines) / len(lines) <= 75, f"{kind}: lines of {max(lines)} characters"
    finally:
        context.close()


def test_every_campaign_page_has_a_large_picture_on_its_first_screen(site, site_url, browser):
    campaigns = [url for url in site.page_urls() if re.fullmatch(r"/campagnes/(?!pagina/)[^/]+/", url)]
    assert len(campaigns) >= 4
    for viewport in (PHONE, LAPTOP):
        context = browser.new_context(viewport=viewport, locale="nl-BE")
        try:
            page = context.new_page()
            for url in campaigns:
                page.goto(site_url + url)
                picture = _box(page, "article .vw-item__image img")
                assert picture["y"] < viewport["height"] * 0.45, f"{url} at {viewport['width']}px: starts too low"
                visible = min(picture["bottom"], viewport["height"]) - picture["y"]
                assert visible >= 0.6 * picture["height"], f"{url} at {viewport['width']}px: mostly below the fold"
                assert picture["width"] >= min(viewport["width"] - 40, 600), f"{url}: not a large picture"
                assert page.evaluate("document.querySelector('article .vw-item__image img').naturalWidth") > 0
        finally:
            context.close()


def test_every_card_on_the_home_page_and_campaigns_list_has_a_picture(site):
    for url in ("/", "/campagnes/"):
        cards = site.soup(url).select(".vw-card")
        assert len(cards) >= 4, url
        for card in cards:
            img = card.select_one("img")
            title = card.select_one(".vw-card__title").get_text(strip=True)
            assert img is not None and img.get("src"), f"{url}: card {title} has no picture"
            assert site.file_for(img["src"]).is_file(), img["src"]
            if "vw-card--campagne" in card["class"]:
                assert card.select_one("picture.vw-card__picture"), f"{url}: campaign {title} has no large picture"


def test_screenshots_of_each_kind_at_both_widths(site_url, kinds, browser, tmp_path):
    """`invoke screenshots` (sitechecks.screenshots): full pages at 360 and 1280 px, one file per kind and width."""
    from PIL import Image

    from sitechecks.screenshots import photograph

    chosen = {kind: kinds[kind] for kind in ("startpagina", "persruimte")}
    written = photograph(browser, site_url, chosen, tmp_path)
    assert sorted(p.name for p in written) == ["persruimte-1280.png", "persruimte-360.png",
                                               "startpagina-1280.png", "startpagina-360.png"]
    for path in written:
        with Image.open(path) as image:
            width = int(path.stem.rsplit("-", 1)[1])
            assert image.width == width and image.height > 1000, path.name  # the whole page, not one screen
