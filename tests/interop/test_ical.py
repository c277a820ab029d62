"""The calendar writer: any text a person types comes back from the icalendar parser as it was typed, no line is
longer than 75 octets, and a calendar of many zones carries a VTIMEZONE for each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from cocreate.interop.ical import Entry, calendar, fold, text

START = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
# What a person may type into a place or a practice's name: any printable text, line breaks included.
TYPED = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\\;,:\"'"), max_size=300)


def _entry(**changes: object) -> Entry:
    values: dict[str, object] = {
        "uid": "session-1@example.org", "starts_at": START, "ends_at": START + timedelta(hours=8),
        "zone": "Europe/London", "summary": "Appointment at Juniper", "location": "", "url": "", "sequence": 0,
        "cancelled": False, "stamp": START - timedelta(days=3), "created": START - timedelta(days=9)}
    values.update(changes)
    return Entry(**values)  # type: ignore[arg-type]


@given(summary=TYPED, location=TYPED)
def test_typed_text_survives_the_round_trip(summary: str, location: str) -> None:
    parsed = Calendar.from_ical(calendar([_entry(summary=summary, location=location)], name=summary))
    [event] = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event.get("LOCATION", "")) == location.replace("\r\n", "\n").replace("\r", "\n")


@given(line=st.text(max_size=400))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original(line: str) -> None:
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_text_escapes_what_rfc_5545_asks() -> None:
    assert text("a\\b;c,d\ne\r\nf\x07") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_each_zone_gets_its_vtimezone_and_events_keep_their_local_time() -> None:
    entries = [_entry(uid="a@x", zone="Europe/London"), _entry(uid="b@x", zone="America/New_York"),
               _entry(uid="c@x", zone="Europe/London", cancelled=True, sequence=2)]
    parsed = Calendar.from_ical(calendar(entries, name="Sessions"))
    assert sorted(str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")) == ["America/New_York", "Europe/London"]
    by_uid = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    new_york = by_uid["b@x"].decoded("DTSTART")
    assert (new_york.hour, new_york.minute, new_york.tzinfo) == (4, 30, ZoneInfo("America/New_York"))
    assert new_york == START
    assert (by_uid["c@x"]["STATUS"], by_uid["c@x"]["SEQUENCE"]) == ("CANCELLED", 2)
    assert parsed["X-WR-CALNAME"] == "Sessions"
    for event in by_uid.values():
        assert event.decoded("DTSTAMP").tzinfo is not None and event.decoded("DTSTAMP") == START - timedelta(days=3)
