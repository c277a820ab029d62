"""API shapes of the shift tracker."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from cocreate.accounts.schemas import ErrorOut  # noqa: F401  (re-exported for the routers)
from cocreate.care.schemas import PersonOut
from cocreate.integration.models import TEXT_MAX, Domain
from cocreate.schemas import In

DOMAINS = ", ".join(Domain.values)
BIG = 2_147_483_647


class TrackerOut(Schema):
    id: int
    session_id: int
    session_kind: str
    began_on: date = Field(description="Day 0: the day the session ended, on the practice's calendar.")
    days: list[int] = Field(description="The days after the session on which the client is invited to write.")


class TrackerIn(In):
    session_id: int = Field(ge=1, le=BIG, description="A session of this engagement that has taken place.")


class DaysIn(In):
    days: list[int] = Field(max_length=30, description="Whole numbers from 1 to 3650; empty for no invitations.")


class ReflectionOut(Schema):
    id: int
    author: PersonOut
    body: str
    session_id: int | None
    created: datetime


class ShiftOut(Schema):
    id: int
    tracker_id: int
    on: date
    day: int = Field(description="Days since the session.")
    domains: list[str]
    text: str = Field(description="The client's words; empty once they deleted the entry.")
    shared: bool
    deleted: bool
    created: datetime
    reflections: list[ReflectionOut]


class ShiftIn(In):
    text: str = Field(min_length=1, max_length=TEXT_MAX, description="What I noticed, in the client's words.")
    domains: list[str] = Field(min_length=1, max_length=8, description=f"One or more of: {DOMAINS}.")
    on: date | None = Field(default=None, description="The day it is about; today on the client's calendar if left "
                                                      "out. Not before the session, not in the future.")
    share: bool | None = Field(default=None, description="Share with the care team now; left out, the client's "
                                                         "“share every new entry” choice decides.")


class ShiftEditIn(In):
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    domains: list[str] = Field(min_length=1, max_length=8)
    on: date | None = None


class ShareIn(In):
    shared: bool


class SharingIn(In):
    share_new: bool = Field(description="Share every new entry with the care team from now on.")


class SharingOut(Schema):
    share_new: bool


class ReflectionIn(In):
    body: str = Field(min_length=1, max_length=TEXT_MAX)
    session_id: int | None = Field(default=None, ge=1, le=BIG, description="The session it was made in, if any.")


class PatternOut(Schema):
    id: int
    name: str
    state: str = Field(description="suggested (by the care team), named (by the client) or dismissed (set aside).")
    suggested_by: PersonOut | None
    entry_ids: list[int] = Field(description="The entries of it this reader may read.")
    hidden_entries: int = Field(description="How many more the client keeps private (always 0 for the client).")


class PatternIn(In):
    name: str = Field(min_length=1, max_length=200)
    entry_ids: list[int] = Field(min_length=1, max_length=200)


class PatternAnswerIn(In):
    accept: bool
    name: str = Field(default="", max_length=200, description="The client's own name for it; the suggested one if "
                                                              "left empty.")


class PatternChangeIn(In):
    name: str = Field(default="", max_length=200)
    entry_ids: list[int] | None = Field(default=None, max_length=200)
    set_aside: bool = False
