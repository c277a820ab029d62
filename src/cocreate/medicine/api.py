"""The medicine session through the API: the record, beginning it, batches of timeline entries (each with the page's
own id, so a resend is stored once), the end, the release, and the client's recollections."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from cocreate.access import services as access_services
from cocreate.access.policy import EngagementAccess, NotAllowed
from cocreate.accounts.current import request_user
from cocreate.care import selectors as care_selectors
from cocreate.medicine import selectors, services
from cocreate.medicine.describe import describe
from cocreate.medicine.models import MedicineRecord
from cocreate.medicine.schemas import (
    EndIn,
    EntriesIn,
    EntriesOut,
    ErrorOut,
    RecollectionIn,
    RecollectionOut,
    RecordOut,
    ReleaseIn,
)

router = Router(tags=["medicine"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
GUARDED: dict[int, type[ErrorOut]] = {**ERRORS, 409: ErrorOut}
PATH = "/engagements/{engagement_id}/sessions/{session_id}/medicine"


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _out(access: EngagementAccess, record: MedicineRecord) -> dict[str, object]:
    timeline = selectors.timeline(record)
    return {
        "id": record.pk, "session_id": record.session_id, "pack": record.pack, "started_at": record.started_at,
        "ended_at": record.ended_at, "early_reason": record.early_reason, "released_at": record.released_at,
        "release": record.release, "present": selectors.present(record),
        "minimum_minutes": services.minimum_minutes(record)[0],
        "entries": [{"id": e.pk, "uid": e.uid, "kind": e.kind, "at": e.at,
                     "author": {"id": e.author_id, "name": e.author_name}, "data": e.data,
                     "text": describe(e.kind, e.data), "corrects": e.corrects_id, "recollections": e.recollections}
                    for e in timeline.entries],
    }


@router.get(PATH, response={200: RecordOut, **ERRORS})
def record(request: HttpRequest, engagement_id: int, session_id: int) -> object:
    """The record of a medicine session. The client reads it once the session has ended (or live, if they asked)."""
    access = _access(request, engagement_id)
    found = selectors.record_or_404(access, session_id)
    if not selectors.readable(access, found):
        raise NotAllowed(_("You can read the record once the session has ended, or ask to see it as it is written."))
    access_services.access_record(actor=request_user(request), access=access, what="medicine session", via="api")
    return _out(access, found)


@router.post(PATH + "/start", response={201: RecordOut, **GUARDED})
def start(request: HttpRequest, engagement_id: int, session_id: int) -> Status[object]:
    """Begin the session: 409 gate_closed, with each unmet requirement and its source, until the protocol allows."""
    access = _access(request, engagement_id)
    found = services.medicine_start(actor=request_user(request), access=access,
                                    session=selectors.medicine_session(access, session_id))
    return Status(201, _out(access, found))


@router.post(PATH + "/entries", response={200: EntriesOut, **ERRORS})
def entries(request: HttpRequest, engagement_id: int, session_id: int, payload: EntriesIn) -> object:
    """Add entries in order. Each answers added, already (a resend) or refused with the reason."""
    access = _access(request, engagement_id)
    found = selectors.record_or_404(access, session_id)
    return {"results": services.entries_add(actor=request_user(request), access=access, record=found,
                                            entries=[e.model_dump(mode="json") for e in payload.entries])}


@router.post(PATH + "/end", response={200: RecordOut, **ERRORS})
def end(request: HttpRequest, engagement_id: int, session_id: int, payload: EndIn) -> object:
    access = _access(request, engagement_id)
    found = services.medicine_end(actor=request_user(request), access=access,
                                  record=selectors.record_or_404(access, session_id), early_reason=payload.early_reason)
    return _out(access, found)


@router.post(PATH + "/release", response={200: RecordOut, **ERRORS})
def release(request: HttpRequest, engagement_id: int, session_id: int, payload: ReleaseIn) -> object:
    access = _access(request, engagement_id)
    found = services.medicine_release(actor=request_user(request), access=access,
                                      record=selectors.record_or_404(access, session_id), checks=list(payload.checks),
                                      transport=payload.transport, deviation=payload.deviation)
    return _out(access, found)


@router.post(PATH + "/entries/{entry_id}/recollections", response={201: RecollectionOut, **ERRORS})
def recollect(request: HttpRequest, engagement_id: int, session_id: int, entry_id: int,
              payload: RecollectionIn) -> Status[object]:
    access = _access(request, engagement_id)
    found = selectors.record_or_404(access, session_id)
    return Status(201, services.recollection_add(actor=request_user(request), access=access,
                                                 entry=selectors.entry_in(found, entry_id), body=payload.body))
