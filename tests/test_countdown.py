"""Countdown plugin: state and Dutch text (pure functions), calendar file, JSON-LD, share links."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO

from content_model.schema import CAMPAIGN, ReadContext, check_metadata
from countdown import ics, share
from countdown.countdown import (
    campaign_overview,
    countdown_strings,
    countdown_text,
    event_data,
    make_countdown,
    script_json,
    state_at,
    window,
)
from kernel.clock import Moment, parse_moment

BRUSSELS = ZoneInfo("Europe/Brussels")
STRINGS = countdown_strings(str(REPO / "theme"))
LABEL = "tot Wereldvluchtelingendag"


def moment(text: str) -> Moment:
    """A Moment as the schema reads it from front matter."""
    meta, problems = check_metadata(CAMPAIGN, _raw(countdown=text), _ctx())
    assert not problems, problems
    return meta["countdown"]


def _raw(**fields) -> dict[str, str]:
    raw = {"title": "Actie", "date": "2026-01-01", "summary": "Een actie."}
    raw.update(fields)
    return raw


def _ctx() -> ReadContext:
    return ReadContext(zone=BRUSSELS, content_root=REPO / "content", path="content/campagnes/x.md")


def at(text: str) -> datetime:
    return parse_moment(text, BRUSSELS)


def text(when: Moment, now: str, end: Moment | None = None, label: str = LABEL) -> str:
    return countdown_text(when, at(now), end, label=label, zone=BRUSSELS, strings=STRINGS)


def state(when: Moment, now: str, end: Moment | None = None) -> str:
    return state_at(when, at(now), end, zone=BRUSSELS)


# --- states and text -------------------------------------------------------


def test_days_singular_and_plural():
    wvd = moment("2027-06-20 14:00")
    assert text(wvd, "2027-06-18T14:00+02:00") == "Nog 2 dagen tot Wereldvluchtelingendag"
    assert text(wvd, "2027-06-19T13:00+02:00") == "Nog 1 dag tot Wereldvluchtelingendag"
    assert state(wvd, "2027-06-19T13:00+02:00") == "upcoming"


def test_hours_when_under_a_day_then_minutes():
    wvd = moment("2027-06-20 14:00")
    assert text(wvd, "2027-06-19T14:00:01+02:00") == "Nog 23 uur tot Wereldvluchtelingendag"
    assert text(wvd, "2027-06-19T22:30+02:00") == "Nog 15 uur tot Wereldvluchtelingendag"
    assert state(wvd, "2027-06-19T22:30+02:00") == "upcoming"
    assert text(wvd, "2027-06-20T12:59+02:00") == "Vandaag! Nog 1 uur tot Wereldvluchtelingendag"
    assert text(wvd, "2027-06-20T13:58+02:00") == "Vandaag! Nog 2 minuten tot Wereldvluchtelingendag"
    assert text(wvd, "2027-06-20T13:58:30+02:00") == "Vandaag! Nog 1 minuut tot Wereldvluchtelingendag"
    assert text(wvd, "2027-06-20T13:59:30+02:00") == "Vandaag! Nog minder dan een minuut tot Wereldvluchtelingendag"
    assert state(wvd, "2027-06-20T09:00+02:00") == "today"


def test_exact_second_of_the_moment_with_end():
    wvd, end = moment("2027-06-20 14:00"), moment("2027-06-20 18:00")
    assert state(wvd, "2027-06-20T13:59:59+02:00", end) == "today"
    assert state(wvd, "2027-06-20T14:00:00+02:00", end) == "running"
    assert text(wvd, "2027-06-20T14:00:00+02:00", end) == "Nu bezig, tot 18:00"
    assert state(wvd, "2027-06-20T17:59:59+02:00", end) == "running"
    assert state(wvd, "2027-06-20T18:00:00+02:00", end) == "past"
    assert text(wvd, "2027-06-20T18:00:00+02:00", end) == "Deze actie vond plaats op 20 juni 2027"


def test_exact_second_of_the_moment_without_end():
    march = moment("2027-06-20 14:00")
    assert state(march, "2027-06-20T14:00:00+02:00") == "today"
    assert text(march, "2027-06-20T14:00:00+02:00") == "Vandaag!"
    assert state(march, "2027-06-20T23:59:59+02:00") == "today"
    assert state(march, "2027-06-21T00:00:00+02:00") == "past"


def test_running_over_several_days():
    start, end = moment("2027-06-20 14:00"), moment("2027-06-22 12:00")
    assert text(start, "2027-06-21T09:00+02:00", end) == "Nu bezig, tot 22 juni 2027 om 12:00"
    start, end = moment("2027-06-20"), moment("2027-06-22")
    assert text(start, "2027-06-22T23:00+02:00", end) == "Nu bezig, tot en met 22 juni 2027"
    assert state(start, "2027-06-23T00:00+02:00", end) == "past"


def test_date_only_moment_is_the_whole_day():
    petition = moment("2027-02-28")
    assert petition.all_day
    label = "tot de petitie sluit"
    assert text(petition, "2026-11-26T12:00+01:00", label=label) == "Nog 94 dagen tot de petitie sluit"
    # All-day moments count calendar days, never hours.
    assert text(petition, "2027-02-27T23:59:59+01:00", label=label) == "Nog 1 dag tot de petitie sluit"
    assert state(petition, "2027-02-28T00:00+01:00") == "today"
    assert text(petition, "2027-02-28T00:00+01:00", label=label) == "Vandaag!"
    assert state(petition, "2027-02-28T23:59:59+01:00") == "today"
    assert state(petition, "2027-03-01T00:00+01:00") == "past"
    assert text(petition, "2027-03-01T00:00+01:00") == "Deze actie vond plaats op 28 februari 2027"


def test_spring_forward_day_has_23_hours():
    """2027-03-28: Brussels goes from 02:00 to 03:00; the day before at the same clock time is 23 hours earlier."""
    action = moment("2027-03-28 14:00")
    assert action.start.utcoffset() == timedelta(hours=2)
    assert text(action, "2027-03-27T14:00+01:00") == "Nog 23 uur tot Wereldvluchtelingendag"
    assert text(action, "2027-03-27T13:00+01:00") == "Nog 1 dag tot Wereldvluchtelingendag"
    # Two weeks across the change: 13 days and 23 hours of real time, 14 calendar days.
    later = moment("2027-04-03 12:00")
    assert text(later, "2027-03-20T12:00+01:00", label="") == "Nog 14 dagen"


def test_fall_back_day_has_25_hours():
    """2026-10-25: Brussels goes from 03:00 back to 02:00."""
    action = moment("2026-10-25 14:00")
    assert action.start.utcoffset() == timedelta(hours=1)
    assert text(action, "2026-10-24T14:00+02:00") == "Nog 1 dag tot Wereldvluchtelingendag"
    assert text(action, "2026-10-24T15:00+02:00") == "Nog 1 dag tot Wereldvluchtelingendag"
    assert text(action, "2026-10-24T15:00:01+02:00") == "Nog 23 uur tot Wereldvluchtelingendag"
    # During the repeated hour the date is still the 25th: today, and the hours are real hours.
    assert state(action, "2026-10-25T02:30+02:00") == "today"
    assert text(action, "2026-10-25T02:30+02:00") == "Vandaag! Nog 12 uur tot Wereldvluchtelingendag"
    assert text(action, "2026-10-25T02:30+01:00") == "Vandaag! Nog 11 uur tot Wereldvluchtelingendag"


def test_moment_with_z_and_with_offset():
    utc = moment("2027-06-19T23:30:00Z")  # 20 June 01:30 in Brussels
    assert utc.start == datetime(2027, 6, 20, 1, 30, tzinfo=BRUSSELS)
    assert not utc.all_day
    assert state(utc, "2027-06-20T00:10+02:00") == "today"
    assert state(utc, "2027-06-19T23:59+02:00") == "upcoming"
    assert text(utc, "2027-06-19T23:59+02:00", label="") == "Nog 1 uur"
    winter = moment("2027-01-15T10:00+01:00")
    assert winter.start == datetime(2027, 1, 15, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert text(winter, "2027-01-14T09:00:00Z", label="") == "Nog 1 dag"
    assert text(winter, "2027-01-14T09:00:01Z", label="") == "Nog 23 uur"
    # The same instant written in another zone gives the same state and text.
    assert text(winter, "2027-01-14T04:00:01-05:00", label="") == "Nog 23 uur"
    a = make_countdown(winter, at("2027-01-01T00:00Z"), zone=BRUSSELS, strings=STRINGS)
    assert a.start_iso == "2027-01-15T10:00:00+01:00"
    assert a.day == "2027-01-15"


def test_far_past_and_far_future():
    wvd = moment("2027-06-20 14:00")
    assert state(wvd, "1999-01-01T00:00Z") == "upcoming"
    assert text(wvd, "1999-01-01T00:00+01:00") == "Nog 10397 dagen tot Wereldvluchtelingendag"
    assert state(wvd, "2199-01-01T00:00Z") == "past"
    assert text(wvd, "2199-01-01T00:00Z") == "Deze actie vond plaats op 20 juni 2027"


def test_never_below_zero_and_every_state_has_text():
    wvd, end = moment("2027-06-20 14:00"), moment("2027-06-20 18:00")
    start = wvd.start
    seen = set()
    for seconds in range(-3 * 86400, 86400, 599):
        now = start + timedelta(seconds=seconds)
        shown = countdown_text(wvd, now, end, label=LABEL, zone=BRUSSELS, strings=STRINGS)
        assert "-" not in shown and "{" not in shown, shown
        seen.add(state_at(wvd, now, end, zone=BRUSSELS))
    assert seen == {"upcoming", "today", "running", "past"}


def test_window_of_all_day_end():
    start, stop = window(moment("2027-06-20"), moment("2027-06-22"), BRUSSELS)
    assert start.isoformat() == "2027-06-20T00:00:00+02:00"
    assert stop.isoformat() == "2027-06-23T00:00:00+02:00"


def test_countdown_label_needs_countdown():
    _meta, problems = check_metadata(CAMPAIGN, _raw(countdown_label="tot de mars"), _ctx())
    assert [(p.field, p.message) for p in problems] == [("countdown", "ontbreekt terwijl countdown_label er staat")]
    _meta, problems = check_metadata(CAMPAIGN, _raw(place_address="Kunstberg, 1000 Brussel"), _ctx())
    assert [(p.field, p.message) for p in problems] == [("place_name", "ontbreekt terwijl place_address er staat")]
    # An unreadable countdown is reported once, as unreadable.
    _meta, problems = check_metadata(CAMPAIGN, _raw(countdown="morgen", countdown_label="tot de mars"), _ctx())
    assert [(p.field, p.message) for p in problems] == [("countdown", "'morgen' is geen datum")]


def test_bad_moment_is_a_clear_error():
    _meta, problems = check_metadata(CAMPAIGN, _raw(countdown="2027-02-30"), _ctx())
    assert len(problems) == 1
    assert problems[0].field == "countdown" and "'2027-02-30' is geen datum" in problems[0].message


# --- listing order ---------------------------------------------------------


def _campaign(slug: str, when: str | None, now: str, end: str | None = None, date: str = "2026-01-01"):
    item = SimpleNamespace(content_type="campagne", slug=slug, date=at(date), countdown_status=None)
    if when:
        item.countdown_status = make_countdown(moment(when), at(now), moment(end) if end else None,
                                               zone=BRUSSELS, strings=STRINGS)
    return item


def test_overview_order():
    now = "2027-06-20T15:00+02:00"
    items = [
        _campaign("old", "2025-12-06 13:00", now),
        _campaign("later", "2027-09-01", now),
        _campaign("running", "2027-06-20 14:00", now, end="2027-06-20 18:00"),
        _campaign("soon", "2027-06-25 10:00", now),
        _campaign("ongoing", None, now, date="2026-05-01"),
        _campaign("older", "2024-06-20 14:00", now),
        SimpleNamespace(content_type="persbericht", slug="press"),
    ]
    overview = campaign_overview(items)
    assert [i.slug for i in overview.current] == ["running", "soon", "later", "ongoing"]
    assert [i.slug for i in overview.past] == ["old", "older"]
    assert overview.featured.slug == "running"
    only_past = campaign_overview([items[0], items[5]])
    assert only_past.featured.slug == "old"
    assert campaign_overview([]).featured is None


# --- JSON-LD, share links --------------------------------------------------


def test_script_json_cannot_end_the_script_element():
    data = {"name": "</script><script>alert(1)</script> & <!--"}
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text.replace("\\u0026", "")
    assert json.loads(text) == data


def test_share_links_are_plain_and_encoded():
    url = "https://www.vluchtelingenwerk.be/campagnes/x/"
    links = {link["key"]: link["href"] for link in share.share_links(url, "Opvang & recht")}
    assert list(links) == ["email", "whatsapp", "bluesky", "linkedin", "facebook"]
    encoded = "https%3A%2F%2Fwww.vluchtelingenwerk.be%2Fcampagnes%2Fx%2F"
    assert links["facebook"] == f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    assert links["linkedin"].endswith(f"?url={encoded}")
    assert links["whatsapp"] == f"https://wa.me/?text=Opvang%20%26%20recht%20{encoded}"
    assert links["bluesky"].startswith("https://bsky.app/intent/compose?text=Opvang%20%26%20recht")
    assert links["email"].startswith("mailto:?subject=Opvang%20%26%20recht&body=")


def test_public_base_prefers_siteurl_then_public_url():
    assert share.public_base({"SITEURL": "https://a.example.org/", "SITE_PUBLIC_URL": "https://b.example.org"}) \
        == "https://a.example.org"
    assert share.public_base({"SITEURL": "", "SITE_PUBLIC_URL": "https://b.example.org"}) == "https://b.example.org"


# --- iCalendar -------------------------------------------------------------


def test_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100 + "x" * 40
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line


def test_escape_text():
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_and_json_ld_text_has_real_characters_not_entities():
    """Smart quotes reach a title as `&rsquo;`: the .ics and the JSON-LD carry the character itself."""
    item = _campaign("mars", "2027-06-20 14:00", "2027-06-01T12:00+02:00")
    item.title = "Vluchtelingen&rsquo;s mars"
    item.summary = "<p>Kom &amp; stap   mee</p>"
    item.url = "campagnes/mars/"
    settings = {"SITEURL": "https://www.vluchtelingenwerk.be", "TIMEZONE": "Europe/Brussels"}
    calendar = ics.calendar_for(item, settings)
    assert "SUMMARY:Vluchtelingen’s mars\r\n" in calendar
    assert "DESCRIPTION:Kom & stap mee\\n\\nhttps://" in calendar
    data = event_data(item, settings)
    assert (data["name"], data["description"]) == ("Vluchtelingen’s mars", "Kom & stap mee")


@pytest.mark.parametrize("zone_name", ["Europe/Brussels", "America/New_York", "Asia/Tokyo"])
def test_vtimezone_matches_zone_data(zone_name):
    """The VTIMEZONE block, read back by icalendar, gives the zone's real offsets."""
    icalendar = pytest.importorskip("icalendar")
    zone = ZoneInfo(zone_name)
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//NL",
                        *ics.vtimezone(zone, 2027, 2027), "END:VCALENDAR"]) + "\r\n"
    calendar = icalendar.Calendar.from_ical(text)
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    for month in range(1, 13):
        for day in (1, 15):
            local = datetime(2027, month, day, 12, 0)
            assert local.replace(tzinfo=tz).utcoffset() == local.replace(tzinfo=zone).utcoffset(), local
