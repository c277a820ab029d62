"""The journal through the API: its entries (the client's all, anyone else's only what the client shares), a new
entry with its files (multipart), sharing and un-sharing, deleting, and each file, served through the access
policy."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care import selectors as care_selectors
from cocreate.integration import files as stored_files
from cocreate.integration import journal
from cocreate.integration.models import JournalEntry
from cocreate.integration.selectors import seen
from cocreate.schemas import In

router = Router(tags=["integration"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/integration/journal"


class JournalFileOut(Schema):
    uid: uuid.UUID
    kind: str = Field(description="image or audio")
    content_type: str = Field(description="As checked from the content when it came in, not as it was claimed.")
    size: int
    name: str = Field(description="The client's name for it, without any path; shown only, never used to store.")
    download_url: str


class JournalEntryOut(Schema):
    id: int
    on: date
    text: str = Field(description="Empty once deleted.")
    shared: bool
    shared_at: datetime | None
    deleted: bool = Field(description="Deleted by the client: its words and files are gone.")
    deleted_at: datetime | None
    created: datetime
    changed: datetime
    files: list[JournalFileOut]


class JournalEntriesOut(Schema):
    count: int
    entries: list[JournalEntryOut]


class JournalPageIn(In):
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(50, ge=1, le=200)


class JournalShareIn(In):
    shared: bool = Field(description="true to share with the care team; false to stop sharing.")


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _out(access: EngagementAccess, entry: JournalEntry) -> dict[str, object]:
    return {
        "id": entry.pk, "on": entry.on, "text": entry.text, "shared": entry.is_shared, "shared_at": entry.shared_at,
        "deleted": entry.deleted_at is not None, "deleted_at": entry.deleted_at, "created": entry.created,
        "changed": entry.changed,
        "files": [{"uid": f.uid, "kind": f.kind, "content_type": f.content_type, "size": f.size, "name": f.name,
                   "download_url": reverse("api:integration_journal_file_api",
                                           kwargs={"engagement_id": access.engagement.pk, "file_uid": f.uid})}
                  for f in entry.files.all()],
    }


@router.get(PATH, response={200: JournalEntriesOut, **ERRORS})
def entries(request: HttpRequest, engagement_id: int, page: Query[JournalPageIn]) -> object:
    """The journal entries this person may read, newest first: for the client all of theirs; for anyone else
    those the client shares (a deleted one stays, without its words, as deleted by the client)."""
    access = _access(request, engagement_id)
    count, found = journal.journal_entries(access, offset=page.offset, limit=page.limit)
    seen(request_user(request), access, "journal", via="api")
    return {"count": count, "entries": [_out(access, e) for e in found]}


@router.post(PATH, response={201: JournalEntryOut, **ERRORS})
def create(request: HttpRequest, engagement_id: int, text: Form[str] = "", on: Form[date | None] = None,
           share: Form[bool] = False, files: File[list[UploadedFile]] = None) -> Status[object]:  # type: ignore[assignment]
    """A new entry (multipart/form-data): `text`, `on` (the day it is about; today by default), `share`, and
    `files` repeated for each picture or sound. Each file is checked by its content; a refused one answers 400
    with its reason under `errors.files`, and nothing is kept."""
    access = _access(request, engagement_id)
    entry = journal.journal_add(actor=request_user(request), access=access, text=text, on=on,
                                uploads=list(files or []), share=share)
    return Status(201, _out(access, journal.journal_entry(access, entry.pk)))


@router.get(PATH + "/{entry_id}", response={200: JournalEntryOut, **ERRORS})
def entry(request: HttpRequest, engagement_id: int, entry_id: int) -> object:
    access = _access(request, engagement_id)
    found = journal.journal_entry(access, entry_id)
    seen(request_user(request), access, "journal", via="api")
    return _out(access, found)


@router.post(PATH + "/{entry_id}/share", response={200: JournalEntryOut, **ERRORS})
def share(request: HttpRequest, engagement_id: int, entry_id: int, payload: JournalShareIn) -> object:
    """Share the entry with the care team, or stop: they then no longer see it or its files."""
    access = _access(request, engagement_id)
    found = journal.journal_share(actor=request_user(request), access=access,
                                  entry=journal.journal_entry(access, entry_id), shared=payload.shared)
    return _out(access, journal.journal_entry(access, found.pk))


@router.delete(PATH + "/{entry_id}", response={200: JournalEntryOut, **ERRORS})
def delete(request: HttpRequest, engagement_id: int, entry_id: int) -> object:
    """Delete the entry: its words and files go for good; the entry stays as deleted by the client."""
    access = _access(request, engagement_id)
    found = journal.journal_delete(actor=request_user(request), access=access,
                                   entry=journal.journal_entry(access, entry_id))
    return _out(access, journal.journal_entry(access, found.pk))


@router.get(PATH + "/files/{file_uid}", response={200: None, **ERRORS}, url_name="integration_journal_file_api")
def download(request: HttpRequest, engagement_id: int, file_uid: uuid.UUID) -> HttpResponseBase:
    """The file itself, with its checked content type (byte ranges answered): the client's always; anyone else's
    only while its entry is shared."""
    access = _access(request, engagement_id)
    found = journal.journal_file(access, file_uid)
    seen(request_user(request), access, "journal file", via="api")
    return stored_files.serve(request, found)
