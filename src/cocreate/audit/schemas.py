"""API shapes of retention."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from cocreate.audit.services import MAX_YEARS
from cocreate.schemas import StrictIn


class RetentionIn(StrictIn):
    years: int | None = Field(..., ge=1, le=MAX_YEARS,
                              description="Years a closed engagement's record is kept; null keeps it for ever.")


class RetentionOut(Schema):
    practice_id: int
    years: int | None = Field(description="Years kept after closing; null: kept for ever.")
    chosen: bool = Field(description="False: the installation's default (RETENTION_DEFAULT_YEARS) applies.")
    changed: datetime | None
    removed: int = Field(description="Engagements whose records retention has removed, each leaving a tombstone.")
