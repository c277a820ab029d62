"""Marking a session as held: on the web and through the API, by the care team, once it has begun."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cocreate.care.models import Session, SessionChange, SessionKind, SessionStatus
from tests.conftest import World


def past_session(world: World, hours_ago: int = 2) -> Session:
    return Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                  starts_at=timezone.now() - timedelta(hours=hours_ago), duration_minutes=60,
                                  created_by=world.alice)


def test_a_facilitator_marks_a_past_session_as_held(world: World) -> None:
    session = past_session(world)
    client = world.client_for(world.alice)
    page = client.get(reverse("engagement", args=[world.engagement.pk])).content.decode()
    assert "Mark the session of" in page
    response = client.post(reverse("session_complete", args=[world.engagement.pk, session.pk]), follow=True)
    assert "Session marked as held." in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    assert SessionChange.objects.filter(session=session, action="completed", actor=world.alice).count() == 1
    assert "— held" in response.content.decode()


def test_a_future_or_cancelled_session_cannot_be_marked_held(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post(reverse("session_complete", args=[world.engagement.pk, world.session.pk]), follow=True)
    assert "A session can be marked as held once it has begun." in response.content.decode()
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.SCHEDULED

    session = past_session(world)
    client.post(reverse("session_complete", args=[world.engagement.pk, session.pk]))
    again = client.post(reverse("session_complete", args=[world.engagement.pk, session.pk]), follow=True)
    assert "This session is already marked as held." in again.content.decode()
    assert SessionChange.objects.filter(session=session, action="completed").count() == 1


def test_a_held_session_is_not_moved_or_cancelled(world: World) -> None:
    session = past_session(world)
    api = world.client_for(world.alice)
    assert api.post(f"/api/v1/engagements/{world.engagement.pk}/sessions/{session.pk}/held").status_code == 200
    moved = api.patch(f"/api/v1/engagements/{world.engagement.pk}/sessions/{session.pk}",
                      {"starts_at": (timezone.now() + timedelta(days=3)).isoformat(), "duration_minutes": 60},
                      content_type="application/json")
    assert moved.status_code == 400
    assert moved.json()["detail"] == "A session that was held cannot be rescheduled."
    cancelled = api.post(f"/api/v1/engagements/{world.engagement.pk}/sessions/{session.pk}/cancel",
                         {"reason": "x"}, content_type="application/json")
    assert cancelled.status_code == 400


def test_the_api_marks_held_and_refuses_the_client(world: World) -> None:
    session = past_session(world)
    url = f"/api/v1/engagements/{world.engagement.pk}/sessions/{session.pk}/held"
    assert world.client_for(world.dana).post(url).status_code == 403
    response = world.client_for(world.alice).post(url)
    assert response.status_code == 200 and response.json()["status"] == "completed"
    again = world.client_for(world.alice).post(url)
    assert again.status_code == 400 and again.json()["detail"] == "This session is already marked as held."
    future = world.client_for(world.alice).post(
        f"/api/v1/engagements/{world.engagement.pk}/sessions/{world.session.pk}/held")
    assert future.status_code == 400
    assert world.client_for(world.olga).post(url).status_code == 404
