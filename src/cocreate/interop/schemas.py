"""API shapes of interop."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from cocreate.schemas import StrictIn

KINDS = ("Each event names the kind of session (\"Medicine session at Juniper\"); otherwise \"Appointment at "
         "Juniper\".")


class CalendarFeedIn(StrictIn):
    label: str = Field("", max_length=100, description="Which calendar it is for; empty: \"My calendar\".")
    show_kinds: bool = Field(False, description=KINDS)


class CalendarFeedChangeIn(StrictIn):
    label: str | None = Field(None, max_length=100)
    show_kinds: bool | None = Field(None, description=KINDS)


class CalendarFeedOut(Schema):
    id: int
    label: str
    show_kinds: bool
    created: datetime
    reset_at: datetime | None
    last_read: datetime | None = Field(description="When a calendar last read it (to the hour).")


class CalendarFeedIssuedOut(CalendarFeedOut):
    url: str = Field(description="The feed's private address, given this once: only a hash of it is kept.")
    webcal_url: str = Field(description="The same address for a calendar app to subscribe to.")
