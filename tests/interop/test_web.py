"""The calendar pages: making a feed shows its address once; resetting gives a new one; revoking ends it; a
session offers its calendar file in the sessions panel, and the file is for those who may see the session."""

from __future__ import annotations

import re

from django.test import Client
from icalendar import Calendar

from cocreate.access.models import AccessEvent
from cocreate.interop.models import CalendarFeed
from cocreate.reminders import services as reminders
from tests.conftest import World
from tests.interop.helpers import uid

PAGE = "/accounts/security/calendar/"


def _address(html: str) -> str:
    found = re.search(r'id="feed-url">([^<]+)<', html)
    assert found is not None
    return "/" + found.group(1).split("/", 3)[3]


def test_make_reset_change_and_revoke_a_feed_on_the_page(world: World) -> None:
    browser = world.client_for(world.dana)
    assert "No feeds yet." in browser.get(PAGE).content.decode()
    made = browser.post(PAGE, {"label": "Phone"})
    assert made.status_code == 200
    html = made.content.decode()
    path = _address(html)
    assert "webcal://" in html and "it will not be shown again" in html
    assert Client().get(path).status_code == 200
    assert "feed-url" not in browser.get(PAGE).content.decode()  # shown once

    feed = CalendarFeed.objects.get(owner=world.dana)
    assert browser.post(f"{PAGE}{feed.pk}/kinds/", {"show_kinds": "on"}).status_code == 302
    feed.refresh_from_db()
    assert feed.show_kinds is True

    reset = browser.post(f"{PAGE}{feed.pk}/reset/")
    new_path = _address(reset.content.decode())
    assert new_path != path and Client().get(path).status_code == 404 and Client().get(new_path).status_code == 200

    assert browser.post(f"{PAGE}{feed.pk}/revoke/").status_code == 302
    assert Client().get(new_path).status_code == 404
    assert "No feeds yet." in browser.get(PAGE).content.decode()


def test_anothers_feed_cannot_be_touched(world: World) -> None:
    browser = world.client_for(world.dana)
    browser.post(PAGE, {"label": "Phone"})
    feed = CalendarFeed.objects.get(owner=world.dana)
    eve = world.client_for(world.eve)
    for action in ("reset", "revoke", "kinds"):
        assert eve.post(f"{PAGE}{feed.pk}/{action}/").status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None and feed.reset_at is None


def test_a_long_name_is_shown_back(world: World) -> None:
    answer = world.client_for(world.dana).post(PAGE, {"label": "x" * 101})
    assert answer.status_code == 400 and not CalendarFeed.objects.exists()


def test_the_sessions_panel_offers_each_coming_session_as_a_calendar_file(world: World) -> None:
    url = f"/engagements/{world.engagement.pk}/sessions/{world.session.pk}/calendar.ics"
    page = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert f'href="{url}"' in page

    download = world.client_for(world.dana).get(url)
    assert download.status_code == 200 and download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="session-')
    [event] = Calendar.from_ical(download.content).walk("VEVENT")
    assert str(event["UID"]) == uid(world.session.pk)
    assert str(event["SUMMARY"]) == "Appointment at Juniper"
    assert event.decoded("DTSTART") == world.session.starts_at.replace(microsecond=0)

    reminders.reminder_preference_set(actor=world.dana, enabled=True, offsets=None, show_kind=True)
    [event] = Calendar.from_ical(world.client_for(world.dana).get(url).content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Preparation at Juniper"

    assert world.client_for(world.bea).get(url).status_code == 200
    assert AccessEvent.objects.filter(actor=world.bea, what="sessions").exists()
    for outsider in (world.eve, world.carl, world.olga, world.fay):
        assert world.client_for(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in
