"""The protocols API: packs on offer, a practice's protocol and form texts, and an engagement's protocol, forms,
screening, check-ins and readiness gate; who may do what, and a foreign engagement answering 404."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.care import services as care_services
from cocreate.care.models import Engagement, Kind, Session, SessionKind
from cocreate.protocols import selectors, services
from cocreate.protocols.models import AckChoice, Outcome, Readiness, Sleep
from cocreate.protocols.schemas import AckChoiceIn, OutcomeIn, ReadinessIn, SleepIn
from tests.api_helpers import API, Api, eng
from tests.conftest import World

OREGON = "oregon_psilocybin"
NO_ANSWERS = {k: "no" for k in ("lithium_30d", "harm_now", "harm_history", "active_psychosis", "current_treatment",
                                "mushroom_allergy", "medications_during", "interpreter", "support_person")}


def put(api: Api, path: str, data: Any) -> Any:
    return api.client.put(API + path, json.dumps(data), content_type="application/json", **api.headers)


def under_oregon(world: World, engagement: Engagement | None = None) -> Engagement:
    engagement = engagement or world.engagement
    services.engagement_pack_change(actor=world.alice, access=engagement_access(world.alice, engagement),
                                    pack=OREGON, reason="An Oregon service centre")
    return engagement


def to_preparation(world: World, engagement: Engagement) -> None:
    for phase in ("screening", "preparation"):
        care_services.phase_transition(actor=world.alice, access=engagement_access(world.alice, engagement),
                                       to_phase=phase, reason="")


def item(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(i for i in body["items"] if i["key"] == key)


def test_the_api_refuses_a_30_minute_session_for_25_mg_under_oregon(world: World) -> None:
    engagement = under_oregon(world)
    to_preparation(world, engagement)
    before = Session.objects.filter(engagement=engagement).count()
    response = Api.as_user(world.alice).post(eng(engagement.pk, "/sessions"), {
        "kind": "medicine", "starts_at": (timezone.now() + timedelta(days=5)).isoformat(),
        "duration_minutes": 30, "planned_dose_mg": 25})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "gate_closed"
    dose = next(u for u in body["unmet"] if u["key"] == "dose_duration")
    assert "OAR 333-333-5250" in dose["source"]
    assert "25 mg needs a session of at least 5 h" in dose["state"]
    assert Session.objects.filter(engagement=engagement).count() == before


def test_packs_are_listed_with_their_rules_and_sources(world: World) -> None:
    api = Api.as_user(world.dana)
    listed = api.get("/protocols")
    assert listed.status_code == 200
    assert {OREGON, "psychedelic_general", "psychotherapy", "test_open"} <= {p["key"] for p in listed.json()}
    oregon = api.get(f"/protocols/{OREGON}").json()
    assert oregon["engagement_kind"] == "psychedelic_assisted"
    dose = next(r for r in oregon["requirements"] if r["key"] == "dose_duration")
    assert dose["regulatory"] is True and dose["acts"] == ["schedule", "start"]
    assert "OAR 333-333-5250" in dose["source"]["citation"]
    window = next(r for r in oregon["requirements"] if r["key"] == "preparation_window")
    assert window["params"] == {"min_hours": 24, "max_days": 90}
    assert oregon["dosing"]["rows"][3] == {"from_mg": "10", "to_mg": "25", "minutes": 240, "repeat_minutes": None}
    assert "lithium_30d" in {q["key"] for q in oregon["screening"]["questions"]}
    assert any(r["question"] == "lithium_30d" and r["severity"] == "not_eligible"
               for r in oregon["screening"]["rules"])
    assert {f["key"] for f in oregon["forms"]} == {"bill_of_rights", "informed_consent", "data_opt_out"}
    assert [p["key"] for p in oregon["phases"]][:2] == ["consultation", "screening"]
    assert api.get("/protocols/no_such_pack").status_code == 404
    assert api.get("/protocols/Not-A-Key").status_code == 422
    assert Api().get("/protocols").status_code == 401


def test_the_input_choices_are_the_models_choices() -> None:
    assert set(get_args(AckChoiceIn)) == set(AckChoice.values)
    assert set(get_args(OutcomeIn)) == set(Outcome.values)
    assert set(get_args(ReadinessIn)) == set(Readiness.values)
    assert set(get_args(SleepIn)) == {"", *Sleep.values}


def test_a_practice_chooses_its_protocol_and_new_engagements_run_under_it(world: World) -> None:
    path = f"/practices/{world.practice.pk}/protocol"
    alice = Api.as_user(world.alice)
    assert alice.get(path).json()["pack"] == "test_open"
    changed = put(alice, path, {"pack": OREGON})
    assert changed.status_code == 200 and changed.json()["pack"] == OREGON
    assert changed.json()["title"] == "Oregon psilocybin services"
    assert Api.as_user(world.fay).get(path).json()["pack"] == OREGON  # an admin reads it too
    opened = care_services.engagement_create(actor=world.bea, practice=world.practice, client_id=world.eve.pk,
                                             kind=Kind.PSYCHEDELIC_ASSISTED)
    assert Api.as_user(world.eve).get(eng(opened.pk, "/protocol")).json()["pack"] == OREGON
    # The engagement already open keeps its protocol.
    assert Api.as_user(world.dana).get(eng(world.engagement.pk, "/protocol")).json()["pack"] == "test_open"
    assert put(alice, path, {"pack": "psychotherapy"}).status_code == 400
    assert put(alice, path, {"pack": OREGON, "extra": 1}).status_code == 422


@pytest.mark.parametrize("who", ["dana", "gus", "olga", "oscar"])
def test_only_the_practices_facilitators_and_admins_see_its_protocol(world: World, who: str) -> None:
    api = Api.as_user(getattr(world, who))
    base = f"/practices/{world.practice.pk}"
    assert api.get(base + "/protocol").status_code == 404
    assert put(api, base + "/protocol", {"pack": OREGON}).status_code == 404
    assert api.get(base + "/forms").status_code == 404
    assert api.post(base + "/forms/bill_of_rights", {"title": "T", "body": "B"}).status_code == 404


def test_a_practice_publishes_its_text_of_a_form(world: World) -> None:
    alice = Api.as_user(world.alice)
    base = f"/practices/{world.practice.pk}"
    assert alice.get(base + "/forms").json() == []  # the test protocol has no forms
    put(alice, base + "/protocol", {"pack": OREGON})
    forms = alice.get(base + "/forms").json()
    assert [(f["key"], f["version"], f["published"]) for f in forms] == [
        ("bill_of_rights", 1, None), ("informed_consent", 1, None), ("data_opt_out", 1, None)]
    published = alice.post(base + "/forms/bill_of_rights", {"title": "Your rights", "body": "Our own words."})
    assert published.status_code == 201
    assert published.json()["version"] == 2 and published.json()["body"] == "Our own words."
    again = alice.post(base + "/forms/bill_of_rights", {"title": "Your rights", "body": "Our own words."})
    assert again.status_code == 400 and "Nothing changed" in again.json()["detail"]
    assert alice.post(base + "/forms/no_such_form", {"title": "T", "body": "B"}).status_code == 404
    assert alice.post(base + "/forms/bill_of_rights", {"title": "T", "body": "x" * 50_001}).status_code == 422


def test_the_care_team_moves_an_engagement_to_another_protocol_with_a_reason(world: World) -> None:
    path = eng(world.engagement.pk, "/protocol")
    read = Api.as_user(world.dana).get(path)
    assert read.status_code == 200
    assert read.json()["pack"] == "test_open" and len(read.json()["history"]) == 1
    assert Api.as_user(world.dana).post(path, {"pack": OREGON, "reason": "I moved"}).status_code == 403
    alice = Api.as_user(world.alice)
    assert alice.post(path, {"pack": OREGON, "reason": " "}).status_code == 400
    assert alice.post(path, {"pack": "psychotherapy", "reason": "Why not"}).status_code == 400
    moved = alice.post(path, {"pack": OREGON, "reason": "An Oregon service centre"})
    assert moved.status_code == 201
    body = moved.json()
    assert body["pack"] == OREGON and body["version"] == "2025-01"
    assert body["history"][0]["reason"] == "An Oregon service centre"
    assert body["history"][0]["actor"]["name"] == "Alice"
    assert Api.as_user(world.bea).get(path).json()["pack"] == OREGON
    assert AccessEvent.objects.filter(engagement=world.engagement, actor=world.bea, what="protocol",
                                      via="api").exists()


def test_the_client_acknowledges_forms_and_a_new_version_asks_again(world: World) -> None:
    engagement = under_oregon(world)
    dana = Api.as_user(world.dana)
    forms = dana.get(eng(engagement.pk, "/forms"))
    assert forms.status_code == 200
    assert {f["key"]: f["state"] for f in forms.json()} == {
        "bill_of_rights": "", "informed_consent": "", "data_opt_out": ""}
    path = eng(engagement.pk, "/forms/bill_of_rights/acknowledgements")
    done = dana.post(path, {"version": 1, "choice": "acknowledged"})
    assert done.status_code == 201
    assert done.json()["state"] == "acknowledged"
    assert [(a["version"], a["choice"], a["actor"]["name"]) for a in done.json()["acknowledgements"]] == [
        (1, "acknowledged", "Dana")]
    assert Api.as_user(world.alice).post(path, {"version": 1, "choice": "acknowledged"}).status_code == 403
    assert dana.post(path, {"version": 2, "choice": "acknowledged"}).status_code == 400
    assert dana.post(path, {"version": 1, "choice": "maybe"}).status_code == 422
    assert dana.post(eng(engagement.pk, "/forms/no_such_form/acknowledgements"),
                     {"version": 1, "choice": "acknowledged"}).status_code == 404
    services.practice_pack_set(actor=world.alice, practice=world.practice, pack=OREGON)
    services.form_publish(actor=world.alice, practice=world.practice, pack=selectors.pack_of(engagement),
                          form="bill_of_rights", title="Your rights", body="New words.")
    again = {f["key"]: f for f in dana.get(eng(engagement.pk, "/forms")).json()}["bill_of_rights"]
    assert (again["state"], again["version"], again["body"]) == ("outdated", 2, "New words.")


def test_a_screening_round_trip_under_oregon(world: World) -> None:
    engagement = under_oregon(world)
    path = eng(engagement.pk, "/screening")
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    asked = dana.get(path).json()
    assert asked["latest"] is None and asked["decision"] is None
    assert "lithium_30d" in {q["key"] for q in asked["questions"]}
    answered = dana.post(path, {"answers": {**NO_ANSWERS, "lithium_30d": "yes",
                                            "current_treatment": {"answer": "no", "detail": ""}}})
    assert answered.status_code == 201
    flag = answered.json()["flags"][0]
    assert (flag["question"], flag["severity"]) == ("lithium_30d", "not_eligible")
    assert "OAR 333-333-5050" in flag["source"]
    response_id = answered.json()["latest"]["id"]
    assert alice.get(path).json()["flags"][0]["question"] == "lithium_30d"
    assert AccessEvent.objects.filter(engagement=engagement, actor=world.alice, what="screening", via="api").exists()
    decision = {"outcome": "not_eligible_now", "rationale": "Lithium in the last 30 days: not yet.",
                "response_id": response_id}
    assert dana.post(path + "/decisions", decision).status_code == 403
    decided = alice.post(path + "/decisions", decision)
    assert decided.status_code == 201
    assert decided.json()["outcome"] == "not_eligible_now" and decided.json()["clinician"]["name"] == "Alice"
    read = dana.get(path).json()
    assert read["decision"]["outcome"] == "not_eligible_now"
    assert read["decision"]["rationale"] == "Lithium in the last 30 days: not yet."
    # The care team enters answers only with the client; changed answers re-open the screening.
    assert alice.post(path, {"answers": NO_ANSWERS}).status_code == 400
    reopened = alice.post(path, {"answers": NO_ANSWERS, "with_client": True})
    assert reopened.status_code == 201
    body = reopened.json()
    assert body["decision"] is None and body["flags"] == [] and body["latest"]["with_client"] is True
    assert body["earlier"][0]["decisions"][0]["outcome"] == "not_eligible_now"
    assert alice.post(path + "/decisions", decision).status_code == 400  # decided on answers since replaced
    assert alice.post(path + "/decisions", {**decision, "outcome": "maybe"}).status_code == 422


def test_screening_answers_are_bounded_before_the_service(world: World) -> None:
    path = eng(under_oregon(world).pk, "/screening")
    dana = Api.as_user(world.dana)
    too_many = {f"q{i}": "no" for i in range(101)}
    assert dana.post(path, {"answers": too_many}).status_code == 422
    assert dana.post(path, {"answers": {**NO_ANSWERS, "lithium_30d": "y" * 4001}}).status_code == 422
    assert dana.post(path, {"answers": {**NO_ANSWERS, "k" * 41: "no"}}).status_code == 422
    assert dana.post(path, {"answers": {**NO_ANSWERS, "harm_now": "no\x00"}}).status_code == 422
    assert dana.post(path, {"answers": {**NO_ANSWERS, "harm_now": {"answer": "no", "other": 1}}}).status_code == 422
    unknown = dana.post(path, {"answers": {**NO_ANSWERS, "favourite_colour": "blue"}})
    assert unknown.status_code == 400 and "favourite_colour" in unknown.json()["detail"]
    missing = dana.post(path, {"answers": {"lithium_30d": "no"}})
    assert missing.status_code == 400 and "harm_now" in missing.json()["errors"]


def test_the_client_checks_in_and_the_care_team_reads_it(world: World) -> None:
    path = eng(world.engagement.pk, "/check-ins")
    dana = Api.as_user(world.dana)
    made = dana.post(path, {"readiness": "ready", "sleep": "well", "how_i_am": "Calm",
                            "session_id": world.session.pk})
    assert made.status_code == 201
    assert (made.json()["readiness"], made.json()["session_id"]) == ("ready", world.session.pk)
    listed = Api.as_user(world.bea).get(path)
    assert listed.status_code == 200 and [c["how_i_am"] for c in listed.json()] == ["Calm"]
    assert Api.as_user(world.alice).post(path, {"readiness": "ready"}).status_code == 403
    assert dana.post(path, {"readiness": "very"}).status_code == 422
    assert dana.post(path, {"readiness": "ready", "sleep": "badly"}).status_code == 422
    foreign = care_services.session_schedule(
        actor=world.olga, access=engagement_access(world.olga, world.oscar_engagement),
        kind=SessionKind.CONSULTATION, starts_at=timezone.now() + timedelta(days=1), duration_minutes=60)
    assert dana.post(path, {"readiness": "postpone", "session_id": foreign.pk}).status_code == 400


def test_the_gate_lists_each_requirement_with_its_state(world: World) -> None:
    alice = Api.as_user(world.alice)
    path = eng(world.engagement.pk, "/gate")
    open_gate = alice.get(path + "?act=phase").json()
    assert open_gate == {"pack": "test_open", "act": "phase", "open": True, "items": []}
    # A medicine session planned before the engagement moves to Oregon's rules.
    medicine = care_services.session_schedule(
        actor=world.alice, access=engagement_access(world.alice, world.engagement), kind=SessionKind.MEDICINE,
        starts_at=timezone.now() + timedelta(days=10), duration_minutes=60, planned_dose_mg=20)
    under_oregon(world)
    phase = alice.get(path + "?act=phase")
    assert phase.status_code == 200
    body = phase.json()
    assert body["pack"] == OREGON and body["open"] is False
    screening = item(body, "client_information")
    assert (screening["met"], screening["state"], screening["regulatory"]) == (False, "Not yet answered", True)
    assert screening["url"] == f"/engagements/{world.engagement.pk}/screening/"
    assert item(body, "bill_of_rights")["state"] == "Not read yet"
    assert item(body, "readiness")["regulatory"] is False
    assert "dose_duration" not in {i["key"] for i in body["items"]}  # a session's rule, not the phase's

    unplanned = alice.get(path + "?act=schedule").json()
    assert item(unplanned, "dose_duration")["state"] == "Checked when a session is planned"
    starts = (timezone.now() + timedelta(days=5)).isoformat().replace("+", "%2B")
    planned = alice.get(path + f"?act=schedule&starts_at={starts}&duration_minutes=30&planned_dose_mg=25").json()
    dose = item(planned, "dose_duration")
    assert dose["met"] is False and "25 mg needs a session of at least 5 h" in dose["state"]
    assert "OAR 333-333-5250" in dose["source"]
    enough = alice.get(path + f"?act=schedule&starts_at={starts}&duration_minutes=300&planned_dose_mg=25").json()
    assert item(enough, "dose_duration")["met"] is True

    start = alice.get(path + f"?act=start&session_id={medicine.pk}").json()
    assert item(start, "dose_duration")["state"] == "20 mg needs a session of at least 4 h; this one is 1 h"
    assert alice.get(path + "?act=start").status_code == 400
    assert alice.get(path + f"?act=start&session_id={world.session.pk}").status_code == 400  # a preparation
    assert alice.get(path + "?act=start&session_id=999999").status_code == 404
    assert alice.get(path + f"?act=phase&session_id={medicine.pk}").status_code == 400
    assert alice.get(path + "?act=schedule&duration_minutes=60").status_code == 400
    assert alice.get(path + "?act=open").status_code == 422
    assert alice.get(path + "?act=schedule&starts_at=2026-01-01T10:00:00&duration_minutes=60").status_code == 422
    assert Api.as_user(world.dana).get(path + "?act=phase").json()["open"] is False  # the client reads it too


def test_a_practice_rule_is_set_aside_with_a_reason_and_restored(world: World) -> None:
    engagement = under_oregon(world)
    alice = Api.as_user(world.alice)
    path = eng(engagement.pk, "/gate/set-asides")
    made = alice.post(path, {"requirement": "readiness", "reason": "We met this morning."})
    assert made.status_code == 201
    assert (made.json()["requirement"], made.json()["clinician"]["name"]) == ("readiness", "Alice")
    readiness = item(Api.as_user(world.dana).get(eng(engagement.pk, "/gate?act=phase")).json(), "readiness")
    assert readiness["ok"] is True and readiness["met"] is False
    assert readiness["set_aside"] == "Set aside by Alice: We met this morning."
    assert alice.post(path, {"requirement": "readiness", "reason": "Again"}).status_code == 400
    regulatory = alice.post(path, {"requirement": "dose_duration", "reason": "Short on time"})
    assert regulatory.status_code == 400 and "OAR 333-333-5250" in regulatory.json()["detail"]
    assert Api.as_user(world.dana).post(path, {"requirement": "no_risk_flag", "reason": "Mine"}).status_code == 403
    assert Api.as_user(world.dana).delete(path + "/readiness").status_code == 403
    assert alice.delete(path + "/readiness").status_code == 204
    assert alice.delete(path + "/readiness").status_code == 400
    assert item(alice.get(eng(engagement.pk, "/gate?act=phase")).json(), "readiness")["ok"] is False


ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", "/protocol", None),
    ("post", "/protocol", {"pack": OREGON, "reason": "Why"}),
    ("get", "/forms", None),
    ("post", "/forms/bill_of_rights/acknowledgements", {"version": 1, "choice": "acknowledged"}),
    ("get", "/screening", None),
    ("post", "/screening", {"answers": NO_ANSWERS, "with_client": True}),
    ("post", "/screening/decisions", {"outcome": "eligible", "rationale": "Fine"}),
    ("get", "/check-ins", None),
    ("post", "/check-ins", {"readiness": "ready"}),
    ("get", "/gate?act=phase", None),
    ("post", "/gate/set-asides", {"requirement": "readiness", "reason": "Why"}),
    ("delete", "/gate/set-asides/readiness", None),
]


def call(api: Api, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "get":
        return api.get(path)
    if method == "delete":
        return api.delete(path)
    return api.post(path, body)


@pytest.mark.parametrize(("method", "rest", "body"), ENDPOINTS)
@pytest.mark.parametrize("who", ["oscar", "olga"])
def test_another_practice_gets_404(world: World, who: str, method: str, rest: str,
                                   body: dict[str, Any] | None) -> None:
    user: User = getattr(world, who)
    response = call(Api.as_user(user), method, eng(under_oregon(world).pk, rest), body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AccessEvent.objects.filter(actor=user).exists()


@pytest.mark.parametrize(("method", "rest", "body"), ENDPOINTS)
def test_a_supervisor_without_a_reason_gets_404(world: World, method: str, rest: str,
                                                body: dict[str, Any] | None) -> None:
    response = call(Api.as_user(world.gus), method, eng(under_oregon(world).pk, rest), body)
    assert response.status_code == 404
    assert response.json()["code"] == "reason_required"


@pytest.mark.parametrize(("method", "rest", "body"), ENDPOINTS)
def test_a_facilitator_outside_the_care_team_gets_404(world: World, method: str, rest: str,
                                                      body: dict[str, Any] | None) -> None:
    response = call(Api.as_user(world.carl), method, eng(under_oregon(world).pk, rest), body)
    assert response.status_code == 404
