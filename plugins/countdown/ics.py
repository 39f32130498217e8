"""iCalendar (RFC 5545) files for campaigns: one VEVENT with its own VTIMEZONE.

- The VTIMEZONE block is derived from the zone data (zoneinfo) for the years
  around the event, so it is right for whatever TIMEZONE the site uses and for
  future rule changes the tz database knows about.
- UID: `campagne-<slug>@<host>`, host of SITE_PUBLIC_URL (else SITEURL): the same
  in every build, preview or production, so a calendar updates the entry instead
  of adding a second one.
- DTSTAMP: the item's last change (`modified`, else `date`), not the build time,
  so the same content gives the same file byte for byte.
- Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from kernel import state
from kernel.clock import site_zone
from kernel.html import plain_text

from .share import absolute_url

logger = logging.getLogger(__name__)

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Vluchtelingenwerk Vlaanderen//Campagnes//NL"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets, joined by CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    pieces, current, limit = [], b"", LINE_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", LINE_OCTETS - 1  # continuation lines start with a space
        current += encoded
    pieces.append(current.decode("utf-8"))
    return (CRLF + " ").join(pieces)


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


def _local_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


Transition = tuple[datetime, timedelta, timedelta, bool, str]


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Offset changes of `zone` from 1 January of first_year to the end of last_year.

    Each is (instant in UTC, offset before, offset after, is daylight time, name after).
    Found by stepping a day at a time and narrowing each change down to the second.
    """
    def offset_at(seconds: int) -> timedelta:
        return datetime.fromtimestamp(seconds, UTC).astimezone(zone).utcoffset()

    found = []
    moment = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    before = offset_at(moment)
    while moment < end:
        following = moment + 86400
        after = offset_at(following)
        if after != before:
            low, high = moment, following  # offset(low) == before, offset(high) == after
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle) == before:
                    low = middle
                else:
                    high = middle
            local = datetime.fromtimestamp(high, UTC).astimezone(zone)
            found.append((datetime.fromtimestamp(high, UTC), before, after, bool(local.dst()), local.tzname() or ""))
            before = after
        moment = following
    return found


_vtimezones = state.Memo("countdown.vtimezones")


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> list[str]:
    """The VTIMEZONE lines for these years (the same for every campaign of those years: kept)."""
    return list(_vtimezones.get((zone.key, first_year, last_year),
                                lambda: tuple(_vtimezone(zone, first_year, last_year))))


def _vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE block covering the given years (and the one before, for the onset in force)."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    changes = transitions(zone, first_year - 1, last_year)
    if not changes:
        probe = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
        offset = _offset(probe.utcoffset())
        lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{offset}",
                  f"TZOFFSETTO:{offset}", f"TZNAME:{probe.tzname()}", "END:STANDARD"]
    for instant, before, after, is_dst, name in changes:
        kind = "DAYLIGHT" if is_dst else "STANDARD"
        # DTSTART is the local time of the onset, in the offset that was in force before it.
        onset = (instant + before).replace(tzinfo=None)
        lines += [f"BEGIN:{kind}", f"DTSTART:{_local_stamp(onset)}", f"TZOFFSETFROM:{_offset(before)}",
                  f"TZOFFSETTO:{_offset(after)}", f"TZNAME:{name}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    return lines


def uid_host(settings) -> str:
    for name in ("SITE_PUBLIC_URL", "SITEURL"):
        host = urlsplit(settings.get(name) or "").hostname
        if host:
            return host
    return "localhost"


def calendar_for(item, settings) -> str:
    """The complete .ics text of one campaign with a countdown."""
    zone = site_zone(settings)
    status = item.countdown_status
    end = getattr(item, "end", None)
    url = absolute_url(item, settings)
    stamp = getattr(item, "modified", None) or item.date
    all_day = status.all_day and (end is None or end.all_day)
    event = [
        "BEGIN:VEVENT",
        f"UID:campagne-{item.slug}@{uid_host(settings)}",
        f"DTSTAMP:{_utc_stamp(stamp)}",
    ]
    if all_day:
        event.append(f"DTSTART;VALUE=DATE:{status.start.date():%Y%m%d}")
        event.append(f"DTEND;VALUE=DATE:{status.stop.astimezone(zone).date():%Y%m%d}")
    else:
        event.append(f"DTSTART;TZID={zone.key}:{_local_stamp(status.start.astimezone(zone))}")
        if status.has_end:
            event.append(f"DTEND;TZID={zone.key}:{_local_stamp(status.stop.astimezone(zone))}")
    title = plain_text(item.title)
    summary = plain_text(getattr(item, "summary", ""))
    event.append(f"SUMMARY:{escape_text(title)}")
    event.append(f"DESCRIPTION:{escape_text(summary + chr(10) + chr(10) + url if summary else url)}")
    place = ", ".join(part for part in (getattr(item, "place_name", None), getattr(item, "place_address", None))
                      if part)
    if place:
        event.append(f"LOCATION:{escape_text(place)}")
    event.append(f"URL:{url}")
    event.append("END:VEVENT")
    last = status.stop if status.has_end else status.start
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *vtimezone(zone, status.start.year, last.astimezone(zone).year),
        *event,
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF
