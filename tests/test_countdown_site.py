"""Countdowns in built sites: scenario builds at fixed clocks, calendar files, JSON-LD, share links,
and the live countdown in Chromium (with and without JavaScript, axe)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from a11y import AXE, axe_violations, describe
from bs4 import BeautifulSoup
from conftest import REPO, BuiltSite, build_site, need

from countdown.countdown import countdown_strings, countdown_text
from kernel.clock import parse_moment

SCENARIO = REPO / "tests" / "scenarios" / "countdown"
BRUSSELS = ZoneInfo("Europe/Brussels")
STRINGS = countdown_strings(str(REPO / "theme"))
WVD_2027 = "/campagnes/wereldvluchtelingendag-2027/"
PETITION = "/campagnes/petitie-menswaardige-opvang/"
THIRD_PARTY_TAGS = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src"}


def countdowns(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(state, text) of every countdown on a page, in order."""
    return [(c["data-countdown-state"], c.select_one(".vw-countdown__text").get_text(" ", strip=True))
            for c in soup.select(".vw-countdown")]


def listing_sections(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Campaign addresses per section of /campagnes/: current and past."""
    return {
        section["aria-labelledby"]: [a["href"] for a in section.select(".vw-card__link")]
        for section in soup.select("section.vw-campaigns")
    }


# --- scenario builds at fixed clocks -----------------------------------------

CLOCKS = {
    # clock: (state and text of mars-2027, current listing, past listing, featured on the home page)
    "2027-06-18T12:00+02:00": (
        "upcoming", "Nog 2 dagen tot de voorbeeldmars",
        ["/campagnes/mars-2027/", "/campagnes/doorlopend/"],
        ["/campagnes/petitie-2027/", "/campagnes/actie-2025/"], "/campagnes/mars-2027/",
    ),
    "2027-06-20T09:00+02:00": (
        "today", "Vandaag! Nog 5 uur tot de voorbeeldmars",
        ["/campagnes/mars-2027/", "/campagnes/doorlopend/"],
        ["/campagnes/petitie-2027/", "/campagnes/actie-2025/"], "/campagnes/mars-2027/",
    ),
    "2027-06-20T14:00+02:00": (
        "running", "Nu bezig, tot 18:00",
        ["/campagnes/mars-2027/", "/campagnes/doorlopend/"],
        ["/campagnes/petitie-2027/", "/campagnes/actie-2025/"], "/campagnes/mars-2027/",
    ),
    "2027-06-20T18:00+02:00": (
        "past", "Deze actie vond plaats op 20 juni 2027",
        ["/campagnes/doorlopend/"],
        ["/campagnes/mars-2027/", "/campagnes/petitie-2027/", "/campagnes/actie-2025/"], "/campagnes/doorlopend/",
    ),
    "2026-12-01T12:00+01:00": (
        "upcoming", "Nog 201 dagen tot de voorbeeldmars",
        ["/campagnes/petitie-2027/", "/campagnes/mars-2027/", "/campagnes/doorlopend/"],
        ["/campagnes/actie-2025/"], "/campagnes/petitie-2027/",
    ),
}


@pytest.mark.parametrize("clock", list(CLOCKS))
def test_scenario_states_on_page_listing_and_home(tmp_path, clock):
    state, text, current, past, featured = CLOCKS[clock]
    built = BuiltSite(build_site(tmp_path / "out", content=SCENARIO, now=clock))

    page = built.soup("/campagnes/mars-2027/")
    assert countdowns(page) == [(state, text)]
    assert page.select_one(".vw-countdown")["data-countdown-start"] == "2027-06-20T14:00:00+02:00"
    # The script is loaded only where a countdown can still change.
    scripts = [s.get("src", "") for s in page.select("script[src]")]
    assert any(s.endswith("/theme/js/countdown.js") for s in scripts) == (state != "past")

    listing = built.soup("/campagnes/")
    sections = listing_sections(listing)
    assert sections.get("campagnes-nu", []) == current
    assert sections.get("campagnes-eerder", []) == past
    listed = dict(zip([a["href"] for a in listing.select(".vw-card__link")],
                      [card.select_one(".vw-countdown") for card in listing.select(".vw-card")], strict=True))
    mars = listed["/campagnes/mars-2027/"]
    assert (mars["data-countdown-state"], mars.select_one(".vw-countdown__text").get_text(strip=True)) == (state, text)
    assert listed["/campagnes/doorlopend/"] is None  # no countdown, no component

    home = built.soup("/")
    feature = home.select_one('section[aria-labelledby="home-campagne"]')
    assert feature.select_one(".vw-card__link")["href"] == featured
    if featured == "/campagnes/mars-2027/":
        assert countdowns(feature) == [(state, text)]


def test_scenario_countdown_text_matches_the_plugin_rules(tmp_path):
    """The build-time text is the pure function's text at the build clock (same code path, real content)."""
    clock = "2027-02-27T18:30+01:00"
    built = BuiltSite(build_site(tmp_path / "out", content=SCENARIO, now=clock))
    page = built.soup("/campagnes/petitie-2027/")
    assert countdowns(page) == [("upcoming", "Nog 1 dag tot de petitie sluit")]
    assert countdowns(built.soup("/campagnes/mars-2027/")) == [("upcoming", "Nog 113 dagen tot de voorbeeldmars")]


# --- the real site at FIXED_NOW ------------------------------------------------


def test_real_campaigns_at_fixed_now(site):
    assert countdowns(site.soup(WVD_2027)) == [("upcoming", "Nog 206 dagen tot Wereldvluchtelingendag")]
    assert countdowns(site.soup(PETITION)) == [("upcoming", "Nog 94 dagen tot de petitie sluit")]
    assert countdowns(site.soup("/campagnes/wereldvluchtelingendag-2026/")) == [
        ("past", "Deze actie vond plaats op 20 juni 2026")]
    listing = listing_sections(site.soup("/campagnes/"))
    assert listing["campagnes-nu"] == [PETITION, WVD_2027]
    assert listing["campagnes-eerder"] == ["/campagnes/wereldvluchtelingendag-2026/",
                                           "/campagnes/mars-warme-winter-gent-2025/"]
    home = site.soup("/").select_one('section[aria-labelledby="home-campagne"]')
    assert home.select_one(".vw-card__link")["href"] == PETITION
    assert countdowns(home) == [("upcoming", "Nog 94 dagen tot de petitie sluit")]


def test_countdown_markup_is_accessible_and_carries_the_moment(site):
    box = site.soup(WVD_2027).select_one(".vw-countdown")
    assert box["data-module"] == "vw-countdown"
    timer = box.select_one('[role="timer"]')
    assert timer["aria-live"] == "off"
    live = box.select(".vw-countdown__announce[aria-live=polite]")
    assert len(live) == 1 and live[0].get_text(strip=True) == ""
    assert parse_moment(box["data-countdown-start"], BRUSSELS) == datetime(2027, 6, 20, 12, 0, tzinfo=UTC)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", box["data-countdown-start"])
    strings = json.loads(box["data-countdown-strings"])
    assert strings["text_running"] == "Nu bezig, tot 18:00"


def test_no_countdown_script_on_pages_without_a_countdown(site):
    for url in ("/persberichten/", "/over-ons/", "/campagnes/wereldvluchtelingendag-2026/"):
        srcs = [s.get("src", "") for s in site.soup(url).select("script[src]")]
        assert not any("countdown.js" in s for s in srcs), url
    for url in ("/", "/campagnes/", WVD_2027):
        srcs = [s.get("src", "") for s in site.soup(url).select("script[src]")]
        assert sum("countdown.js" in s for s in srcs) == 1, url


def test_campaign_page_links_its_calendar_file(site):
    for url in (WVD_2027, PETITION, "/campagnes/wereldvluchtelingendag-2026/"):
        link = site.soup(url).find("a", string="Zet in je agenda")
        assert link is not None, url
        assert link["href"].endswith(".ics")
        assert site.file_for(link["href"]).is_file(), link["href"]


def _ics(site, url: str) -> bytes:
    href = site.soup(url).find("a", string="Zet in je agenda")["href"]
    return site.file_for(href).read_bytes()


def test_ics_parses_back_to_the_same_moment(site):
    icalendar = pytest.importorskip("icalendar")
    event = icalendar.Calendar.from_ical(_ics(site, WVD_2027)).walk("VEVENT")[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime(2027, 6, 20, 12, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2027, 6, 20, 16, 0, tzinfo=UTC)
    box = site.soup(WVD_2027).select_one(".vw-countdown")
    assert start.astimezone(UTC) == parse_moment(box["data-countdown-start"], BRUSSELS).astimezone(UTC)
    assert str(event["UID"]) == "campagne-wereldvluchtelingendag-2027@www.vluchtelingenwerk.be"
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 10, 9, 0, tzinfo=UTC)  # the item's date, not the clock
    assert str(event["URL"]) == "https://www.vluchtelingenwerk.be" + WVD_2027
    assert "Kunstberg" in str(event["LOCATION"])
    assert str(event["SUMMARY"]) == "Wereldvluchtelingendag 2027: samen op de Kunstberg"

    petition = icalendar.Calendar.from_ical(_ics(site, PETITION)).walk("VEVENT")[0]
    assert petition.decoded("DTSTART") == datetime(2027, 2, 28).date()
    assert petition.decoded("DTEND") == datetime(2027, 3, 1).date()


def test_ics_time_zone_block_and_line_format(site):
    raw = _ics(site, WVD_2027)
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines), "the long DESCRIPTION should be folded"
    text = raw.decode("utf-8")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n" in text
    assert "DTSTART;TZID=Europe/Brussels:20270620T140000" in text
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200" in text
    assert "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in text


def test_event_json_ld(site):
    soup = site.soup(WVD_2027)
    blocks = soup.select('script[type="application/ld+json"]')
    events = [data for data in (json.loads(b.string) for b in blocks) if data.get("@type") == "Event"]
    assert len(events) == 1
    event = events[0]
    assert event["startDate"] == "2027-06-20T14:00:00+02:00"
    assert event["endDate"] == "2027-06-20T18:00:00+02:00"
    assert event["location"]["name"] == "Kunstberg"
    assert event["url"] == "https://www.vluchtelingenwerk.be" + WVD_2027
    raw = next(b.string for b in blocks if '"Event"' in b.string)
    assert "</" not in raw
    petition = json.loads(site.soup(PETITION).select_one('script[type="application/ld+json"]').string)
    assert petition["startDate"] == "2027-02-28"


def test_share_links_without_trackers(site):
    soup = site.soup(WVD_2027)
    share = soup.select_one('[data-module="vw-share"]')
    page_url = "https://www.vluchtelingenwerk.be" + WVD_2027
    assert share["data-share-url"] == page_url
    links = {a.get_text(strip=True): a["href"] for a in share.select("a.vw-share__link")}
    assert set(links) == {"E-mail", "WhatsApp", "Bluesky", "LinkedIn", "Facebook"}
    for name, href in links.items():
        query = parse_qs(urlsplit(href).query)
        values = [v for vs in query.values() for v in vs]
        assert any(page_url in v for v in values), (name, href)
        assert not any(k.startswith("utm_") for k in query), (name, href)
    assert urlsplit(links["Facebook"]).netloc == "www.facebook.com"
    assert links["E-mail"].startswith("mailto:")
    # Mastodon: no instance is chosen for the reader; without JS the address to copy.
    assert share.select_one("[data-share-mastodon-form]").has_attr("hidden")
    assert page_url in share.select_one("[data-share-mastodon-copy] input")["value"]
    # Nothing on the page is loaded from another site.
    for tag, attribute in THIRD_PARTY_TAGS.items():
        for element in soup.find_all(tag):
            value = element.get(attribute) or ""
            assert not urlsplit(value).netloc or "vluchtelingenwerk.be" in value, (tag, value)


def test_calendar_files_are_known_to_the_link_checker(site):
    """Every .ics the plugin wrote is linked from exactly its campaign page."""
    written = sorted(p.relative_to(site.output).as_posix() for p in Path(site.output).rglob("*.ics"))
    assert written == [
        "campagnes/mars-warme-winter-gent-2025/mars-warme-winter-gent-2025.ics",
        "campagnes/petitie-menswaardige-opvang/petitie-menswaardige-opvang.ics",
        "campagnes/wereldvluchtelingendag-2026/wereldvluchtelingendag-2026.ics",
        "campagnes/wereldvluchtelingendag-2027/wereldvluchtelingendag-2027.ics",
    ]


# --- in the browser -------------------------------------------------------------


def _text(page) -> str:
    return page.locator(".vw-countdown__text").first.inner_text().strip()


def _python_text(now: datetime) -> str:
    from kernel.clock import Moment

    moment = Moment(datetime(2027, 6, 20, 14, 0, tzinfo=BRUSSELS), all_day=False)
    end = Moment(datetime(2027, 6, 20, 18, 0, tzinfo=BRUSSELS), all_day=False)
    return countdown_text(moment, now, end, label="tot Wereldvluchtelingendag", zone=BRUSSELS, strings=STRINGS)


@pytest.mark.browser
def test_live_countdown_ticks_and_switches_state_at_zero(site_url, page):
    start = datetime(2027, 6, 20, 13, 58, 30, tzinfo=BRUSSELS)
    page.clock.install(time=start)
    page.goto(site_url + WVD_2027)
    assert page.evaluate("document.documentElement.classList.contains('vw-js')")
    box = page.locator(".vw-countdown").first
    assert _text(page) == "Vandaag! Nog 1 minuut tot Wereldvluchtelingendag" == _python_text(start)
    assert box.get_attribute("data-countdown-state") == "today"
    announce = page.locator(".vw-countdown__announce").first
    assert announce.inner_text().strip() == ""  # catching up on load is not announced

    page.clock.run_for(31_000)
    assert _text(page) == "Vandaag! Nog minder dan een minuut tot Wereldvluchtelingendag"
    assert announce.inner_text().strip() == ""  # a tick is not a change of state

    page.clock.run_for(60_000)  # 14:00:01
    assert _text(page) == "Nu bezig, tot 18:00"
    assert box.get_attribute("data-countdown-state") == "running"
    assert "vw-countdown--running" in box.get_attribute("class")
    assert announce.inner_text().strip() == "Nu bezig, tot 18:00"

    page.clock.fast_forward("04:00:00")
    assert _text(page) == "Deze actie vond plaats op 20 juni 2027"
    assert box.get_attribute("data-countdown-state") == "past"


@pytest.mark.browser
def test_live_countdown_counts_days_in_brussels_for_any_visitor(site_url, browser):
    """A visitor in New York at 19:59 on 19 June is already on 20 June in Brussels.

    (The page's clock goes on running after install: each instant keeps a margin.)
    """
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    try:
        now = datetime(2027, 6, 19, 19, 59, 30, tzinfo=ZoneInfo("America/New_York"))
        page.clock.install(time=now)
        page.goto(site_url + WVD_2027)
        assert _text(page) == "Vandaag! Nog 12 uur tot Wereldvluchtelingendag" == _python_text(now)
        page.clock.install(time=datetime(2027, 6, 18, 13, 59, tzinfo=BRUSSELS))
        page.goto(site_url + WVD_2027)
        assert _text(page) == "Nog 2 dagen tot Wereldvluchtelingendag"
        page.clock.fast_forward("24:00:00")
        assert _text(page) == "Nog 1 dag tot Wereldvluchtelingendag"
        page.clock.run_for(60_000)
        assert _text(page) == "Nog 23 uur tot Wereldvluchtelingendag"
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_build_time_text_stands(site, site_url, browser):
    context = browser.new_context(java_script_enabled=False, timezone_id="Europe/Brussels")
    page = context.new_page()
    try:
        for url in (WVD_2027, "/campagnes/", "/"):
            page.goto(site_url + url)
            built = [c.select_one(".vw-countdown__text").get_text(" ", strip=True)
                     for c in site.soup(url).select(".vw-countdown")]
            shown = [t.strip() for t in page.locator(".vw-countdown__text").all_inner_texts()]
            assert shown == built and built, url
            assert not page.evaluate("document.documentElement.classList.contains('vw-js')")
        page.goto(site_url + WVD_2027)
        assert page.locator("[data-share-mastodon-copy]").is_visible()
        assert not page.locator("[data-share-mastodon-form]").is_visible()
        assert page.locator(".vw-share__native").count() == 0
    finally:
        context.close()


@pytest.mark.browser
def test_mastodon_form_opens_the_readers_own_server(site_url, page):
    opened = []
    page.route("https://mastodon.example/**",
               lambda route: (opened.append(route.request.url), route.fulfill(body="ok"))[1])
    page.goto(site_url + WVD_2027)
    form = page.locator("[data-share-mastodon-form]")
    assert form.is_visible()
    assert not page.locator("[data-share-mastodon-copy]").is_visible()
    field = page.get_by_label("Je Mastodon-server")
    field.fill("niet geldig")
    form.get_by_role("button", name="Delen op Mastodon").click()
    assert field.get_attribute("aria-invalid") == "true"
    assert "mastodon.social" in page.locator(".vw-share__error").inner_text()
    field.fill("https://mastodon.example/@ik")
    with page.expect_navigation():
        form.get_by_role("button", name="Delen op Mastodon").click()
    assert opened, "the reader's server was not opened"
    url = urlsplit(opened[0])
    assert (url.netloc, url.path) == ("mastodon.example", "/share")
    assert "https://www.vluchtelingenwerk.be" + WVD_2027 in parse_qs(url.query)["text"][0]


@pytest.mark.browser
def test_share_sheet_button_only_where_the_browser_has_one(site_url, page):
    page.goto(site_url + WVD_2027)
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator(".vw-share__native").count() == (1 if has_share else 0)
    page.add_init_script("navigator.share = () => Promise.resolve();")
    page.goto(site_url + WVD_2027)
    button = page.get_by_role("button", name="Delen via je toestel")
    assert button.count() == 1


@pytest.mark.browser
def test_campaign_pages_have_no_axe_violations(site_url, page, node_modules):
    need(AXE.is_file(), "axe-core is missing from node_modules (npm ci)")
    failures = {}
    for url in (WVD_2027, PETITION, "/campagnes/", "/"):
        violations = axe_violations(page, site_url + url)
        if violations:
            failures[url] = describe(violations)
    assert not failures, "\n\n".join(f"{url}\n{text}" for url, text in failures.items())


def test_campaign_problems_stop_the_build_with_clear_lines(tmp_path, content_errors):
    from kernel.problems import ContentError

    content = tmp_path / "content"
    (content / "campagnes").mkdir(parents=True)
    (content / "campagnes" / "actie.md").write_text(
        "title: Actie\ndate: 2026-01-01\nsummary: Een voorbeeldactie.\n"
        "countdown_label: tot de actie\nplace_address: Kunstberg, 1000 Brussel\n\nTekst.\n",
        encoding="utf-8",
    )
    (content / "campagnes" / "datum.md").write_text(
        "title: Datum\ndate: 2026-01-01\nsummary: Een voorbeeldactie.\ncountdown: 2027-02-30\n"
        "countdown_label: tot de actie\n\nTekst.\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError):
        build_site(tmp_path / "out", content=content)
    lines = content_errors()
    assert any("campagnes/actie.md: countdown: ontbreekt terwijl countdown_label er staat" in line for line in lines)
    assert any("campagnes/actie.md: place_name: ontbreekt terwijl place_address er staat" in line for line in lines)
    assert any("campagnes/datum.md: countdown: '2027-02-30' is geen datum" in line for line in lines)
    assert sum("datum.md" in line for line in lines) == 1, lines
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.ics"))


@pytest.mark.browser
def test_script_and_plugin_agree_at_every_instant(tmp_path, serve, browser):
    """countdown.js gives the plugin's text at each instant, across a DST change and for a date-only moment."""
    import shutil

    from kernel.clock import Moment

    content = tmp_path / "content"
    shutil.copytree(SCENARIO, content)
    (content / "campagnes" / "lente-2027.md").write_text(
        "title: Voorbeeldactie in de lente\ndate: 2026-11-01\nslug: lente-2027\n"
        "summary: Een voorbeeldactie op de dag van de zomertijd (example.org).\n"
        "countdown: 2027-03-28 14:00\ncountdown_label: tot de actie\n\nTekst.\n",
        encoding="utf-8",
    )
    base = serve(build_site(tmp_path / "out", content=content, now="2027-01-01T12:00+01:00"))
    cases = {
        "/campagnes/lente-2027/": (Moment(datetime(2027, 3, 28, 14, 0, tzinfo=BRUSSELS), False), "tot de actie", [
            "2027-03-14T12:00:30+01:00", "2027-03-27T13:00:30+01:00", "2027-03-27T14:00:30+01:00",
            "2027-03-28T01:30:30+01:00", "2027-03-28T03:30:30+02:00", "2027-03-28T13:59:30+02:00",
            "2027-03-28T15:00:30+02:00", "2027-03-29T00:00:30+02:00",
        ]),
        "/campagnes/petitie-2027/": (Moment(datetime(2027, 2, 28, tzinfo=BRUSSELS), True), "tot de petitie sluit", [
            "2027-02-27T00:00:30+01:00", "2027-02-27T23:59:30+01:00", "2027-02-28T00:00:30+01:00",
            "2027-02-28T23:59:30+01:00", "2027-03-01T00:00:30+01:00",
        ]),
    }
    context = browser.new_context(timezone_id="Pacific/Auckland")  # far from Brussels on purpose
    page = context.new_page()
    try:
        for url, (when, label, instants) in cases.items():
            for instant in instants:
                now = parse_moment(instant, BRUSSELS)
                expected = countdown_text(when, now, label=label, zone=BRUSSELS, strings=STRINGS)
                page.clock.install(time=now)
                page.goto(base + url)
                assert _text(page) == expected, (url, instant)
    finally:
        context.close()
