"""Site search (plugins/search): Pagefind index made by Pelican, Dutch stemming, the /zoeken/ page."""

from __future__ import annotations

import json
import re

# A Dutch plural that is not on the expected page, whose singular is: only a stemmer finds it.
INFLECTED_QUERY = "beslissingen"
EXPECTED_PAGE = "/opinie/migratiepact-uitvoering/"


def test_index_is_in_the_default_folder_with_the_default_ui(site):
    bundle = site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One index per language, from each page's <html lang> (Dutch stemming for Dutch pages).
    assert sorted(entry["languages"]) == ["en", "fr-be", "nl-be"]


def test_only_item_bodies_are_marked_for_indexing(site):
    marked = []
    for url in site.page_urls():
        bodies = site.soup(url).select("[data-pagefind-body]")
        assert len(bodies) <= 1, url
        if bodies:
            assert bodies[0].name == "article" and "vw-item" in bodies[0]["class"], url
            marked.append(url)
    assert EXPECTED_PAGE in marked and "/over-ons/" in marked
    for listing in ("/", "/persberichten/", "/campagnes/", "/opinie/", "/zoeken/", "/404.html"):
        assert listing not in marked, listing
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(marked)
    dutch = [url for url in marked if not url.startswith(("/fr/", "/en/"))]
    assert entry["languages"]["nl-be"]["page_count"] == len(dutch)


def test_filters_for_type_and_year(site):
    soup = site.soup(EXPECTED_PAGE)
    body = soup.select_one("[data-pagefind-body]")
    assert body["data-pagefind-filter"] == "type:Opinie"
    year = body.select_one('[data-pagefind-filter^="jaar:"]')["data-pagefind-filter"]
    assert re.fullmatch(r"jaar:20\d\d", year)


def test_search_page_works_without_javascript(site):
    soup = site.soup("/zoeken/")
    fallback = soup.select_one(".vw-search__fallback")
    assert fallback is not None and fallback.select("a[href]"), "links onwards without JavaScript"
    assert "'wasm-unsafe-eval'" in soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "wasm-unsafe-eval" not in site.soup("/").select_one(
        'meta[http-equiv="Content-Security-Policy"]')["content"], "only the search page may run WebAssembly"


def test_browser_finds_a_page_by_an_inflected_dutch_word(site, site_url, page):
    assert INFLECTED_QUERY not in site.soup(EXPECTED_PAGE).get_text().lower()
    assert INFLECTED_QUERY[:-2] in site.soup(EXPECTED_PAGE).get_text().lower()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{site_url}/zoeken/")
    page.fill(".pagefind-ui__search-input", INFLECTED_QUERY)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    links = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
    assert EXPECTED_PAGE in links, links
    assert page.is_hidden(".vw-search__fallback")
    assert page.query_selector(".pagefind-ui__filter-panel") is not None, "type and year filters are shown"
    assert not violations, violations


def test_a_search_term_in_the_address_is_searched(site_url, page):
    page.goto(f"{site_url}/zoeken/?q={INFLECTED_QUERY}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert EXPECTED_PAGE in [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]


def test_search_results_have_no_axe_violations(site_url, browser, node_modules):
    from a11y import AXE, WCAG_TAGS, describe

    context = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/zoeken/?q=opvang")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
                 .map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))""",
            WCAG_TAGS,
        )
        assert not violations, describe(violations)
    finally:
        context.close()
