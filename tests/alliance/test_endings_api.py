"""Endings through the API: ask, propose, agree, decline, withdraw, end at once, a referral; the client's reasons in
her words; carl and other outsiders get 404; a write from the wrong side is 403 or 400, and changes nothing."""

from __future__ import annotations

import pytest

from cocreate.alliance.models import Ending, EndingState
from cocreate.care.models import Phase
from tests.api_helpers import Api, eng
from tests.conftest import World

BASE = "/relationship/endings"
REASONS = "I want to try on my own for a while."


def phase(world: World) -> str:
    world.engagement.refresh_from_db()
    return world.engagement.phase


def test_dana_ends_at_once_with_her_reasons(world: World) -> None:
    dana = Api.as_user(world.dana)
    made = dana.post(eng(world.engagement.pk, BASE + "/now"), {"reasons": REASONS, "referral_to": "My GP"})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["state"], body["reasons"], body["referral_to"], body["by_client"]) == (
        "agreed", REASONS, "My GP", True)
    assert phase(world) == Phase.CLOSED
    listed = Api.as_user(world.alice).get(eng(world.engagement.pk, BASE)).json()
    assert [e["reasons"] for e in listed] == [REASONS]


def test_a_proposal_closes_nothing_until_dana_agrees(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    assert alice.post(eng(world.engagement.pk, BASE), {}).status_code == 400  # the team says why
    made = alice.post(eng(world.engagement.pk, BASE), {"note": "We met the goals; shall we end?"})
    assert made.status_code == 201
    pk = made.json()["id"]
    assert phase(world) == Phase.CONSULTATION
    assert Api.as_user(world.bea).post(eng(world.engagement.pk, f"{BASE}/{pk}/agree"), {}).status_code == 400
    assert alice.post(eng(world.engagement.pk, BASE + "/now"), {}).status_code == 403
    assert phase(world) == Phase.CONSULTATION
    agreed = dana.post(eng(world.engagement.pk, f"{BASE}/{pk}/agree"), {"reasons": "Yes, it is time."})
    assert agreed.status_code == 200 and agreed.json()["state"] == "agreed"
    assert phase(world) == Phase.CLOSED


def test_dana_asks_and_withdraws_and_the_team_declines_with_a_note(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    pk = dana.post(eng(world.engagement.pk, BASE), {"reasons": REASONS}).json()["id"]
    assert dana.post(eng(world.engagement.pk, f"{BASE}/{pk}/withdraw")).json()["state"] == "withdrawn"
    pk = dana.post(eng(world.engagement.pk, BASE), {}).json()["id"]
    assert alice.post(eng(world.engagement.pk, f"{BASE}/{pk}/decline"), {}).status_code == 400
    declined = alice.post(eng(world.engagement.pk, f"{BASE}/{pk}/decline"), {"note": "Thursday first?"})
    assert declined.json()["state"] == "declined" and declined.json()["team_note"] == "Thursday first?"
    referral = alice.post(eng(world.engagement.pk, BASE + "/referral"), {"referral_to": "x"})
    assert referral.status_code == 400  # nothing to keep it with
    assert phase(world) == Phase.CONSULTATION


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga", "fay"])
def test_outsiders_get_404(world: World, who: str) -> None:
    pk = Api.as_user(world.dana).post(eng(world.engagement.pk, BASE), {}).json()["id"]
    api = Api.as_user(getattr(world, who))
    answers = [api.get(eng(world.engagement.pk, BASE)),
               api.post(eng(world.engagement.pk, BASE), {"note": "x"}),
               api.post(eng(world.engagement.pk, BASE + "/now"), {}),
               api.post(eng(world.engagement.pk, BASE + "/referral"), {"referral_to": "x"}),
               api.post(eng(world.engagement.pk, f"{BASE}/{pk}/agree"), {}),
               api.post(eng(world.engagement.pk, f"{BASE}/{pk}/decline"), {"note": "x"}),
               api.post(eng(world.engagement.pk, f"{BASE}/{pk}/withdraw"))]
    assert [a.status_code for a in answers] == [404] * len(answers)
    assert Ending.objects.get().state == EndingState.PROPOSED and phase(world) == Phase.CONSULTATION


def test_an_ending_of_another_engagement_is_404(world: World) -> None:
    pk = Api.as_user(world.eve).post(eng(world.eve_engagement.pk, BASE), {}).json()["id"]
    assert Api.as_user(world.alice).post(eng(world.engagement.pk, f"{BASE}/{pk}/agree"), {}).status_code == 404
