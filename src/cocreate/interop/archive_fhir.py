"""The archive as one FHIR R4 Bundle (type collection), written from the gathered record.

Patient for the client; Encounter for each session; QuestionnaireResponse and Observation for answers and scores
(measures.fhir builds them); Goal for each agreed goal; Consent for the touch consent in force and for what the
client chose to share on a transfer; CarePlan for each agreed plan; DocumentReference for shared notes, shift
entries, journal pages, journal files, the medicine session record and each agreement's whole history;
Communication for feedback and for library questions and their replies; AuditEvent for every read in the access
log; QuestionnaireResponse also for screening answers and readiness check-ins, and DocumentReference for each
screening decision. The client's other own sections (ruptures, fit reviews, endings, fees, patterns and what
steadies them, identity items) have no resource that fits without forcing, and travel in the JSON and PDF only.

Text travels inline (base64, as FHIR's Attachment.data requires). Journal files are referenced by their path in
the archive's zip (Attachment.url is relative, with size and type), not inlined: voice notes can be large, and a
Bundle that holds them would be slow to build and to read. The zip carries the files beside the Bundle.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder

from cocreate.agreements import kinds
from cocreate.agreements.kinds import KINDS, TOUCH_ITEMS
from cocreate.interop.archive import JSON, Record
from cocreate.measures import fhir, registry, scoring

ENCOUNTER_STATUS = {"scheduled": "planned", "completed": "finished", "cancelled": "cancelled",
                    "postponed": "cancelled"}
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
GOAL_LIFECYCLE = {"open": "active", "progressing": "active", "reached": "completed", "set_aside": "on-hold"}
GOAL_ACHIEVEMENT = {"open": "in-progress", "progressing": "improving", "reached": "achieved",
                    "set_aside": "in-progress"}
ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://loinc.org"
AUDIT_TYPE = {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110",
              "display": "Patient Record"}
PLAN_KINDS = ("modality", "setting", "safety", "transport", "integration_plan")


def _text(value: object) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _data(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _when(value: datetime | date) -> str:
    return value.isoformat()


class _Bundle:
    def __init__(self, record: Record, base_url: str) -> None:
        self.record = record
        self.base = base_url
        self.patient = f"Patient/{record.scope.person.pk}"
        self.resources: list[JSON] = []
        self.instruments = registry.instruments()

    def add(self, resource: JSON) -> None:
        self.resources.append(resource)

    def document(self, rid: str, *, title: str, text: str, when: datetime, kind: str,
                 encounter: int | None = None, content_type: str = "text/plain; charset=utf-8") -> None:
        resource: JSON = {
            "resourceType": "DocumentReference", "id": rid, "status": "current",
            "type": {"text": kind}, "subject": {"reference": self.patient}, "date": _when(when),
            "description": title,
            "content": [{"attachment": {"contentType": content_type, "data": _data(text), "title": title}}],
        }
        if encounter is not None:
            resource["context"] = {"encounter": [{"reference": f"Encounter/{encounter}"}]}
        self.add(resource)


def bundle(record: Record, *, base_url: str) -> JSON:
    """The Bundle; its entries' relative references (Encounter/12, QuestionnaireResponse/7) resolve inside it."""
    b = _Bundle(record, base_url)
    person = record.data["person"]
    b.add({"resourceType": "Patient", "id": str(person["id"]), "active": True,
           "name": [{"text": person["name"]}], "telecom": [{"system": "email", "value": person["email"]}]})
    for e in record.data["engagements"]:
        sessions = {s["id"] for s in e.get("sessions", [])}
        for s in e.get("sessions", []):
            b.add({"resourceType": "Encounter", "id": str(s["id"]), "status": ENCOUNTER_STATUS[s["status"]],
                   "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
                   "type": [{"text": s["kind_label"]}], "subject": {"reference": b.patient},
                   "period": {"start": _when(s["starts_at"]), "end": _when(s["ends_at"])},
                   "serviceProvider": {"display": e["practice"]}})
        _agreements(b, e)
        for n, handover in enumerate(e.get("sharing_on_transfer", [])):
            _sharing(b, f"data-sharing-{e['id']}-{n + 1}", handover["shared"], handover["at"], handover["to"])
        for n in e.get("shared_notes", []):
            b.document(f"note-{n['id']}", title=f"Shared note by {n['by']}", text=n["body"], when=n["created"],
                       kind="Shared note", encounter=n["session"] if n["session"] in sessions else None)
        for m in e.get("medicine", []):
            b.document(f"medicine-{m['id']}", title="Medicine session record: timeline and recollections",
                       text=_text(m), when=m["started_at"], kind="Medicine session record",
                       encounter=m["session"] if m["session"] in sessions else None,
                       content_type="application/json")
        _measures(b, e.get("measures"))
        _integration(b, e["id"], e.get("integration"))
        for f in e.get("feedback", []):
            words = "\n\n".join(x for x in (f["what_could_be_better"], f["what_went_unsaid"], f["message"]) if x)
            b.add({"resourceType": "Communication", "id": f"feedback-{f['id']}", "status": "completed",
                   "subject": {"reference": b.patient}, "sent": _when(f["created"]),
                   "sender": {"reference": b.patient},
                   "payload": [{"contentString": words or "(ratings only)"}]})
            if f["read"] and f["read"]["reply"]:
                b.add({"resourceType": "Communication", "id": f"reply-{f['id']}", "status": "completed",
                       "subject": {"reference": b.patient}, "sent": _when(f["read"]["at"]),
                       "sender": {"display": f["read"]["by"]}, "inResponseTo": [
                           {"reference": f"Communication/feedback-{f['id']}"}],
                       "payload": [{"contentString": f["read"]["reply"]}]})
        for n, a in enumerate(e.get("access_log", [])):
            b.add({"resourceType": "AuditEvent", "id": f"access-{e['id']}-{n + 1}", "type": AUDIT_TYPE,
                   "action": "R", "recorded": _when(a["at"]), "outcome": "0",
                   "agent": [{"who": {"display": a["who"]}, "requestor": True,
                              "purposeOfUse": [{"text": a["basis"] + (f": {a['reason']}" if a["reason"] else "")}]}],
                   "source": {"observer": {"display": f"cocreate ({a['via']})"}},
                   "entity": [{"what": {"reference": b.patient}, "description": a["what_label"]}]})
        _screening(b, e.get("screening"))
        _readiness(b, e.get("readiness", []))
        _library(b, e.get("library", []))
    _transfer_consent(b, record)
    return fhir.bundle(b.resources, base_url=base_url, timestamp=record.made_at)


def _item(link: str, text: str, value: str) -> JSON:
    return {"linkId": link, "text": text, "answer": [{"valueString": value}]}


def _screening(b: _Bundle, screening: JSON | None) -> None:
    """Each set of screening answers as a QuestionnaireResponse (a yes's detail as an item of its own), and each
    clinician's decision on them as a DocumentReference with its rationale and conditions as the client reads them.
    The protocol's flags travel in the JSON form only: they are the protocol's reading, not the client's answers."""
    if not screening:
        return
    for r in screening["answers"]:
        items = []
        for a in r["answers"]:
            if a["answer"]:
                items.append(_item(a["key"], a["question"], a["answer"]))
            if a["detail"]:
                items.append(_item(f"{a['key']}.detail", f"{a['question']} (detail)", a["detail"]))
        resource: JSON = {"resourceType": "QuestionnaireResponse", "id": f"screening-{r['id']}",
                          "status": "completed", "subject": {"reference": b.patient}, "authored": _when(r["created"]),
                          "author": {"display": r["entered_by"]}}
        if items:
            resource["item"] = items
        b.add(resource)
        for n, d in enumerate(r["decisions"]):
            text = f"{d['outcome_label']}\n\n{d['rationale']}" + (f"\n\nConditions: {d['conditions']}"
                                                                    if d["conditions"] else "")
            b.document(f"screening-{r['id']}-decision-{n + 1}", title=f"Screening decision by {d['by']}: "
                       f"{d['outcome_label']}", text=text, when=d["at"], kind="Screening decision")


READINESS = (("readiness_label", "How ready I feel"), ("how_i_am", "How I am"), ("sleep_label", "Sleep"),
             ("anything_new", "Anything new (medication, health, life events)"), ("questions", "My questions"))


def _readiness(b: _Bundle, checkins: list[JSON]) -> None:
    """Each readiness check-in as a QuestionnaireResponse of the questions the client answered."""
    for c in checkins:
        resource: JSON = {"resourceType": "QuestionnaireResponse", "id": f"readiness-{c['id']}",
                          "status": "completed", "subject": {"reference": b.patient}, "authored": _when(c["created"]),
                          "author": {"display": c["by"]},
                          "item": [_item(key, text, c[key]) for key, text in READINESS if c[key]]}
        b.add(resource)


def _library(b: _Bundle, questions: list[JSON]) -> None:
    """Each question asked in the library, and each reply to it, as a Communication."""
    for q in questions:
        b.add({"resourceType": "Communication", "id": f"question-{q['id']}", "status": "completed",
               "subject": {"reference": b.patient}, "sent": _when(q["created"]), "sender": {"display": q["by"]},
               "topic": {"text": q["topic"] or "A question"}, "payload": [{"contentString": q["question"]}]})
        for n, r in enumerate(q["replies"]):
            b.add({"resourceType": "Communication", "id": f"question-{q['id']}-reply-{n + 1}", "status": "completed",
                   "subject": {"reference": b.patient}, "sent": _when(r["created"]), "sender": {"display": r["by"]},
                   "inResponseTo": [{"reference": f"Communication/question-{q['id']}"}],
                   "payload": [{"contentString": r["body"]}]})


def in_force(doc: JSON) -> JSON | None:
    return next((r for r in doc["revisions"] if r["number"] == doc["in_force"]), None)


def _agreements(b: _Bundle, e: JSON) -> None:
    for doc in e.get("agreements", []):
        rid = f"agreement-{doc['id']}"
        b.document(f"{rid}-history", title=f"{doc['kind_label']}: every revision and decision",
                   text=_text(doc), when=doc["created"], kind="Agreement history", content_type="application/json")
        agreed = in_force(doc)
        if agreed is None:
            continue
        content, when = agreed["content"], agreed["settled_at"] or agreed["created"]
        if doc["kind"] == "intentions":
            for n, goal in enumerate(content.get("goals", [])):
                status = goal.get("status", "open")
                b.add({"resourceType": "Goal", "id": f"{rid}-goal-{n + 1}",
                       "lifecycleStatus": GOAL_LIFECYCLE.get(status, "active"),
                       "achievementStatus": {"coding": [{"system": ACHIEVEMENT,
                                                         "code": GOAL_ACHIEVEMENT.get(status, "in-progress")}]},
                       "description": {"text": goal["words"]}, "subject": {"reference": b.patient},
                       "statusDate": _when(when.date() if isinstance(when, datetime) else when),
                       "note": [{"text": t} for t in (goal.get("why"), goal.get("noticing")) if t]})
        elif doc["kind"] == "touch_consent":
            levels = [{"type": "deny" if content.get(item, "no") == "no" else "permit",
                       "action": [{"text": f"{_field_title(doc['kind'], item)}: "
                                           f"{content.get(item, 'no').replace('_', ' ')}"}]}
                      for item in TOUCH_ITEMS]
            b.add({"resourceType": "Consent", "id": f"{rid}-consent", "status": "active",
                   "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
                   "category": [{"text": "Touch consent"}], "patient": {"reference": b.patient},
                   "dateTime": _when(when), "policyRule": {"text": f"Agreed touch consent, revision {agreed['number']}"
                                                                   f" (stop signal: {content.get('stop_signal', '')})"},
                   "provision": {"type": "permit", "provision": levels}})
        elif doc["kind"] in PLAN_KINDS:
            plan: JSON = {"resourceType": "CarePlan", "id": f"{rid}-plan", "status": "active", "intent": "plan",
                          "title": doc["kind_label"], "subject": {"reference": b.patient}, "created": _when(when),
                          "description": plain(doc["kind"], content)}
            if doc["kind"] == "integration_plan":
                plan["activity"] = [{"detail": {"status": "unknown", "description": step["step"]}}
                                    for step in content.get("steps", [])]
            b.add(plan)
        else:
            b.document(f"{rid}-agreed", title=f"{doc['kind_label']} (agreed, revision {agreed['number']})",
                       text=plain(doc["kind"], content), when=when, kind=doc["kind_label"])


def _field_title(kind: str, name: str) -> str:
    spec = KINDS.get(kind)
    info = spec.schema.model_fields.get(name) if spec else None
    return str(info.title) if info and info.title else name


def _choices() -> dict[str, str]:
    """The words of every coded value a kind's fields hold (ask_first -> Ask me first)."""
    return {value: str(label) for enum in (kinds.Level, kinds.GoalStatus, kinds.Chooser, kinds.MusicMode,
                                           kinds.SensoryItem, kinds.Guideline) for value, label in enum.choices}


def _shown(value: object, words: dict[str, str]) -> str:
    if isinstance(value, str):
        return words.get(value, value)
    if isinstance(value, dict):
        return " — ".join(_shown(v, words) for v in value.values() if v not in ("", None, []))
    if isinstance(value, list):
        return "; ".join(_shown(v, words) for v in value)
    return "" if value is None else str(value)


def plain(kind: str, content: JSON) -> str:
    """An agreed content as lines a person reads: each field's title and its value in words (a row of a list is
    its values joined)."""
    words = _choices()
    return "\n".join(f"{_field_title(kind, key)}: {_shown(value, words)}" for key, value in content.items())


def _measures(b: _Bundle, measures: JSON | None) -> None:
    if not measures:
        return
    answers = {r["id"]: r for r in measures["responses"]}
    for r in measures["responses"]:
        instrument = b.instruments.get(r["instrument"])
        if instrument is None:  # a definition since removed: the answers cannot be described
            continue
        b.add(fhir.questionnaire_response(instrument, r["answers"], subject_ref=b.patient,
                                          authored=r["submitted_at"], response_id=str(r["id"]), base_url=b.base))
    for s in measures["scores"]:
        instrument = b.instruments.get(s["instrument"])
        response = answers.get(s["response"])
        if instrument is None or response is None:
            continue
        screen = bool(scoring.risk_reasons(instrument, response["answers"])) if not instrument.scored else None
        b.add(fhir.observation(instrument, s["total"], s["subscales"], s["band"], subject_ref=b.patient,
                               effective=s["at"], response_ref=f"QuestionnaireResponse/{s['response']}",
                               observation_id=str(s["id"]), base_url=b.base, positive_screen=screen))


def _integration(b: _Bundle, engagement_id: int, integration: JSON | None) -> None:
    if not integration:
        return
    for e in integration["shift_entries"]:
        if e["what_i_noticed"] is None:
            continue  # deleted: its words are gone
        b.document(f"shift-{e['id']}", title=f"A shift noticed on {e['on']}, day {e['day']} "
                   f"({', '.join(e['areas'])})", text=e["what_i_noticed"], when=e["created"], kind="Shift entry")
    for j in integration["journal"]:
        if j["text"] is None:
            continue
        if j["text"]:
            b.document(f"journal-{j['id']}", title=f"Journal page of {j['on']}", text=j["text"], when=j["created"],
                       kind="Journal page")
        for f in j["files"]:
            b.add({"resourceType": "DocumentReference", "id": f"file-{f['uid']}", "status": "current",
                   "type": {"text": "Journal file"}, "subject": {"reference": b.patient}, "date": _when(j["created"]),
                   "description": f["name"],
                   "content": [{"attachment": {"contentType": f["content_type"], "url": f["path"],
                                               "size": f["size"], "title": f["name"]}}]})
    if integration["step_check_ins"]:
        b.document(f"step-check-ins-{engagement_id}", title="Check-ins on the integration plan's steps",
                   text=_text(integration["step_check_ins"]), when=integration["step_check_ins"][-1]["created"],
                   kind="Step check-ins", content_type="application/json")


def _sharing(b: _Bundle, rid: str, shared: list[str], when: datetime, to: str | None = None) -> None:
    """What the client chose to share on a transfer of care, as a data-sharing Consent."""
    provision: JSON = {"type": "permit", "action": [{"text": x} for x in shared]} if shared else {"type": "deny"}
    if to and shared:
        provision["actor"] = [{"role": {"text": "recipient"}, "reference": {"display": to}}]
    b.add({"resourceType": "Consent", "id": rid, "status": "active" if shared else "inactive",
           "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy"}]},
           "category": [{"text": "Sharing the record on a transfer of care"}],
           "patient": {"reference": b.patient}, "dateTime": _when(when),
           "policyRule": {"text": "The client's choice when accepting a transfer of care"}, "provision": provision})


def _transfer_consent(b: _Bundle, record: Record) -> None:
    """A transfer's Bundle says what the client chose to share, which is all it holds beyond the sessions."""
    if record.scope.transfer:
        _sharing(b, "data-sharing", [s for s in record.data["about"]["sections"] if s != "sessions"],
                 record.made_at)


def as_json(record: Record, *, base_url: str) -> bytes:
    return (json.dumps(bundle(record, base_url=base_url), ensure_ascii=False, indent=1) + "\n").encode()
