"""Emergency access through the API: open, read under it, end, list for review and review; 404 for anyone else and
for a foreign practice; "emergency_ended" once it is over; bad input answered 4xx with nothing written."""

from __future__ import annotations

import pytest

from cocreate.access.models import AccessEvent, Basis, EmergencyAccess, EmergencyAccessReview
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.emergency.helpers import REASON, opened_earlier, second_lead


def _open(api: Api, engagement_id: int, reason: object = REASON) -> object:
    return api.post(eng(engagement_id, "/emergency-access"), {"reason": reason})


def test_open_read_and_end(world: World) -> None:
    api = Api.as_user(world.gus)
    assert api.get(eng(world.eve_engagement.pk)).json()["code"] == "reason_required"
    response = _open(api, world.eve_engagement.pk)
    assert response.status_code == 201
    body = response.json()
    assert (body["engagement_id"], body["reason"], body["ended_at"]) == (world.eve_engagement.pk, REASON, None)
    detail = api.get(eng(world.eve_engagement.pk))
    assert detail.status_code == 200 and detail.json()["relation"] == "supervisor"
    event = AccessEvent.objects.filter(actor=world.gus, via="api").latest("at")
    assert (event.basis, event.reason) == (Basis.EMERGENCY, REASON)
    assert api.post(eng(world.eve_engagement.pk, "/shared-notes"), {"body": "lead note"}).status_code == 403
    again = _open(api, world.eve_engagement.pk)
    assert again.status_code == 400 and "reason" in again.json()["errors"]
    ended = api.post(eng(world.eve_engagement.pk, "/emergency-access/end"))
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    after = api.get(eng(world.eve_engagement.pk))
    assert after.status_code == 404 and after.json()["code"] == "emergency_ended"


def test_expired_reads_answer_emergency_ended_and_record_nothing(world: World) -> None:
    opened_earlier(world)
    before = AccessEvent.objects.count()
    response = Api.as_user(world.gus).get(eng(world.eve_engagement.pk, "/sessions"))
    assert response.status_code == 404 and response.json()["code"] == "emergency_ended"
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize("reason", ["", "short", "x" * 2001, 12, None, "nul\x00 in the reason text"])
def test_bad_reasons_are_4xx_and_write_nothing(world: World, reason: object) -> None:
    response = _open(Api.as_user(world.gus), world.eve_engagement.pk, reason)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("who", ["carl", "alice", "fay", "eve", "dana", "olga", "oscar"])
def test_anyone_but_a_lead_is_404(world: World, who: str) -> None:
    api = Api.as_user(getattr(world, who))
    assert _open(api, world.eve_engagement.pk).status_code == 404
    assert api.post(eng(world.eve_engagement.pk, "/emergency-access/end")).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_a_foreign_practice_and_a_missing_id_are_404(world: World) -> None:
    api = Api.as_user(world.gus)
    assert _open(api, world.oscar_engagement.pk).status_code == 404
    assert _open(api, 10**9).status_code == 404
    assert api.get(f"/practices/{world.other_practice.pk}/emergency-access").status_code == 404


def test_list_and_review(world: World) -> None:
    _open(Api.as_user(world.gus), world.eve_engagement.pk)
    grant = EmergencyAccess.objects.get()
    rows = Api.as_user(world.fay).get(f"/practices/{world.practice.pk}/emergency-access").json()
    assert len(rows) == 1
    row = rows[0]
    assert (row["lead"], row["engagement_ref"], row["reason"], row["open"]) == (
        "Gus", f"E{world.eve_engagement.pk}", REASON, True)
    assert "Eve" not in str(row) and row["reviews"] == []
    assert Api.as_user(world.carl).get(f"/practices/{world.practice.pk}/emergency-access").status_code == 404
    path = f"/practices/{world.practice.pk}/emergency-access/{grant.pk}/reviews"
    lena = Api.as_user(second_lead(world))
    assert lena.post(path, {"comment": ""}).status_code == 400
    made = lena.post(path, {"comment": "Needed and kept short."})
    assert made.status_code == 201 and made.json()["reviewer"] == "Lena"
    assert Api.as_user(world.gus).post(path, {"comment": "my own"}).status_code == 400
    assert Api.as_user(world.fay).post(path, {"comment": "admin"}).status_code == 404
    assert EmergencyAccessReview.objects.count() == 1
    listed = Api.as_user(world.gus).get(f"/practices/{world.practice.pk}/emergency-access").json()
    assert [r["comment"] for r in listed[0]["reviews"]] == ["Needed and kept short."]
