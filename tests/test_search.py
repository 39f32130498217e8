"""Site search (plugins/search): Pagefind index made by Pelican, Dutch stemming, and our own /zoeken/ page
on Pagefind's JavaScript API (theme/static/js/search.js): filters, clean excerpts, keyboard, axe, no JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from a11y import AXE, WCAG_TAGS, describe
from conftest import need

# A Dutch plural that is not on the expected page, whose singular is: only a stemmer finds it.
INFLECTED_QUERY = "beslissingen"
EXPECTED_PAGE = "/opinie/migratiepact-uitvoering/"
RESULT = ".vw-result__link"


def test_index_is_in_the_default_folder(site):
    bundle = site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One index per language, from each page's <html lang> (Dutch stemming for Dutch pages).
    assert sorted(entry["languages"]) == ["en", "fr-be", "nl-be"]
    page = site.soup("/zoeken/")
    loaded = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[rel=stylesheet]")]
    assert not [url for url in loaded if "pagefind-ui" in url], "Pagefind's default widget is not used"


def test_only_item_bodies_are_marked_for_indexing(site):
    marked = []
    for url in site.page_urls():
        bodies = site.soup(url).select("[data-pagefind-body]")
        assert len(bodies) <= 1, url
        if bodies:
            assert bodies[0].name == "article" and "vw-item" in bodies[0]["class"], url
            marked.append(url)
    assert EXPECTED_PAGE in marked and "/over-ons/" in marked
    for listing in ("/", "/persberichten/", "/campagnes/", "/opinie/", "/zoeken/", "/404.html", "/componenten/"):
        assert listing not in marked, listing
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(marked)
    dutch = [url for url in marked if not url.startswith(("/fr/", "/en/"))]
    assert entry["languages"]["nl-be"]["page_count"] == len(dutch)


def test_filters_for_type_year_and_topic(site):
    soup = site.soup(EXPECTED_PAGE)
    body = soup.select_one("[data-pagefind-body]")
    assert body["data-pagefind-filter"] == "type:Opinie"
    year = body.select_one('[data-pagefind-filter^="jaar:"]')["data-pagefind-filter"]
    assert re.fullmatch(r"jaar:20\d\d", year)
    topics = [a.get_text(strip=True) for a in body.select('.vw-topics a[data-pagefind-filter="onderwerp"]')]
    assert topics and topics == [a.get_text(strip=True) for a in body.select(".vw-topics a")]
    assert body.select_one("[data-pagefind-meta^='datum:']"), "the date shown with a result"


def test_labels_and_buttons_are_left_out_of_the_index(site):
    """What is not the item's own text is data-pagefind-ignore, so excerpts show the text itself."""
    page = site.soup("/campagnes/wereldvluchtelingendag-2027/")
    body = page.select_one("[data-pagefind-body]")
    for selector in (".vw-meta", ".vw-countdown", ".vw-facts", ".vw-calendar-link", ".vw-button"):
        found = body.select_one(selector)
        assert found is not None and found.find_parent(attrs={"data-pagefind-ignore": True}), selector
    assert page.select_one(".vw-share").find_parent(attrs={"data-pagefind-body": True}) is None


def test_search_page_works_without_javascript(site, site_url, browser):
    soup = site.soup("/zoeken/")
    assert "vw-js-only" in soup.select_one("form.vw-search__form")["class"], "the form needs JavaScript"
    nojs = (site.output / "theme" / "css" / "nojs.css").read_text(encoding="utf-8")
    assert ".vw-js-only{display:none" in nojs.replace(" ", "")
    browse = soup.select_one(".vw-search__browse")
    overviews = {a["href"] for a in browse.select(".vw-search__links a")}
    assert {"/campagnes/", "/persberichten/", "/opinie/", "/leden/"} <= overviews
    topic_pages = {url for url in site.page_urls() if re.fullmatch(r"/onderwerpen/[^/]+/", url)}
    assert topic_pages and {a["href"] for a in browse.select(".vw-search__topics a")} == topic_pages
    assert "'wasm-unsafe-eval'" in soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "wasm-unsafe-eval" not in site.soup("/").select_one(
        'meta[http-equiv="Content-Security-Policy"]')["content"], "only the search page may run WebAssembly"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + "/zoeken/")
        assert not page.locator("form.vw-search__form").is_visible()
        assert page.get_by_text("Zoeken werkt met JavaScript").is_visible()
        assert page.locator(".vw-search__topics a").first.is_visible()
    finally:
        context.close()


def _search(page, site_url, query: str = "") -> list[str]:
    page.goto(f"{site_url}/zoeken/{query}")
    page.wait_for_selector(RESULT, timeout=15000)
    return [a.get_attribute("href") for a in page.query_selector_all(RESULT)]


def test_browser_finds_a_page_by_an_inflected_dutch_word(site, site_url, page):
    assert INFLECTED_QUERY not in site.soup(EXPECTED_PAGE).get_text().lower()
    assert INFLECTED_QUERY[:-2] in site.soup(EXPECTED_PAGE).get_text().lower()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{site_url}/zoeken/")
    assert page.locator("form.vw-search__form").is_visible()
    assert page.get_by_text("Zoeken werkt met JavaScript").is_hidden()
    page.get_by_label("Waar zoek je naar?").fill(INFLECTED_QUERY)
    page.wait_for_selector(RESULT, timeout=15000)
    links = [a.get_attribute("href") for a in page.query_selector_all(RESULT)]
    assert EXPECTED_PAGE in links, links
    count = len(links)
    status = page.get_by_role("status").inner_text()
    assert status in (f"{count} resultaten voor “{INFLECTED_QUERY}”", f"1 resultaat voor “{INFLECTED_QUERY}”")
    assert page.evaluate("location.search") == f"?q={INFLECTED_QUERY}", "the search is in the address"
    assert not violations, violations


def test_a_search_term_in_the_address_is_searched(site_url, page):
    assert EXPECTED_PAGE in _search(page, site_url, f"?q={INFLECTED_QUERY}")
    assert page.get_by_label("Waar zoek je naar?").input_value() == INFLECTED_QUERY


def test_excerpts_are_clean_and_in_our_own_typography(site_url, page):
    _search(page, site_url, "?q=opvang")
    excerpts = page.locator(".vw-result__excerpt").all_inner_texts()
    assert excerpts and all(text.strip() for text in excerpts)
    for label in ("Gepubliceerd op", "PERSBERICHT", "CAMPAGNE", "Dit persbericht staat op", "Deel deze pagina",
                  "Zet in je agenda", "Perscontact"):
        assert not [text for text in excerpts if label in text], label
    assert page.locator(".vw-result__excerpt mark").count() > 0, "the search words are marked"
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    excerpt = page.evaluate("getComputedStyle(document.querySelector('.vw-result__excerpt')).fontFamily")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.vw-result__excerpt')).fontSize)")
    assert excerpt == body and size >= 16
    meta = page.locator(".vw-result__meta").first.inner_text()
    assert re.fullmatch(r"(Campagne|Persbericht|Opinie|Pagina)( · \d{1,2} \w+ 20\d\d)?", meta), meta


def test_filters_for_type_year_and_topic_narrow_the_results(site_url, page):
    def found() -> int:
        return int(re.match(r"\d+", page.get_by_role("status").inner_text()).group(0))

    _search(page, site_url, "?q=opvang")
    everything = found()
    # Before any filter is chosen, every value already shows how many of the results it has.
    shown = {box.get_attribute("value"): int(re.search(r"\((\d+)\)", box.locator("xpath=..").inner_text()).group(1))
             for box in page.locator("input[name=type]").all()}
    assert shown and shown["Persbericht"] > 0 and sum(shown.values()) == everything, shown
    page.get_by_role("checkbox", name=re.compile(r"^Persbericht")).check()
    page.wait_for_function("location.search.includes('type=Persbericht')")
    page.wait_for_function("(metas => metas.length > 0 && metas.every(m => m.textContent.startsWith('Persbericht')))"
                           "([...document.querySelectorAll('.vw-result__meta')])")
    releases = [a.get_attribute("href") for a in page.query_selector_all(RESULT)]
    assert releases and 0 < found() < everything
    assert all(url.startswith("/persberichten/") for url in releases)
    count = page.get_by_role("checkbox", name=re.compile(r"^Persbericht")).locator("xpath=..").inner_text()
    assert count.endswith(f"({found()})"), "each filter shows how many results it has"
    year = re.search(r"/persberichten/(\d{4})/", releases[-1]).group(1)
    page.get_by_role("checkbox", name=re.compile(rf"^{year}")).check()
    page.wait_for_function(f"(links => links.length > 0 && links.every(a => a.href.includes('/{year}/')))"
                           "([...document.querySelectorAll('.vw-result__link')])")
    # A topic alone, without words: every release on it.
    page.goto(f"{site_url}/zoeken/?onderwerp=kinderen")
    page.wait_for_selector(RESULT, timeout=15000)
    assert page.get_by_role("checkbox", name=re.compile(r"^kinderen")).is_checked()
    assert "met deze filters" in page.get_by_role("status").inner_text()


def test_more_results_by_keyboard(site_url, page):
    _search(page, site_url, "?q=opvang")
    more = page.get_by_role("button", name="Meer resultaten")
    if page.locator(RESULT).count() < 10:
        pytest.fail("expected more than one page of results for 'opvang'")
    before = page.locator(RESULT).count()
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.vw-result__link').length > {before}")
    assert page.evaluate("document.activeElement.classList.contains('vw-result__link')")
    assert page.evaluate("document.activeElement.getAttribute('href')") == \
        page.locator(RESULT).nth(before).get_attribute("href"), "focus moves to the first new result"


@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_have_no_axe_violations(site_url, browser, node_modules, width):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    context = browser.new_context(locale="nl-BE", bypass_csp=True, viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/zoeken/?q=opvang&type=Persbericht")
        page.wait_for_selector(RESULT, timeout=15000)
        for summary in page.locator(".vw-search__fold > summary").all():
            if summary.is_visible():
                summary.click()  # filters open on a phone too
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
                 .map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))""",
            WCAG_TAGS,
        )
        assert not violations, describe(violations)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow}px too wide at {width}px"
    finally:
        context.close()
