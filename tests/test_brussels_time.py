"""Brussels time everywhere: a date written in UTC or with another offset is read in Brussels time
before anything derives from it (address year, year archive, feeds, sitemap, shown date, embargo,
countdown), across day, month and year boundaries and both daylight-saving changes."""

from __future__ import annotations

import shutil
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import REPO, BuiltSite, build_site

from kernel.clock import parse_moment

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(("written", "brussels"), [
    ("2026-06-30T22:30:00Z", "2026-07-01T00:30:00+02:00"),  # the example: a release of 1 July
    ("2026-06-30T21:59:00Z", "2026-06-30T23:59:00+02:00"),  # ... and one minute before midnight
    ("2026-12-31T23:30:00Z", "2027-01-01T00:30:00+01:00"),  # year boundary, winter time
    ("2027-01-01T03:00+05:00", "2026-12-31T23:00:00+01:00"),  # ... and back the other way
    ("2026-02-28T23:00:00Z", "2026-03-01T00:00:00+01:00"),  # month boundary (not a leap year)
    # Last Sunday of March 2026: at 01:00 UTC the clocks go from 02:00 to 03:00.
    ("2026-03-29T00:59:00Z", "2026-03-29T01:59:00+01:00"),
    ("2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00"),
    ("2026-03-28T23:30:00Z", "2026-03-29T00:30:00+01:00"),  # day boundary on that night
    # Last Sunday of October 2026: at 01:00 UTC the clocks go from 03:00 back to 02:00.
    ("2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00"),
    ("2026-10-25T01:30:00Z", "2026-10-25T02:30:00+01:00"),  # the same wall time, an hour later
    ("2026-10-24T22:30:00Z", "2026-10-25T00:30:00+02:00"),
    ("2026-10-25 02:30", "2026-10-25T02:30:00+02:00"),  # a naive ambiguous time: the first one (fold 0)
])
def test_moments_are_converted_to_brussels_time(written, brussels):
    assert parse_moment(written, BRUSSELS).isoformat() == brussels


RELEASES = {
    # file name -> (front matter, expected address)
    "2026-12-31-jaarwissel.md": ("date: 2026-12-31T23:30:00Z\nslug: jaarwissel", "/persberichten/2027/jaarwissel/"),
    "2026-12-31-oudjaar.md": ("date: 2027-01-01T03:00+05:00\nslug: oudjaar", "/persberichten/2026/oudjaar/"),
    "2026-06-30-juli.md": ("date: 2026-06-30T22:30:00Z\nslug: juli", "/persberichten/2026/juli/"),
    "2027-03-28-zomertijd.md": ("date: 2027-03-01 10:00\nembargo: 2027-03-28T01:30:00Z\nslug: zomertijd",
                                "/persberichten/2027/zomertijd/"),
    "2027-10-31-wintertijd.md": ("date: 2027-03-01 10:00\nembargo: 2027-10-31T01:30:00Z\nslug: wintertijd",
                                 "/persberichten/2027/wintertijd/"),
}


def _content(folder):
    content = folder / "content"
    (content / "persberichten").mkdir(parents=True)
    (content / "campagnes").mkdir()
    shutil.copytree(REPO / "tests" / "scenarios" / "countdown" / "pages", content / "pages")
    for name, (front, _url) in RELEASES.items():
        slug = front.rsplit("slug: ", 1)[1]
        (content / "persberichten" / name).write_text(
            f"title: Bericht {slug}\n{front}\nsummary: Een bericht om de tijdzone te toetsen.\n"
            f"tags: tijd\n\nDe tekst van {slug}.\n", encoding="utf-8")
    (content / "campagnes" / "nieuwjaar.md").write_text(
        "title: Nieuwjaarsactie\ndate: 2026-06-01 10:00\nslug: nieuwjaarsactie\nsummary: Een actie bij de jaarwissel.\n"
        "countdown: 2026-12-31T23:30:00Z\ncountdown_label: tot de actie\n\nTekst.\n", encoding="utf-8")
    return content


def _build(folder, now: str) -> BuiltSite:
    return BuiltSite(build_site(folder / "output", content=_content(folder), now=now, settings_file="publishconf.py"))


@pytest.fixture(scope="module")
def before_summer_time(tmp_path_factory):
    """One minute before 2027-03-28T01:30Z (03:30 summer time, after the clocks went forward)."""
    return _build(tmp_path_factory.mktemp("tz-before"), "2027-03-28T03:29+02:00")


@pytest.fixture(scope="module")
def after_summer_time(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("tz-after"), "2027-03-28T03:30+02:00")


def test_the_address_year_and_the_year_archive_are_the_brussels_year(after_summer_time):
    site = after_summer_time
    for name, (_front, url) in RELEASES.items():
        if "embargo" in _front and "wintertijd" in url:
            continue
        assert site.file_for(url).is_file(), (name, url)
    def listed(year):
        return [a["href"] for a in site.soup(f"/persberichten/{year}/").select(".vw-press__main .vw-card__link")]
    assert any(h.endswith("/persberichten/2027/jaarwissel/") for h in listed(2027))
    assert not any("jaarwissel" in h for h in listed(2026))
    assert any(h.endswith("/persberichten/2026/oudjaar/") for h in listed(2026))


def test_shown_date_feed_sitemap_and_json_ld_use_brussels_time(after_summer_time):
    site = after_summer_time
    page = site.soup("/persberichten/2027/jaarwissel/")
    shown = page.select_one(".vw-meta time")
    assert shown.get_text(strip=True) == "1 januari 2027"
    assert shown["datetime"] == "2027-01-01T00:30:00+01:00"
    assert "1 juli 2026" in site.soup("/persberichten/2026/juli/").select_one(".vw-meta").get_text()
    feed = feedparser.parse((site.output / "feeds/persberichten.atom.xml").read_bytes())
    published = {e.title: e.published for e in feed.entries}
    assert published["Bericht jaarwissel"] == "2027-01-01T00:30:00+01:00"
    assert published["Bericht oudjaar"] == "2026-12-31T23:00:00+01:00"
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert ("<loc>https://www.vluchtelingenwerk.be/persberichten/2027/jaarwissel/</loc>"
            "<lastmod>2027-01-01T00:30:00+01:00</lastmod>") in sitemap
    import json

    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["datePublished"] == "2027-01-01T00:30:00+01:00"


def test_an_embargo_in_utc_lifts_at_its_brussels_moment_across_the_spring_change(before_summer_time,
                                                                                   after_summer_time):
    assert not before_summer_time.file_for("/persberichten/2027/zomertijd/").exists()
    assert "zomertijd" not in (before_summer_time.output / "sitemap.xml").read_text(encoding="utf-8")
    assert after_summer_time.file_for("/persberichten/2027/zomertijd/").is_file()
    # The October one (01:30 UTC on the last Sunday = 02:30 winter time) is still held in March.
    assert not after_summer_time.file_for("/persberichten/2027/wintertijd/").exists()


def test_an_embargo_in_utc_lifts_at_its_brussels_moment_across_the_autumn_change(tmp_path):
    # 2027-10-31T01:30Z is 02:30 winter time; 02:59 summer time that night is 00:59Z: still held.
    before = _build(tmp_path / "a", "2027-10-31T02:59+02:00")
    assert not before.file_for("/persberichten/2027/wintertijd/").exists()
    after = _build(tmp_path / "b", "2027-10-31T02:30+01:00")
    assert after.file_for("/persberichten/2027/wintertijd/").is_file()


def test_a_countdown_written_in_utc_shows_its_brussels_day(before_summer_time):
    page = before_summer_time.soup("/campagnes/nieuwjaarsactie/")
    when = page.select_one(".vw-facts time")
    assert when.get_text(strip=True) == "1 januari 2027 om 00:30"
    assert when["datetime"] == "2027-01-01T00:30:00+01:00"
