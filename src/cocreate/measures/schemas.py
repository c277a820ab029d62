"""API shapes of measures: instruments, assignments, administrations with answers, scores with their
trajectory, flags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import StrictInt

from cocreate.care.schemas import PersonOut
from cocreate.measures.flag_services import ACTION_MAX
from cocreate.schemas import StrictIn


class AssignmentIn(StrictIn):
    instrument: str = Field(max_length=40, description="An instrument key, e.g. phq9 (GET /instruments).")
    schedule: str = Field(max_length=20, description="once, intake, before_sessions, after_sessions, every_n_days "
                                                     "or after_medicine.")
    session_kinds: list[str] = Field(default_factory=list, max_length=10,
                                     description="Before or after sessions of these kinds.")
    # Strict: `true` or "7" is not a number of days (a boolean would otherwise be read as 1, daily).
    every_nth: StrictInt = Field(default=1, description="After sessions: after every n-th one (1-20).")
    every_days: StrictInt | None = Field(default=None, description="Every N days: N (1-365).")
    offsets_days: list[StrictInt] = Field(default_factory=list, max_length=50,
                                    description="After medicine: days after each medicine session (0-365, at most 10).")
    expires_after_days: StrictInt = Field(default=7, description="Days each occasion stays open (1-90).")


class AnswersIn(StrictIn):
    # Values are checked by the service against the questionnaire, so that a wrong one is named by its item.
    answers: dict[str, Any] = Field(max_length=200, description='Item id -> answer value, e.g. {"1": 0, "9": 2}.')


class SubmitIn(StrictIn):
    answers: dict[str, Any] | None = Field(default=None, max_length=200,
                                           description="Answers not yet saved, merged before sending.")
    allow_skipped: bool = Field(default=False, description=(
        "Send with questions left out where the questionnaire's rule still scores it (PHQ-9 and GAD-7: at most "
        "two, prorated). Without it, each question left out is named in the 400."))


class ResolveIn(StrictIn):
    action: str = Field(max_length=ACTION_MAX, description="What was done, in your own words. The client reads it.")
    private_note: str = Field(default="", max_length=ACTION_MAX,
                              description="Optional. Only you will ever read it: not the client, not your team.")


class InstrumentOut(Schema):
    key: str
    title: str
    short_title: str
    about: str
    licence: str
    items_shipped: bool
    items: int


class AssignmentOut(Schema):
    id: int
    instrument: str
    instrument_title: str
    schedule: str
    session_kinds: list[str]
    every_nth: int
    every_days: int | None
    offsets_days: list[int]
    expires_after_days: int
    created_by: PersonOut
    created: datetime
    ended_at: datetime | None


class AdministrationOut(Schema):
    id: int
    engagement_id: int
    instrument: str
    instrument_title: str
    session_id: int | None
    due_at: datetime
    expires_at: datetime
    state: str  # upcoming, open, completed, cancelled, expired
    completed_at: datetime | None
    answers: dict[str, int] | None = Field(description="Saved answers; a draft only for the client.")
    crisis_resources: str | None = Field(None, description=(
        "Shown to the client at once, whenever the answers given so far (saved or sent) met a risk rule."))


class ScoreOut(Schema):
    id: int
    instrument: str
    at: datetime
    total: float | None
    subscales: dict[str, float | None]
    band: str
    severity: int | None
    prorated: bool


class TrajectoryOut(Schema):
    first: float
    latest: float
    change: float
    threshold: float
    label: str
    responded: bool | None
    remitted: bool | None


class SeriesOut(Schema):
    instrument: str
    title: str
    scores: list[ScoreOut]
    trajectory: TrajectoryOut | None
    latest: ScoreOut | None


class SubmitOut(Schema):
    score: ScoreOut
    crisis_resources: str | None = Field(description="Shown to the client at once when an answer met a risk rule.")


class FlagOut(Schema):
    id: int
    kind: str
    reason: str
    instrument: str
    score_id: int | None = Field(description="The score that raised it; none for a risk answer saved but not "
                                             "yet sent.")
    administration_id: int = Field(description="The questionnaire whose answers raised it.")
    created: datetime
    resolved_at: datetime | None
    resolved_by: PersonOut | None
    action: str = Field(description="What was done; the client reads it.")
    private_note: str | None = Field(None, description="The resolver's private note: given to them alone.")
