"""API shapes of the medicine app."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from cocreate.accounts.schemas import ErrorOut  # noqa: F401  (re-exported for the router)
from cocreate.care.schemas import PersonOut
from cocreate.schemas import In


class EntryIn(In):
    uid: str = Field(max_length=36, description="Made by the page (a UUID): a resend with the same uid is stored once.")
    kind: Literal["dose", "words", "emotion", "helped", "music", "vitals", "touch", "note", "adverse"]
    at: datetime = Field(description="When it happened, with its time zone; not in the future, not before the start.")
    data: dict[str, Any] = Field(description="The entry's fields, by kind (see docs/medicine.md).")
    corrects: int | None = Field(default=None, ge=1, le=2_147_483_647, description="The id of the entry it corrects.")


class EntriesIn(In):
    entries: list[EntryIn] = Field(max_length=200, description="In the order they were made.")


class EntryResultOut(Schema):
    uid: str
    status: Literal["added", "already", "refused"]
    id: int | None = None
    reason: str | None = None


class EntriesOut(Schema):
    results: list[EntryResultOut]


class RecollectionOut(Schema):
    id: int
    author: PersonOut
    body: str
    created: datetime


class EntryOut(Schema):
    id: int
    uid: str
    kind: str
    at: datetime
    author: PersonOut
    data: dict[str, Any]
    text: str
    corrects: int | None
    recollections: list[RecollectionOut]


class RecordOut(Schema):
    id: int
    session_id: int
    pack: str
    started_at: datetime
    ended_at: datetime | None
    early_reason: str
    released_at: datetime | None
    release: dict[str, Any]
    present: list[str]
    minimum_minutes: int | None
    entries: list[EntryOut]


class EndIn(In):
    early_reason: str = Field(default="", max_length=2000)


class ReleaseIn(In):
    checks: list[Literal["oriented", "vitals", "belongings", "next_day"]] = Field(max_length=10)
    transport: Literal["as_agreed", "deviation"]
    deviation: str = Field(default="", max_length=2000)


class RecollectionIn(In):
    body: str = Field(max_length=4000)
