"""API shapes of the care app."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from cocreate.care.models import NOTE_MAX_LENGTH
from cocreate.schemas import In


class PersonOut(Schema):
    id: int
    name: str


class EngagementIn(In):
    practice_id: int
    client_id: int
    kind: str = Field(max_length=30)
    title: str = Field(default="", max_length=200)


class EngagementOut(Schema):
    id: int
    practice_id: int
    client: PersonOut
    kind: str
    phase: str
    title: str
    created: datetime
    next_session_at: datetime | None = None
    relation: str | None = None
    caseload: dict[str, Any] = Field(default_factory=dict, description=(
        "On the caller's caseload only: what each app adds to the row, by name. `flags` (measures): "
        "`unresolved`, each unresolved risk, deterioration or alliance flag (id, kind, instrument, reason, created), "
        "and `overdue_questionnaires`, a count."))


class CareTeamIn(In):
    facilitator_id: int


class CareTeamOut(Schema):
    facilitator: PersonOut
    added_at: datetime


class TransitionIn(In):
    to_phase: str = Field(max_length=20)
    reason: str = Field(default="", max_length=2000)


class TransitionOut(Schema):
    id: int
    from_phase: str
    to_phase: str
    actor: PersonOut
    reason: str
    at: datetime


class SessionIn(In):
    kind: str = Field(max_length=20)
    starts_at: datetime
    duration_minutes: int = Field(ge=5, le=24 * 60)
    location: str = Field(default="", max_length=500)
    planned_dose_mg: Decimal | None = Field(default=None, gt=0, lt=10000, decimal_places=2, description=(
        "A medicine session's planned dose in mg; some protocols set the minimum length by it."))


class SessionChangeIn(In):
    starts_at: datetime
    duration_minutes: int = Field(ge=5, le=24 * 60)
    location: str = Field(default="", max_length=500)
    reason: str = Field(default="", max_length=2000)
    planned_dose_mg: Decimal | None = Field(default=None, gt=0, lt=10000, decimal_places=2, description=(
        "A medicine session's planned dose in mg; some protocols set the minimum length by it."))


class CancelIn(In):
    reason: str = Field(max_length=2000)


class SessionOut(Schema):
    id: int
    kind: str
    starts_at: datetime
    duration_minutes: int
    location: str
    planned_dose_mg: Decimal | None
    status: str
    cancel_reason: str


class NoteIn(In):
    body: str = Field(max_length=NOTE_MAX_LENGTH)


class NoteOut(Schema):
    id: int
    author: PersonOut
    body: str
    created: datetime


class AccessEventOut(Schema):
    id: int
    actor: PersonOut
    what: str
    basis: str
    reason: str
    via: str
    at: datetime


class WaitingOut(Schema):
    kind: str = Field(description='What it is, machine-readable: "<app>.<what>", e.g. "agreements.proposal".')
    label: str = Field(description="What to do, in words for the person.")
    engagement_id: int
    client_name: str
    since: datetime
    due: datetime | None = Field(description="By when it is to be done, or when it happens.")
    detail: str = Field(description="A short line on timing, in words.")
    url: str = Field(description="The page where it is done (a path on this site).")

