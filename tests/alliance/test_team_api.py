"""The care team's proposals through the API: a colleague joins when the client accepts, a declined one never;
emergency cover at once; a transfer that asks to share private notes is refused; care's direct add is refused;
outsiders get 404."""

from __future__ import annotations

import pytest

from cocreate.alliance.models import TeamProposal
from cocreate.care.selectors import facilitators_on
from tests.api_helpers import Api, eng
from tests.conftest import World

BASE = "/relationship/team"
WHY = "Carl leads our trauma-focused work."


def team_names(world: World) -> set[str]:
    return {u.name for u in facilitators_on(world.engagement)}


def test_a_proposal_accepted_adds_the_colleague_and_one_declined_adds_nobody(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    made = alice.post(eng(world.engagement.pk, BASE + "/proposals"), {"facilitator_id": world.carl.pk, "why": WHY})
    assert made.status_code == 201, made.content
    assert (made.json()["kind"], made.json()["state"]) == ("join", "proposed")
    pk = made.json()["id"]
    declined = dana.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/decline"))
    assert declined.status_code == 200 and team_names(world) == {"Alice", "Bea"}
    pk = alice.post(eng(world.engagement.pk, BASE + "/proposals"),
                    {"facilitator_id": world.carl.pk, "why": WHY}).json()["id"]
    assert alice.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/accept"), {}).status_code == 403
    accepted = dana.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/accept"), {})
    assert accepted.status_code == 200 and accepted.json()["state"] == "agreed"
    assert team_names(world) == {"Alice", "Bea", "Carl"}
    listed = dana.get(eng(world.engagement.pk, BASE)).json()
    assert {m["name"] for m in listed["members"]} == {"Alice", "Bea", "Carl"}
    assert [p["state"] for p in listed["proposals"]] == ["agreed", "declined"]


def test_emergency_cover_at_once(world: World) -> None:
    made = Api.as_user(world.bea).post(eng(world.engagement.pk, BASE + "/cover"),
                                       {"facilitator_id": world.carl.pk, "why": "Both of us are ill.", "hours": 24})
    assert made.status_code == 201 and made.json()["kind"] == "cover" and made.json()["emergency_until"]
    assert "Carl" in team_names(world)
    assert Api.as_user(world.bea).post(eng(world.engagement.pk, BASE + "/cover"), {
        "facilitator_id": world.carl.pk, "why": "x", "hours": 10_000}).status_code == 422


def test_a_transfer_cannot_share_private_notes(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    pk = alice.post(eng(world.engagement.pk, BASE + "/proposals"),
                    {"facilitator_id": world.carl.pk, "why": WHY, "transfer": True}).json()["id"]
    refused = dana.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/accept"),
                        {"shared": ["agreements", "private_notes"]})
    assert refused.status_code == 400 and "shared" in refused.json()["errors"]
    assert "never be shared" in refused.json()["detail"]
    assert team_names(world) == {"Alice", "Bea"}
    accepted = dana.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/accept"), {"shared": ["measures"]})
    assert accepted.json()["shared"] == ["measures"] and team_names(world) == {"Bea", "Carl"}


def test_cares_direct_add_is_refused_with_where_to_propose(world: World) -> None:
    refused = Api.as_user(world.alice).post(eng(world.engagement.pk, "/care-team"), {"facilitator_id": world.carl.pk})
    assert refused.status_code == 403 and "relationship/team/proposals" in refused.json()["detail"]
    assert team_names(world) == {"Alice", "Bea"}


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga", "fay"])
def test_outsiders_get_404(world: World, who: str) -> None:
    pk = Api.as_user(world.alice).post(eng(world.engagement.pk, BASE + "/proposals"),
                                       {"facilitator_id": world.carl.pk, "why": WHY}).json()["id"]
    api = Api.as_user(getattr(world, who))
    body = {"facilitator_id": world.carl.pk, "why": "x"}
    answers = [api.get(eng(world.engagement.pk, BASE)),
               api.post(eng(world.engagement.pk, BASE + "/proposals"), body),
               api.post(eng(world.engagement.pk, BASE + "/cover"), body),
               api.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/accept"), {}),
               api.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/decline")),
               api.post(eng(world.engagement.pk, f"{BASE}/proposals/{pk}/withdraw"))]
    assert [a.status_code for a in answers] == [404] * len(answers)
    assert TeamProposal.objects.get().state == "proposed" and team_names(world) == {"Alice", "Bea"}
