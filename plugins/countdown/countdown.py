"""Campaign countdowns: state and Dutch text from the one clock, calendar files, JSON-LD, share links.

A campaign's `countdown` (a `schema.Moment`) and optional `end` give a window
[start, stop) in the site's time zone (Europe/Brussels):

- `stop` is `end` when it is set (an all-day end lasts until the midnight after
  that day); without an end the action lasts until the midnight after the day
  of the moment.
- state: `upcoming` before the day of the moment, `today` on that day before the
  moment (and, without an end, for the rest of that day), `running` between the
  moment and its end, `past` from `stop` on.
- text: "Nog 23 dagen tot Wereldvluchtelingendag" (days count Brussels calendar
  days, so a daylight-saving change never makes a day go missing), "Nog 5 uur"
  when less than 24 real hours are left, then minutes, "Vandaag!",
  "Nu bezig, tot 18:00", "Deze actie vond plaats op 20 juni 2026".

theme/static/js/countdown.js applies exactly the same rules in the browser;
the strings it needs travel in the page (`Countdown.script_data()`).

The plugin attaches `countdown_status` (a `Countdown`), `calendar_url` and
`event_jsonld` to each published campaign with a countdown in every build
(the clock moves between preview builds), writes one .ics file per such
campaign (see `ics.py`) and offers the templates `campaign_overview(articles)`,
`share_links(item)` and `public_url(item)`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from markupsafe import Markup
from pelican import signals

from kernel import addresses, output, preview
from kernel.clock import Moment, build_time, site_zone, utc
from kernel.html import plain_text
from kernel.strings import load_strings

from . import ics, share
from .share import absolute_url, public_base

logger = logging.getLogger(__name__)

LOCALE = "nl_BE"
STATES = ("upcoming", "today", "running", "past")
CURRENT_STATES = ("running", "today", "upcoming")
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
# Keys of theme/strings/nl.yml (section "countdown") the texts are made of.
STRING_KEYS = (
    "days_one", "days_other", "hours", "minutes_one", "minutes_other", "under_minute",
    "today", "running_until", "running_through", "past",
)


# ---------------------------------------------------------------------------
# Pure time logic


def _midnight_after(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + DAY, time(), tzinfo=zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar date of an aware moment in `zone`."""
    return moment.astimezone(zone).date()


def window(moment: Moment, end: Moment | None, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The action as [start, stop): see the module docstring."""
    start = moment.start.astimezone(zone)
    if end is None:
        stop = _midnight_after(start.date(), zone)
    elif end.all_day:
        stop = _midnight_after(local_day(end.start, zone), zone)
    else:
        stop = end.start.astimezone(zone)
    return start, stop


def state_at(moment: Moment, now: datetime, end: Moment | None = None, *, zone: ZoneInfo) -> str:
    """upcoming, today, running or past at `now` (an aware datetime)."""
    start, stop = window(moment, end, zone)
    if utc(now) < utc(start):
        return "today" if local_day(now, zone) == start.date() else "upcoming"
    if utc(now) < utc(stop):
        return "running" if end is not None else "today"
    return "past"


def remaining_phrase(start: datetime, now: datetime, all_day: bool, *, zone: ZoneInfo,
                     strings: dict[str, str]) -> str:
    """"Nog 3 dagen", "Nog 5 uur", "Nog 1 minuut": the time left until `start`, never below zero.

    Whole days are Brussels calendar days (all-day moments always, timed ones
    from 24 real hours on); below that, whole hours, then whole minutes.
    """
    left = max(utc(start) - utc(now), timedelta(0))
    if all_day or left >= DAY:
        days = max((start.astimezone(zone).date() - local_day(now, zone)).days, 0)
        return strings["days_one"] if days == 1 else strings["days_other"].format(n=days)
    if left >= HOUR:
        return strings["hours"].format(n=left // HOUR)
    if left >= MINUTE:
        minutes = left // MINUTE
        return strings["minutes_one"] if minutes == 1 else strings["minutes_other"].format(n=minutes)
    return strings["under_minute"]


def nl_date(moment: datetime, zone: ZoneInfo) -> str:
    return format_date(moment.astimezone(zone), "d MMMM y", locale=LOCALE)


def nl_time(moment: datetime, zone: ZoneInfo) -> str:
    return format_time(moment.astimezone(zone), "HH:mm", locale=LOCALE)


def fixed_texts(moment: Moment, end: Moment | None, *, zone: ZoneInfo, strings: dict[str, str]) -> dict[str, str]:
    """The texts that do not depend on the clock: today (after the moment), running, past."""
    start = moment.start.astimezone(zone)
    texts = {"today": strings["today"], "past": strings["past"].format(date=nl_date(start, zone))}
    if end is None:
        texts["running"] = strings["today"]
    elif end.all_day:
        texts["running"] = strings["running_through"].format(date=nl_date(end.start, zone))
    else:
        finish = end.start.astimezone(zone)
        when = nl_time(finish, zone)
        if finish.date() != start.date():
            when = f"{nl_date(finish, zone)} om {when}"
        texts["running"] = strings["running_until"].format(end=when)
    return texts


def _with_label(phrase: str, label: str) -> str:
    return f"{phrase} {label}" if label else phrase


def countdown_text(moment: Moment, now: datetime, end: Moment | None = None, *, label: str = "",
                   zone: ZoneInfo, strings: dict[str, str]) -> str:
    """The Dutch text a reader sees at `now`."""
    state = state_at(moment, now, end, zone=zone)
    start, _stop = window(moment, end, zone)
    if state == "upcoming":
        return _with_label(remaining_phrase(start, now, moment.all_day, zone=zone, strings=strings), label)
    texts = fixed_texts(moment, end, zone=zone, strings=strings)
    if state == "today" and utc(now) < utc(start):
        phrase = remaining_phrase(start, now, moment.all_day, zone=zone, strings=strings)
        return f"{texts['today']} {_with_label(phrase, label)}"
    return texts[state]


@dataclass(frozen=True)
class Countdown:
    """Everything a page needs to show one countdown, at build time and live."""

    state: str
    text: str
    start: datetime
    stop: datetime
    all_day: bool
    has_end: bool
    label: str
    zone: str
    strings: dict = field(default_factory=dict)

    @property
    def start_iso(self) -> str:
        """The fixed moment, ISO 8601 with its offset: 2027-06-20T14:00:00+02:00."""
        return self.start.isoformat()

    @property
    def live(self) -> bool:
        """Whether the page needs countdown.js: a past moment never changes again."""
        return self.state != "past"

    @property
    def stop_iso(self) -> str:
        return self.stop.isoformat()

    @property
    def day(self) -> str:
        """The date of the moment in the site's time zone: 2027-06-20."""
        return self.start.date().isoformat()

    def script_data(self) -> str:
        """The strings countdown.js needs, as JSON for a data attribute (autoescaped there)."""
        return json.dumps(self.strings, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def make_countdown(moment: Moment, now: datetime, end: Moment | None = None, *, label: str = "",
                   zone: ZoneInfo, strings: dict[str, str]) -> Countdown:
    start, stop = window(moment, end, zone)
    texts = fixed_texts(moment, end, zone=zone, strings=strings)
    script_strings = {key: strings[key] for key in
                      ("days_one", "days_other", "hours", "minutes_one", "minutes_other", "under_minute")}
    script_strings.update({f"text_{key}": value for key, value in texts.items()})
    return Countdown(
        state=state_at(moment, now, end, zone=zone),
        text=countdown_text(moment, now, end, label=label, zone=zone, strings=strings),
        start=start, stop=stop, all_day=moment.all_day, has_end=end is not None,
        label=label, zone=zone.key, strings=script_strings,
    )


def countdown_strings(theme_path: str) -> dict[str, str]:
    """The "countdown.*" UI strings of the theme, without their prefix."""
    flat = load_strings(theme_path)
    strings = {key: flat.get(f"countdown.{key}") for key in STRING_KEYS}
    missing = [key for key, value in strings.items() if value is None]
    if missing:
        raise KeyError(f"countdown: UI strings missing from theme/strings/nl.yml: "
                       f"{', '.join('countdown.' + k for k in missing)}")
    return strings


# ---------------------------------------------------------------------------
# Listing order


@dataclass(frozen=True)
class CampaignOverview:
    current: list = field(default_factory=list)
    past: list = field(default_factory=list)

    @property
    def featured(self):
        """The campaign the home page shows: running or next, else the most recent past one."""
        if self.current:
            return self.current[0]
        return self.past[0] if self.past else None


def campaign_overview(articles) -> CampaignOverview:
    """Campaigns in listing order.

    current: running and today first, then upcoming, each soonest moment first;
    campaigns without a countdown (ongoing) follow, newest first.
    past: most recent moment first.
    """
    dated, ongoing, past = [], [], []
    for item in articles:
        if getattr(item, "content_type", None) != "campagne":
            continue
        status = getattr(item, "countdown_status", None)
        if status is None:
            ongoing.append(item)
        elif status.state == "past":
            past.append(item)
        else:
            dated.append(item)
    dated.sort(key=lambda item: (CURRENT_STATES.index(item.countdown_status.state), item.countdown_status.start))
    ongoing.sort(key=lambda item: item.date, reverse=True)
    past.sort(key=lambda item: item.countdown_status.start, reverse=True)
    return CampaignOverview(current=dated + ongoing, past=past)


# ---------------------------------------------------------------------------
# Addresses, JSON-LD


def calendar_path(item) -> str:
    """Where the .ics file of a campaign goes: campagnes/<slug>/<slug>.ics."""
    folder = item.url.rstrip("/")
    return f"{folder}/{item.slug}.ics"


def script_json(data) -> Markup:
    """JSON that is safe inside a <script> element: no "<", ">" or "&" left to end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def event_data(item, settings) -> dict:
    """schema.org Event of a campaign with a countdown."""
    status: Countdown = item.countdown_status
    zone = site_zone(settings)
    url = absolute_url(item, settings)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": plain_text(item.title),
        "description": plain_text(getattr(item, "summary", "")),
        "url": url,
        "startDate": status.day if status.all_day else status.start_iso,
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {"@type": "Organization", "name": settings.get("SITENAME", ""),
                      "url": public_base(settings) + "/"},
    }
    end = getattr(item, "end", None)
    if end is not None:
        data["endDate"] = (local_day(end.start, zone).isoformat() if end.all_day
                           else end.start.astimezone(zone).isoformat())
    place_name = getattr(item, "place_name", None)
    if place_name and place_name.strip().lower() == "online":
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        link = getattr(item, "cta_link", None) or url
        if link.startswith("/"):
            link = public_base(settings) + link
        data["location"] = {"@type": "VirtualLocation", "url": link}
    elif place_name:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        place = {"@type": "Place", "name": place_name}
        address = getattr(item, "place_address", None)
        if address:
            place["address"] = address
        data["location"] = place
    return data


# ---------------------------------------------------------------------------
# Pelican handlers

def _strings(settings) -> dict[str, str]:
    return countdown_strings(settings["THEME"])


def attach(content, settings) -> None:
    """Give a campaign with a countdown its state, text, calendar address and JSON-LD at this build's clock."""
    moment = getattr(content, "countdown", None)
    if not isinstance(moment, Moment):
        return  # no countdown, or an unreadable one the problem log already holds
    end = getattr(content, "end", None)
    end = end if isinstance(end, Moment) else None
    status = make_countdown(
        moment, build_time(settings), end,
        label=getattr(content, "countdown_label", "") or "",
        zone=site_zone(settings), strings=_strings(settings),
    )
    content.countdown_status = status
    content.countdown_state = status.state
    content.countdown_text = status.text
    content.countdown_iso = status.start_iso
    if getattr(content, "slug", None):
        content.calendar_url = calendar_path(content)
        content.event_jsonld = script_json(event_data(content, settings))
    logger.debug("countdown: %s is %s: %s", content.source_path, status.state, status.text)


def refresh_campaign(item, settings) -> list:
    """The preview's quick edit (kernel.preview): a campaign's countdown and JSON-LD with its new title."""
    if getattr(item, "content_type", None) == "campagne":
        attach(item, settings)
    return []


def _campaigns(generator):
    for name in ("articles", "hidden_articles", "drafts", "translations", "hidden_translations"):
        for item in getattr(generator, name, []):
            if getattr(item, "content_type", None) == "campagne":
                yield item


def attach_all(generator) -> None:
    """Every campaign's countdown at this build's clock; the calendar files the link check may expect."""
    for item in _campaigns(generator):
        attach(item, generator.settings)
    addresses.announce(*(item.calendar_url for item in _campaigns_with_countdown(generator)))


def _campaigns_with_countdown(generator) -> list:
    return [a for a in generator.articles
            if getattr(a, "countdown_status", None) is not None and getattr(a, "calendar_url", None)]


def write_calendars(generator, writer) -> None:
    """One .ics file per published campaign with a countdown."""
    settings = generator.settings
    for item in _campaigns_with_countdown(generator):
        if output.write_text(settings, item.calendar_url, ics.calendar_for(item, settings)):
            logger.info("countdown: wrote %s", item.calendar_url)


def add_template_helpers(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.globals["campaign_overview"] = campaign_overview
    env.globals["share_links"] = lambda item: share.share_links(absolute_url(item, settings), plain_text(item.title))
    env.globals["share_text"] = lambda item: share.share_text(absolute_url(item, settings), plain_text(item.title))
    env.globals["public_url"] = lambda item: absolute_url(item, settings)


def register():
    if refresh_campaign not in preview.body_edits.refreshers:
        preview.body_edits.refreshers.append(refresh_campaign)
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(attach_all)
    signals.article_writer_finalized.connect(write_calendars)
