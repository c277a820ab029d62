"""API endpoints of retention: a practice's staff read how long records are kept; its admins set it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice
from cocreate.accounts.schemas import ErrorOut
from cocreate.audit import selectors, services
from cocreate.audit.schemas import RetentionIn, RetentionOut

router = Router(tags=["retention"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _out(practice: Practice) -> dict[str, object]:
    current = selectors.retention_of(practice)
    return {"practice_id": practice.pk, "years": current.years, "chosen": current.chosen,
            "changed": current.changed, "removed": current.removed}


@router.get("/practices/{practice_id}/retention", response={200: RetentionOut, **ERRORS})
def retention_get(request: HttpRequest, practice_id: int) -> object:
    """How long the practice keeps a closed engagement's record: for its facilitators and admins."""
    return _out(account_selectors.practice_for(request_user(request), practice_id))


@router.put("/practices/{practice_id}/retention", response={200: RetentionOut, **ERRORS})
def retention_set(request: HttpRequest, practice_id: int, payload: RetentionIn) -> object:
    """Set how long closed engagements' records are kept: its admins only (403 for its facilitators)."""
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    services.retention_policy_set(actor=user, practice=practice, years=payload.years)
    return _out(practice)
