"""Ruptures and the fit review through the API: the same reads and services as the pages. Only the client says
whether a rupture feels repaired (anyone else: 403); a supervisor reads and writes nothing (403)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.accounts.schemas import ErrorOut
from cocreate.alliance import fit, ruptures
from cocreate.alliance.models import Rupture
from cocreate.care import selectors as care_selectors
from cocreate.schemas import In

router = Router(tags=["relationship"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/relationship"


class RelationshipPersonOut(Schema):
    id: int
    name: str


class RepairOut(Schema):
    id: int
    by: RelationshipPersonOut
    description: str
    created: datetime


class RepairWordOut(Schema):
    id: int
    repaired: bool = Field(description="The client's word: true is “It feels repaired”, false “Not yet”.")
    note: str
    created: datetime


class RuptureOut(Schema):
    id: int
    named_by: RelationshipPersonOut
    named_by_client: bool
    session_id: int | None
    description: str
    created: datetime
    repaired: bool = Field(description="The client's latest word is that it feels repaired.")
    raised_at: datetime | None = Field(description="When it was raised with the supervisor, if it was.")
    raised_reason: str
    repairs: list[RepairOut]
    words: list[RepairWordOut] = Field(description="The client's words, oldest first; the latest counts.")


class RupturesOut(Schema):
    count: int
    open: int
    ruptures: list[RuptureOut]


class RuptureIn(In):
    description: str = Field(description="What has not felt right, in the namer's own words.")
    session_id: int | None = Field(None, description="A session of this engagement it is about, if any.")


class RepairIn(In):
    description: str = Field(description="What was done or said towards repair.")


class RepairWordIn(In):
    repaired: bool
    note: str = ""


class FitAnswerOut(Schema):
    author: RelationshipPersonOut
    side: str = Field(description="client or team")
    answers: dict[str, str] = Field(description="By question key: working, not_working, different; empty when "
                                                "not answered.")
    shown_early: bool


class FitReviewOut(Schema):
    id: int
    created: datetime
    session_id: int | None
    asked_by_client: bool
    open: bool
    my_answers: FitAnswerOut | None
    answers: list[FitAnswerOut] = Field(description="Others' answers this caller may read.")
    answers_waiting: int = Field(description="Answers of the other side readable once the caller's side answers.")
    client_answered: bool
    team_answered: bool
    may_show: bool
    proposed_outcome: str
    proposed_by: RelationshipPersonOut | None
    outcome_note: str
    may_agree: bool
    outcome: str = Field(description="Once agreed: continue, adjust, consult, transfer or end.")
    agreed_at: datetime | None
    agreed_by: RelationshipPersonOut | None
    next_url: str = Field(description="Where the agreed outcome is taken further (the modality plan proposal, "
                                      "the care team, the ending), if anywhere.")


class FitOut(Schema):
    at_session: int = Field(description="A review opens by itself once this many sessions have been held.")
    held: int
    questions: dict[str, str]
    reviews: list[FitReviewOut]


class FitPlanIn(In):
    at_session: int = Field(ge=1, le=fit.MAX_SESSION)


class FitAnswerIn(In):
    working: str = ""
    not_working: str = ""
    different: str = ""
    show: bool = Field(False, description="Let the other side read these now, before they answer.")


class FitProposeIn(In):
    outcome: str = Field(description="continue, adjust, consult, transfer or end")
    note: str = ""


class FitAgreeIn(In):
    outcome: str = Field(description="The outcome proposed, named again: a proposal that changed meanwhile is "
                                     "refused (400).")


def _access(request: HttpRequest, engagement_id: int, what: str | None = None) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=what, via="api")


def _person(user: User | None) -> dict[str, object] | None:
    return {"id": user.pk, "name": user.name} if user is not None else None


def _rupture(r: Rupture, client_id: int) -> dict[str, object]:
    return {
        "id": r.pk, "named_by": _person(r.named_by), "named_by_client": r.named_by_id == client_id,
        "session_id": r.session_id, "description": r.description, "created": r.created,
        "repaired": bool(getattr(r, "is_repaired", False)), "raised_at": r.raised_at,
        "raised_reason": r.raised_reason,
        "repairs": [{"id": p.pk, "by": _person(p.by), "description": p.description, "created": p.created}
                    for p in r.repairs.all()],
        "words": [{"id": w.pk, "repaired": w.repaired, "note": w.note, "created": w.created} for w in r.words.all()],
    }


def _answer(a: fit.AnswerView) -> dict[str, object]:
    return {"author": _person(a.author), "side": "client" if a.is_client else "team", "answers": a.answers,
            "shown_early": a.shown_early}


def _review(v: fit.ReviewView) -> dict[str, object]:
    r = v.review
    return {
        "id": r.pk, "created": r.created, "session_id": r.session_id, "asked_by_client": r.asked_by_id is not None,
        "open": v.is_open, "my_answers": _answer(v.mine) if v.mine else None,
        "answers": [_answer(a) for a in v.shown], "answers_waiting": v.hidden,
        "client_answered": v.client_answered, "team_answered": v.team_answered, "may_show": v.may_show,
        "proposed_outcome": r.proposed_outcome, "proposed_by": _person(r.proposed_by),
        "outcome_note": r.outcome_note, "may_agree": v.may_agree, "outcome": r.outcome, "agreed_at": r.agreed_at,
        "agreed_by": _person(r.agreed_by), "next_url": v.link[0],
    }


# Ruptures.

@router.get(PATH + "/ruptures", response={200: RupturesOut, **ERRORS})
def rupture_list(request: HttpRequest, engagement_id: int) -> object:
    """Every rupture named in the engagement, newest first, with its repairs and the client's words."""
    access = _access(request, engagement_id, "ruptures")
    found = ruptures.ruptures_of(access)
    return {"count": len(found), "open": sum(1 for r in found if not getattr(r, "is_repaired", False)),
            "ruptures": [_rupture(r, access.engagement.client_id) for r in found]}


@router.post(PATH + "/ruptures", response={201: RuptureOut, **ERRORS})
def rupture_create(request: HttpRequest, engagement_id: int, payload: RuptureIn) -> Status[object]:
    """Name a rupture (the client or a care-team facilitator); the other side is told. A second one named while
    another is open is raised with the supervisor."""
    access = _access(request, engagement_id)
    made = ruptures.rupture_name(actor=request_user(request), access=access, description=payload.description,
                                 session_id=payload.session_id)
    return Status(201, _rupture(ruptures.rupture_in(access, made.pk), access.engagement.client_id))


@router.get(PATH + "/ruptures/{rupture_id}", response={200: RuptureOut, **ERRORS})
def rupture_detail(request: HttpRequest, engagement_id: int, rupture_id: int) -> object:
    access = _access(request, engagement_id, "ruptures")
    return _rupture(ruptures.rupture_in(access, rupture_id), access.engagement.client_id)


@router.post(PATH + "/ruptures/{rupture_id}/repairs", response={201: RuptureOut, **ERRORS})
def repair_create(request: HttpRequest, engagement_id: int, rupture_id: int, payload: RepairIn) -> Status[object]:
    """Record something done towards repair (either side). It does not close the rupture."""
    access = _access(request, engagement_id)
    found = ruptures.rupture_in(access, rupture_id)
    ruptures.repair_add(actor=request_user(request), access=access, rupture=found, description=payload.description)
    return Status(201, _rupture(ruptures.rupture_in(access, found.pk), access.engagement.client_id))


@router.post(PATH + "/ruptures/{rupture_id}/word", response={201: RuptureOut, **ERRORS})
def word_create(request: HttpRequest, engagement_id: int, rupture_id: int, payload: RepairWordIn) -> Status[object]:
    """The client says whether it feels repaired, or not yet. Anyone else: 403."""
    access = _access(request, engagement_id)
    found = ruptures.rupture_in(access, rupture_id)
    ruptures.repair_word(actor=request_user(request), access=access, rupture=found, repaired=payload.repaired,
                         note=payload.note)
    return Status(201, _rupture(ruptures.rupture_in(access, found.pk), access.engagement.client_id))


# The fit review.

def _fit(access: EngagementAccess, actor: User) -> dict[str, object]:
    return {"at_session": fit.plan_of(access.engagement), "held": fit.held_count(access.engagement),
            "questions": {key: str(label) for key, label in fit.QUESTIONS},
            "reviews": [_review(v) for v in fit.reviews_for(access, actor)]}


def _one(access: EngagementAccess, actor: User, pk: int) -> dict[str, object]:
    return _review(fit.view_of(fit.review_in(access, pk), actor, access.relation))


@router.get(PATH + "/fit", response={200: FitOut, **ERRORS})
def fit_detail(request: HttpRequest, engagement_id: int) -> object:
    """When a review opens by itself, and every review as the caller may read it, newest first."""
    access = _access(request, engagement_id, "fit reviews")
    return _fit(access, request_user(request))


@router.post(PATH + "/fit/plan", response={200: FitOut, **ERRORS})
def fit_plan(request: HttpRequest, engagement_id: int, payload: FitPlanIn) -> object:
    """Change after which held session a review opens by itself (either side; the other is told)."""
    access, actor = _access(request, engagement_id), request_user(request)
    fit.fit_plan_set(actor=actor, access=access, at_session=payload.at_session)
    return _fit(access, actor)


@router.post(PATH + "/fit/reviews", response={201: FitReviewOut, **ERRORS})
def fit_ask(request: HttpRequest, engagement_id: int) -> Status[object]:
    """The client asks to talk about whether this fits: a review opens and the care team is told."""
    access, actor = _access(request, engagement_id), request_user(request)
    made = fit.fit_review_ask(actor=actor, access=access)
    return Status(201, _one(access, actor, made.pk))


@router.get(PATH + "/fit/reviews/{review_id}", response={200: FitReviewOut, **ERRORS})
def fit_review(request: HttpRequest, engagement_id: int, review_id: int) -> object:
    access = _access(request, engagement_id, "fit reviews")
    return _one(access, request_user(request), review_id)


@router.post(PATH + "/fit/reviews/{review_id}/answers", response={201: FitReviewOut, **ERRORS})
def fit_answer(request: HttpRequest, engagement_id: int, review_id: int, payload: FitAnswerIn) -> Status[object]:
    """The caller's answers, each optional but not all empty; once per person."""
    access, actor = _access(request, engagement_id), request_user(request)
    fit.fit_answer(actor=actor, access=access, review=fit.review_in(access, review_id),
                   answers={"working": payload.working, "not_working": payload.not_working,
                            "different": payload.different}, show=payload.show)
    return Status(201, _one(access, actor, review_id))


@router.post(PATH + "/fit/reviews/{review_id}/show", response={200: FitReviewOut, **ERRORS})
def fit_show(request: HttpRequest, engagement_id: int, review_id: int) -> object:
    """Show the caller's answers to the other side now."""
    access, actor = _access(request, engagement_id), request_user(request)
    fit.fit_show(actor=actor, access=access, review=fit.review_in(access, review_id))
    return _one(access, actor, review_id)


@router.post(PATH + "/fit/reviews/{review_id}/proposal", response={200: FitReviewOut, **ERRORS})
def fit_propose(request: HttpRequest, engagement_id: int, review_id: int, payload: FitProposeIn) -> object:
    """Propose the outcome, with a note; a proposal from the other side replaces it."""
    access, actor = _access(request, engagement_id), request_user(request)
    fit.fit_propose(actor=actor, access=access, review=fit.review_in(access, review_id), outcome=payload.outcome,
                    note=payload.note)
    return _one(access, actor, review_id)


@router.post(PATH + "/fit/reviews/{review_id}/agree", response={200: FitReviewOut, **ERRORS})
def fit_agree(request: HttpRequest, engagement_id: int, review_id: int, payload: FitAgreeIn) -> object:
    """The other side agrees to the proposed outcome; the side that proposed it cannot (403)."""
    access, actor = _access(request, engagement_id), request_user(request)
    fit.fit_agree(actor=actor, access=access, review=fit.review_in(access, review_id), outcome=payload.outcome)
    return _one(access, actor, review_id)
