"""Risk answers through the API, as a walk-through found them: a flag raised by a saved, unsent answer lists,
shows and resolves; the client's open questionnaires carry the crisis resources of a risky draft; and ten sends
of the same answers at once all get the same answer back, crisis resources included."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from cocreate.measures.models import Flag, Score
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import open_one

PHQ9 = {**{str(n): 1 for n in range(1, 9)}, "9": 1}


def test_a_flag_from_a_saved_unsent_answer_lists_and_resolves(world: World) -> None:
    administration = open_one(world, "phq9")
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    path = eng(world.engagement.pk)
    saved = dana.patch(f"{path}/administrations/{administration.pk}/answers", {"answers": {"9": 1}})
    assert saved.status_code == 200 and saved.json()["crisis_resources"]

    for api in (alice, dana):
        listed = api.get(f"{path}/flags")
        assert listed.status_code == 200, listed.content
        (flag,) = listed.json()
        assert (flag["kind"], flag["score_id"], flag["administration_id"]) == ("risk", None, administration.pk)
    resolved = alice.post(f"{path}/flags/{flag['id']}/resolve", {"action": "Called Dana; she is safe tonight."})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["resolved_by"]["name"] == "Alice"
    assert alice.get(f"{path}/flags?unresolved=true").json() == []


def test_the_clients_open_questionnaires_carry_crisis_resources_for_a_risky_draft(world: World) -> None:
    risky, calm = open_one(world, "phq9"), open_one(world, "gad7")
    dana = Api.as_user(world.dana)
    dana.patch(eng(world.engagement.pk, f"/administrations/{risky.pk}/answers"), {"answers": {"9": 2}})
    dana.patch(eng(world.engagement.pk, f"/administrations/{calm.pk}/answers"), {"answers": {"1": 3}})
    rows = {row["id"]: row for row in dana.get("/me/administrations").json()}
    assert "988" in rows[risky.pk]["crisis_resources"]
    assert rows[calm.pk]["crisis_resources"] is None


@pytest.mark.django_db(transaction=True)
def test_ten_sends_at_once_all_get_the_same_answer(world: World) -> None:
    administration = open_one(world, "phq9")
    url = eng(world.engagement.pk, f"/administrations/{administration.pk}/submit")
    apis = [Api.as_user(world.dana) for _ in range(10)]
    barrier = threading.Barrier(len(apis))
    results: list[Any] = [None] * len(apis)

    def send(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = apis[i].post(url, {"answers": PHQ9})
            results[i] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(apis))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [status for status, _body in results] == [200] * 10, [r for r in results if r[0] != 200]
    bodies = [body for _status, body in results]
    assert all(body == bodies[0] for body in bodies)
    assert bodies[0]["crisis_resources"] and bodies[0]["score"]["total"] == 9
    assert Score.objects.filter(response__administration=administration).count() == 1
    assert Flag.objects.filter(engagement=world.engagement, kind="risk").count() == 1


def test_different_answers_after_sending_are_refused(world: World) -> None:
    administration = open_one(world, "phq9")
    dana = Api.as_user(world.dana)
    url = eng(world.engagement.pk, f"/administrations/{administration.pk}/submit")
    assert dana.post(url, {"answers": PHQ9}).status_code == 200
    again = dana.post(url, {"answers": {**PHQ9, "1": 3}})
    assert again.status_code == 400
    assert again.json()["detail"] == "These answers have been sent; they can no longer be changed."
    same = dana.post(url, {})
    assert same.status_code == 200 and same.json()["crisis_resources"]


def test_the_api_caseload_carries_each_engagements_flags(world: World) -> None:
    administration = open_one(world, "phq9")
    Api.as_user(world.dana).patch(eng(world.engagement.pk, f"/administrations/{administration.pk}/answers"),
                                  {"answers": {"9": 1}})
    rows = {(row["id"], row["relation"]): row for row in Api.as_user(world.alice).get("/engagements").json()}
    flags = rows[(world.engagement.pk, "care_team")]["caseload"]["flags"]
    assert [f["kind"] for f in flags["unresolved"]] == ["risk"] and flags["overdue_questionnaires"] == 0
    assert flags["unresolved"][0]["reason"] == Flag.objects.get(engagement=world.engagement).reason
    (own,) = Api.as_user(world.dana).get("/engagements").json()
    assert own["relation"] == "client" and own["caseload"] == {}  # the client's own row carries no caseload


def test_a_private_note_on_a_follow_up_is_given_to_its_author_alone(world: World) -> None:
    administration = open_one(world, "phq9")
    path = eng(world.engagement.pk)
    Api.as_user(world.dana).patch(f"{path}/administrations/{administration.pk}/answers", {"answers": {"9": 1}})
    (flag,) = Api.as_user(world.alice).get(f"{path}/flags").json()
    done = Api.as_user(world.alice).post(f"{path}/flags/{flag['id']}/resolve",
                                         {"action": "Called her.", "private_note": "Check in Friday."})
    assert done.json()["private_note"] == "Check in Friday."
    for user in (world.bea, world.dana):
        (seen,) = Api.as_user(user).get(f"{path}/flags").json()
        assert (seen["action"], seen["private_note"]) == ("Called her.", None)
