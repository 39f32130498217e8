"""One clock for the whole build.

Everything time-dependent (embargoes, countdowns, campaign states, new-file
dates) asks `build_time(settings)`. The moment is fixed once per build run:
the `SITE_NOW` setting wins, then the `SITE_NOW` environment variable, then
the real time. Values are ISO 8601; a moment without an offset is read in the
site's time zone (`TIMEZONE`, Europe/Brussels).
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pelican import signals

logger = logging.getLogger(__name__)

SETTING = "SITE_NOW"
_RESOLVED = "_SITE_CLOCK_NOW"


class ClockError(ValueError):
    """SITE_NOW holds something that is not an ISO 8601 moment."""


def site_zone(settings) -> ZoneInfo:
    return ZoneInfo(settings.get("TIMEZONE") or "Europe/Brussels")


def parse_moment(value: str | datetime | date, zone: ZoneInfo) -> datetime:
    """Read an ISO 8601 date or date-time; naive values are local to `zone`.

    A date alone means the start of that day. Raises ValueError otherwise.
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
        moment = moment.replace(tzinfo=zone)
    return moment


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
            f"SITE_NOW={raw!r} is not an ISO 8601 moment; "
            "expected e.g. 2026-06-20T09:00+02:00"
        ) from error
    logger.info("site_clock: build time fixed at %s", moment.isoformat())
    return moment.astimezone(zone)


def start_clock(pelican) -> None:
    """Fix the clock at the start of every run.

    Live reload runs the same Pelican object again, so the moment is read
    afresh per run; a bad SITE_NOW fails before any file is read.
    """
    pelican.settings.pop(_RESOLVED, None)
    build_time(pelican.settings)


def register():
    signals.initialized.connect(start_clock)
    signals.get_generators.connect(start_clock)
