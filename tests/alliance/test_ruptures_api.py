"""Ruptures and the fit review through the API: the same flow as the pages, 403 where the word is the client's or
the caller supervises, 404 for strangers."""

from __future__ import annotations

from cocreate.alliance.models import FitReview, Rupture
from tests.alliance.ruptures_helpers import held, supervise
from tests.api_helpers import Api
from tests.conftest import World


def base(world: World) -> str:
    return f"/engagements/{world.engagement.pk}/relationship"


def test_a_rupture_named_repaired_and_felt_as_repaired(world: World) -> None:
    session = held(world)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    made = dana.post(base(world) + "/ruptures", {"description": "You rushed me.", "session_id": session.pk})
    assert made.status_code == 201, made.json()
    rupture = made.json()
    assert (rupture["named_by_client"], rupture["repaired"], rupture["session_id"]) == (True, False, session.pk)

    path = f"{base(world)}/ruptures/{rupture['id']}"
    assert alice.post(path + "/repairs", {"description": "We slowed down."}).status_code == 201
    refused = alice.post(path + "/word", {"repaired": True})
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    said = dana.post(path + "/word", {"repaired": True, "note": "Better."})
    assert said.status_code == 201 and said.json()["repaired"] is True
    listed = alice.get(base(world) + "/ruptures").json()
    assert (listed["count"], listed["open"]) == (1, 0)
    assert [p["description"] for p in listed["ruptures"][0]["repairs"]] == ["We slowed down."]


def test_bad_input_is_answered_by_name(world: World) -> None:
    dana = Api.as_user(world.dana)
    empty = dana.post(base(world) + "/ruptures", {"description": " "})
    assert empty.status_code == 400 and "description" in empty.json()["errors"]
    assert dana.post(base(world) + "/ruptures", {}).status_code == 422
    assert not Rupture.objects.exists()


def test_the_fit_review_through_the_api(world: World) -> None:
    for days_ago in (9, 6, 3):
        held(world, days_ago=days_ago)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    state = dana.get(base(world) + "/fit").json()
    assert (state["at_session"], state["held"], len(state["reviews"])) == (3, 3, 1)
    review = state["reviews"][0]["id"]
    path = f"{base(world)}/fit/reviews/{review}"

    assert dana.post(path + "/answers", {"working": "Safe", "show": False}).status_code == 201
    assert alice.get(path).json()["answers_waiting"] == 1
    answered = alice.post(path + "/answers", {"not_working": "Pace"}).json()
    assert [a["answers"]["working"] for a in answered["answers"]] == ["Safe"]

    assert alice.post(path + "/proposal", {"outcome": "adjust", "note": "Slower"}).status_code == 200
    assert alice.post(path + "/agree", {"outcome": "adjust"}).status_code == 403
    agreed = dana.post(path + "/agree", {"outcome": "adjust"}).json()
    assert agreed["outcome"] == "adjust"
    assert agreed["next_url"] == f"/engagements/{world.engagement.pk}/agreements/modality/propose/"

    asked = dana.post(base(world) + "/fit/reviews")
    assert asked.status_code == 201 and asked.json()["asked_by_client"] is True
    assert alice.post(base(world) + "/fit/plan", {"at_session": 8}).json()["at_session"] == 8


def test_strangers_get_404_and_a_supervisor_reads_only(world: World) -> None:
    rupture = Rupture.objects.create(engagement=world.engagement, named_by=world.dana, description="x")
    review = FitReview.objects.create(engagement=world.engagement)
    for who in (world.carl, world.eve, world.oscar):
        api = Api.as_user(who)
        assert api.get(base(world) + "/ruptures").status_code == 404
        assert api.post(base(world) + "/ruptures", {"description": "x"}).status_code == 404
        assert api.post(f"{base(world)}/ruptures/{rupture.pk}/word", {"repaired": True}).status_code == 404
        assert api.get(base(world) + "/fit").status_code == 404
        assert api.post(f"{base(world)}/fit/reviews/{review.pk}/answers", {"working": "x"}).status_code == 404
    supervise(world)
    gus = Api.as_user(world.gus)
    assert gus.get(base(world) + "/ruptures").status_code == 200
    assert gus.get(base(world) + "/fit").status_code == 200
    assert gus.post(base(world) + "/ruptures", {"description": "x"}).status_code == 403
    assert gus.post(f"{base(world)}/ruptures/{rupture.pk}/repairs", {"description": "x"}).status_code == 403
    assert gus.post(f"{base(world)}/fit/reviews/{review.pk}/answers", {"working": "x"}).status_code == 403
    assert Rupture.objects.count() == 1
