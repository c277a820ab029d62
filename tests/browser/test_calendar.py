"""Sessions people can plan around, in a real browser: the client downloads a medicine session's calendar file from
the sessions panel and it carries the right time, zone and status, and nothing clinical; a reminder leads to the
session's page with what she agreed to bring and her transport plan; she makes a calendar feed and chooses her own
reminder times."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from cocreate.reminders import selectors as reminder_selectors
from cocreate.reminders import services as reminders
from tests.agreements.helpers import agree
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world
from tests.interop.helpers import uid
from tests.reminders.helpers import schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LA = ZoneInfo("America/Los_Angeles")


def test_a_session_downloads_as_a_calendar_file_and_a_reminder_leads_to_what_to_bring(
        new_page: Callable[[], Page], live_server: Any, tmp_path: Path) -> None:
    world: World = build_world()
    world.practice.time_zone = "America/Los_Angeles"
    world.practice.save(update_fields=["time_zone"])
    day = (timezone.now() + timedelta(days=9)).astimezone(LA).date()
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=LA)
    session = schedule(world.alice, world.engagement, starts, "medicine", 480)
    agree(world, "setting", {"sensory_items": ["eye_shades"], "cultural": "A small drum"})
    agree(world, "transport", {"driver": "Sam", "pickup": "18:30 at the front door"})

    page = new_page()
    errors = watch_console(page)
    sign_in(page, email="dana@example.org", password=PASSWORD)
    page.goto(f"/engagements/{world.engagement.pk}/")
    item = page.get_by_role("region", name="Sessions").get_by_role("listitem").filter(has_text="Medicine session")
    with page.expect_download() as info:
        item.get_by_role("link", name="Add to calendar").click()
    download = info.value
    assert download.suggested_filename == f"session-{session.starts_at:%Y-%m-%d}.ics"
    saved = tmp_path / "session.ics"
    download.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid(session.pk)
    assert str(event["SUMMARY"]) == "Appointment at Juniper"  # she has not chosen to show the kind
    assert event.decoded("DTSTART") == starts and event.decoded("DTSTART").tzinfo == LA
    assert event.decoded("DTEND") == starts + timedelta(hours=8)
    assert (event["STATUS"], event["SEQUENCE"], str(event["LOCATION"])) == ("CONFIRMED", 0, "Room 2")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    assert b"Medicine" not in saved.read_bytes() and b"Dana" not in saved.read_bytes()

    # Two days before, the reminder is in her inbox; it opens the session's page.
    reminders.reminders_send(now=session.starts_at - timedelta(hours=47))
    page.goto("/inbox/")
    page.get_by_role("button", name=re.compile("^Reminder: Medicine session")).click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session.pk}/reminder/$"))
    expect(page.get_by_role("region", name="What you agreed to bring")).to_contain_text("A small drum")
    expect(page.get_by_role("region", name="Getting there and home")).to_contain_text("18:30 at the front door")
    screenshot(page, "session-reminder-page")

    # She makes a feed for her phone, showing session kinds.
    page.goto("/accounts/security/")
    page.get_by_role("link", name="Calendar feeds").click()
    page.get_by_label("Name").fill("Phone")
    page.get_by_label("Show session kinds").check()
    page.get_by_role("button", name="Make a feed").click()
    address = page.locator("#feed-url").inner_text().strip()
    assert address.startswith(f"{live_server.url}/calendar/") and address.endswith(".ics")
    feed = Calendar.from_ical(page.request.get(address).body())
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Preparation at Juniper", "Medicine session at Juniper"]
    screenshot(page, "calendar-feeds")

    # And chooses her own reminder times.
    page.goto("/accounts/security/reminders/")
    page.get_by_label("At my own times").check()
    page.get_by_role("textbox", name="My own times").fill("24h, 1h")
    page.get_by_role("button", name="Save reminder choices").click()
    expect(page.get_by_role("status")).to_contain_text("Reminder choices saved.")
    expect(page.get_by_text("Juniper: 24 h, 1 h before")).to_be_visible()
    screenshot(page, "reminder-preferences")
    assert reminder_selectors.preference_of(world.dana).offsets == [1440, 60]
    assert not errors
