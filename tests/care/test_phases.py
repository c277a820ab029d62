"""Phase transitions through the API: the allowed course per kind of care, refusals, and the history kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.care.models import Engagement, PhaseTransition
from cocreate.care.phases import allowed_next
from tests.api_helpers import Api, eng
from tests.conftest import World

PSYCHEDELIC_PATH = ["screening", "preparation", "medicine", "integration", "medicine", "integration", "closed"]
PSYCHOTHERAPY_PATH = ["screening", "therapy", "closed"]  # the psychotherapy pack's course


def _move(api: Api, engagement: Engagement, to_phase: str, reason: str = "") -> Any:
    return api.post(eng(engagement.pk, "/transitions"), {"to_phase": to_phase, "reason": reason})


def _walk(api: Api, engagement: Engagement, path: list[str]) -> None:
    for phase in path:
        response = _move(api, engagement, phase, f"on to {phase}")
        assert response.status_code == 201, (phase, response.content)


def test_psychedelic_assisted_course_runs_through_medicine_and_back(world: World) -> None:
    api = Api.as_user(world.alice)
    _walk(api, world.engagement, PSYCHEDELIC_PATH)
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "closed"
    assert api.get(eng(world.engagement.pk)).json()["phase"] == "closed"


def test_psychotherapy_course_skips_medicine(world: World) -> None:
    api = Api.as_user(world.carl)
    _walk(api, world.eve_engagement, PSYCHOTHERAPY_PATH)
    world.eve_engagement.refresh_from_db()
    assert world.eve_engagement.phase == "closed"


@pytest.mark.parametrize("phase", ["consultation", "screening", "preparation", "medicine", "integration"])
def test_every_open_phase_may_close(world: World, phase: str) -> None:
    Engagement.objects.filter(pk=world.engagement.pk).update(phase=phase)
    response = _move(Api.as_user(world.bea), world.engagement, "closed", "client moved away")
    assert response.status_code == 201
    assert response.json()["from_phase"] == phase


@pytest.mark.parametrize(
    ("kind_engagement", "phase", "to_phase"),
    [
        ("engagement", "consultation", "preparation"),
        ("engagement", "consultation", "medicine"),
        ("engagement", "screening", "consultation"),
        ("engagement", "consultation", "consultation"),
        ("engagement", "preparation", "integration"),
        ("engagement", "closed", "consultation"),
        ("engagement", "closed", "closed"),
        ("engagement", "consultation", "nirvana"),
        ("engagement", "consultation", ""),
        ("eve_engagement", "preparation", "medicine"),
        ("eve_engagement", "integration", "medicine"),
        ("eve_engagement", "integration", "preparation"),
    ],
)
def test_forbidden_transition_is_400_naming_to_phase_and_changes_nothing(
    world: World, kind_engagement: str, phase: str, to_phase: str
) -> None:
    engagement: Engagement = getattr(world, kind_engagement)
    Engagement.objects.filter(pk=engagement.pk).update(phase=phase)
    rows = PhaseTransition.objects.filter(engagement=engagement).count()
    facilitator = world.alice if engagement == world.engagement else world.carl
    response = _move(Api.as_user(facilitator), engagement, to_phase, "trying")
    assert response.status_code == 400
    body = response.json()
    assert "to_phase" in body["detail"]
    assert list(body["errors"]) == ["to_phase"]
    engagement.refresh_from_db()
    assert engagement.phase == phase
    assert PhaseTransition.objects.filter(engagement=engagement).count() == rows


def test_allowed_next_matches_the_api(world: World) -> None:
    assert allowed_next("psychotherapy", "preparation") == ["integration", "closed"]
    assert allowed_next("psychedelic_assisted", "preparation") == ["medicine", "closed"]
    assert allowed_next("psychedelic_assisted", "integration") == ["medicine", "closed"]
    assert allowed_next("psychotherapy", "integration") == ["closed"]
    assert allowed_next("psychotherapy", "closed") == []


def test_history_records_actor_and_reason_in_order(world: World) -> None:
    _move(Api.as_user(world.alice), world.engagement, "screening", "  intake done  ")
    _move(Api.as_user(world.bea), world.engagement, "preparation", "screening clear")
    rows = Api.as_user(world.dana).get(eng(world.engagement.pk, "/transitions")).json()
    assert [(r["from_phase"], r["to_phase"]) for r in rows] == [
        ("", "consultation"), ("consultation", "screening"), ("screening", "preparation"),
    ]
    assert [r["actor"] for r in rows] == [
        {"id": world.alice.pk, "name": "Alice"}, {"id": world.alice.pk, "name": "Alice"},
        {"id": world.bea.pk, "name": "Bea"},
    ]
    assert [r["reason"] for r in rows] == ["Engagement opened", "intake done", "screening clear"]
    stored = PhaseTransition.objects.filter(engagement=world.engagement).last()
    assert stored is not None
    assert (stored.actor, stored.reason, stored.to_phase) == (world.bea, "screening clear", "preparation")


def test_transition_response_carries_the_new_row(world: World) -> None:
    response = _move(Api.as_user(world.alice), world.engagement, "screening", "ready")
    body = response.json()
    assert body["from_phase"] == "consultation"
    assert body["to_phase"] == "screening"
    assert body["actor"]["id"] == world.alice.pk
    assert body["reason"] == "ready"
    assert PhaseTransition.objects.filter(pk=body["id"], engagement=world.engagement).exists()


def test_client_may_read_history_but_not_move_phase(world: World) -> None:
    response = _move(Api.as_user(world.dana), world.engagement, "screening")
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "consultation"


@pytest.mark.parametrize("who", ["carl", "eve", "fay", "olga"])
def test_outsiders_cannot_move_phase(world: World, who: str) -> None:
    response = _move(Api.as_user(getattr(world, who)), world.engagement, "screening")
    assert response.status_code == 404
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "consultation"


def test_overlong_reason_is_refused(world: World) -> None:
    response = _move(Api.as_user(world.alice), world.engagement, "screening", "x" * 2001)
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "consultation"


def test_closed_engagement_takes_no_new_sessions(world: World) -> None:
    api = Api.as_user(world.alice)
    _move(api, world.engagement, "closed", "finished")
    response = api.post(eng(world.engagement.pk, "/sessions"), {
        "kind": "integration", "starts_at": (timezone.now() + timedelta(days=3)).isoformat(), "duration_minutes": 60,
    })
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_new_engagement_starts_in_consultation_with_a_history_row(world: World) -> None:
    api = Api.as_user(world.carl)
    response = api.post("/engagements", {"practice_id": world.practice.pk, "client_id": world.dana.pk,
                                         "kind": "psychotherapy", "title": "Second course"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["phase"], body["kind"], body["client"]["id"]) == ("consultation", "psychotherapy", world.dana.pk)
    rows = api.get(eng(body["id"], "/transitions")).json()
    assert [(r["from_phase"], r["to_phase"], r["actor"]["id"]) for r in rows] == [("", "consultation", world.carl.pk)]
    team = api.get(eng(body["id"], "/care-team")).json()
    assert [m["facilitator"]["id"] for m in team] == [world.carl.pk]


@pytest.mark.parametrize(
    ("who", "changes", "status"),
    [("carl", {"kind": "astrology"}, 400), ("carl", {"client_id": "oscar"}, 400), ("carl", {"client_id": "bea"}, 400),
     ("fay", {}, 403), ("dana", {}, 404), ("olga", {}, 404), ("carl", {"title": "t" * 201}, 422)],
)
def test_engagement_creation_refusals(world: World, who: str, changes: dict[str, Any], status: int) -> None:
    data: dict[str, Any] = {"practice_id": world.practice.pk, "client_id": world.eve.pk, "kind": "psychotherapy"}
    data.update({k: getattr(world, v).pk if k == "client_id" else v for k, v in changes.items()})
    before = Engagement.objects.count()
    response = Api.as_user(getattr(world, who)).post("/engagements", data)
    assert response.status_code == status
    assert response.json()["detail"]
    assert Engagement.objects.count() == before


def test_closing_calls_off_the_sessions_still_planned_and_tells_the_client(world: World) -> None:
    from cocreate.care.models import Session, SessionStatus
    from cocreate.inbox.models import Notice, NoticeKind

    held = Session.objects.create(engagement=world.engagement, kind="preparation", duration_minutes=60,
                                  starts_at=timezone.now() - timedelta(days=3), status=SessionStatus.COMPLETED,
                                  created_by=world.alice)
    _move(Api.as_user(world.alice), world.engagement, "closed", "finished")
    planned = Session.objects.get(pk=world.session.pk)
    assert (planned.status, planned.cancel_reason) == (SessionStatus.CANCELLED, "The engagement was closed.")
    assert Session.objects.get(pk=held.pk).status == SessionStatus.COMPLETED  # what was held stays held
    assert Notice.objects.filter(recipient=world.dana, kind=NoticeKind.SESSION_CANCELLED).exists()
