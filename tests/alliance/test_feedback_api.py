"""Feedback through the API: the same services and the same rules as the web pages; bad input answers 400 by field,
a write that is not this person's 403, anyone else 404."""

from __future__ import annotations

from cocreate.alliance.models import Feedback
from cocreate.measures.models import Flag
from tests.alliance.feedback_helpers import gus_states_a_reason, held
from tests.api_helpers import Api
from tests.conftest import World


def _base(world: World) -> str:
    return f"/engagements/{world.engagement.pk}/feedback"


def test_the_round_trip(world: World) -> None:
    *_earlier, third = held(world, count=3)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    base = _base(world)
    asked = dana.get(f"{base}/sessions/{third.pk}").json()
    assert (asked["held"], asked["asked"], asked["feedback"], asked["lowest"], asked["highest"]) == (
        True, True, None, 0, 10)
    assert [s["text"] for s in asked["statements"]][2] == "The way we worked suited me"
    assert [p["name"] for p in asked["leads"]] == ["Gus"]

    made = dana.post(f"{base}/sessions/{third.pk}", {"ratings": {"1": 8, "2": 7, "3": 3, "4": None},
                                                     "better": "More about my week."})
    assert made.status_code == 201, made.content
    body = made.json()
    assert [r["value"] for r in body["ratings"]] == [8, 7, 3, None]
    assert (body["to"], body["acknowledgement"], body["waiting"]) == ("care_team", None, "waiting less than a day")
    assert "“The way we worked suited me”, 3 of 10" in Flag.objects.get().reason
    assert dana.post(f"{base}/sessions/{third.pk}", {"ratings": {"1": 9}}).status_code == 400  # once

    assert [f["id"] for f in alice.get(base).json()] == [body["id"]]
    acked = alice.post(f"{base}/{body['id']}/acknowledge", {"reply": "Thank you for saying so."})
    assert acked.status_code == 200, acked.content
    assert acked.json()["acknowledgement"]["by"]["name"] == "Alice"
    seen = dana.get(f"{base}/{body['id']}").json()["acknowledgement"]
    assert (seen["by"]["name"], seen["reply"]) == ("Alice", "Thank you for saying so.")
    again = alice.post(f"{base}/{body['id']}/acknowledge", {})
    assert again.status_code == 400 and "already acknowledged" in again.json()["detail"]


def test_bad_input_is_named_by_field(world: World) -> None:
    [session] = held(world)
    dana = Api.as_user(world.dana)
    base = _base(world)
    for payload, field in (({"ratings": {"3": 11}}, "rating_3"), ({"ratings": {"7": 1}}, "rating_7"),
                           ({"ratings": {}}, "__all__"), ({"ratings": {"1": 4}, "to": "boss"}, "to")):
        response = dana.post(f"{base}/sessions/{session.pk}", payload)
        assert response.status_code == 400 and field in response.json()["errors"], (payload, response.content)
    assert dana.post(f"{base}/sessions/{session.pk}", {"ratings": {"3": "3"}}).status_code in (400, 422)
    assert dana.post(f"{base}/sessions/{session.pk}", {"ratings": {"3": True}}).status_code in (400, 422)
    assert dana.post(f"{base}/messages", {"message": " "}).json()["errors"] == {
        "message": ["Write what you would like them to know."]}
    assert "every_nth" in Api.as_user(world.alice).client.put(
        "/api/v1" + f"{base}/cadence", '{"every_nth": 12}', content_type="application/json",
        **Api.as_user(world.alice).headers).json()["errors"]
    assert not Feedback.objects.exists()


def test_the_cadence(world: World) -> None:
    dana = Api.as_user(world.dana)
    url = "/api/v1" + _base(world) + "/cadence"
    assert dana.get(_base(world) + "/cadence").json() == {"every_nth": 1, "words": "after every session"}
    changed = dana.client.put(url, '{"every_nth": 2}', content_type="application/json", **dana.headers)
    assert changed.json() == {"every_nth": 2, "words": "after every 2nd session"}
    gus_states_a_reason(world)
    gus = Api.as_user(world.gus)
    assert gus.get(_base(world) + "/cadence").json()["every_nth"] == 2
    refused = gus.client.put(url, '{"every_nth": 1}', content_type="application/json", **gus.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"


def test_who_may_do_what(world: World) -> None:
    [session] = held(world)
    base = _base(world)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    team = dana.post(f"{base}/messages", {"message": "For the team."}).json()
    lead = dana.post(f"{base}/messages", {"message": "For the lead.", "to": "lead"}).json()
    assert alice.post(f"{base}/messages", {"message": "x"}).status_code == 403
    assert alice.post(f"{base}/sessions/{session.pk}", {"ratings": {"1": 2}}).status_code == 403
    assert dana.post(f"{base}/{team['id']}/acknowledge", {}).status_code == 403
    for who in (world.eve, world.carl, world.olga, world.oscar, world.fay):
        api = Api.as_user(who)
        for path in (base, f"{base}/{team['id']}", f"{base}/{lead['id']}", f"{base}/sessions/{session.pk}",
                     f"{base}/cadence", "/feedback/to-me"):
            assert api.get(path).status_code == 404, (who, path)
        assert api.post(f"{base}/{team['id']}/acknowledge", {}).status_code == 404
    assert alice.get(f"{base}/{lead['id']}").status_code == 404
    assert [f["message"] for f in alice.get(base).json()] == ["For the team."]
    gus = Api.as_user(world.gus)
    assert gus.get(f"{base}/{team['id']}").json()["code"] == "reason_required"
    assert gus.get(f"{base}/{lead['id']}").json()["message"] == "For the lead."
    [listed] = gus.get("/feedback/to-me").json()
    assert (listed["client"]["name"], listed["practice"], listed["waiting"]) == (
        "Dana", "Juniper", "waiting less than a day")
    assert gus.post(f"{base}/{lead['id']}/acknowledge", {"reply": "Let's talk."}).status_code == 200
    assert alice.post(f"{base}/{lead['id']}/acknowledge", {}).status_code == 404
    gus_states_a_reason(world)
    assert gus.post(f"{base}/{team['id']}/acknowledge", {}).status_code == 403
