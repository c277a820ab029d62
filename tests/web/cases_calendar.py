"""URL/persona matrix rows for reminders and calendars: one's own reminder choice and feeds (everyone signed in
has them; a feed is its owner's alone), a practice's reminder times (its staff), a session's reminder page and
calendar file (its client and care team), and the feed itself, open to whoever holds its address."""

from __future__ import annotations

from typing import Any

from cocreate.interop import services
from tests.conftest import World
from tests.web.matrix import CARE, PUBLIC, SIGNED_IN, STAFF, Case, no_kwargs, only, practice, session


def danas_feed(world: World) -> dict[str, Any]:
    feed, _token = services.calendar_feed_create(actor=world.dana, label="Phone")
    return {"feed_id": feed.pk}


def feed_token(world: World) -> dict[str, Any]:
    _feed, token = services.calendar_feed_create(actor=world.dana, label="Phone")
    return {"token": token}


CALENDAR_CASES: dict[str, Case] = {
    "accounts/security/reminders/": Case(no_kwargs, SIGNED_IN),
    "practices/<int:practice_id>/reminders/": Case(practice, STAFF),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/reminder/": Case(session, CARE),
    "calendar/<str:token>.ics": Case(feed_token, SIGNED_IN, anonymous=PUBLIC),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/calendar.ics": Case(session, CARE),
    "accounts/security/calendar/": Case(no_kwargs, SIGNED_IN),
    "accounts/security/calendar/<int:feed_id>/reset/": Case(danas_feed, only("dana")),
    "accounts/security/calendar/<int:feed_id>/kinds/": Case(danas_feed, only("dana")),
    "accounts/security/calendar/<int:feed_id>/revoke/": Case(danas_feed, only("dana")),
    "api/v1/me/reminders": Case(no_kwargs, SIGNED_IN, body=lambda w: {"enabled": True}),
    "api/v1/practices/<practice_id>/reminder-times": Case(practice, STAFF, body=lambda w: {"offsets_minutes": [120]}),
    "api/v1/me/calendar-feeds": Case(no_kwargs, SIGNED_IN, body=lambda w: {"label": "Phone"}),
    "api/v1/me/calendar-feeds/<feed_id>": Case(danas_feed, only("dana"), body=lambda w: {"show_kinds": True}),
    "api/v1/me/calendar-feeds/<feed_id>/reset": Case(danas_feed, only("dana")),
}
