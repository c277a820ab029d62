"""A calendar feed runs the same queries for a handful of sessions as for many, for the client and for the care
team (whose reads of each engagement are recorded in one insert); so does a session's download."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import Kind, SessionKind
from tests.care.test_query_counts import query_count
from tests.conftest import World
from tests.interop.helpers import new_feed


def grow(world: World, engagements: int, sessions: int) -> None:
    """More of dana's engagements with alice and bea on the team, each with sessions, some moved, some cancelled."""
    for i in range(engagements):
        engagement = care.engagement_create(actor=world.alice, practice=world.practice, client_id=world.dana.pk,
                                            kind=Kind.PSYCHEDELIC_ASSISTED, title=f"Course {i}")
        team = engagement_access(world.alice, engagement)
        care.care_team_add(actor=world.alice, access=team, facilitator_id=world.bea.pk)
        for j in range(sessions):
            session = care.session_schedule(actor=world.alice, access=team, kind=SessionKind.PREPARATION,
                                            starts_at=timezone.now() + timedelta(days=1 + j), duration_minutes=60)
            if j % 3 == 1:
                care.session_reschedule(actor=world.alice, access=team, session=session, duration_minutes=60,
                                        starts_at=session.starts_at + timedelta(hours=2), location="Room 4")
            if j % 3 == 2:
                care.session_cancel(actor=world.alice, access=team, session=session, reason="Closed that day")


@pytest.mark.parametrize("persona", ["dana", "bea"])
def test_feed_queries_do_not_grow_with_sessions(world: World, persona: str) -> None:
    _feed, path = new_feed(getattr(world, persona))
    grow(world, engagements=1, sessions=2)
    small, _sql = query_count(Client(), path)
    grow(world, engagements=6, sessions=9)
    large, sql = query_count(Client(), path)
    assert large == small, f"{small} queries with 3 sessions, {large} with 57:\n" + "\n".join(sql)
    assert small <= 6
    assert Client().get(path).content.count(b"BEGIN:VEVENT") == 1 + 2 + 6 * 9


def test_a_download_runs_a_fixed_number_of_queries(world: World) -> None:
    browser = world.client_for(world.dana)
    url = f"/engagements/{world.engagement.pk}/sessions/{world.session.pk}/calendar.ics"
    small, _sql = query_count(browser, url)
    grow(world, engagements=3, sessions=6)
    assert query_count(browser, url)[0] == small
