"""FHIR through /api/v1: Questionnaires, the engagement's Bundles of responses and scores (validated with
fhir.resources' R4B models, the same as R4 for these resources), importing a response, and refusals that save
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from cocreate.access.models import AccessEvent
from cocreate.access.services import supervision_access_start
from cocreate.measures import fhir, registry, services
from cocreate.measures.models import Administration, Response, Score
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import assign, every, open_one, rows, submit


def qr_path(world: World) -> str:
    return eng(world.engagement.pk, "/fhir/QuestionnaireResponse")


def obs_path(world: World) -> str:
    return eng(world.engagement.pk, "/fhir/Observation")


def exported(key: str, answers: dict[str, int], **overrides: Any) -> dict[str, Any]:
    """A response as another system (or this one) would send it."""
    data = fhir.questionnaire_response(registry.instrument(key), answers, subject_ref="Patient/1",
                                       authored=timezone.now(), response_id="paper-1", base_url=fhir_base())
    data.update(overrides)
    return data


PHQ9 = every("phq9", 1, **{"9": 0})  # total 8: mild, no risk answer


def fhir_base() -> str:
    return f"{settings.SITE_URL}/api/v1"  # where this site's FHIR resources live


# --- Questionnaire ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dana", "carl", "fay", "oscar"])
def test_any_signed_in_user_reads_a_questionnaire(world: World, who: str) -> None:
    response = Api.as_user(getattr(world, who)).get("/fhir/Questionnaire/phq9")
    assert response.status_code == 200
    data = response.json()
    Questionnaire.model_validate(data)
    assert data["url"] == f"{settings.SITE_URL}/api/v1/fhir/Questionnaire/phq9"
    assert data["code"][0]["code"] == "44249-1"


def test_every_instrument_is_served_by_key_and_by_fhir_id(world: World) -> None:
    api = Api.as_user(world.dana)
    for key in registry.instruments():
        for name in {key, key.replace("_", "-")}:
            response = api.get(f"/fhir/Questionnaire/{name}")
            assert response.status_code == 200, name
            Questionnaire.model_validate(response.json())
    assert api.get("/fhir/Questionnaire/beck").status_code == 404
    assert Api().get("/fhir/Questionnaire/phq9").status_code == 401


# --- import and export --------------------------------------------------------------------------------------


def test_the_client_imports_a_response_and_exports_it_again(world: World) -> None:
    api = Api.as_user(world.dana)
    created = api.post(qr_path(world), exported("phq9", PHQ9))
    assert created.status_code == 201, created.json()
    body = created.json()
    score = Score.objects.get()
    assert body["score"]["id"] == score.pk
    assert (body["score"]["total"], body["score"]["band"]) == (8, "Mild")
    assert body["questionnaire_response"] == f"QuestionnaireResponse/{score.response_id}"
    assert body["observation"] == f"Observation/{score.pk}"
    assert Response.objects.get().via == "fhir"
    assert Response.objects.get().answers == PHQ9

    bundle = api.get(qr_path(world)).json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    [entry] = bundle["entry"]
    resource = entry["resource"]
    assert resource["id"] == str(score.response_id)
    assert resource["subject"] == {"reference": f"Patient/{world.dana.pk}"}
    assert fhir.read_questionnaire_response(resource, registry.instruments(), fhir_base()) == (
        registry.instrument("phq9"), PHQ9)

    observations = api.get(obs_path(world)).json()
    Bundle.model_validate(observations)
    [obs] = [e["resource"] for e in observations["entry"]]
    assert obs["code"]["coding"][0] == {"system": "http://loinc.org", "code": "44261-6",
                                        "display": "PHQ-9 total score"}
    assert obs["valueQuantity"]["value"] == 8 and obs["interpretation"] == [{"text": "Mild"}]
    assert obs["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{score.response_id}"}]


def test_a_reimported_export_gives_the_same_answers(world: World) -> None:
    """Round trip through the API: export a response, import the exported resource, compare the answers."""
    api = Api.as_user(world.dana)
    api.post(qr_path(world), exported("phq9", PHQ9))
    first = api.get(qr_path(world)).json()["entry"][0]["resource"]
    again = api.post(qr_path(world), first)
    assert again.status_code == 201
    first_answers, second_answers = (r.answers for r in Response.objects.order_by("pk"))
    assert first_answers == second_answers == PHQ9


def test_gad7_exports_with_its_loinc_codes(world: World) -> None:
    api = Api.as_user(world.dana)
    assert api.post(qr_path(world), exported("gad7", every("gad7", 2))).status_code == 201
    assert api.get("/fhir/Questionnaire/gad7").json()["code"][0]["code"] == "69737-5"
    observations = api.get(obs_path(world)).json()
    Bundle.model_validate(observations)
    assert observations["entry"][0]["resource"]["code"]["coding"][0]["code"] == "70274-6"


def test_an_import_answers_the_open_administration_that_closes_first(world: World) -> None:
    assign(world, "phq9")
    assign(world, "phq9", expires_after_days=2)
    soonest = Administration.objects.order_by("expires_at").first()
    before = Administration.objects.count()
    assert Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9)).status_code == 201
    assert Administration.objects.count() == before
    assert Response.objects.get().administration == soonest
    soonest.refresh_from_db()
    assert soonest.completed_at is not None


def test_without_an_open_administration_an_import_makes_a_one_off(world: World) -> None:
    open_one(world, "gad7" if "gad7" in registry.instruments() else "who5")  # open, but of another instrument
    before = Administration.objects.count()
    assert Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9)).status_code == 201
    assert Administration.objects.count() == before + 1
    assert Response.objects.get().administration.instrument == "phq9"


def test_a_risk_answer_imported_raises_the_flag(world: World) -> None:
    api = Api.as_user(world.dana)
    assert api.post(qr_path(world), exported("phq9", {**PHQ9, "9": 2})).status_code == 201
    assert Score.objects.get().flags.get().kind == "risk"


# --- refusals -----------------------------------------------------------------------------------------------


def _gad7_as_phq9() -> dict[str, Any]:
    return exported("gad7", every("gad7", 1), questionnaire=f"{settings.SITE_URL}/api/v1/fhir/Questionnaire/phq9")


def _without_items_7_to_9() -> dict[str, Any]:
    data = exported("phq9", PHQ9)
    data["item"] = [i for i in data["item"] if i["linkId"] not in ("7", "8", "9")]
    return data


def _with_item(n: int, **change: Any) -> dict[str, Any]:
    data = exported("phq9", PHQ9)
    data["item"][n].update(change)
    return data


REFUSED: dict[str, tuple[Any, str, str]] = {
    "wrong resourceType": (lambda: exported("phq9", PHQ9, resourceType="Observation"), "resourceType",
                           "Expected resourceType 'QuestionnaireResponse'"),
    "unknown questionnaire": (lambda: exported("phq9", PHQ9,
                                               questionnaire=f"{fhir_base()}/fhir/Questionnaire/beck"),
                              "questionnaire", "Unknown questionnaire 'beck'"),
    "another site's questionnaire": (lambda: exported("phq9", PHQ9,
                                                      questionnaire="https://x.example/fhir/Questionnaire/phq9"),
                                     "questionnaire", "not a questionnaire of this site"),
    "mismatched questionnaire": (_gad7_as_phq9, "item[0].answer[0].valueCoding.system", "another questionnaire"),
    "value out of range": (lambda: _with_item(0, answer=[{"valueInteger": 7}]), "item[0].answer[0].valueInteger",
                           "7 is not one of the answers to item 1"),
    "unknown linkId": (lambda: _with_item(3, linkId="99"), "item[3].linkId", "'99' is not an item of PHQ-9"),
    "missing required items": (_without_items_7_to_9, "item", "Required items are not answered: 7, 8, 9"),
    "not completed": (lambda: exported("phq9", PHQ9, status="in-progress"), "status", "completed"),
    "a JSON array": (lambda: [exported("phq9", PHQ9)], "__all__", "as a JSON object"),
    "malformed JSON": (lambda: '{"resourceType": "QuestionnaireResponse",', "__all__", "not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_import_that_cannot_be_read_is_refused_with_the_reason_and_saves_nothing(world: World,
                                                                                    case: str) -> None:
    make, field, reason = REFUSED[case]
    payload = make()
    assign(world, "phq9")  # an open administration the import would otherwise answer
    before = rows()
    api = Api.as_user(world.dana)
    response = api.post(qr_path(world), raw=payload) if isinstance(payload, str) else api.post(qr_path(world),
                                                                                                payload)
    assert response.status_code == 400
    body = response.json()
    assert reason in body["detail"]
    assert body["errors"] == {field: [body["errors"][field][0]]} and reason in body["errors"][field][0]
    assert rows() == before


def test_a_failure_after_the_one_off_administration_leaves_nothing_behind(world: World,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-off administration and the answers are one transaction: if the answers are refused, the
    administration made for them goes too."""
    def refuse(**kwargs: Any) -> Score:
        raise ValidationError({"__all__": "This questionnaire closed."})

    monkeypatch.setattr(services, "response_submit", refuse)
    before = rows()
    response = Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9))
    assert response.status_code == 400 and "closed" in response.json()["detail"]
    assert rows() == before


# --- who may ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["carl", "fay", "olga"])
def test_outsiders_get_404_and_save_nothing(world: World, who: str) -> None:
    Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9))
    before = (rows(), AccessEvent.objects.count())
    api = Api.as_user(getattr(world, who))
    assert api.get(qr_path(world)).status_code == 404
    assert api.get(obs_path(world)).status_code == 404
    assert api.post(qr_path(world), exported("phq9", PHQ9)).status_code == 404
    assert api.post(qr_path(world), raw="not json").status_code == 404  # the access check comes first
    assert (rows(), AccessEvent.objects.count()) == before


def test_a_supervisor_reads_after_stating_a_reason_but_never_imports(world: World) -> None:
    Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9))
    api = Api.as_user(world.gus)
    assert api.get(qr_path(world)).json()["code"] == "reason_required"
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the measures together in supervision.")
    assert len(api.get(qr_path(world)).json()["entry"]) == 1
    assert len(api.get(obs_path(world)).json()["entry"]) == 1
    before = rows()
    refused = api.post(qr_path(world), exported("phq9", PHQ9))
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    assert rows() == before


def test_the_care_team_reads_and_each_read_is_logged(world: World) -> None:
    Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9))
    for who in ("alice", "bea"):
        api = Api.as_user(getattr(world, who))
        assert len(api.get(qr_path(world)).json()["entry"]) == 1
        assert len(api.get(obs_path(world)).json()["entry"]) == 1
        events = AccessEvent.objects.filter(actor=getattr(world, who), engagement=world.engagement, what="measures")
        assert [e.via for e in events] == ["api", "api"]


def test_the_care_team_may_not_import_answers_for_the_client(world: World) -> None:
    """Answers are the client's alone to give (Action.ANSWER_MEASURE): the care team's import is refused."""
    assign(world, "phq9")
    before = rows()
    refused = Api.as_user(world.alice).post(qr_path(world), exported("phq9", PHQ9))
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    assert rows() == before


def test_bundles_hold_only_this_engagements_data(world: World) -> None:
    Api.as_user(world.dana).post(qr_path(world), exported("phq9", PHQ9))
    eve = Api.as_user(world.eve)
    assert eve.post(eng(world.eve_engagement.pk, "/fhir/QuestionnaireResponse"),
                    exported("phq9", every("phq9", 0))).status_code == 201
    dana_bundle = Api.as_user(world.dana).get(qr_path(world)).json()
    assert [e["resource"]["subject"]["reference"] for e in dana_bundle["entry"]] == [f"Patient/{world.dana.pk}"]
    carls = Api.as_user(world.carl).get(eng(world.eve_engagement.pk, "/fhir/Observation")).json()
    assert [e["resource"]["subject"]["reference"] for e in carls["entry"]] == [f"Patient/{world.eve.pk}"]


def test_bundle_reads_do_not_grow_with_history(world: World) -> None:
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    alice.get("/me")  # the token's first use is recorded once; keep it out of the counts

    def counts() -> list[int]:
        found = []
        for path in (qr_path(world), obs_path(world)):
            with CaptureQueriesContext(connection) as queries:
                assert alice.get(path).status_code == 200
            found.append(len(queries))
        return found

    dana.post(qr_path(world), exported("phq9", PHQ9))
    short = counts()
    for value in (0, 2, 3):
        dana.post(qr_path(world), exported("phq9", every("phq9", value, **{"9": 0})))
    assert counts() == short
    assert len(alice.get(obs_path(world)).json()["entry"]) == 4


def test_every_canonical_and_full_url_resolves(world: World) -> None:
    submit(world, open_one(world, "phq9"), PHQ9)
    api = Api.as_user(world.alice)
    prefix = f"{settings.SITE_URL}/api/v1"
    for path in (qr_path(world), obs_path(world)):
        bundle = api.get(path).json()
        for entry in bundle["entry"]:
            assert entry["fullUrl"].startswith(prefix)
            resolved = api.get(entry["fullUrl"].removeprefix(prefix))
            assert resolved.status_code == 200 and resolved.json() == entry["resource"]
    canonical = api.get(qr_path(world)).json()["entry"][0]["resource"]["questionnaire"].split("|")[0]
    assert api.get(canonical.removeprefix(prefix)).json()["url"] == canonical
    # Another engagement's resources are not found through their ids either.
    response_id = api.get(qr_path(world)).json()["entry"][0]["resource"]["id"]
    assert Api.as_user(world.olga).get(f"/fhir/QuestionnaireResponse/{response_id}").status_code == 404
    assert Api.as_user(world.carl).get(f"/fhir/Observation/{Score.objects.get().pk}").status_code == 404


def test_a_cssrs_screen_is_exported_as_a_coded_result(world: World) -> None:
    submit(world, open_one(world, "cssrs_screener"), {"1": 1, "2": 1, "3": 0, "4": 1, "5": 0, "6": 0})
    submit(world, open_one(world, "cssrs_screener"), {"1": 0, "2": 0, "6": 0})
    observations = [e["resource"] for e in Api.as_user(world.alice).get(obs_path(world)).json()["entry"]]
    Bundle.model_validate({"resourceType": "Bundle", "type": "collection",
                           "entry": [{"resource": o} for o in observations]})
    codes = [o["valueCodeableConcept"]["coding"][0]["code"] for o in observations]
    assert codes == ["positive", "negative"]
    assert all("dataAbsentReason" not in o for o in observations)
