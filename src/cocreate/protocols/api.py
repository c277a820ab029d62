"""API endpoints of the protocols app: the packs on offer, a practice's protocol and form texts, and for each
engagement its protocol, the forms the client acknowledges, screening, readiness check-ins and the readiness gate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice, Role
from cocreate.accounts.schemas import ErrorOut
from cocreate.accounts.selectors import practice_for
from cocreate.care import selectors as care_selectors
from cocreate.care.models import Session, SessionKind
from cocreate.protocols import registry, selectors, services
from cocreate.protocols.gate import Plan
from cocreate.protocols.models import ScreeningDecision, ScreeningResponse
from cocreate.protocols.packs import Pack, Source
from cocreate.protocols.schemas import (
    KEY_MAX,
    AcknowledgementIn,
    CheckinIn,
    CheckinOut,
    EngagementFormOut,
    EngagementProtocolOut,
    FormPublishIn,
    GateOut,
    GateQueryIn,
    PackChangeIn,
    PracticePackIn,
    PracticeProtocolOut,
    ProtocolFormTextOut,
    ProtocolOut,
    ScreeningAnswersIn,
    ScreeningDecisionIn,
    ScreeningDecisionOut,
    ScreeningOut,
    SetAsideIn,
    SetAsideOut,
)

router = Router(tags=["protocols"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}"
PRACTICE = "/practices/{practice_id}"
MANAGERS = (Role.FACILITATOR, Role.ADMIN)
HISTORY_MAX = 100
# A key named in the path: a pack's, a form's or a requirement's.
Key = PathEx[str, P(max_length=KEY_MAX, pattern=r"^[a-z0-9_]+$")]


def _access(request: HttpRequest, engagement_id: int, what: str | None) -> EngagementAccess:
    """Resolve through the access policy; `what` is recorded as a read, None for writes."""
    return care_selectors.engagement_for(request_user(request), engagement_id, what=what, via="api")


def _managed(request: HttpRequest, practice_id: int) -> Practice:
    """A practice where the caller is a facilitator or an admin; 404 otherwise."""
    return practice_for(request_user(request), practice_id, roles=MANAGERS)


def _source(source: Source) -> dict[str, str]:
    return {"citation": source.citation, "url": source.url}


def _questions(pack: Pack) -> list[dict[str, Any]]:
    return [{"questionnaire": questionnaire.key, **q.model_dump()}
            for questionnaire, _keys in registry.questions_of(pack) for q in questionnaire.questions]


def _pack_out(pack: Pack) -> dict[str, Any]:
    fixed = {"key", "kind", "label", "acts", "regulatory", "source"}
    return {
        "key": pack.key, "version": pack.version, "title": pack.title, "summary": pack.summary,
        "engagement_kind": pack.engagement_kind, "editable": pack.editable, "source": _source(pack.source),
        "phases": [p.model_dump() for p in pack.phases],
        "requirements": [{"key": r.key, "kind": r.kind, "label": r.label, "acts": list(r.acts),
                          "regulatory": r.regulatory, "source": _source(r.source),
                          "params": r.model_dump(mode="json", exclude=fixed, exclude_none=True)}
                         for r in pack.requirements],
        "dosing": {"substance": pack.dosing.substance, "repeat_within_days": pack.dosing.repeat_within_days,
                   "rows": [row.model_dump() for row in pack.dosing.rows], "source": _source(pack.dosing.source)}
        if pack.dosing else None,
        "screening": {"questionnaires": list(pack.screening.questionnaires), "questions": _questions(pack),
                      "rules": [{**rule.model_dump(exclude={"source"}), "source": _source(rule.source)}
                                for rule in pack.screening.rules]}
        if pack.screening else None,
        "forms": [{"key": f.key, "title": f.title, "source": _source(f.source)} for f in pack.forms],
        "offers_after_medicine": [{"session_kind": o.session_kind, "label": o.label, "source": _source(o.source)}
                                  for o in pack.offers_after_medicine],
    }


@router.get("/protocols", response={200: list[ProtocolOut], **ERRORS})
def protocol_list(request: HttpRequest) -> object:
    """Every protocol pack this installation offers, with its phases, requirements (each with its source), dosing
    table, screening questions and rules, and forms."""
    return [_pack_out(pack) for pack in registry.packs().values()]


@router.get("/protocols/{key}", response={200: ProtocolOut, **ERRORS})
def protocol_detail(request: HttpRequest, key: Key) -> object:
    return _pack_out(registry.pack(key))


# A practice's protocol and form texts: its facilitators and admins.

def _practice_out(practice: Practice) -> dict[str, Any]:
    pack = selectors.practice_pack(practice)
    return {"practice_id": practice.pk, "pack": pack.key, "version": pack.version, "title": pack.title,
            "summary": pack.summary}


def _form_text_out(shown: selectors.Shown) -> dict[str, Any]:
    return {"key": shown.spec.key, "title": shown.title, "version": shown.number, "body": shown.body,
            "source": shown.spec.source.citation, "published": shown.row.created if shown.row else None}


@router.get(PRACTICE + "/protocol", response={200: PracticeProtocolOut, **ERRORS})
def practice_protocol(request: HttpRequest, practice_id: int) -> object:
    """The protocol the practice's new psychedelic-assisted engagements run under."""
    return _practice_out(_managed(request, practice_id))


@router.put(PRACTICE + "/protocol", response={200: PracticeProtocolOut, **ERRORS})
def practice_protocol_set(request: HttpRequest, practice_id: int, payload: PracticePackIn) -> object:
    """Choose the protocol for new psychedelic-assisted engagements; engagements already open keep theirs."""
    practice = _managed(request, practice_id)
    services.practice_pack_set(actor=request_user(request), practice=practice, pack=payload.pack)
    return _practice_out(practice)


@router.get(PRACTICE + "/forms", response={200: list[ProtocolFormTextOut], **ERRORS})
def practice_form_list(request: HttpRequest, practice_id: int) -> object:
    """The practice's current text of each form of its protocol."""
    practice = _managed(request, practice_id)
    return [_form_text_out(s) for s in selectors.practice_forms(practice, selectors.practice_pack(practice))]


@router.post(PRACTICE + "/forms/{form}", response={201: ProtocolFormTextOut, **ERRORS})
def practice_form_publish(request: HttpRequest, practice_id: int, form: Key, payload: FormPublishIn
                          ) -> Status[object]:
    """Publish a new version of a form's text; clients are asked to read and acknowledge it again."""
    practice = _managed(request, practice_id)
    pack = selectors.practice_pack(practice)
    selectors.current_form(practice, pack, form)  # 404 for a form the protocol does not have
    services.form_publish(actor=request_user(request), practice=practice, pack=pack, form=form,
                          title=payload.title, body=payload.body)
    return Status(201, _form_text_out(selectors.current_form(practice, pack, form)))


# An engagement's protocol.

def _protocol_out(access: EngagementAccess) -> dict[str, Any]:
    pack = selectors.pack_of(access.engagement)
    return {"pack": pack.key, "version": pack.version, "title": pack.title, "summary": pack.summary,
            "history": list(selectors.pack_history(access)[:HISTORY_MAX])}


@router.get(PATH + "/protocol", response={200: EngagementProtocolOut, **ERRORS})
def engagement_protocol(request: HttpRequest, engagement_id: int) -> object:
    """The protocol the engagement runs under, and the ones it ran under before (the newest 100)."""
    return _protocol_out(_access(request, engagement_id, "protocol"))


@router.post(PATH + "/protocol", response={201: EngagementProtocolOut, **ERRORS})
def engagement_protocol_change(request: HttpRequest, engagement_id: int, payload: PackChangeIn) -> Status[object]:
    """Move the engagement to another protocol of its kind, with a reason kept in its history. The care team."""
    access = _access(request, engagement_id, None)
    services.engagement_pack_change(actor=request_user(request), access=access, pack=payload.pack,
                                    reason=payload.reason)
    return Status(201, _protocol_out(access))


# Forms the client acknowledges.

def _form_out(row: selectors.FormRow) -> dict[str, Any]:
    return {**_form_text_out(row.shown), "state": row.state,
            "acknowledgements": [{"version": a.version.number, "choice": a.choice, "actor": a.actor, "at": a.at}
                                 for a in row.history]}


@router.get(PATH + "/forms", response={200: list[EngagementFormOut], **ERRORS})
def engagement_form_list(request: HttpRequest, engagement_id: int) -> object:
    """Each form of the engagement's protocol: the practice's current text, where the client stands, and every
    choice made on it."""
    return [_form_out(row) for row in selectors.forms_of(_access(request, engagement_id, "forms to acknowledge"))]


@router.post(PATH + "/forms/{form}/acknowledgements", response={201: EngagementFormOut, **ERRORS})
def form_acknowledge(request: HttpRequest, engagement_id: int, form: Key, payload: AcknowledgementIn
                     ) -> Status[object]:
    """The client acknowledges, declines or withdraws the version of the form they read. The client alone."""
    access = _access(request, engagement_id, None)
    if selectors.pack_of(access.engagement).form(form) is None:
        raise Http404
    services.form_respond(actor=request_user(request), access=access, form=form, version=payload.version,
                          choice=payload.choice)
    return Status(201, next(_form_out(r) for r in selectors.forms_of(access) if r.shown.spec.key == form))


# Screening.

def _decision_out(decision: ScreeningDecision) -> dict[str, Any]:
    return {"id": decision.pk, "outcome": decision.outcome, "rationale": decision.rationale,
            "conditions": decision.conditions, "clinician": decision.clinician, "at": decision.at}


def _response_out(response: ScreeningResponse) -> dict[str, Any]:
    return {"id": response.pk, "pack": response.pack, "answers": response.answers, "flags": response.flags,
            "entered_by": response.entered_by, "with_client": response.with_client, "created": response.created,
            "decisions": [_decision_out(d) for d in response.decisions.all()]}


def _screening_out(access: EngagementAccess) -> dict[str, Any]:
    pack = selectors.pack_of(access.engagement)
    history = selectors.screening_history(access)
    latest = _response_out(history[0]) if history else None
    return {"pack": pack.key, "questions": _questions(pack), "latest": latest,
            "flags": latest["flags"] if latest else [],
            "decision": latest["decisions"][0] if latest and latest["decisions"] else None,
            "earlier": [_response_out(r) for r in history[1:]]}


@router.get(PATH + "/screening", response={200: ScreeningOut, **ERRORS})
def screening(request: HttpRequest, engagement_id: int) -> object:
    """The protocol's screening questions, the latest answers with the flags its rules raised, the decision on
    them, and earlier answers (the newest 20 in all)."""
    return _screening_out(_access(request, engagement_id, "screening"))


@router.post(PATH + "/screening", response={201: ScreeningOut, **ERRORS})
def screening_answer(request: HttpRequest, engagement_id: int, payload: ScreeningAnswersIn) -> Status[object]:
    """A whole set of answers, by the client (or by the care team with the client, `with_client`). Changed
    answers re-open a decided screening."""
    access = _access(request, engagement_id, None)
    answers = {k: v if isinstance(v, str) else v.model_dump() for k, v in payload.answers.items()}
    services.screening_submit(actor=request_user(request), access=access, answers=answers,
                              with_client=payload.with_client)
    return Status(201, _screening_out(access))


@router.post(PATH + "/screening/decisions", response={201: ScreeningDecisionOut, **ERRORS})
def screening_decide(request: HttpRequest, engagement_id: int, payload: ScreeningDecisionIn) -> Status[object]:
    """A clinician of the care team decides on the latest answers, with a rationale the client reads."""
    access = _access(request, engagement_id, None)
    decision = services.screening_decide(
        actor=request_user(request), access=access, outcome=payload.outcome, rationale=payload.rationale,
        conditions=payload.conditions, response_id=payload.response_id)
    return Status(201, _decision_out(decision))


# Readiness check-ins.

@router.get(PATH + "/check-ins", response={200: list[CheckinOut], **ERRORS})
def checkin_list(request: HttpRequest, engagement_id: int) -> object:
    """The client's readiness check-ins, newest first (the newest 20)."""
    return selectors.checkins(_access(request, engagement_id, "readiness check-ins"))


@router.post(PATH + "/check-ins", response={201: CheckinOut, **ERRORS})
def checkin_create(request: HttpRequest, engagement_id: int, payload: CheckinIn) -> Status[object]:
    """The client's check-in before a session; "postpone" needs no reason. The client alone."""
    access = _access(request, engagement_id, None)
    checkin = services.checkin_submit(actor=request_user(request), access=access, **payload.model_dump())
    return Status(201, checkin)


# The readiness gate.

def _plan(access: EngagementAccess, query: GateQueryIn) -> tuple[Plan | None, Session | None]:
    """The session the gate is asked about: a medicine session of the engagement (start), one described by the
    query (schedule), or none."""
    planned = (query.starts_at, query.duration_minutes, query.planned_dose_mg)
    if query.act != "start" and query.session_id is not None:
        raise ValidationError({"session_id": _("Name a session only to ask about beginning it (act=start).")})
    if query.act != "schedule" and any(v is not None for v in planned):
        raise ValidationError({"starts_at": _("Describe a planned session only with act=schedule.")})
    if query.act == "start":
        if query.session_id is None:
            raise ValidationError({"session_id": _("Name the medicine session to begin.")})
        session = care_selectors.session_in(access, query.session_id)
        if session.kind != SessionKind.MEDICINE:
            raise ValidationError({"session_id": _("Choose a medicine session of this engagement.")})
        return selectors.plan_of(session), session
    if query.starts_at is None or query.duration_minutes is None:
        if any(v is not None for v in planned):
            raise ValidationError({"starts_at": _("Give both starts_at and duration_minutes to describe a session.")})
        return None, None
    return Plan(query.starts_at, query.duration_minutes, query.planned_dose_mg), None


@router.get(PATH + "/gate", response={200: GateOut, **ERRORS})
def gate(request: HttpRequest, engagement_id: int, query: Query[GateQueryIn]) -> object:
    """What the engagement's protocol requires before an act, each with where it stands and its source; `open`
    when all hold. Rules about a session's time and dose are checked once a session is named or described."""
    access = _access(request, engagement_id, "readiness checklist")
    plan, session = _plan(access, query)
    found = selectors.checklist(access.engagement, query.act, plan, session=session)
    return {"pack": found.pack.key, "act": found.act, "open": found.open, "items": [
        {"key": i.check.requirement.key, "label": i.check.requirement.label, "kind": i.check.requirement.kind,
         "met": i.check.met, "ok": i.check.ok, "state": i.check.state, "set_aside": i.check.set_aside,
         "regulatory": i.check.requirement.regulatory, "source": i.check.requirement.source.citation, "url": i.url}
        for i in found.items]}


@router.post(PATH + "/gate/set-asides", response={201: SetAsideOut, **ERRORS})
def set_aside(request: HttpRequest, engagement_id: int, payload: SetAsideIn) -> Status[object]:
    """Set aside one of the practice's own rules for this engagement, with a reason the client reads. A rule of
    the law or of a research protocol cannot be set aside. The care team."""
    access = _access(request, engagement_id, None)
    row = services.rule_set_aside(actor=request_user(request), access=access, requirement=payload.requirement,
                                  reason=payload.reason)
    return Status(201, row)


@router.delete(PATH + "/gate/set-asides/{requirement}", response={204: None, **ERRORS})
def set_aside_end(request: HttpRequest, engagement_id: int, requirement: Key) -> Status[None]:
    """The rule applies again. The care team."""
    access = _access(request, engagement_id, None)
    services.rule_restore(actor=request_user(request), access=access, requirement=requirement)
    return Status(204, None)
