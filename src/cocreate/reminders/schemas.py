"""API shapes of reminders."""

from __future__ import annotations

from ninja import Field, Schema

from cocreate.reminders.offsets import LONGEST, MOST, SHORTEST
from cocreate.schemas import StrictIn

OFFSETS = (f"Minutes before the session, each from {SHORTEST} to {LONGEST} (two weeks), at most {MOST}; "
           "given back the earliest reminder first.")


class PracticeTimesOut(Schema):
    practice_id: int
    name: str
    offsets_minutes: list[int] = Field(description=OFFSETS)


class ReminderPreferenceIn(StrictIn):
    enabled: bool = Field(True, description="False: no session reminders at all.")
    offsets_minutes: list[int] | None = Field(None, max_length=MOST, description=(
        OFFSETS + " Leave out or null to follow each practice's times; an empty list is no reminders."))
    show_kind: bool = Field(False, description=(
        "Let reminder emails and downloaded calendar files name the kind of session; otherwise they say "
        "\"Appointment at <practice>\" and the time."))


class ReminderPreferenceOut(Schema):
    enabled: bool
    offsets_minutes: list[int] | None = Field(description="The person's own times, or null: each practice's.")
    show_kind: bool
    practices: list[PracticeTimesOut] = Field(description="The times that apply now, by practice.")


class PracticeTimesIn(StrictIn):
    offsets_minutes: list[int] = Field(max_length=MOST, description=OFFSETS + " An empty list sends none.")
