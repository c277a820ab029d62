"""The measures API as its users call it: instruments, assigning, answering in parts and sending, scores with
their trajectory, flags and their resolution."""

from __future__ import annotations

from typing import Any

from cocreate.access.models import AccessEvent
from tests.api_helpers import Api, eng
from tests.conftest import World

PHQ9_REST = {str(n): 1 for n in range(3, 9)}


def test_instruments_are_listed_with_their_licence(world: World, settings: Any) -> None:
    settings.COCREATE_INSTRUMENTS_DIR = None  # as shipped, without a practice's wording file
    api = Api.as_user(world.dana)
    rows = {row["key"]: row for row in api.get("/instruments").json()}
    assert {"phq9", "gad7", "pcl5", "cssrs_screener", "who5", "wai_sr"} <= set(rows)
    assert (rows["phq9"]["items"], rows["phq9"]["items_shipped"], rows["phq9"]["short_title"]) == (9, True, "PHQ-9")
    assert rows["wai_sr"]["items_shipped"] is False and rows["wai_sr"]["licence"]


def test_an_instrument_definition_carries_item_texts_only_where_shipped(world: World, settings: Any) -> None:
    settings.COCREATE_INSTRUMENTS_DIR = None  # as shipped, without a practice's wording file
    api = Api.as_user(world.alice)
    phq9 = api.get("/instruments/phq9").json()
    assert phq9["items"][8]["id"] == "9" and "better off dead" in phq9["items"][8]["text"]
    assert phq9["risk"][0]["items"] == ["9"] and phq9["change"]["threshold"] == 6
    wai = api.get("/instruments/wai_sr").json()
    assert [item["text"] for item in wai["items"]] == [None] * 12
    assert api.get("/instruments/nope").status_code == 404


def test_assign_answer_in_parts_send_and_resolve_the_flag(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    path = eng(world.engagement.pk)

    created = alice.post(path + "/assignments", {"instrument": "phq9", "schedule": "every_n_days", "every_days": 14})
    assert created.status_code == 201, created.content
    assignment = created.json()
    assert (assignment["instrument_title"], assignment["every_days"], assignment["created_by"]["name"]) == (
        "Patient Health Questionnaire (PHQ-9)", 14, "Alice")
    assert [a["id"] for a in alice.get(path + "/assignments").json()] == [assignment["id"]]

    [due] = dana.get("/me/administrations").json()
    assert (due["instrument"], due["state"], due["answers"], due["engagement_id"]) == (
        "phq9", "open", None, world.engagement.pk)
    answers = f"{path}/administrations/{due['id']}"
    saved = dana.patch(answers + "/answers", {"answers": {"1": 2, "2": 2}})
    assert saved.status_code == 200 and saved.json()["answers"] == {"1": 2, "2": 2}
    assert dana.patch(answers + "/answers", {"answers": {"2": 1}}).json()["answers"] == {"1": 2, "2": 1}

    listed = {a["id"]: a for a in alice.get(path + "/administrations").json()}
    assert listed[due["id"]]["answers"] is None  # a draft is the client's own until sent
    assert listed[due["id"]]["state"] == "open"
    assert {a["state"] for a in listed.values()} == {"open", "upcoming"}  # the next, two weeks on

    sent = dana.post(answers + "/submit", {"answers": {**PHQ9_REST, "9": 1}})
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert (body["score"]["total"], body["score"]["band"]) == (10, "Moderate")
    assert "988" in body["crisis_resources"]
    listed = {a["id"]: a for a in alice.get(path + "/administrations").json()}
    assert listed[due["id"]]["state"] == "completed" and listed[due["id"]]["answers"]["9"] == 1

    [flag] = alice.get(path + "/flags").json()
    assert (flag["kind"], flag["instrument"], flag["resolved_at"]) == ("risk", "phq9", None)
    resolved = alice.post(f"{path}/flags/{flag['id']}/resolve", {"action": "Called Dana the same afternoon."})
    assert resolved.status_code == 200
    assert (resolved.json()["resolved_by"]["name"], resolved.json()["action"]) == (
        "Alice", "Called Dana the same afternoon.")
    assert alice.get(path + "/flags?unresolved=true").json() == []
    assert dana.get(path + "/flags").json()[0]["action"] == "Called Dana the same afternoon."

    ended = alice.post(f"{path}/assignments/{assignment['id']}/end")
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    assert alice.get(path + "/assignments").json() == []


def test_no_crisis_resources_without_a_risk_answer(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    path = eng(world.engagement.pk)
    alice.post(path + "/assignments", {"instrument": "gad7", "schedule": "once"})
    [due] = dana.get("/me/administrations").json()
    sent = dana.post(f"{path}/administrations/{due['id']}/submit", {"answers": {str(n): 0 for n in range(1, 8)}})
    assert sent.status_code == 200 and sent.json()["crisis_resources"] is None


def test_scores_come_with_their_trajectory(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    path = eng(world.engagement.pk)
    for value in (3, 0):
        alice.post(path + "/assignments", {"instrument": "gad7", "schedule": "once"})
        due = dana.get("/me/administrations").json()[0]
        response = dana.post(f"{path}/administrations/{due['id']}/submit",
                             {"answers": {str(n): value for n in range(1, 8)}})
        assert response.status_code == 200
    [series] = alice.get(path + "/scores").json()
    assert [s["total"] for s in series["scores"]] == [21, 0]
    assert series["latest"]["total"] == 0
    assert (series["trajectory"]["first"], series["trajectory"]["latest"], series["trajectory"]["label"]) == (
        21, 0, "recovered")
    assert alice.get(path + "/scores?instrument=gad7").json() == [series]
    assert alice.get(path + "/scores?instrument=phq9").json()[0]["scores"] == []
    assert alice.get(path + "/scores?instrument=nope").status_code == 404


def test_reads_by_the_care_team_leave_access_events_and_the_clients_own_do_not(world: World) -> None:
    path = eng(world.engagement.pk)
    for read in ("/assignments", "/administrations", "/scores", "/flags"):
        assert Api.as_user(world.bea).get(path + read).status_code == 200
        assert Api.as_user(world.dana).get(path + read).status_code == 200
    events = AccessEvent.objects.filter(engagement=world.engagement, what="measures")
    assert [(e.actor, e.via) for e in events] == [(world.bea, "api")] * 4
