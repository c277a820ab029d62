"""iCalendar (RFC 5545) of sessions: the calendar and the time zones of its practices (VTIMEZONE) through the
`icalendar` package, and one VEVENT per session.

The events are written here rather than as `icalendar.Event` objects, which take about three times as long to
build and serialise: a feed of thousands of sessions must answer a calendar app well within a second. The lines
follow RFC 5545 (text escaped, lines folded at 75 octets, CRLF), and the tests read every feed back with the
`icalendar` parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vText

PRODID = "-//cocreate//sessions//EN"
REFRESH = timedelta(hours=1)  # how often a subscribing calendar is asked to look again
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Entry:
    """One session as a calendar event: nothing in it beyond what the feed's owner chose to show."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    zone: str  # the practice's: the session keeps its wall-clock time there across daylight-saving changes
    summary: str
    location: str
    url: str
    sequence: int  # bumped by each move, cancellation or postponement
    cancelled: bool
    stamp: datetime  # when the session last changed
    created: datetime


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks; no control characters."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """A content line folded so that no line is longer than 75 octets, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(parts)


def _stamp(m: datetime) -> str:
    """A DATE-TIME value, as the wall clock reads it (formatted by hand: strftime is the slowest part here)."""
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def _utc(moment: datetime) -> str:
    return _stamp(moment.astimezone(UTC)) + "Z"


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return _stamp(moment.astimezone(zone))


def _event(entry: Entry, zone: ZoneInfo) -> str:
    stamp = _utc(entry.stamp)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{stamp}",
        f"CREATED:{_utc(entry.created)}",
        f"LAST-MODIFIED:{stamp}",
        f"DTSTART;TZID={entry.zone}:{_local(entry.starts_at, zone)}",
        f"DTEND;TZID={entry.zone}:{_local(entry.ends_at, zone)}",
        f"SEQUENCE:{entry.sequence}",
        f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}",
        fold(f"SUMMARY:{text(entry.summary)}"),
    ]
    if entry.location:
        lines.append(fold(f"LOCATION:{text(entry.location)}"))
    if entry.url:
        lines.append(fold(f"URL:{_CONTROL.sub('', entry.url)}"))
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def _timezones(entries: list[Entry]) -> list[Timezone]:
    """A VTIMEZONE for each zone in use, with its rules over the span of the sessions in it."""
    spans: dict[str, tuple[date, date]] = {}
    for e in entries:
        first, last = spans.get(e.zone, (e.starts_at.date(), e.ends_at.date()))
        spans[e.zone] = (min(first, e.starts_at.date()), max(last, e.ends_at.date()))
    return [Timezone.from_tzinfo(ZoneInfo(name), tzid=name, first_date=first - timedelta(days=1),
                                 last_date=last + timedelta(days=366))
            for name, (first, last) in sorted(spans.items())]


def calendar(entries: Iterable[Entry], *, name: str) -> bytes:
    """The whole calendar, as bytes for a `text/calendar` answer."""
    entries = list(entries)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(_CONTROL.sub("", name)))
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    for timezone in _timezones(entries):
        cal.add_component(timezone)
    head = cal.to_ical().decode()
    end = "END:VCALENDAR\r\n"
    if not head.endswith(end):  # the events go just before the calendar's end
        raise ValueError("the icalendar package closed the calendar in an unexpected way")
    zones: dict[str, ZoneInfo] = {}
    events = [_event(e, zones.setdefault(e.zone, ZoneInfo(e.zone))) for e in entries]
    return (head[: -len(end)] + "".join(f"{event}\r\n" for event in events) + end).encode()
