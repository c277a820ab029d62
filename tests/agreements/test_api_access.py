"""Who reaches the agreements API: the client and the care team; a supervisor reads after stating a reason and
never writes; everyone else gets 404, also through another engagement's path or a kind it does not have."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.agreements.models import Decision, Deviation, Revision
from tests.api_helpers import Api, eng
from tests.conftest import World

TOUCH = {"hand_holding": "yes", "hug": "ask_first", "stop_signal": "Red card"}
Call = tuple[str, str, dict[str, Any] | None]


def reads(engagement_id: int, kind: str = "intentions") -> list[Call]:
    doc = eng(engagement_id, f"/documents/{kind}")
    return [("GET", eng(engagement_id, "/documents"), None), ("GET", doc, None), ("GET", doc + "/schema", None),
            ("GET", doc + "/revisions", None), ("GET", doc + "/revisions/1", None),
            ("GET", doc + "/revisions/1/diff", None), ("GET", eng(engagement_id, "/co-authorship"), None)]


def writes(engagement_id: int, kind: str = "intentions") -> list[Call]:
    doc = eng(engagement_id, f"/documents/{kind}")
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    return [
        ("POST", doc + "/revisions", {"based_on": 1, "content": {"goals": [{"words": "Let me in"}]}}),
        ("POST", doc + "/revisions/1/accept", {"comment": ""}),
        ("POST", doc + "/revisions/1/decline", {"comment": "No"}),
        ("POST", doc + "/revisions/1/withdraw", None),
        ("POST", eng(engagement_id, "/documents/touch_consent/narrow"), {"changes": {"hug": "no"}}),
        ("POST", eng(engagement_id, "/documents/transport/deviations"), {"occurred_at": past, "description": "x"}),
    ]


def call(api: Api, method: str, path: str, body: dict[str, Any] | None) -> Any:
    return api.get(path) if method == "GET" else api.post(path, body)


def seeded(world: World) -> None:
    """An intentions proposal #1 and an agreed touch consent #1 on dana's engagement."""
    dana = Api.as_user(world.dana)
    assert dana.post(eng(world.engagement.pk, "/documents/intentions/revisions"),
                     {"based_on": None, "content": {"goals": [{"words": "Sleep"}]}}).status_code == 201
    touch = eng(world.engagement.pk, "/documents/touch_consent")
    assert dana.post(touch + "/revisions", {"based_on": None, "content": TOUCH}).status_code == 201
    for who in (world.alice, world.bea):
        assert Api.as_user(who).post(touch + "/revisions/1/accept", {}).status_code == 200


def unchanged(world: World) -> None:
    assert Revision.objects.count() == 2
    assert Decision.objects.count() == 4
    assert not Deviation.objects.exists()


@pytest.mark.parametrize("who", ["carl", "eve", "fay", "olga", "oscar"])
def test_outsiders_get_404_on_everything(world: World, who: str) -> None:
    seeded(world)
    api = Api.as_user(getattr(world, who))
    for method, path, body in reads(world.engagement.pk) + writes(world.engagement.pk):
        response = call(api, method, path, body)
        assert response.status_code == 404, (who, method, path, response.content)
        assert response.json() == {"detail": "Not found."}
    unchanged(world)


def test_anonymous_callers_get_401(world: World) -> None:
    seeded(world)
    for method, path, body in reads(world.engagement.pk) + writes(world.engagement.pk):
        assert call(Api(), method, path, body).status_code == 401, path
    unchanged(world)


def test_supervisor_must_state_a_reason_first(world: World) -> None:
    seeded(world)
    gus = Api.as_user(world.gus)
    for method, path, body in reads(world.engagement.pk) + writes(world.engagement.pk):
        response = call(gus, method, path, body)
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "reason_required"
    unchanged(world)


def test_supervisor_with_a_reason_reads_but_never_writes(world: World) -> None:
    seeded(world)
    gus = Api.as_user(world.gus)
    supervision = gus.get("/supervision").json()[0]
    assert gus.post(f"/supervision/{supervision['id']}/access", {"reason": "Monthly case review"}).status_code == 201
    for method, path, body in reads(world.engagement.pk):
        assert call(gus, method, path, body).status_code == 200, path
    for method, path, body in writes(world.engagement.pk):
        response = call(gus, method, path, body)
        assert response.status_code == 403, path
        assert response.json()["code"] == "not_allowed"
    unchanged(world)
    seen = AccessEvent.objects.filter(actor=world.gus, engagement=world.engagement)
    assert set(seen.values_list("what", "basis", "reason", "via")) == {
        ("agreements", "supervision", "Monthly case review", "api"),
        ("agreement history", "supervision", "Monthly case review", "api")}


def test_care_team_reads_are_logged_for_the_client_and_the_clients_are_not(world: World) -> None:
    seeded(world)
    for method, path, body in reads(world.engagement.pk):
        assert call(Api.as_user(world.dana), method, path, body).status_code == 200, path
        assert call(Api.as_user(world.bea), method, path, body).status_code == 200, path
    assert not AccessEvent.objects.filter(actor=world.dana).exists()
    whats = list(AccessEvent.objects.filter(actor=world.bea, via="api").values_list("what", flat=True))
    # The kind's schema tells nothing about the client, so fetching it is not logged.
    assert sorted(whats) == ["agreement history"] * 2 + ["agreements"] * 4


def test_another_engagements_path_does_not_open_this_engagements_revisions(world: World) -> None:
    """carl works with eve; the numbers of dana's revisions mean nothing under eve's engagement."""
    seeded(world)
    carl = Api.as_user(world.carl)
    eves = eng(world.eve_engagement.pk, "/documents/intentions")
    for method, path, body in [c for c in reads(world.eve_engagement.pk) + writes(world.eve_engagement.pk)
                               if "/revisions/1" in c[1]]:
        assert call(carl, method, path, body).status_code == 404, path
    assert carl.get(eves + "/revisions").json() == []
    response = carl.post(eves + "/revisions", {"based_on": 1, "content": {"goals": [{"words": "x"}]}})
    assert response.status_code == 400
    assert "based_on" in response.json()["errors"]
    unchanged(world)


@pytest.mark.parametrize("kind", ["touch_consent", "setting", "transport", "nonsense", "INTENTIONS"])
def test_a_kind_the_engagement_does_not_have_is_404(world: World, kind: str) -> None:
    carl = Api.as_user(world.carl)
    for method, path, body in reads(world.eve_engagement.pk, kind) + writes(world.eve_engagement.pk, kind):
        if "/documents/" + kind in path:
            assert call(carl, method, path, body).status_code == 404, path
    response = carl.post(eng(world.eve_engagement.pk, f"/documents/{kind}/revisions"),
                         {"based_on": None, "content": {"driver": "Sam", "pickup": "18:00", "stop_signal": "x"}})
    assert response.status_code == 404
    assert not Revision.objects.exists()


def test_the_openapi_document_lists_the_agreements_endpoints(world: World) -> None:
    paths = world.client_for(None).get("/api/v1/openapi.json").json()["paths"]
    base = "/api/v1/engagements/{engagement_id}"
    doc = base + "/documents/{kind}"
    expected = {
        base + "/documents": {"get"}, doc: {"get"}, doc + "/schema": {"get"}, doc + "/revisions": {"get", "post"},
        doc + "/revisions/{number}": {"get"}, doc + "/revisions/{number}/diff": {"get"},
        doc + "/revisions/{number}/accept": {"post"}, doc + "/revisions/{number}/decline": {"post"},
        doc + "/revisions/{number}/withdraw": {"post"}, doc + "/narrow": {"post"}, doc + "/deviations": {"post"},
        base + "/co-authorship": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
        assert all(paths[path][m]["tags"] == ["agreements"] for m in methods)
    assert "409" in paths[doc + "/revisions"]["post"]["responses"]
