"""Instruments, responses and scores as FHIR R4 resources (plain dicts), and reading a QuestionnaireResponse back.

Pure Python, no Django: the API layer passes in the site's base URL and the stored rows. The shapes follow FHIR
R4 (4.0.1). The tests validate them with fhir.resources' R4B models, which for Questionnaire,
QuestionnaireResponse, Observation and Bundle have the same elements and types as R4 for everything built here.

One representation throughout: a Questionnaire item is of type `choice` with `answerOption.valueCoding`, and a
QuestionnaireResponse answers it with the same coding: system `{base}/fhir/CodeSystem/{key}-answers`, code the
option's value as text, display its label (an item with options of its own gets `{key}-{item}-answers`, so one
code never has two displays). Reading a response accepts that coding or a bare `valueInteger`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from cocreate.measures.definitions import Instrument, Item
from cocreate.measures.scoring import asked, score

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
STEM_LINK_ID = "stem-text"  # the instruction shown above the items; item ids cannot hold a hyphen, so no clash

JSON = dict[str, Any]


class FhirError(Exception):
    """A resource that cannot be imported: why, and where in it (a FHIRPath-like location)."""

    def __init__(self, reason: str, field: str = "__all__") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


# --- URLs and codes -----------------------------------------------------------------------------------------


def questionnaire_id(instrument: Instrument) -> str:
    """The key as a FHIR id, which allows no underscore: cssrs_screener -> cssrs-screener."""
    return instrument.key.replace("_", "-")


def questionnaire_url(instrument: Instrument, base_url: str) -> str:
    return f"{base_url}/fhir/Questionnaire/{questionnaire_id(instrument)}"


def canonical(instrument: Instrument, base_url: str) -> str:
    """The versioned canonical a response names: `{url}|{version}`."""
    return f"{questionnaire_url(instrument, base_url)}|{instrument.version}"


def _answer_system_name(instrument: Instrument, item: Item) -> str:
    return f"{instrument.key}-{item.id}-answers" if item.options else f"{instrument.key}-answers"


def answer_system(instrument: Instrument, item: Item, base_url: str) -> str:
    return f"{base_url}/fhir/CodeSystem/{_answer_system_name(instrument, item)}"


def _coding(instrument: Instrument, item: Item, value: int, base_url: str) -> JSON:
    coding: JSON = {"system": answer_system(instrument, item, base_url), "code": str(value)}
    # A stored answer outlives a definition whose options later changed: it is still exported, without a label.
    label = next((o.label for o in instrument.options_of(item) if o.value == value), None)
    if label is not None:
        coding["display"] = label
    return coding


def _item_text(instrument: Instrument, item: Item) -> str:
    # Where the licence keeps the wording out, the item is named by its number only.
    return item.text if instrument.licence.items_shipped and item.text else f"Item {item.id}"


def _datetime(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("FHIR date-times need a time zone")
    return value.isoformat()


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- export -------------------------------------------------------------------------------------------------


def questionnaire(instrument: Instrument, base_url: str) -> JSON:
    """The instrument as a FHIR Questionnaire: one `choice` item per question, LOINC codes where they exist."""
    resource: JSON = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(instrument),
        "url": questionnaire_url(instrument, base_url),
        "version": instrument.version,
        "name": instrument.key.upper() if instrument.key[0].isalpha() else "Q" + instrument.key.upper(),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
    }
    if instrument.about:
        resource["description"] = instrument.about
    resource["copyright"] = " ".join(p for p in (instrument.licence.name, instrument.licence.terms) if p)
    if instrument.loinc.panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc.panel, "display": instrument.title}]
    items: list[JSON] = []
    # The stem is wording too: it is left out with the items where the licence keeps those out.
    if instrument.stem and instrument.licence.items_shipped:
        items.append({"linkId": STEM_LINK_ID, "text": instrument.stem, "type": "display"})
    for item in instrument.items:
        entry: JSON = {"linkId": item.id}
        if item.loinc:
            entry["code"] = [{"system": LOINC, "code": item.loinc}]
        entry.update({"text": _item_text(instrument, item), "type": "choice", "required": item.required})
        if item.show_if:
            entry["enableWhen"] = [
                {"question": other, "operator": "=",
                 "answerCoding": _coding(instrument, _item(instrument, other), value, base_url)}
                for other, value in item.show_if.items()
            ]
            if len(item.show_if) > 1:
                entry["enableBehavior"] = "all"
        entry["answerOption"] = [{"valueCoding": _coding(instrument, item, o.value, base_url)}
                                 for o in instrument.options_of(item)]
        items.append(entry)
    resource["item"] = items
    return resource


def _item(instrument: Instrument, item_id: str) -> Item:
    item = instrument.item(item_id)
    if item is None:  # the definition's own validation rules this out
        raise KeyError(item_id)
    return item


def questionnaire_response(
    instrument: Instrument, answers: Mapping[str, int], *, subject_ref: str, authored: datetime, response_id: str,
    base_url: str,
) -> JSON:
    """Submitted answers as a completed QuestionnaireResponse, items in the questionnaire's order."""
    items = [
        {"linkId": item.id, "text": _item_text(instrument, item),
         "answer": [{"valueCoding": _coding(instrument, item, answers[item.id], base_url)}]}
        for item in instrument.items if item.id in answers
    ]
    resource: JSON = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": canonical(instrument, base_url),
        "status": "completed",
        "subject": {"reference": subject_ref},
        "authored": _datetime(authored),
    }
    if items:
        resource["item"] = items
    return resource


def _score_coding(instrument: Instrument, code: str, display: str, base_url: str) -> JSON:
    return {"system": f"{base_url}/fhir/CodeSystem/{instrument.key}-scores", "code": code, "display": display}


def _quantity(value: float) -> JSON:
    return {"value": _number(value), "unit": "{score}", "system": UCUM, "code": "{score}"}


def _absent(code: str) -> JSON:
    return {"coding": [{"system": DATA_ABSENT, "code": code}]}


def observation(
    instrument: Instrument, total: float | None, subscales: Mapping[str, float | None], band: str | None, *,
    subject_ref: str, effective: datetime, response_ref: str, observation_id: str, base_url: str,
    positive_screen: bool | None = None,
) -> JSON:
    """A score as a survey Observation: the total (LOINC-coded where LOINC has a code for it), the band as its
    interpretation, subscales as components, derived from the QuestionnaireResponse it was scored from."""
    name = f"{instrument.short_title} total score"
    if instrument.loinc.total:
        coding = {"system": LOINC, "code": instrument.loinc.total, "display": name}
    else:
        coding = _score_coding(instrument, "total", name, base_url)
    resource: JSON = {
        "resourceType": "Observation",
        "id": observation_id,
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [coding], "text": name},
        "subject": {"reference": subject_ref},
        "effectiveDateTime": _datetime(effective),
    }
    if total is not None:
        resource["valueQuantity"] = _quantity(total)
    elif positive_screen is not None:
        # A screener's result is a coded value: positive when an answer met one of its risk rules.
        code, display = ("positive", "Positive screen") if positive_screen else ("negative", "Negative screen")
        resource["valueCodeableConcept"] = {"coding": [_score_coding(instrument, code, display, base_url)],
                                            "text": display}
    else:
        # A screener has no total; otherwise too few items were answered to score.
        resource["dataAbsentReason"] = _absent("not-applicable" if not instrument.scored else "unknown")
    if band:
        resource["interpretation"] = [{"text": band}]
    resource["derivedFrom"] = [{"reference": response_ref}]
    components: list[JSON] = []
    for sub in instrument.subscales:
        component: JSON = {"code": {"coding": [_score_coding(instrument, sub.key, sub.label, base_url)],
                                    "text": sub.label}}
        value = subscales.get(sub.key)
        if value is not None:
            component["valueQuantity"] = _quantity(value)
        else:
            component["dataAbsentReason"] = _absent("unknown")
        components.append(component)
    if components:
        resource["component"] = components
    return resource


def bundle(resources: list[JSON], *, base_url: str, timestamp: datetime) -> JSON:
    """A Bundle of type collection; each entry's fullUrl is `{base}/fhir/{type}/{id}`, so the relative references
    between the entries (Observation.derivedFrom -> QuestionnaireResponse/{id}) resolve inside it."""
    out: JSON = {"resourceType": "Bundle", "type": "collection", "timestamp": _datetime(timestamp)}
    if resources:
        out["entry"] = [{"fullUrl": f"{base_url}/fhir/{r['resourceType']}/{r['id']}", "resource": r}
                        for r in resources]
    return out


# --- import -------------------------------------------------------------------------------------------------


LOINC_QUESTIONNAIRE = "http://loinc.org/q/"  # LOINC's canonical of the Questionnaire of a panel


def _instrument_named(reference: object, instruments: Mapping[str, Instrument], base_url: str) -> Instrument:
    """The instrument a `questionnaire` canonical names, optionally with `|{version}`: this site's
    `{base}/fhir/Questionnaire/{key}` (also as exported before the API's prefix was part of it), or LOINC's
    `http://loinc.org/q/{panel}`. Another site's questionnaire of the same name is a different questionnaire,
    and is refused."""
    if not isinstance(reference, str) or not reference.strip():
        raise FhirError("Name the questionnaire that was answered, e.g. .../fhir/Questionnaire/phq9.",
                        "questionnaire")
    url, _bar, version = reference.strip().partition("|")
    url = url.rstrip("/")
    by_panel = {i.loinc.panel: i for i in instruments.values() if i.loinc.panel}
    site = base_url.removesuffix("/api/v1")
    ours = [f"{base_url}/fhir/Questionnaire/", f"{site}/fhir/Questionnaire/"]
    prefix = next((p for p in ours if url.startswith(p)), None)
    if url.startswith(LOINC_QUESTIONNAIRE) and url.removeprefix(LOINC_QUESTIONNAIRE) in by_panel:
        key = by_panel[url.removeprefix(LOINC_QUESTIONNAIRE)].key
    elif prefix is not None:
        key = url.removeprefix(prefix)
    else:
        raise FhirError(f"{reference!r} is not a questionnaire of this site: expected {ours[0]}<key> or "
                        f"{LOINC_QUESTIONNAIRE}<LOINC panel>.", "questionnaire")
    instrument = instruments.get(key) or instruments.get(key.replace("-", "_"))
    if instrument is None:
        raise FhirError(f"Unknown questionnaire {key!r}: known are {', '.join(sorted(instruments))}.",
                        "questionnaire")
    if version and version != instrument.version:
        raise FhirError(f"{instrument.short_title} version {version!r} does not match the version here "
                        f"({instrument.version!r}).", "questionnaire")
    return instrument


def _system_matches(system: str, instrument: Instrument, item: Item) -> bool:
    return system.endswith(f"/fhir/CodeSystem/{_answer_system_name(instrument, item)}")


def _answer_value(instrument: Instrument, item: Item, answer: object, where: str) -> int:
    if not isinstance(answer, dict):
        raise FhirError("An answer must be an object with valueCoding or valueInteger.", where)
    values = [k for k in answer if k.startswith("value")]
    if values != ["valueCoding"] and values != ["valueInteger"]:
        raise FhirError("Give each answer as one valueCoding or one valueInteger.", where)
    allowed = {o.value for o in instrument.options_of(item)}
    listed = ", ".join(str(v) for v in sorted(allowed))
    if values == ["valueInteger"]:
        raw = answer["valueInteger"]
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FhirError("valueInteger must be a whole number.", f"{where}.valueInteger")
        if raw not in allowed:
            raise FhirError(f"{raw} is not one of the answers to item {item.id} ({listed}).", f"{where}.valueInteger")
        return raw
    coding = answer["valueCoding"]
    where = f"{where}.valueCoding"
    if not isinstance(coding, dict):
        raise FhirError("valueCoding must be an object with system and code.", where)
    system = coding.get("system")
    if system == LOINC:  # LOINC's own answer codes (LA...), where the definition names them
        by_code = {o.loinc: o.value for o in instrument.options_of(item) if o.loinc}
        code = coding.get("code")
        if not by_code or code not in by_code:
            known = ", ".join(sorted(by_code)) or "none"
            raise FhirError(f"{code!r} is not a LOINC answer to {instrument.short_title} item {item.id} (known: "
                            f"{known}).", f"{where}.code")
        return by_code[code]
    if system is not None and (not isinstance(system, str) or not _system_matches(system, instrument, item)):
        raise FhirError(f"The answer is coded in {system!r}, not in the answer codes of {instrument.short_title} "
                        f"item {item.id}: the response belongs to another questionnaire.", f"{where}.system")
    code = coding.get("code")
    value = int(code) if isinstance(code, str) and re.fullmatch(r"-?[0-9]{1,9}", code) else None
    if value is None or value not in allowed:
        raise FhirError(f"{code!r} is not one of the answers to item {item.id} ({listed}).", f"{where}.code")
    return value


def read_questionnaire_response(
    data: object, instruments: Mapping[str, Instrument], base_url: str
) -> tuple[Instrument, dict[str, int]]:
    """The instrument and the answers of a completed QuestionnaireResponse, or FhirError with the first reason
    it cannot be taken in. The subject is not read: the engagement it is imported into says whose it is."""
    if not isinstance(data, dict):
        raise FhirError("Send one FHIR QuestionnaireResponse as a JSON object.")
    if data.get("resourceType") != "QuestionnaireResponse":
        raise FhirError(f"Expected resourceType 'QuestionnaireResponse', not {data.get('resourceType')!r}.",
                        "resourceType")
    if data.get("status") != "completed":
        raise FhirError(f"Only a completed response can be imported; its status is {data.get('status')!r}.",
                        "status")
    instrument = _instrument_named(data.get("questionnaire"), instruments, base_url)
    entries = data.get("item", [])
    if not isinstance(entries, list):
        raise FhirError("item must be a list.", "item")
    answers: dict[str, int] = {}
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        where = f"item[{n}]"
        if not isinstance(entry, dict):
            raise FhirError("Each item must be an object with a linkId.", where)
        link = entry.get("linkId")
        if not isinstance(link, str) or not link:
            raise FhirError("Each item needs a linkId.", f"{where}.linkId")
        given = entry.get("answer", [])
        if not isinstance(given, list):
            raise FhirError("answer must be a list.", f"{where}.answer")
        if link == STEM_LINK_ID and not given:
            continue  # the instructions, echoed back without an answer
        item = instrument.item(link)
        if item is None:
            raise FhirError(f"{link!r} is not an item of {instrument.short_title}.", f"{where}.linkId")
        if link in seen:
            raise FhirError(f"Item {link} appears twice.", f"{where}.linkId")
        seen.add(link)
        if entry.get("item"):
            raise FhirError(f"{instrument.short_title} has no nested items.", f"{where}.item")
        if len(given) > 1:
            raise FhirError(f"Item {link} takes one answer, not {len(given)}.", f"{where}.answer")
        if given:
            answers[link] = _answer_value(instrument, item, given[0], f"{where}.answer[0]")
    shown = asked(instrument, answers)
    not_asked = [i for i in answers if i not in {q.id for q in shown}]
    if not_asked:
        raise FhirError(f"Items {', '.join(not_asked)} are answered although their condition does not hold.",
                        "item")
    missing = [i.id for i in shown if i.required and i.id not in answers]
    if missing and not score(instrument, answers).prorated:  # PHQ-9 and GAD-7 take up to two left out
        raise FhirError(f"Required items are not answered: {', '.join(missing)}.", "item")
    return instrument, answers


def authored_of(data: object, now: datetime) -> datetime | None:
    """When the answers were given (`authored`), or None when the response does not say; refused when it is
    not a date and time with its offset, or lies in the future."""
    raw = data.get("authored") if isinstance(data, dict) else None
    if raw is None:
        return None
    try:
        when = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        raise FhirError("authored is not a date and time (e.g. 2026-11-20T10:00:00+00:00).", "authored") from None
    if when.tzinfo is None:
        raise FhirError("authored needs its time zone offset.", "authored")
    if when.year < 2000 or when > now + timedelta(minutes=5):
        raise FhirError("authored must be a past date and time.", "authored")
    return when
