"""Looking back through the API: the timeline of a tracker's entries as points, the worksheet PDF (blank or filled)
and the client's zip of all their integration material.

A tracker that is not a number, or not of this engagement, is not found (404). An entry chosen for the worksheet
that is not a number, not the client's, or deleted is refused with 400 and `errors.entry`: the client named it, so
they are told, rather than handed a sheet missing it.
"""

from __future__ import annotations

from datetime import date

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care import selectors as care_selectors
from cocreate.integration import archive, lookback, worksheet
from cocreate.integration.lookback_views import WHAT, pdf_response, zip_response
from cocreate.integration.models import Tracker
from cocreate.integration.selectors import seen

router = Router(tags=["integration"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/integration"


class TimelinePointOut(Schema):
    id: int
    day: int
    on: date
    domains: list[str]
    shared: bool
    deleted: bool
    text: str | None  # the words, for the client and (of shared entries) the care team; null once deleted


class TimelineTrackerOut(Schema):
    id: int
    session_id: int
    began_on: date
    days: list[int]


class TimelineOut(Schema):
    tracker: TimelineTrackerOut | None
    trackers: list[TimelineTrackerOut]
    points: list[TimelinePointOut]


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _tracker(t: Tracker) -> dict[str, object]:
    return {"id": t.pk, "session_id": t.session_id, "began_on": t.began_on, "days": t.days}


@router.get(PATH + "/timeline", response={200: TimelineOut, **ERRORS})
def timeline(request: HttpRequest, engagement_id: int, tracker: str | None = None) -> object:
    """The entries of a tracker (`?tracker=<id>`, default the latest) by day since the session: the client's all,
    the care team's the shared ones (each such read is an access event the client sees)."""
    access = _access(request, engagement_id)
    look = lookback.look_back(access, tracker)
    seen(request_user(request), access, WHAT, via="api")
    return {"tracker": _tracker(look.tracker) if look.tracker else None,
            "trackers": [_tracker(t) for t in look.trackers],
            "points": [{"id": p.pk, "day": p.day, "on": p.on, "domains": list(p.domains), "shared": p.shared,
                        "deleted": p.deleted, "text": p.text} for p in look.points]}


@router.get(PATH + "/worksheet.pdf", response={200: None, **ERRORS},
            openapi_extra={"responses": {200: {"description": "The worksheet",
                                               "content": {"application/pdf": {}}}}})
def worksheet_pdf(request: HttpRequest, engagement_id: int, blank: bool = False, tracker: str | None = None,
                  entry: list[str] = Query(default=[])) -> HttpResponse:  # noqa: B008 - ninja's way to read a list
    """`?blank=true`: the blank sheet (anyone on the engagement). Otherwise the client's filled sheet of the
    entries named by `?entry=<id>&entry=<id>` (all of theirs not deleted, when none is named)."""
    access = _access(request, engagement_id)
    if blank:
        return pdf_response(worksheet.blank_pdf(lookback.look_back(access, tracker).tracker), "worksheet-blank.pdf")
    return pdf_response(worksheet.filled_pdf(worksheet.chosen(access, entry)), "worksheet.pdf")


@router.get(PATH + "/download.zip", response={200: None, **ERRORS},
            openapi_extra={"responses": {200: {"description": "All of the client's integration material",
                                               "content": {"application/zip": {}}}}})
def download(request: HttpRequest, engagement_id: int) -> FileResponse:
    """The client's zip (404 for anyone else): JSON of every part, a CSV of the entries, the journal's files and
    the filled worksheet."""
    return zip_response(archive.archive(_access(request, engagement_id)))

