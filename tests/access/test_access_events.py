"""Access events through the API: every read by the care team is recorded, the client's own reads are not,
only the client reads the log, and an engagement is invisible (404) to everyone outside it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.accounts.models import Membership, Role
from cocreate.audit.lock import rewriting
from cocreate.care.models import CareTeamMember, Engagement, PhaseTransition, PrivateNote, Session, SharedNote
from tests.api_helpers import Api, eng
from tests.conftest import World

READS = {
    "": "engagement", "/care-team": "care team", "/transitions": "phase history", "/sessions": "sessions",
    "/shared-notes": "shared notes", "/private-notes": "engagement record",
}


def _every_endpoint(api: Api, world: World, engagement: Engagement) -> list[Any]:
    """Call each engagement endpoint once with a valid request."""
    session = world.session.pk
    when = (timezone.now() + timedelta(days=4)).isoformat()
    return [
        *[api.get(eng(engagement.pk, path)) for path in [*READS, "/access-events"]],
        api.post(eng(engagement.pk, "/care-team"), {"facilitator_id": world.carl.pk}),
        api.delete(eng(engagement.pk, f"/care-team/{world.bea.pk}")),
        api.post(eng(engagement.pk, "/transitions"), {"to_phase": "screening", "reason": "x"}),
        api.post(eng(engagement.pk, "/sessions"), {"kind": "integration", "starts_at": when, "duration_minutes": 60}),
        api.patch(eng(engagement.pk, f"/sessions/{session}"), {"starts_at": when, "duration_minutes": 60}),
        api.post(eng(engagement.pk, f"/sessions/{session}/cancel"), {"reason": "because"}),
        api.post(eng(engagement.pk, "/shared-notes"), {"body": "hello"}),
        api.post(eng(engagement.pk, "/private-notes"), {"body": "hello"}),
    ]


def _state() -> tuple[int, ...]:
    return (
        AccessEvent.objects.count(), SharedNote.objects.count(), PrivateNote.objects.count(),
        Session.objects.filter(status="scheduled").count(), PhaseTransition.objects.count(),
        CareTeamMember.objects.filter(removed_at__isnull=True).count(),
        len(set(Session.objects.values_list("starts_at", flat=True))),
    )


@pytest.mark.parametrize("path", list(READS))
def test_care_team_api_read_leaves_an_api_event(world: World, path: str) -> None:
    api = Api.as_user(world.bea)
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    response = api.get(eng(world.engagement.pk, path))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.actor, event.engagement, event.via) == (world.bea, world.engagement, "api")
    assert (event.what, event.basis, event.reason) == (READS[path], "care", "")


def test_caseload_listing_leaves_one_event_per_engagement(world: World) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    rows = Api.as_user(world.alice).get("/engagements").json()
    assert [(r["id"], r["relation"]) for r in rows] == [(world.engagement.pk, "care_team")]
    event = AccessEvent.objects.get()
    assert (event.actor, event.engagement, event.what, event.via) == (world.alice, world.engagement, "caseload", "api")


def test_web_reads_are_marked_web(world: World) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    assert world.client_for(world.alice).get(f"/engagements/{world.engagement.pk}/").status_code == 200
    assert set(AccessEvent.objects.values_list("via", flat=True)) == {"web"}


def test_client_reading_own_record_leaves_no_event(world: World) -> None:
    api = Api.as_user(world.dana)
    before = AccessEvent.objects.count()
    rows = api.get("/engagements").json()
    assert [(r["id"], r["relation"]) for r in rows] == [(world.engagement.pk, "client")]
    for path in [*READS, "/access-events"]:
        assert api.get(eng(world.engagement.pk, path)).status_code == 200
    assert AccessEvent.objects.count() == before


def test_client_reads_who_has_seen_the_record(world: World) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    Api.as_user(world.bea).get(eng(world.engagement.pk, "/shared-notes"))
    rows = Api.as_user(world.dana).get(eng(world.engagement.pk, "/access-events")).json()
    assert len(rows) == 1
    assert rows[0]["actor"] == {"id": world.bea.pk, "name": "Bea"}
    assert (rows[0]["what"], rows[0]["via"], rows[0]["basis"]) == ("shared notes", "api", "care")


def test_access_log_lists_newest_first(world: World) -> None:
    alice = Api.as_user(world.alice)
    alice.get(eng(world.engagement.pk, "/sessions"))
    alice.get(eng(world.engagement.pk, "/transitions"))
    rows = Api.as_user(world.dana).get(eng(world.engagement.pk, "/access-events")).json()
    assert [r["what"] for r in rows[:2]] == ["phase history", "sessions"]


@pytest.mark.parametrize("who", ["alice", "bea"])
def test_care_team_may_not_read_the_access_log(world: World, who: str) -> None:
    response = Api.as_user(getattr(world, who)).get(eng(world.engagement.pk, "/access-events"))
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


def test_supervisor_may_not_read_the_access_log(world: World) -> None:
    api = Api.as_user(world.gus)
    supervision = api.get("/supervision").json()[0]
    api.post(f"/supervision/{supervision['id']}/access", {"reason": "Monthly case review"})
    assert api.get(eng(world.engagement.pk, "/access-events")).status_code == 403


@pytest.mark.parametrize("who", ["olga", "oscar", "carl", "eve", "fay"])
def test_foreign_engagement_is_404_on_every_endpoint(world: World, who: str) -> None:
    before = _state()
    responses = _every_endpoint(Api.as_user(getattr(world, who)), world, world.engagement)
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert {r.json()["detail"] for r in responses} == {"Not found."}
    assert _state() == before
    world.engagement.refresh_from_db()
    assert world.engagement.phase == "consultation"


@pytest.mark.parametrize("who", ["alice", "bea", "dana", "gus"])
def test_other_practice_engagement_is_404_for_this_practice(world: World, who: str) -> None:
    api = Api.as_user(getattr(world, who))
    for path in [*READS, "/access-events"]:
        assert api.get(eng(world.oscar_engagement.pk, path)).status_code == 404
    assert world.oscar_engagement.pk not in {r["id"] for r in api.get("/engagements").json()}


def test_removed_care_team_member_loses_access(world: World) -> None:
    assert Api.as_user(world.alice).delete(eng(world.engagement.pk, f"/care-team/{world.bea.pk}")).status_code == 204
    bea = Api.as_user(world.bea)
    assert bea.get(eng(world.engagement.pk)).status_code == 404
    assert bea.get("/engagements").json() == []


def test_facilitator_who_loses_the_role_loses_access(world: World) -> None:
    Membership.objects.filter(user=world.bea, role=Role.FACILITATOR).delete()
    assert Api.as_user(world.bea).get(eng(world.engagement.pk, "/shared-notes")).status_code == 404


def test_anonymous_gets_401_not_data(world: World) -> None:
    for path in [*READS, "/access-events"]:
        response = Api().get(eng(world.engagement.pk, path))
        assert response.status_code == 401
        assert "detail" in response.json()


def test_writes_leave_no_access_event(world: World) -> None:
    """The client's log lists reads; posting a note or scheduling shows nothing back and is not listed."""
    api = Api.as_user(world.bea)
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.all().delete()
    assert api.post(eng(world.engagement.pk, "/shared-notes"), {"body": "hello"}).status_code == 201
    assert api.post(eng(world.engagement.pk, "/private-notes"), {"body": "process"}).status_code == 201
    web = world.client_for(world.bea)
    assert web.post(f"/engagements/{world.engagement.pk}/private-notes/", {"body": "more"}).status_code == 302
    assert not AccessEvent.objects.exists()


def test_client_log_never_mentions_private_notes(world: World) -> None:
    web = world.client_for(world.alice)
    web.get(f"/engagements/{world.engagement.pk}/")
    web.post(f"/engagements/{world.engagement.pk}/private-notes/", {"body": "process"})
    Api.as_user(world.alice).get(eng(world.engagement.pk, "/private-notes"))
    log = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/who-has-seen/")
    assert log.status_code == 200
    assert "Alice" in log.content.decode()
    assert "private" not in log.content.decode().lower()
