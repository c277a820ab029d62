"""Sessions through the API: scheduling, rescheduling with history, cancelling with a reason, refusals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cocreate.care.models import Session, SessionChange
from tests.api_helpers import Api, eng
from tests.conftest import World


def _at(days: int = 5, hour: int = 10) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _schedule(api: Api, engagement_id: int, **fields: Any) -> Any:
    data = {"kind": "integration", "starts_at": _at().isoformat(), "duration_minutes": 60, "location": "Room 1"}
    return api.post(eng(engagement_id, "/sessions"), {**data, **fields})


def _reschedule(api: Api, world: World, **fields: Any) -> Any:
    data = {"starts_at": _at(6, 14).isoformat(), "duration_minutes": 120, "location": "Room 3", "reason": "clash"}
    return api.patch(eng(world.engagement.pk, f"/sessions/{world.session.pk}"), {**data, **fields})


def _cancel(api: Api, world: World, data: Any) -> Any:
    return api.post(eng(world.engagement.pk, f"/sessions/{world.session.pk}/cancel"), data)


def test_facilitator_schedules_a_session(world: World) -> None:
    starts = _at()
    response = _schedule(Api.as_user(world.bea), world.engagement.pk, starts_at=starts.isoformat(),
                         location="  https://meet.example.org/x  ")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "integration"
    assert parse_datetime(body["starts_at"]) == starts
    assert body["duration_minutes"] == 60
    assert body["location"] == "https://meet.example.org/x"
    assert body["status"] == "scheduled"
    session = Session.objects.get(pk=body["id"])
    assert session.created_by == world.bea
    change = SessionChange.objects.get(session=session)
    assert (change.action, change.actor) == ("scheduled", world.bea)
    listed = Api.as_user(world.dana).get(eng(world.engagement.pk, "/sessions")).json()
    assert body["id"] in {s["id"] for s in listed}


def test_time_zone_offset_is_kept_as_the_same_instant(world: World) -> None:
    day = (timezone.now() + timedelta(days=200)).date().isoformat()
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, starts_at=f"{day}T10:00:00+02:00")
    assert response.status_code == 201
    assert Session.objects.get(pk=response.json()["id"]).starts_at == parse_datetime(f"{day}T08:00:00Z")


def test_reschedule_keeps_the_previous_time(world: World) -> None:
    previous = world.session.starts_at
    new = _at(6, 14)
    response = _reschedule(Api.as_user(world.alice), world, starts_at=new.isoformat())
    assert response.status_code == 200, response.content
    body = response.json()
    assert parse_datetime(body["starts_at"]) == new
    assert (body["duration_minutes"], body["location"]) == (120, "Room 3")
    world.session.refresh_from_db()
    assert world.session.starts_at == new
    change = SessionChange.objects.get(session=world.session, action="rescheduled")
    assert change.previous_starts_at == previous
    assert (change.actor, change.reason) == (world.alice, "clash")


def test_client_may_cancel_with_a_reason(world: World) -> None:
    response = _cancel(Api.as_user(world.dana), world, {"reason": "  I have a fever  "})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "I have a fever"
    change = SessionChange.objects.get(session=world.session, action="cancelled")
    assert (change.actor, change.reason) == (world.dana, "I have a fever")


@pytest.mark.parametrize(("data", "status"), [({"reason": ""}, 400), ({"reason": "   "}, 400), ({}, 422),
                                              ({"reason": "x" * 2001}, 422), ({"reason": 12}, 422)])
def test_cancel_needs_a_reason(world: World, data: Any, status: int) -> None:
    response = _cancel(Api.as_user(world.alice), world, data)
    assert response.status_code == status
    assert "reason" in response.json()["errors"]
    world.session.refresh_from_db()
    assert world.session.status == "scheduled"
    assert not SessionChange.objects.filter(session=world.session, action="cancelled").exists()


def test_cancelled_session_cannot_be_cancelled_again_or_rescheduled(world: World) -> None:
    api = Api.as_user(world.alice)
    assert _cancel(api, world, {"reason": "ill"}).status_code == 200
    again = _cancel(api, world, {"reason": "still ill"})
    assert again.status_code == 400
    assert "already cancelled" in again.json()["detail"]
    moved = _reschedule(api, world)
    assert moved.status_code == 400
    assert "cancelled" in moved.json()["detail"]
    assert SessionChange.objects.filter(session=world.session).count() == 2


def test_client_may_not_schedule_or_reschedule(world: World) -> None:
    api = Api.as_user(world.dana)
    before = Session.objects.count()
    scheduled = _schedule(api, world.engagement.pk)
    assert scheduled.status_code == 403
    assert scheduled.json()["code"] == "not_allowed"
    assert Session.objects.count() == before
    previous = world.session.starts_at
    assert _reschedule(api, world).status_code == 403
    world.session.refresh_from_db()
    assert world.session.starts_at == previous


def test_supervisor_may_not_schedule_or_cancel(world: World) -> None:
    api = Api.as_user(world.gus)
    supervision = api.get("/supervision").json()[0]
    assert api.post(f"/supervision/{supervision['id']}/access", {"reason": "Monthly case review"}).status_code == 201
    assert _schedule(api, world.engagement.pk).status_code == 403
    assert _cancel(api, world, {"reason": "no"}).status_code == 403
    world.session.refresh_from_db()
    assert world.session.status == "scheduled"


def test_naive_datetime_is_refused(world: World) -> None:
    before = Session.objects.count()
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, starts_at="2027-03-04T10:00:00")
    assert response.status_code == 422
    assert "starts_at" in response.json()["errors"]
    assert "time zone" in str(response.json()["errors"]["starts_at"])
    assert Session.objects.count() == before
    moved = _reschedule(Api.as_user(world.alice), world, starts_at="2027-03-04T10:00:00")
    assert moved.status_code == 422
    assert not SessionChange.objects.filter(action="rescheduled").exists()


@pytest.mark.parametrize("starts_at", ["tomorrow", "2031-13-45T10:00:00Z", "", None, [2031, 3, 4]])
def test_unreadable_datetime_is_422(world: World, starts_at: Any) -> None:
    before = Session.objects.count()
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, starts_at=starts_at)
    assert response.status_code == 422
    assert "starts_at" in response.json()["errors"]
    assert Session.objects.count() == before


@pytest.mark.parametrize("minutes", [0, 4, -30, 1441, 100000, "an hour", None])
def test_duration_out_of_range_is_422(world: World, minutes: Any) -> None:
    before = Session.objects.count()
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, duration_minutes=minutes)
    assert response.status_code == 422
    assert "duration_minutes" in response.json()["errors"]
    assert Session.objects.count() == before
    moved = _reschedule(Api.as_user(world.alice), world, duration_minutes=minutes)
    assert moved.status_code == 422
    world.session.refresh_from_db()
    assert world.session.duration_minutes == 90


@pytest.mark.parametrize("minutes", [5, 24 * 60])
def test_duration_bounds_are_allowed(world: World, minutes: int) -> None:
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, duration_minutes=minutes)
    assert response.status_code == 201
    assert response.json()["duration_minutes"] == minutes


def test_medicine_session_refused_in_psychotherapy(world: World) -> None:
    response = _schedule(Api.as_user(world.carl), world.eve_engagement.pk, kind="medicine")
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert not Session.objects.filter(engagement=world.eve_engagement).exists()
    ok = _schedule(Api.as_user(world.carl), world.eve_engagement.pk, kind="psychotherapy")
    assert ok.status_code == 201


def test_psychotherapy_session_refused_in_psychedelic_engagement(world: World) -> None:
    for kind in ("psychotherapy", "massage"):
        response = _schedule(Api.as_user(world.alice), world.engagement.pk, kind=kind)
        assert response.status_code == 400
        assert "kind" in response.json()["errors"]
    assert _schedule(Api.as_user(world.alice), world.engagement.pk, kind="medicine").status_code == 201


def test_session_of_another_engagement_is_404(world: World) -> None:
    api = Api.as_user(world.alice)
    response = api.patch(eng(world.eve_engagement.pk, f"/sessions/{world.session.pk}"), {
        "starts_at": _at().isoformat(), "duration_minutes": 60,
    })
    assert response.status_code == 404
    other = _schedule(Api.as_user(world.carl), world.eve_engagement.pk, kind="psychotherapy").json()
    moved = api.patch(eng(world.engagement.pk, f"/sessions/{other['id']}"), {
        "starts_at": _at().isoformat(), "duration_minutes": 60,
    })
    assert moved.status_code == 404
    cancelled = api.post(eng(world.engagement.pk, f"/sessions/{other['id']}/cancel"), {"reason": "mine now"})
    assert cancelled.status_code == 404
    assert Session.objects.get(pk=other["id"]).status == "scheduled"


def test_overlong_location_is_refused(world: World) -> None:
    response = _schedule(Api.as_user(world.alice), world.engagement.pk, location="x" * 501)
    assert response.status_code == 422
    assert "location" in response.json()["errors"]
