"""API endpoints of the client's whole record: the client's own archive (one engagement, or all of theirs), and a
care team's export for a transfer. Mounted by interop's router."""

from __future__ import annotations

from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care.selectors import engagement_for
from cocreate.interop import selectors, services
from cocreate.interop.archive_views import download

router = Router(tags=["record"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
FORM_HELP = ("zip: the PDF, JSON and FHIR Bundle with the journal's files; fhir: a FHIR R4 Bundle (collection); "
             "json: readable JSON; pdf: to read and print.")


class ArchiveFormQuery(Schema):
    format: Literal["zip", "fhir", "json", "pdf"] = Field("zip", description=FORM_HELP)


FILE = {200: None, **ERRORS}


@router.get("/me/archive", response=FILE)
def archive_mine(request: HttpRequest, query: Query[ArchiveFormQuery]) -> FileResponse:
    """Everything about the caller in all their engagements as a client. Their own read: no access event."""
    return download(selectors.own_archive(request_user(request), None), query.format)


@router.get("/engagements/{engagement_id}/archive", response=FILE)
def archive_engagement(request: HttpRequest, engagement_id: int, query: Query[ArchiveFormQuery]) -> FileResponse:
    """The client's own archive of one engagement; the care team is answered 403 (they export for a transfer)."""
    return download(selectors.own_archive(request_user(request), engagement_id), query.format)


@router.post("/engagements/{engagement_id}/archive/transfer", response=FILE)
def archive_transfer(request: HttpRequest, engagement_id: int, query: Query[ArchiveFormQuery]) -> FileResponse:
    """A care-team member's export for a transfer: only what the client chose to share on accepting it. The client
    sees it in their access log ("whole record export") and is told in their inbox."""
    user = request_user(request)
    access = engagement_for(user, engagement_id, what=None, via="api")
    return download(services.archive_transfer_export(actor=user, access=access, via="api"), query.format)
