"""A weekly session at 10:00 in Los Angeles, across the US fall-back: the feed says 10:00 local every week, while
the instants in UTC move by an hour; the VTIMEZONE carries the change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from tests.conftest import World
from tests.interop.helpers import new_feed, read

LA = ZoneInfo("America/Los_Angeles")


def next_fall_back(after: date) -> date:
    """The first Sunday of November (the US fall-back) on or after `after`, at least a month ahead."""
    year = after.year if after < date(after.year, 10, 1) else after.year + 1
    first = date(year, 11, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7)


def test_a_weekly_session_keeps_ten_oclock_across_the_fall_back(world: World) -> None:
    world.practice.time_zone = "America/Los_Angeles"
    world.practice.save(update_fields=["time_zone"])
    sunday = next_fall_back(timezone.now().date())
    thursdays = [sunday - timedelta(days=10), sunday - timedelta(days=3), sunday + timedelta(days=4),
                 sunday + timedelta(days=11)]
    team = engagement_access(world.alice, world.engagement)
    sessions = [care.session_schedule(actor=world.alice, access=team, kind=SessionKind.INTEGRATION,
                                      starts_at=datetime(d.year, d.month, d.day, 10, tzinfo=LA), duration_minutes=60)
                for d in thursdays]
    _feed, path = new_feed(world.dana)
    calendar = read(path)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    starts = [events[f"session-{s.pk}"].decoded("DTSTART") for s in sessions]

    assert [(s.date(), s.hour, s.minute) for s in starts] == [(d, 10, 0) for d in thursdays]
    assert all(s.tzinfo == LA for s in starts)
    assert [s.utcoffset() for s in starts] == [timedelta(hours=-7)] * 2 + [timedelta(hours=-8)] * 2
    elapsed = starts[2].astimezone(UTC) - starts[1].astimezone(UTC)
    assert elapsed == timedelta(days=7, hours=1)  # a week and an hour of real time: the clocks went back
    assert starts == [s.starts_at for s in sessions]  # the very instants stored
    raw = "\n".join(line for line in calendar.to_ical().decode().splitlines() if line.startswith("DTSTART;TZID"))
    assert raw.count("T100000") == len(thursdays)
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "America/Los_Angeles"
    offsets = {(str(c.name), c.decoded("TZOFFSETTO")) for c in vtimezone.walk() if c.name != "VTIMEZONE"}
    assert ("STANDARD", timedelta(hours=-8)) in offsets and ("DAYLIGHT", timedelta(hours=-7)) in offsets
