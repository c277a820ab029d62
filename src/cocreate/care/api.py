"""API endpoints for engagements, care team, phases, sessions, notes and access events."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Status

from cocreate.access.policy import Action, NotAllowed, require
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.accounts.selectors import practice_for
from cocreate.care import selectors, services
from cocreate.care.models import Engagement
from cocreate.care.schemas import (
    AccessEventOut,
    CancelIn,
    CareTeamIn,
    CareTeamOut,
    EngagementIn,
    EngagementOut,
    NoteIn,
    NoteOut,
    SessionChangeIn,
    SessionIn,
    SessionOut,
    TransitionIn,
    TransitionOut,
    WaitingOut,
)
from cocreate.compose.panels import CASELOAD, CaseloadPage
from cocreate.schemas import DB_INT_MAX
from cocreate.web.keyset import DEFAULT_LIMIT, After, Limit, link_next

router = Router(tags=["care"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# A change the engagement's protocol refuses: 409 with code "gate_closed" and the unmet requirements.
GUARDED: dict[int, type[ErrorOut]] = {**ERRORS, 409: ErrorOut}
PATH = "/engagements/{engagement_id}"



def _access(request: HttpRequest, engagement_id: int, what: str | None) -> selectors.EngagementAccess:
    """Resolve through the access policy; `what` is recorded as a read, None for writes."""
    return selectors.engagement_for(request_user(request), engagement_id, what=what, via="api")


def _out(engagement: Engagement, relation: str | None = None) -> dict[str, object]:
    return {
        "id": engagement.pk, "practice_id": engagement.practice_id, "client": engagement.client,
        "kind": engagement.kind, "phase": engagement.phase, "title": engagement.title,
        "created": engagement.created, "next_session_at": getattr(engagement, "next_session_at", None),
        "relation": relation,
    }


@router.get("/engagements", response={200: list[EngagementOut], **ERRORS})
def engagement_list(request: HttpRequest, response: HttpResponse, limit: Limit = DEFAULT_LIMIT,
                    after: After = None) -> object:
    """Engagements on the caller's caseload by client name, then the caller's own engagements as a client, newest
    first. When there are more than `limit`, the `Link` header's `rel="next"` gives the next page."""
    window = selectors.ENGAGEMENTS.window(limit=limit, after=after)
    user = request_user(request)
    page = selectors.engagements_page(user, window, via="api")
    extras = CASELOAD.as_json(CaseloadPage(actor=user, engagements=page.caseload))
    rows = [{**_out(e, "care_team"), "caseload": extras[e.pk]} for e in page.caseload]
    rows += [_out(e, "client") for e in page.own]
    link_next(request, response, page.next)
    return rows


@router.post("/engagements", response={201: EngagementOut, **ERRORS})
def engagement_create(request: HttpRequest, payload: EngagementIn) -> Status[object]:
    user = request_user(request)
    practice = practice_for(user, payload.practice_id)
    engagement = services.engagement_create(
        actor=user, practice=practice, client_id=payload.client_id, kind=payload.kind, title=payload.title
    )
    return Status(201, _out(engagement, "care_team"))


@router.get(PATH, response={200: EngagementOut, **ERRORS})
def engagement_detail(request: HttpRequest, engagement_id: int) -> object:
    access = _access(request, engagement_id, "engagement")
    return _out(access.engagement, access.relation.value)


@router.get(PATH + "/care-team", response={200: list[CareTeamOut], **ERRORS})
def care_team_list(request: HttpRequest, engagement_id: int) -> object:
    return selectors.care_team(_access(request, engagement_id, "care team").engagement)


@router.post(PATH + "/care-team", response={201: list[CareTeamOut], **ERRORS}, deprecated=True)
def care_team_add(request: HttpRequest, engagement_id: int, payload: CareTeamIn) -> Status[object]:
    """Refused (403, `not_allowed`): a colleague joins a client's care team when the client accepts. Propose them
    with `POST /engagements/{engagement_id}/relationship/team/proposals`; emergency cover, which needs nobody's
    acceptance but is time-limited and shown to the client, is `POST …/relationship/team/cover`."""
    access = _access(request, engagement_id, None)
    require(access, Action.MANAGE_TEAM)
    raise NotAllowed(_("A colleague joins the care team when the client accepts: propose them instead "
                       "(POST …/relationship/team/proposals)."))


@router.delete(PATH + "/care-team/{facilitator_id}", response={204: None, **ERRORS})
def care_team_remove(request: HttpRequest, engagement_id: int, facilitator_id: int) -> Status[None]:
    access = _access(request, engagement_id, None)
    services.care_team_remove(actor=request_user(request), access=access, facilitator_id=facilitator_id)
    return Status(204, None)


@router.get(PATH + "/transitions", response={200: list[TransitionOut], **ERRORS})
def transition_list(request: HttpRequest, engagement_id: int) -> object:
    return selectors.transitions(_access(request, engagement_id, "phase history").engagement)


@router.post(PATH + "/transitions", response={201: TransitionOut, **GUARDED})
def transition_create(request: HttpRequest, engagement_id: int, payload: TransitionIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    transition = services.phase_transition(
        actor=request_user(request), access=access, to_phase=payload.to_phase, reason=payload.reason
    )
    return Status(201, transition)


@router.get(PATH + "/sessions", response={200: list[SessionOut], **ERRORS})
def session_list(request: HttpRequest, engagement_id: int) -> object:
    return selectors.sessions(_access(request, engagement_id, "sessions").engagement)


@router.post(PATH + "/sessions", response={201: SessionOut, **GUARDED})
def session_create(request: HttpRequest, engagement_id: int, payload: SessionIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    session = services.session_schedule(
        actor=request_user(request), access=access, kind=payload.kind, starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes, location=payload.location,
        planned_dose_mg=payload.planned_dose_mg,
    )
    return Status(201, session)


@router.patch(PATH + "/sessions/{session_id}", response={200: SessionOut, **GUARDED})
def session_reschedule(
    request: HttpRequest, engagement_id: int, session_id: int, payload: SessionChangeIn
) -> object:
    access = _access(request, engagement_id, None)
    return services.session_reschedule(
        actor=request_user(request), access=access, session=selectors.session_in(access, session_id),
        starts_at=payload.starts_at, duration_minutes=payload.duration_minutes, location=payload.location,
        reason=payload.reason, planned_dose_mg=payload.planned_dose_mg,
    )


@router.post(PATH + "/sessions/{session_id}/cancel", response={200: SessionOut, **ERRORS})
def session_cancel(request: HttpRequest, engagement_id: int, session_id: int, payload: CancelIn) -> object:
    access = _access(request, engagement_id, None)
    return services.session_cancel(
        actor=request_user(request), access=access, session=selectors.session_in(access, session_id),
        reason=payload.reason,
    )


@router.post(PATH + "/sessions/{session_id}/postpone", response={200: SessionOut, **ERRORS})
def session_postpone(request: HttpRequest, engagement_id: int, session_id: int) -> object:
    """The client postpones a session. No reason is asked; the care team is told."""
    access = _access(request, engagement_id, None)
    return services.session_postpone(
        actor=request_user(request), access=access, session=selectors.session_in(access, session_id)
    )


@router.post(PATH + "/sessions/{session_id}/held", response={200: SessionOut, **ERRORS})
def session_complete(request: HttpRequest, engagement_id: int, session_id: int) -> object:
    """Record that a session was held (it has begun and was not cancelled)."""
    access = _access(request, engagement_id, None)
    return services.session_complete(
        actor=request_user(request), access=access, session=selectors.session_in(access, session_id)
    )


@router.get("/me/waiting", response={200: list[WaitingOut], **ERRORS})
def waiting_list(request: HttpRequest) -> object:
    """What waits for the caller, oldest first: decisions, questionnaires, questions, flags, sessions."""
    return selectors.waiting_for(request_user(request), via="api")


@router.get(PATH + "/shared-notes", response={200: list[NoteOut], **ERRORS})
def shared_note_list(request: HttpRequest, engagement_id: int, response: HttpResponse, limit: Limit = DEFAULT_LIMIT,
                     after: After = None) -> object:
    """The shared notes, oldest first; the `Link` header's `rel="next"` gives the next page."""
    window = selectors.SHARED_NOTES.window(limit=limit, after=after)
    notes, following = selectors.shared_notes_page(_access(request, engagement_id, "shared notes").engagement,
                                                   window)
    link_next(request, response, following)
    return notes


@router.post(PATH + "/shared-notes", response={201: NoteOut, **ERRORS})
def shared_note_create(request: HttpRequest, engagement_id: int, payload: NoteIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    note = services.shared_note_create(actor=request_user(request), access=access, body=payload.body)
    return Status(201, note)


@router.get(PATH + "/private-notes", response={200: list[NoteOut], **ERRORS})
def private_note_list(request: HttpRequest, engagement_id: int) -> object:
    """The caller's own private notes on this engagement; nobody else's, ever."""
    # Recorded as a look at the record, so the client's log does not reveal that private notes exist.
    access = _access(request, engagement_id, "engagement record")
    return selectors.private_notes(access, request_user(request))


@router.post(PATH + "/private-notes", response={201: NoteOut, **ERRORS})
def private_note_create(request: HttpRequest, engagement_id: int, payload: NoteIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    note = services.private_note_create(actor=request_user(request), access=access, body=payload.body)
    return Status(201, note)


@router.get(PATH + "/access-events", response={200: list[AccessEventOut], **ERRORS})
def access_event_list(
    request: HttpRequest, engagement_id: int, response: HttpResponse,
    offset: QueryEx[int, P(ge=0, le=DB_INT_MAX, description=(
        "How many of the newest to skip (the older way of paging: follow the Link header instead)."))] = 0,
    limit: QueryEx[int, P(ge=1, le=500, description="How many at most (1 to 500).")] = 100,
    after: After = None,
) -> object:
    """Who has read the record (the client), newest first, every read on its own: page through the whole history
    by following the `Link` header's `rel="next"`."""
    if offset and after is not None:
        raise ValidationError({"offset": [_("Give either offset or after, not both.")]})
    window = selectors.ACCESS_EVENTS.window(limit=limit, after=after)
    events, following = selectors.access_events_page(_access(request, engagement_id, "access log"), window,
                                                     offset=offset)
    link_next(request, response, following)
    return events
