"""Endings through the API: the client ends the work at once or asks to, the care team proposes, the other side
agrees or declines, a referral is recorded. The care team's proposals are in `endings_team_api`, mounted here."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.alliance import endings
from cocreate.alliance.endings_schemas import (
    EndingAgreeIn,
    EndingDeclineIn,
    EndingNowIn,
    EndingOut,
    EndingProposeIn,
    ErrorOut,
    ReferralIn,
)
from cocreate.alliance.endings_team_api import router as team_router
from cocreate.alliance.models import Ending
from cocreate.care import selectors as care_selectors

router = Router(tags=["relationship"])
router.add_router("", team_router)
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/relationship/endings"


def _access(request: HttpRequest, engagement_id: int, what: str | None = None) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=what, via="api")


def _out(ending: Ending) -> dict[str, object]:
    return {"id": ending.pk, "proposed_by": ending.proposed_by, "by_client": endings.by_client(ending),
            "state": ending.state, "reasons": ending.reasons, "team_note": ending.team_note,
            "referral_to": ending.referral_to, "created": ending.created, "decided_at": ending.decided_at,
            "decided_by": ending.decided_by}


@router.get(PATH, response={200: list[EndingOut], **ERRORS})
def ending_list(request: HttpRequest, engagement_id: int) -> object:
    """The engagement's endings, newest first: at most one waits for an answer; an agreed one ended the work."""
    access = _access(request, engagement_id, "ending")
    return [_out(e) for e in endings.endings_of(access.engagement).rows]


@router.post(PATH, response={201: EndingOut, **ERRORS})
def ending_propose(request: HttpRequest, engagement_id: int, payload: EndingProposeIn) -> Status[object]:
    """The client asks to end (reasons optional), or the care team proposes ending (a note required). Nothing
    closes until the other side agrees."""
    access = _access(request, engagement_id)
    ending = endings.ending_propose(actor=request_user(request), access=access, reasons=payload.reasons,
                                    note=payload.note, referral_to=payload.referral_to)
    return Status(201, _out(ending))


@router.post(PATH + "/now", response={201: EndingOut, **ERRORS})
def ending_now(request: HttpRequest, engagement_id: int, payload: EndingNowIn) -> Status[object]:
    """The client ends the work at once: the engagement closes, its record stays to be read, the care team is
    told. No reason is required. Only the client (403 for anyone else)."""
    access = _access(request, engagement_id)
    ending = endings.ending_now(actor=request_user(request), access=access, reasons=payload.reasons,
                                referral_to=payload.referral_to)
    return Status(201, _out(ending))


@router.post(PATH + "/referral", response={200: EndingOut, **ERRORS})
def referral_record(request: HttpRequest, engagement_id: int, payload: ReferralIn) -> object:
    """Where the client is referred on to, kept with the ending (also once the engagement has closed)."""
    access = _access(request, engagement_id)
    return _out(endings.referral_record(actor=request_user(request), access=access, referral_to=payload.referral_to))


@router.post(PATH + "/{ending_id}/agree", response={200: EndingOut, **ERRORS})
def ending_agree(request: HttpRequest, engagement_id: int, ending_id: int, payload: EndingAgreeIn) -> object:
    """The other side agrees, and the engagement closes."""
    access = _access(request, engagement_id)
    return _out(endings.ending_agree(actor=request_user(request), access=access,
                                     ending=endings.ending_in(access, ending_id), reasons=payload.reasons))


@router.post(PATH + "/{ending_id}/decline", response={200: EndingOut, **ERRORS})
def ending_decline(request: HttpRequest, engagement_id: int, ending_id: int, payload: EndingDeclineIn) -> object:
    """The other side says not now: the client without a reason, the care team with a note."""
    access = _access(request, engagement_id)
    return _out(endings.ending_decline(actor=request_user(request), access=access,
                                       ending=endings.ending_in(access, ending_id), note=payload.note))


@router.post(PATH + "/{ending_id}/withdraw", response={200: EndingOut, **ERRORS})
def ending_withdraw(request: HttpRequest, engagement_id: int, ending_id: int) -> object:
    """The side that proposed takes it back while it waits."""
    access = _access(request, engagement_id)
    return _out(endings.ending_withdraw(actor=request_user(request), access=access,
                                        ending=endings.ending_in(access, ending_id)))
