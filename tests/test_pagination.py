"""Listings are paginated so no page outgrows its budget as the archive grows.

The real content is built with tiny pages (2 items) so every listing paginates.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, build_site

from sitechecks.links import find_broken_links


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    output = tmp_path_factory.mktemp("paged") / "output"
    build_site(output, PAGINATED_TEMPLATES={"category": 2, "tag": 2, "author": 1})
    return output


def _soup(output, url):
    return BeautifulSoup((output / url.strip("/") / "index.html").read_text(encoding="utf-8"), "lxml")


def _pages(output, first_url):
    """Follow rel=next from the first page; returns the parsed pages in order."""
    pages, url = [], first_url
    while url:
        soup = _soup(output, url)
        pages.append(soup)
        following = soup.select_one('.vw-pagination a[rel="next"]')
        url = following["href"] if following else None
        assert len(pages) < 50
    return pages


def _titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".vw-card__title a")]


def test_opinion_listing_pages_hold_every_piece_once_newest_first(paged, site):
    pages = _pages(paged, "/opinie/")
    assert len(pages) == 3
    titles = [t for page in pages for t in _titles(page)]
    times = [t["datetime"] for page in pages for t in page.select(".vw-card time")]
    assert len(titles) == len(set(titles)) == len(list((CONTENT / "opinie").glob("*.md")))
    assert times == sorted(times, reverse=True)
    assert [len(_titles(p)) for p in pages] == [2, 2, 1]
    assert "pagina 2 van 3" in pages[1].title.get_text()
    assert pages[1].select_one('.vw-pagination a[rel="prev"]')["href"] == "/opinie/"
    # the unpaginated build shows them all on one page, without navigation
    assert not site.soup("/opinie/").select(".vw-pagination")


def test_current_campaigns_stay_on_the_first_page_and_past_ones_are_paged(paged):
    pages = _pages(paged, "/campagnes/")
    first = pages[0]
    assert first.select("#campagnes-nu")
    assert all(not page.select("#campagnes-nu") for page in pages[1:])
    shown = [t for page in pages for t in _titles(page)]
    assert len(shown) == len(set(shown)) == len(list((CONTENT / "campagnes").glob("*.md")))


def test_press_room_links_on_to_the_listing_page_that_continues_it(paged):
    room = _soup(paged, "/persberichten/")
    on_room = _titles(room) + [a.get_text(strip=True) for a in room.select(".vw-press__list-item a")]
    assert len(on_room) == 2
    older = room.find("a", string="Oudere persberichten")
    assert older["href"] == "/persberichten/pagina/2/"
    rest = [t for page in _pages(paged, older["href"]) for t in _titles(page)]
    assert not set(on_room) & set(rest)
    originals = [p for p in (CONTENT / "persberichten").glob("*.md") if len(p.suffixes) == 1]  # not x.fr.md
    assert len(on_room) + len(rest) == len(originals)


def test_press_year_and_topic_archives_paginate(paged):
    for first in ("/persberichten/2025/", "/persberichten/onderwerpen/opvang/"):
        pages = _pages(paged, first)
        titles = [t for page in pages for t in _titles(page)]
        assert len(pages) > 1 and all(len(_titles(p)) <= 2 for p in pages), first
        assert len(titles) == len(set(titles)), first
    year_2025 = [p for p in (CONTENT / "persberichten").glob("2025-*.md") if len(p.suffixes) == 1]
    assert len([t for page in _pages(paged, "/persberichten/2025/") for t in _titles(page)]) == len(year_2025)


def test_topic_and_author_pages_paginate_and_every_link_resolves(paged):
    topic_pages = _pages(paged, "/onderwerpen/opvang/")
    assert len(topic_pages) > 1
    author_pages = _pages(paged, "/auteurs/samir-voorbeeld/")
    assert [len(_titles(p)) for p in author_pages] == [1, 1]
    assert author_pages[1].select_one(".vw-author") is None  # the profile is on the first page only
    broken = find_broken_links(paged)
    assert not broken, "\n".join(map(str, broken))


def test_paginated_pages_are_valid_and_accessible(paged, node_modules, serve, page):
    from a11y import axe_violations, describe
    from conftest import need

    from sitechecks.html_validity import find_html_errors, missing_tools

    jar = node_modules / "vnu-jar/build/dist/vnu.jar"
    need(not missing_tools(jar), missing_tools(jar))
    pages = [*sorted(paged.rglob("pagina/*/index.html")), paged / "persberichten" / "index.html"]
    folder = paged.parent / "paged-pages"
    for path in pages:
        target = folder / path.relative_to(paged)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    errors = find_html_errors(folder, jar)
    assert not errors, "\n".join(map(str, errors))
    base = serve(paged)
    for url in ("/opinie/pagina/2/", "/campagnes/pagina/2/", "/persberichten/"):
        violations = axe_violations(page, base + url)
        assert not violations, f"{url}\n{describe(violations)}"
