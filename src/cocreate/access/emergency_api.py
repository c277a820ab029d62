"""Emergency access through the API: a clinical lead opens an engagement they are not on with a reason and ends it;
the practice's leads and admins list every use and leads record reviews. The same services as the web pages."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, P, QueryEx, Router, Schema, Status

from cocreate.access import emergency
from cocreate.access.models import EmergencyAccess, EmergencyAccessReview
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.schemas import DB_INT_MAX, In

router = Router(tags=["emergency access"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class EmergencyAccessIn(In):
    reason: str = Field(max_length=emergency.TEXT_MAX,
                        description="Why the record must be opened now. The client and the care team read it.")


class EmergencyReviewIn(In):
    comment: str = Field(max_length=emergency.TEXT_MAX)


class EmergencyAccessOut(Schema):
    id: int
    engagement_id: int
    reason: str
    started: datetime
    expires_at: datetime
    ended_at: datetime | None


class EmergencyReviewOut(Schema):
    id: int
    reviewer: str
    comment: str
    at: datetime


class EmergencyReviewRowOut(Schema):
    id: int
    lead: str
    engagement_ref: str
    reason: str
    started: datetime
    expires_at: datetime
    ended_at: datetime | None
    open: bool
    minutes: int
    reads: int
    reviews: list[EmergencyReviewOut]


def _grant_out(grant: EmergencyAccess) -> dict[str, object]:
    end = getattr(grant, "end", None)
    return {"id": grant.pk, "engagement_id": grant.engagement_id, "reason": grant.reason, "started": grant.started,
            "expires_at": grant.expires_at, "ended_at": end.at if end is not None else None}


def _review_out(review: EmergencyAccessReview) -> dict[str, object]:
    return {"id": review.pk, "reviewer": review.reviewer.name, "comment": review.comment, "at": review.at}


@router.post("/engagements/{engagement_id}/emergency-access", response={201: EmergencyAccessOut, **ERRORS})
def emergency_access_open(request: HttpRequest, engagement_id: int, payload: EmergencyAccessIn) -> Status[object]:
    """Open an engagement you are not on, as a clinical lead of its practice, for `EMERGENCY_ACCESS_MINUTES`; then
    read it through the engagement's own endpoints (each read recorded with basis "emergency" and the reason).
    404 for anyone else; once it has ended, reads answer 404 with "code": "emergency_ended"."""
    user = request_user(request)
    engagement = emergency.target_for(user, engagement_id)
    grant = emergency.emergency_access_open(actor=user, engagement=engagement, reason=payload.reason, via="api")
    return Status(201, _grant_out(grant))


@router.post("/engagements/{engagement_id}/emergency-access/end", response={200: EmergencyAccessOut, **ERRORS})
def emergency_access_end(request: HttpRequest, engagement_id: int) -> object:
    """End your open emergency access to the engagement now (404 when none is open)."""
    return _grant_out(emergency.emergency_access_end(actor=request_user(request), engagement_id=engagement_id))


@router.get("/practices/{practice_id}/emergency-access", response={200: list[EmergencyReviewRowOut], **ERRORS})
def emergency_access_list(
    request: HttpRequest, practice_id: int,
    offset: QueryEx[int, P(ge=0, le=DB_INT_MAX, description="How many of the newest to skip.")] = 0,
    limit: QueryEx[int, P(ge=1, le=500, description="How many at most (1 to 500).")] = 100,
) -> object:
    """Every emergency access of the practice, newest first, for its clinical leads and admins: the engagement by
    its reference, not the client's name."""
    practice = emergency.review_practice(request_user(request), practice_id)
    rows, _total = emergency.review_list(practice, offset=offset, limit=limit)
    return [{**_grant_out(r.grant), "lead": r.grant.lead.name, "engagement_ref": r.reference, "open": r.open,
             "minutes": r.minutes, "reads": r.reads, "reviews": [_review_out(v) for v in r.reviews]} for r in rows]


@router.post("/practices/{practice_id}/emergency-access/{grant_id}/reviews",
             response={201: EmergencyReviewOut, **ERRORS})
def emergency_access_review(request: HttpRequest, practice_id: int, grant_id: int,
                            payload: EmergencyReviewIn) -> Status[object]:
    """A clinical lead's review of another lead's emergency access (added, never changed)."""
    user = request_user(request)
    grant = emergency.grant_in(emergency.lead_practice(user, practice_id), grant_id)
    review = emergency.emergency_access_review(actor=user, grant=grant, comment=payload.comment)
    return Status(201, _review_out(review))
