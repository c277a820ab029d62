"""FHIR shapes of instruments, responses and scores (validated with fhir.resources), and reading a response back.

fhir.resources' R4B models stand in for R4: for Questionnaire, QuestionnaireResponse, Observation and Bundle they
have the same elements and types as R4 for everything cocreate writes.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.measures import fhir
from cocreate.measures.definitions import SHIPPED_DIR, Instrument, load_dir, parse
from cocreate.measures.scoring import asked, score

BASE = "https://care.example.org"
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
SHIPPED = load_dir(SHIPPED_DIR)
LOINC_CODES = {"phq9": ("44249-1", "44261-6"), "gad7": ("69737-5", "70274-6")}


def shipped(key: str) -> Instrument:
    return SHIPPED[key]


def complete(instrument: Instrument, pick: int = -1) -> dict[str, int]:
    """Answers to every asked item: the option at index `pick` of each."""
    return settle(instrument, {i.id: instrument.options_of(i)[pick].value for i in instrument.items})


def settle(instrument: Instrument, answers: dict[str, int]) -> dict[str, int]:
    """Only the answers to items that are asked, given those answers (follow-ups drop out with their condition)."""
    while True:
        kept = {i.id: answers[i.id] for i in asked(instrument, answers) if i.id in answers}
        if kept == answers:
            return kept
        answers = kept


def response_for(instrument: Instrument, answers: dict[str, int]) -> dict[str, Any]:
    return fhir.questionnaire_response(instrument, answers, subject_ref="Patient/7", authored=WHEN,
                                       response_id="12", base_url=BASE)


def observation_for(instrument: Instrument, answers: dict[str, int]) -> dict[str, Any]:
    result = score(instrument, answers)
    return fhir.observation(
        instrument, result.total, result.subscales, result.band.label if result.band else None,
        subject_ref="Patient/7", effective=WHEN, response_ref="QuestionnaireResponse/12", observation_id="34",
        base_url=BASE,
    )


UNLICENSED = parse({
    "key": "held_back", "title": "A licensed measure", "short_title": "HB",
    "options": [{"value": 1, "label": "Never"}, {"value": 2, "label": "Often"}],
    "items": [{"id": "a", "text": None}, {"id": "b"}, {"id": "c", "required": False, "show_if": {"a": 2}}],
    "subscales": [{"key": "first", "label": "First", "items": ["a"]}, {"key": "rest", "label": "Rest",
                                                                        "items": ["b", "c"]}],
    "licence": {"name": "Licensed per practice", "items_shipped": False},
    "source": {"citation": "Someone 2020."},
}, "test")


# --- Questionnaire ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_shipped_instrument_exports_a_valid_questionnaire(key: str) -> None:
    instrument = SHIPPED[key]
    data = fhir.questionnaire(instrument, BASE)
    parsed = Questionnaire.model_validate(data)
    questions = [i for i in parsed.item if i.type == "choice"]
    assert [i.linkId for i in questions] == [i.id for i in instrument.items]
    assert data["url"] == f"{BASE}/fhir/Questionnaire/{key.replace('_', '-')}" and data["version"] == instrument.version
    for item, question in zip(instrument.items, questions, strict=True):
        assert question.text == (item.text if instrument.licence.items_shipped else f"Item {item.id}")
        assert [o.valueCoding.code for o in question.answerOption] == [
            str(o.value) for o in instrument.options_of(item)]
        assert [c.code for c in question.code or []] == ([item.loinc] if item.loinc else [])
    if instrument.loinc.panel:
        assert data["code"] == [{"system": "http://loinc.org", "code": instrument.loinc.panel,
                                 "display": instrument.title}]


def test_phq9_questionnaire_carries_its_loinc_codes_and_wording() -> None:
    data = fhir.questionnaire(shipped("phq9"), BASE)
    assert data["code"][0]["code"] == "44249-1"
    first = next(i for i in data["item"] if i["linkId"] == "1")
    assert first["code"] == [{"system": "http://loinc.org", "code": "44250-9"}]
    assert first["text"] == "Little interest or pleasure in doing things"
    assert first["answerOption"][3] == {"valueCoding": {
        "system": f"{BASE}/fhir/CodeSystem/phq9-answers", "code": "3", "display": "Nearly every day"}}
    assert data["item"][0] == {"linkId": fhir.STEM_LINK_ID, "type": "display", "text": shipped("phq9").stem}


def test_an_unlicensed_instrument_exports_numbered_items_without_wording() -> None:
    data = fhir.questionnaire(UNLICENSED, BASE)
    Questionnaire.model_validate(data)
    assert [(i["linkId"], i["text"]) for i in data["item"]] == [("a", "Item a"), ("b", "Item b"), ("c", "Item c")]
    assert "code" not in data
    follow_up = data["item"][2]
    assert follow_up["required"] is False
    assert follow_up["enableWhen"] == [{"question": "a", "operator": "=", "answerCoding": {
        "system": f"{BASE}/fhir/CodeSystem/held_back-answers", "code": "2", "display": "Often"}}]


# --- QuestionnaireResponse and Observation ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_a_response_and_its_score_validate_and_carry_the_loinc_codes(key: str) -> None:
    instrument = shipped(key)
    panel, total = LOINC_CODES[key]
    answers = complete(instrument, pick=1)
    response = response_for(instrument, answers)
    QuestionnaireResponse.model_validate(response)
    assert response["questionnaire"] == f"{BASE}/fhir/Questionnaire/{key}|{instrument.version}"
    assert instrument.loinc.panel == panel
    assert [i["linkId"] for i in response["item"]] == [i.id for i in instrument.items]

    obs = observation_for(instrument, answers)
    Observation.model_validate(obs)
    assert obs["code"]["coding"][0] == {"system": "http://loinc.org", "code": total,
                                        "display": f"{instrument.short_title} total score"}
    assert obs["valueQuantity"] == {"value": len(instrument.items), "unit": "{score}",
                                    "system": "http://unitsofmeasure.org", "code": "{score}"}
    assert obs["interpretation"] == [{"text": "Mild"}]
    assert obs["derivedFrom"] == [{"reference": "QuestionnaireResponse/12"}]
    assert obs["category"][0]["coding"][0]["code"] == "survey"


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_shipped_instrument_exports_valid_responses_and_observations(key: str) -> None:
    instrument = SHIPPED[key]
    for pick in (0, -1):
        answers = complete(instrument, pick)
        QuestionnaireResponse.model_validate(response_for(instrument, answers))
        Observation.model_validate(observation_for(instrument, answers))


def test_an_observation_without_a_loinc_total_uses_a_cocreate_code_and_components() -> None:
    obs = observation_for(UNLICENSED, {"a": 2, "b": 1})  # c unanswered: the "rest" subscale has no value
    Observation.model_validate(obs)
    assert obs["code"]["coding"] == [{"system": f"{BASE}/fhir/CodeSystem/held_back-scores", "code": "total",
                                      "display": "HB total score"}]
    assert obs["valueQuantity"]["value"] == 3
    assert "interpretation" not in obs
    first, rest = obs["component"]
    assert first["code"]["coding"][0]["code"] == "first" and first["valueQuantity"]["value"] == 2
    assert rest["dataAbsentReason"]["coding"][0]["code"] == "unknown" and "valueQuantity" not in rest


def test_an_unscorable_response_has_an_observation_without_a_value() -> None:
    obs = fhir.observation(shipped("phq9"), None, {}, None, subject_ref="Patient/7", effective=WHEN,
                           response_ref="QuestionnaireResponse/12", observation_id="34", base_url=BASE)
    Observation.model_validate(obs)
    assert "valueQuantity" not in obs and obs["dataAbsentReason"]["coding"][0]["code"] == "unknown"


def test_a_bundle_of_responses_and_observations_validates() -> None:
    instrument = shipped("phq9")
    answers = complete(instrument)
    data = fhir.bundle([response_for(instrument, answers), observation_for(instrument, answers)],
                       base_url=BASE, timestamp=WHEN)
    parsed = Bundle.model_validate(data)
    assert parsed.type == "collection"
    assert [e["fullUrl"] for e in data["entry"]] == [f"{BASE}/fhir/QuestionnaireResponse/12",
                                                     f"{BASE}/fhir/Observation/34"]
    Bundle.model_validate(fhir.bundle([], base_url=BASE, timestamp=WHEN))


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        fhir.questionnaire_response(shipped("phq9"), {}, subject_ref="Patient/7", authored=datetime(2026, 1, 1),  # noqa: DTZ001
                                    response_id="1", base_url=BASE)


# --- reading a response back --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_complete_response_reads_back_to_the_same_answers(data: st.DataObject) -> None:
    instrument = SHIPPED[data.draw(st.sampled_from(sorted(SHIPPED)))]
    drawn = {i.id: data.draw(st.sampled_from([o.value for o in instrument.options_of(i)]))
             for i in instrument.items}
    answers = settle(instrument, drawn)
    assert fhir.read_questionnaire_response(response_for(instrument, answers), SHIPPED, BASE) == (instrument, answers)


def _integers(questionnaire: str) -> dict[str, Any]:
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": questionnaire,
            "item": [{"linkId": fhir.STEM_LINK_ID}]
            + [{"linkId": str(n), "answer": [{"valueInteger": n % 4}]} for n in range(1, 10)]}


@pytest.mark.parametrize("canonical", [f"{BASE}/fhir/Questionnaire/phq9", "https://care.example.org/fhir/Questionnaire/phq9",
                                       "http://loinc.org/q/44249-1"])
def test_value_integer_answers_and_an_unversioned_canonical_of_this_site_or_loinc_are_read(canonical: str) -> None:
    instrument, answers = fhir.read_questionnaire_response(_integers(canonical), SHIPPED, BASE)
    assert instrument.key == "phq9"
    assert answers == {str(n): n % 4 for n in range(1, 10)}


def test_another_sites_questionnaire_of_the_same_name_is_not_ours() -> None:
    with pytest.raises(fhir.FhirError, match="not a questionnaire of this site"):
        fhir.read_questionnaire_response(_integers("https://elsewhere.example/fhir/Questionnaire/phq9"), SHIPPED,
                                         BASE)


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_loinc_answer_codes_are_read_where_loinc_defines_them(key: str) -> None:
    instrument = shipped(key)
    codes = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    data = {"resourceType": "QuestionnaireResponse", "status": "completed",
            "questionnaire": f"{BASE}/fhir/Questionnaire/{key}",
            "item": [{"linkId": item.id, "answer": [{"valueCoding": {"system": fhir.LOINC, "code": codes[n % 4]}}]}
                     for n, item in enumerate(instrument.items)]}
    assert fhir.read_questionnaire_response(data, SHIPPED, BASE)[1] == {
        item.id: n % 4 for n, item in enumerate(instrument.items)}
    data["item"][0]["answer"][0]["valueCoding"]["code"] = "LA9999-9"
    with pytest.raises(fhir.FhirError, match="not a LOINC answer"):
        fhir.read_questionnaire_response(data, SHIPPED, BASE)


def test_an_unasked_optional_item_may_be_left_out_but_not_answered() -> None:
    instruments = {"held_back": UNLICENSED}
    data = response_for(UNLICENSED, {"a": 1, "b": 2})
    assert fhir.read_questionnaire_response(data, instruments, BASE)[1] == {"a": 1, "b": 2}
    data["item"].append({"linkId": "c", "answer": [{"valueInteger": 1}]})
    with pytest.raises(fhir.FhirError, match="condition does not hold"):
        fhir.read_questionnaire_response(data, instruments, BASE)


def _phq9() -> dict[str, Any]:
    return response_for(SHIPPED["phq9"], complete(SHIPPED["phq9"], pick=0))


def _mutate(change: Any) -> Any:
    data = _phq9()
    result = change(data)
    return data if result is None else result


def _set(path: list[Any], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def _gad7_as_phq9(data: dict[str, Any]) -> dict[str, Any]:
    gad7 = shipped("gad7")
    other = response_for(gad7, complete(gad7, pick=0))
    other["questionnaire"] = data["questionnaire"]
    return other


REFUSALS: dict[str, tuple[Any, str, str]] = {
    "not an object": (lambda d: [d], "__all__", "JSON object"),
    "wrong resource type": (_set(["resourceType"], "Observation"), "resourceType", "Observation"),
    "in progress": (_set(["status"], "in-progress"), "status", "completed"),
    "no questionnaire": (lambda d: d.pop("questionnaire") and None, "questionnaire", "Name the questionnaire"),
    "unknown questionnaire": (_set(["questionnaire"], f"{BASE}/fhir/Questionnaire/beck"), "questionnaire",
                              "Unknown questionnaire 'beck'"),
    "not a questionnaire url": (_set(["questionnaire"], f"{BASE}/fhir/ValueSet/phq9"), "questionnaire",
                                "not a questionnaire"),
    "other version": (_set(["questionnaire"], f"{BASE}/fhir/Questionnaire/phq9|7"), "questionnaire",
                      "version '7'"),
    "unknown linkId": (_set(["item", 2, "linkId"], "42"), "item[2].linkId", "'42' is not an item of PHQ-9"),
    "duplicate item": (_set(["item", 2, "linkId"], "1"), "item[2].linkId", "appears twice"),
    "value out of range": (_set(["item", 0, "answer"], [{"valueInteger": 4}]), "item[0].answer[0].valueInteger",
                           "4 is not one of the answers to item 1 (0, 1, 2, 3)"),
    "code out of range": (_set(["item", 0, "answer", 0, "valueCoding", "code"], "9"),
                          "item[0].answer[0].valueCoding.code", "'9' is not one of the answers"),
    "boolean value": (_set(["item", 0, "answer"], [{"valueBoolean": True}]), "item[0].answer[0]", "one valueCoding"),
    "two answers": (_set(["item", 0, "answer"], [{"valueInteger": 1}, {"valueInteger": 2}]), "item[0].answer",
                    "one answer"),
    "missing required": (lambda d: [d["item"].pop(6) for _ in range(3)] and None, "item", "not answered: 7, 8, 9"),
    "answers of another questionnaire": (_gad7_as_phq9, "item[0].answer[0].valueCoding.system",
                                         "another questionnaire"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_response_that_cannot_be_read_is_refused_with_the_reason(case: str) -> None:
    change, field, reason = REFUSALS[case]
    with pytest.raises(fhir.FhirError) as refused:
        fhir.read_questionnaire_response(_mutate(change), SHIPPED, BASE)
    assert refused.value.field == field
    assert reason in refused.value.reason


def test_reading_does_not_change_the_resource() -> None:
    data = _phq9()
    before = copy.deepcopy(data)
    fhir.read_questionnaire_response(data, SHIPPED, BASE)
    assert data == before
