"""The one clock of a build, and moments read in Brussels time.

Everything time-dependent (embargoes, countdowns, campaign states, new-file
dates) asks `build_time(settings)`. The moment is fixed once per build: the
`SITE_NOW` setting wins, then the `SITE_NOW` environment variable, then the
real time. Values are ISO 8601; a moment without an offset is read in the
site's time zone (`TIMEZONE`, Europe/Brussels), and a moment with an offset
or in UTC (`2026-06-30T22:30:00Z`) is converted to it before anything derives
from it, so its day, month and year are those of Brussels.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .problems import TeamError

logger = logging.getLogger(__name__)

SETTING = "SITE_NOW"
_RESOLVED = "_SITE_CLOCK_NOW"


class ClockError(TeamError, ValueError):
    """SITE_NOW holds something that is not an ISO 8601 moment."""


@dataclass(frozen=True)
class Moment:
    """A point in time as written: `all_day` when only a date was given."""

    start: datetime
    all_day: bool


def site_zone(settings) -> ZoneInfo:
    return ZoneInfo(settings.get("TIMEZONE") or "Europe/Brussels")


def parse_moment(value: str | datetime | date, zone: ZoneInfo) -> datetime:
    """Read an ISO 8601 date or date-time as an aware moment in `zone`.

    A date alone means the start of that day in `zone`; a naive time is local
    to `zone`; a time with an offset (or Z) is converted to `zone`.
    Raises ValueError for anything else.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC: compare and subtract moments here.

    Python compares and subtracts two datetimes of the same time zone by their
    wall-clock times, so around a daylight-saving change Brussels times give
    the wrong order or duration; in UTC they cannot.
    """
    return moment.astimezone(UTC)


def nl_moment(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """A moment as the team reads it: 1 maart 2027 om 10:00 (Brussels time)."""
    from babel.dates import format_datetime

    zone = zone or ZoneInfo("Europe/Brussels")
    return format_datetime(moment.astimezone(zone), "d MMMM y 'om' HH:mm", tzinfo=zone, locale="nl_BE")


def build_time(settings) -> datetime:
    """The build's one clock, as an aware datetime in the site's time zone."""
    resolved = settings.get(_RESOLVED)
    if resolved is None:
        resolved = _resolve(settings)
        settings[_RESOLVED] = resolved
    return resolved


def _resolve(settings) -> datetime:
    zone = site_zone(settings)
    raw = settings.get(SETTING) or os.environ.get(SETTING)
    if not raw:
        return datetime.now(zone).replace(microsecond=0)
    try:
        moment = parse_moment(raw, zone)
    except ValueError as error:
        raise ClockError(
            f"SITE_NOW={raw!r} is geen moment. Schrijf het als JJJJ-MM-DDTUU:MM met de tijdzone, "
            "bijvoorbeeld SITE_NOW=2026-06-20T09:00+02:00"
        ) from error
    logger.debug("kernel: build time fixed at %s", moment.isoformat())
    return moment


def start_clock(settings) -> datetime:
    """Fix the clock afresh: every build (a preview rebuild too) reads the moment once."""
    settings.pop(_RESOLVED, None)
    return build_time(settings)
