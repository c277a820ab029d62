"""Supervision access through the API: a stated reason first, reads recorded under it, never a write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.access.models import AccessEvent, SupervisionAccess
from cocreate.accounts.models import Membership, Role, Supervision
from cocreate.audit.lock import rewriting
from cocreate.care.models import PrivateNote, Session, SharedNote
from tests.api_helpers import Api, eng
from tests.conftest import World

REASON = "Monthly case review of Alice's caseload"
READ_PATHS = ["", "/care-team", "/transitions", "/sessions", "/shared-notes", "/private-notes"]


def _supervision_id(world: World) -> int:
    return Supervision.objects.get(supervisor=world.gus, supervisee=world.alice).pk


def _open(api: Api, world: World, reason: Any = REASON) -> Any:
    return api.post(f"/supervision/{_supervision_id(world)}/access", {"reason": reason})


def test_supervisor_lists_supervisees(world: World) -> None:
    rows = Api.as_user(world.gus).get("/supervision").json()
    assert rows == [{"id": _supervision_id(world), "practice_id": world.practice.pk,
                     "supervisee_id": world.alice.pk, "supervisee_name": "Alice"}]
    assert Api.as_user(world.alice).get("/supervision").json() == []


@pytest.mark.parametrize("path", READ_PATHS)
def test_without_a_reason_the_api_says_reason_required(world: World, path: str) -> None:
    before = AccessEvent.objects.count()
    response = Api.as_user(world.gus).get(eng(world.engagement.pk, path))
    assert response.status_code == 404
    assert response.json()["code"] == "reason_required"
    assert "/supervision/" in response.json()["detail"]
    assert "Dana" not in response.content.decode()
    assert AccessEvent.objects.count() == before


def test_with_a_reason_reads_work_and_events_carry_basis_and_reason(world: World) -> None:
    api = Api.as_user(world.gus)
    opened = _open(api, world, f"  {REASON}  ")
    assert opened.status_code == 201
    assert opened.json()["supervisee_id"] == world.alice.pk
    grant = SupervisionAccess.objects.get(supervisor=world.gus)
    assert (grant.supervisee, grant.reason) == (world.alice, REASON)
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    for path in READ_PATHS:
        assert api.get(eng(world.engagement.pk, path)).status_code == 200, path
    detail = api.get(eng(world.engagement.pk)).json()
    assert (detail["relation"], detail["client"]["name"]) == ("supervisor", "Dana")
    events = list(AccessEvent.objects.all())
    assert len(events) == len(READ_PATHS) + 1
    assert {(e.actor_id, e.basis, e.reason, e.via) for e in events} == {(world.gus.pk, "supervision", REASON, "api")}
    log = Api.as_user(world.dana).get(eng(world.engagement.pk, "/access-events")).json()
    assert {(r["actor"]["name"], r["basis"], r["reason"]) for r in log} == {("Gus", "supervision", REASON)}


def test_supervised_reads_do_not_reach_beyond_the_supervisee(world: World) -> None:
    api = Api.as_user(world.gus)
    _open(api, world)
    assert api.get(eng(world.eve_engagement.pk)).status_code == 404
    assert api.get(eng(world.oscar_engagement.pk)).status_code == 404
    assert api.get("/engagements").json() == []


@pytest.mark.parametrize("reason", ["", "because", "  short  ", "         .          "])
def test_too_short_reason_is_400(world: World, reason: str) -> None:
    response = _open(Api.as_user(world.gus), world, reason)
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert not SupervisionAccess.objects.exists()
    assert Api.as_user(world.gus).get(eng(world.engagement.pk)).json()["code"] == "reason_required"


@pytest.mark.parametrize(("payload", "status"), [({}, 422), ({"reason": 1234567890123}, 422),
                                                 ({"reason": "x" * 2001}, 422)])
def test_missing_or_malformed_reason_is_refused(world: World, payload: Any, status: int) -> None:
    response = Api.as_user(world.gus).post(f"/supervision/{_supervision_id(world)}/access", payload)
    assert response.status_code == status
    assert "reason" in response.json()["errors"]
    assert not SupervisionAccess.objects.exists()


def test_supervisor_may_not_write(world: World) -> None:
    api = Api.as_user(world.gus)
    _open(api, world)
    for kind in ("shared-notes", "private-notes"):
        response = api.post(eng(world.engagement.pk, f"/{kind}"), {"body": "I would add this"})
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
    when = (timezone.now() + timedelta(days=3)).isoformat()
    writes = [
        api.post(eng(world.engagement.pk, "/transitions"), {"to_phase": "screening"}),
        api.post(eng(world.engagement.pk, "/sessions"), {"kind": "integration", "starts_at": when,
                                                          "duration_minutes": 60}),
        api.post(eng(world.engagement.pk, "/care-team"), {"facilitator_id": world.carl.pk}),
        api.delete(eng(world.engagement.pk, f"/care-team/{world.bea.pk}")),
    ]
    assert [r.status_code for r in writes] == [403] * len(writes)
    assert not SharedNote.objects.exists()
    assert not PrivateNote.objects.exists()
    assert Session.objects.count() == 1
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "consultation"


def test_shared_note_write_without_reason_is_reason_required(world: World) -> None:
    response = Api.as_user(world.gus).post(eng(world.engagement.pk, "/shared-notes"), {"body": "hi"})
    assert response.status_code == 404
    assert response.json()["code"] == "reason_required"
    assert not SharedNote.objects.exists()


def test_access_expires(world: World) -> None:
    api = Api.as_user(world.gus)
    _open(api, world)
    assert api.get(eng(world.engagement.pk)).status_code == 200
    with rewriting():  # the test sets up its case behind the append-only trail
        SupervisionAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get(eng(world.engagement.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "reason_required"


def test_only_the_supervisor_may_open_the_supervision(world: World) -> None:
    for who in (world.alice, world.bea, world.dana, world.fay, world.olga):
        assert _open(Api.as_user(who), world).status_code == 404
    assert not SupervisionAccess.objects.exists()


def test_supervisor_without_the_role_gets_nothing(world: World) -> None:
    api = Api.as_user(world.gus)
    _open(api, world)
    Membership.objects.filter(user=world.gus, role=Role.SUPERVISOR).delete()
    assert api.get(eng(world.engagement.pk)).status_code == 404
    assert _open(api, world).status_code == 404


def test_access_ends_when_supervisee_leaves_the_care_team(world: World) -> None:
    api = Api.as_user(world.gus)
    _open(api, world)
    assert Api.as_user(world.bea).delete(eng(world.engagement.pk, f"/care-team/{world.alice.pk}")).status_code == 204
    assert api.get(eng(world.engagement.pk)).status_code == 404


@pytest.mark.parametrize("path", READ_PATHS)
def test_without_a_reason_a_supervisee_and_a_stranger_answer_alike(world: World, path: str) -> None:
    """Probing ids does not reveal whose caseload is whose: alice's engagement (supervised), eve's (in the same
    practice, not supervised), oscar's (another practice) and one that does not exist answer the same."""
    api = Api.as_user(world.gus)
    answers = [api.get(eng(pk, path)) for pk in (world.engagement.pk, world.eve_engagement.pk,
                                                   world.oscar_engagement.pk, 987654)]
    assert {(r.status_code, r.content) for r in answers} == {(answers[0].status_code, answers[0].content)}
    pages = [world.client_for(world.gus).get(f"/engagements/{pk}/") for pk in (world.engagement.pk,
                                                                                 world.eve_engagement.pk, 987654)]
    assert {(p.status_code, p["Location"]) for p in pages} == {(302, "/supervision/")}

