"""Shared steps of the calendar tests: a feed made through the service, read as a calendar app reads it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from icalendar import Calendar

from cocreate.accounts.models import User
from cocreate.interop import services


def new_feed(user: User, *, show_kinds: bool = False, label: str = "Phone") -> tuple[Any, str]:
    """A feed of the user's and the path a calendar app reads it at."""
    feed, token = services.calendar_feed_create(actor=user, label=label, show_kinds=show_kinds)
    return feed, f"/calendar/{token}.ics"


def read(path: str) -> Calendar:
    """The feed as a calendar app gets it (no sign-in), parsed by the icalendar package."""
    response = Client().get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(session_pk: int) -> str:
    """A session's UID: the same in every feed and download, for as long as the site keeps its address."""
    return f"session-{session_pk}@{urlsplit(settings.SITE_URL).hostname}"
