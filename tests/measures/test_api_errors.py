"""Bad input to the measures API: wrong answers refused with the item named (400) and nothing half-saved, malformed
bodies (422), actions the caller may not take (403), and others' records not found (404)."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.access.services import supervision_access_start
from cocreate.measures.models import Administration, Flag, Response, Score
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, save, submit_new

ALL_CLEAR = {str(n): 0 for n in range(1, 10)}


def answers_path(world: World, administration: Administration) -> str:
    return eng(world.engagement.pk, f"/administrations/{administration.pk}")


@pytest.mark.parametrize(("answers", "item"), [
    ({"9": 7}, "9"),
    ({"3": "2"}, "3"),
    ({"3": True}, "3"),
    ({"2": 1.5}, "2"),
    ({"2": None}, "2"),
    ({"12": 1}, "12"),
])
def test_a_wrong_answer_is_refused_naming_the_item_and_nothing_is_saved(world: World, answers: dict[str, Any],
                                                                         item: str) -> None:
    administration = open_one(world)
    save(world, administration, {"1": 1})
    dana = Api.as_user(world.dana)
    for method, suffix, body in (("patch", "/answers", {"answers": {"4": 1, **answers}}),
                                 ("post", "/submit", {"answers": {**ALL_CLEAR, **answers}})):
        response = getattr(dana, method)(answers_path(world, administration) + suffix, body)
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [item]
        assert response.json()["detail"].startswith(f"{item}: ")
    assert Response.objects.get(administration=administration).answers == {"1": 1}
    assert not Score.objects.exists()


def test_an_incomplete_submission_names_each_missing_item(world: World) -> None:
    administration = open_one(world)
    response = Api.as_user(world.dana).post(answers_path(world, administration) + "/submit",
                                            {"answers": {str(n): 1 for n in range(1, 7)}})
    assert response.status_code == 400
    assert response.json()["errors"] == {n: ["Answer this question."] for n in ("7", "8", "9")}
    assert not Score.objects.exists()  # nothing sent; the answers given are kept, to finish later
    assert Response.objects.get(administration=administration).submitted_at is None


def test_two_left_out_of_phq9_are_named_and_may_be_sent_without(world: World) -> None:
    administration = open_one(world)
    dana = Api.as_user(world.dana)
    path = answers_path(world, administration) + "/submit"
    response = dana.post(path, {"answers": {str(n): 1 for n in range(1, 8)}})
    assert response.status_code == 400
    assert response.json()["errors"] == {n: ["You skipped this question. Answer it, or send without it."]
                                         for n in ("8", "9")}
    sent = dana.post(path, {"allow_skipped": True})
    assert sent.status_code == 200
    assert (sent.json()["score"]["total"], sent.json()["score"]["prorated"]) == (9.0, True)


@pytest.mark.parametrize("body", [
    {"answers": [0, 1]},
    {"answers": {"1": 0}, "score": 27},
    {},
    {"answers": {str(n): 0 for n in range(201)}},
])
def test_a_malformed_answers_body_is_unprocessable(world: World, body: dict[str, Any]) -> None:
    administration = open_one(world)
    response = Api.as_user(world.dana).patch(answers_path(world, administration) + "/answers", body)
    assert response.status_code == 422
    assert not Response.objects.exists()


def test_submitting_twice_answers_the_same_and_changing_sent_answers_is_refused(world: World) -> None:
    administration = open_one(world)
    dana = Api.as_user(world.dana)
    first = dana.post(answers_path(world, administration) + "/submit", {"answers": ALL_CLEAR})
    assert first.status_code == 200
    again = dana.post(answers_path(world, administration) + "/submit", {"answers": ALL_CLEAR})
    assert again.status_code == 200 and again.json() == first.json()  # a retry gets the same answer back
    changed = dana.post(answers_path(world, administration) + "/submit", {"answers": {**ALL_CLEAR, "1": 3}})
    assert changed.status_code == 400 and "sent" in changed.json()["detail"]
    assert dana.patch(answers_path(world, administration) + "/answers", {"answers": {"1": 3}}).status_code == 400
    assert Score.objects.count() == 1


def test_the_care_team_does_not_answer_and_the_client_does_not_assign_or_resolve(world: World) -> None:
    administration = open_one(world)
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    for response in (alice.patch(answers_path(world, administration) + "/answers", {"answers": {"1": 1}}),
                     alice.post(answers_path(world, administration) + "/submit", {"answers": ALL_CLEAR}),
                     dana.post(eng(world.engagement.pk, "/assignments"), {"instrument": "phq9", "schedule": "once"})):
        assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    flag = submit_new(world, "phq9", every("phq9", 0, **{"9": 1})).flags.get()
    refused = dana.post(eng(world.engagement.pk, f"/flags/{flag.pk}/resolve"), {"action": "I am fine."})
    assert refused.status_code == 403
    assert Flag.objects.get(pk=flag.pk).resolved_at is None


@pytest.mark.parametrize(("body", "field"), [
    ({"instrument": "nope", "schedule": "once"}, "instrument"),
    ({"instrument": "phq9", "schedule": "every_n_days", "every_days": 400}, "every_days"),
    ({"instrument": "phq9", "schedule": "after_sessions", "session_kinds": ["dance"]}, "session_kinds"),
    ({"instrument": "phq9", "schedule": "after_medicine", "offsets_days": [1] * 11}, "offsets_days"),
    ({"instrument": "phq9", "schedule": "once", "expires_after_days": 100}, "expires_after_days"),
])
def test_a_bad_assignment_is_refused_by_field(world: World, body: dict[str, Any], field: str) -> None:
    response = Api.as_user(world.alice).post(eng(world.engagement.pk, "/assignments"), body)
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]


def test_resolving_needs_what_was_done(world: World) -> None:
    flag = submit_new(world, "phq9", every("phq9", 0, **{"9": 1})).flags.get()
    alice = Api.as_user(world.alice)
    path = eng(world.engagement.pk, f"/flags/{flag.pk}/resolve")
    assert alice.post(path, {"action": "   "}).json()["errors"] == {
        "action": ["Say what was done, e.g. called the client the same day."]}
    assert alice.post(path, {"action": "x" * 2001}).status_code == 422
    assert alice.post(path, {}).status_code == 422
    assert alice.post(path, {"action": "Called."}).status_code == 200
    assert alice.post(path, {"action": "Called again."}).status_code == 400


def test_others_records_are_not_found_even_behind_ones_own_engagement(world: World) -> None:
    eves = open_one(world, "phq9")
    Administration.objects.filter(pk=eves.pk).update(engagement=world.eve_engagement)
    flag = submit_new(world, "phq9", every("phq9", 0, **{"9": 1})).flags.get()
    Flag.objects.filter(pk=flag.pk).update(engagement=world.eve_engagement)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    own = eng(world.engagement.pk)
    assert dana.patch(f"{own}/administrations/{eves.pk}/answers", {"answers": {"1": 1}}).status_code == 404
    assert dana.post(f"{own}/administrations/{eves.pk}/submit", {"answers": ALL_CLEAR}).status_code == 404
    assert alice.post(f"{own}/flags/{flag.pk}/resolve", {"action": "x"}).status_code == 404
    assert alice.post(f"{own}/assignments/999999/end").status_code == 404
    for outsider in (world.carl, world.fay, world.olga, world.eve):
        assert Api.as_user(outsider).get(f"{own}/scores").status_code == 404
    assert Api.as_user(world.dana).get("/me/administrations").json() == []
    assert [a["id"] for a in Api.as_user(world.eve).get("/me/administrations").json()] == [eves.pk]


def test_a_supervisor_reads_only_after_stating_a_reason_and_never_writes(world: World) -> None:
    gus = Api.as_user(world.gus)
    path = eng(world.engagement.pk)
    assert gus.get(path + "/scores").json()["code"] == "reason_required"
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the care plan together.")
    assert gus.get(path + "/scores").status_code == 200
    assert gus.get(path + "/flags").status_code == 200
    assert gus.post(path + "/assignments", {"instrument": "phq9", "schedule": "once"}).status_code == 403


@pytest.mark.parametrize("field,value", [("every_days", True), ("every_days", "7"), ("expires_after_days", 7.5),
                                         ("offsets_days", [1, True])])
def test_numbers_of_days_must_be_whole_numbers(world: World, field: str, value: Any) -> None:
    body = {"instrument": "phq9", "schedule": "every_n_days", "every_days": 7, field: value}
    response = Api.as_user(world.alice).post(eng(world.engagement.pk, "/assignments"), body)
    assert response.status_code == 422 and any(k.startswith(field) for k in response.json()["errors"])


def test_odd_digits_in_the_web_assign_form_are_refused(world: World) -> None:
    response = world.client_for(world.alice).post(f"/engagements/{world.engagement.pk}/measures/assign/", {
        "instrument": "phq9", "schedule": "after_medicine", "offsets_days": "1, ²", "every_nth": "1",
        "expires_after_days": "7"})
    assert response.status_code == 400
