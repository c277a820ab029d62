"""Feedback through the API: the engagement's feedback (the client's all; the care team's what was sent to them),
a held session's feedback (the questions, and what was given), giving it, sending a message, acknowledging with a
reply, the cadence, and the clinical lead's list of what clients sent them. Judged by the same services as the web
pages: bad input answers 400 with `errors` by field (`rating_<id>`, `better`, `unsaid`, `message`, `to`, `reply`,
`every_nth`); a write that is not this person's to make answers 403 not_allowed; anyone else 404."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.alliance import feedback as found
from cocreate.alliance.models import Addressee, Feedback
from cocreate.care import selectors as care_selectors
from cocreate.care.models import SessionStatus
from cocreate.care.schemas import PersonOut
from cocreate.schemas import In

router = Router(tags=["relationship"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
F = "/engagements/{engagement_id}/feedback"


class FeedbackRatingOut(Schema):
    id: str
    statement: str
    value: int | None = Field(description="0-10, or null where it was left out.")


class FeedbackAcknowledgementOut(Schema):
    by: PersonOut
    at: datetime
    reply: str


class FeedbackOut(Schema):
    id: int
    engagement_id: int
    kind: str = Field(description="session (after a held session) or message.")
    to: str = Field(description="care_team, or lead: the practice's clinical lead instead of the care team.")
    session_id: int | None
    session_starts_at: datetime | None
    ratings: list[FeedbackRatingOut] = Field(description="Empty when no rating was given.")
    better: str
    unsaid: str
    message: str
    created: datetime
    acknowledgement: FeedbackAcknowledgementOut | None
    waiting: str = Field(description="How long it has waited to be acknowledged, in words; empty once it is.")


class FeedbackToLeadOut(FeedbackOut):
    client: PersonOut
    practice: str


class FeedbackStatementOut(Schema):
    id: str
    text: str


class FeedbackSessionOut(Schema):
    session_id: int
    held: bool
    asked: bool = Field(description="The cadence asks about this session, and it is still open.")
    open_until: datetime | None
    feedback: FeedbackOut | None
    about: str
    statements: list[FeedbackStatementOut]
    lowest: int
    highest: int
    leads: list[PersonOut] = Field(description="Who feedback sent to the clinical lead goes to (empty: none).")


class FeedbackSessionIn(In):
    ratings: dict[str, StrictInt | None] = Field(default_factory=dict, description=(
        "Statement id to 0-10; any may be left out (or null). At least one rating, or some words, is needed."))
    better: str = Field("", description="What could be better? (optional)")
    unsaid: str = Field("", description="Is there something you did not feel able to say? (optional)")
    to: str = Field(Addressee.CARE_TEAM.value, description="care_team (default) or lead.")


class FeedbackMessageIn(In):
    message: str
    to: str = Field(Addressee.CARE_TEAM.value, description="care_team (default) or lead.")


class FeedbackAcknowledgeIn(In):
    reply: str = Field("", description="Optional; the client reads it.")


class FeedbackCadenceIn(In):
    every_nth: StrictInt = Field(description="Ask after every n-th held session (1: every one); 0: not asked.")


class FeedbackCadenceOut(Schema):
    every_nth: int
    words: str


class FeedbackPageIn(In):
    limit: int = Field(found.PAGE, ge=1, le=found.PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _out(f: Feedback) -> dict[str, object]:
    ack = getattr(f, "acknowledgement", None)
    statements = {i.id: i.text or i.id for i in found.instrument().items}
    return {
        "id": f.pk, "engagement_id": f.engagement_id, "kind": f.kind, "to": f.to, "session_id": f.session_id,
        "session_starts_at": f.session.starts_at if f.session else None,
        "ratings": [{"id": key, "statement": statements.get(key, key), "value": value}
                    for key, value in _ratings(f)],
        "better": f.better, "unsaid": f.unsaid, "message": f.message, "created": f.created,
        "acknowledgement": {"by": ack.by, "at": ack.at, "reply": ack.reply} if ack else None,
        "waiting": "" if ack else found.waited(f.created),
    }


def _ratings(f: Feedback) -> list[tuple[str, int | None]]:
    given = found.ratings_of(f)
    if not given:
        return []
    return [(item.id, value) for item, (_text, value) in zip(found.instrument().items, given, strict=True)]


@router.get(F, response={200: list[FeedbackOut], **ERRORS})
def feedback_list(request: HttpRequest, engagement_id: int, page: Query[FeedbackPageIn]) -> object:
    """Newest first: for the client all they sent; for the care team what was sent to them."""
    access = _access(request, engagement_id)
    found.seen(request_user(request), access, via="api")
    return [_out(f) for f in found.page_of(access, request_user(request), offset=page.offset, limit=page.limit)]


@router.get(F + "/cadence", response={200: FeedbackCadenceOut, **ERRORS})
def cadence(request: HttpRequest, engagement_id: int) -> object:
    every = found.cadence_of(_access(request, engagement_id).engagement)
    return {"every_nth": every, "words": found.cadence_words(every)}


@router.put(F + "/cadence", response={200: FeedbackCadenceOut, **ERRORS})
def cadence_set(request: HttpRequest, engagement_id: int, payload: FeedbackCadenceIn) -> object:
    """The client or the care team sets it; the other side is told."""
    every = found.feedback_cadence_set(actor=request_user(request), access=_access(request, engagement_id),
                                       every_nth=payload.every_nth)
    return {"every_nth": every, "words": found.cadence_words(every)}


@router.post(F + "/messages", response={201: FeedbackOut, **ERRORS})
def message_send(request: HttpRequest, engagement_id: int, payload: FeedbackMessageIn) -> Status[object]:
    """The client tells their therapist something (or the clinical lead instead)."""
    access = _access(request, engagement_id)
    sent = found.feedback_message_send(actor=request_user(request), access=access, message=payload.message,
                                       to=payload.to)
    return Status(201, _out(found.visible(access, request_user(request)).get(pk=sent.pk)))


@router.get(F + "/sessions/{session_id}", response={200: FeedbackSessionOut, **ERRORS})
def session_feedback(request: HttpRequest, engagement_id: int, session_id: int) -> object:
    """A held session's questions, whether it is asked about, and the feedback given on it (if this person may read
    it)."""
    access = _access(request, engagement_id)
    session = care_selectors.session_in(access, session_id)
    given = found.for_session(access, session)
    if given is not None and not access.is_client:
        given = given if given.to == Addressee.CARE_TEAM else None
        if given is not None:
            found.seen(request_user(request), access, via="api")
    ask = next((a for a in found.asks([engagement_id]).get(engagement_id, []) if a.session.pk == session.pk), None)
    low, high = found.scale()
    return {"session_id": session.pk, "held": session.status == SessionStatus.COMPLETED, "asked": ask is not None,
            "open_until": ask.until if ask else None, "feedback": _out(given) if given else None,
            "about": found.instrument().about,
            "statements": [{"id": i.id, "text": i.text or i.id} for i in found.instrument().items],
            "lowest": low, "highest": high, "leads": found.leads_for(access.engagement)}


@router.post(F + "/sessions/{session_id}", response={201: FeedbackOut, **ERRORS})
def session_feedback_give(request: HttpRequest, engagement_id: int, session_id: int,
                          payload: FeedbackSessionIn) -> Status[object]:
    """The client's feedback on a held session: any ratings, what could be better, what went unsaid; once."""
    access = _access(request, engagement_id)
    session = care_selectors.session_in(access, session_id)
    sent = found.feedback_give(actor=request_user(request), access=access, session=session,
                               ratings=payload.ratings, better=payload.better, unsaid=payload.unsaid, to=payload.to,
                               via="api")
    return Status(201, _out(found.visible(access, request_user(request)).get(pk=sent.pk)))


@router.get(F + "/{feedback_id}", response={200: FeedbackOut, **ERRORS})
def feedback_detail(request: HttpRequest, engagement_id: int, feedback_id: int) -> object:
    """One piece: the client's own; the care team's what was sent to them; the clinical lead's what was sent to
    them (no supervision reason needed)."""
    return _out(found.feedback_open(request_user(request), engagement_id, feedback_id, via="api").feedback)


@router.post(F + "/{feedback_id}/acknowledge", response={200: FeedbackOut, **ERRORS})
def feedback_acknowledge(request: HttpRequest, engagement_id: int, feedback_id: int,
                         payload: FeedbackAcknowledgeIn) -> object:
    """Read, with an optional reply: by the care team for what was sent to it, by the clinical lead for what was
    sent to them. Once."""
    actor = request_user(request)
    opened = found.feedback_open(actor, engagement_id, feedback_id, via="api", read=False)
    found.feedback_acknowledge(actor=actor, access=opened.access, feedback=opened.feedback, reply=payload.reply)
    return _out(found.feedback_open(actor, engagement_id, feedback_id, via="api").feedback)


@router.get("/feedback/to-me", response={200: list[FeedbackToLeadOut], **ERRORS})
def sent_to_me(request: HttpRequest, page: Query[FeedbackPageIn]) -> object:
    """For a clinical lead: what clients sent them instead of their care team, waiting first, then the newest."""
    actor = request_user(request)
    if not found.is_lead_anywhere(actor):
        raise Http404
    rows = list(found.lead_rows(actor)[page.offset:page.offset + page.limit])
    found.lead_seen(actor, rows, via="api")
    return [{**_out(f), "client": f.engagement.client, "practice": f.engagement.practice.name} for f in rows]
