"""API shapes of shared documents: kinds, revisions with their decisions and differences, co-authorship."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from cocreate.agreements.services import NOTE_MAX
from cocreate.care.schemas import PersonOut
from cocreate.schemas import StrictIn


class ProposeIn(StrictIn):
    based_on: int | None = Field(ge=1, description="The document's latest revision number (`latest_number`); "
                                                   "null for the first proposal.")
    content: dict[str, Any] = Field(description="The whole document, as the kind's schema describes it.")
    note: str = Field(default="", max_length=NOTE_MAX)


class RevisionAcceptIn(StrictIn):
    comment: str = Field(default="", max_length=NOTE_MAX, description="Optional; everyone on the agreement reads it.")


class DeclineIn(StrictIn):
    comment: str = Field(default="", max_length=NOTE_MAX, description=(
        "Why you decline; everyone on the agreement reads it. Optional for the client, who never has to justify a "
        "no; required when the care team declines the client's proposal."))


class WithdrawIn(StrictIn):
    comment: str = Field(default="", max_length=NOTE_MAX, description="Optional: a word on why, which everyone reads.")


ConsentItem = Annotated[str, StringConstraints(max_length=50)]
ConsentLevel = Annotated[str, StringConstraints(max_length=20)]


class NarrowIn(StrictIn):
    changes: dict[ConsentItem, ConsentLevel] = Field(
        max_length=20, description="Consent item -> its new, lower level (yes, ask_first, no).")
    note: str = Field(default="", max_length=NOTE_MAX)


class DeviationIn(StrictIn):
    occurred_at: datetime
    description: str = Field(max_length=NOTE_MAX)


class KindOut(Schema):
    kind: str
    label: str
    description: str
    consent: bool
    consent_items: list[str]
    whole_team: bool


class KindStatusOut(KindOut):
    agreed_number: int | None
    agreed_at: datetime | None
    pending: int


class ChangeOut(Schema):
    path: str
    label: str
    before: str
    after: str
    kind: str  # added | removed | changed


class DecisionOut(Schema):
    party: PersonOut
    side: str
    verdict: str
    comment: str
    at: datetime


class RevisionOut(Schema):
    number: int
    state: str
    change: str
    author: PersonOut
    side: str
    based_on: int | None
    note: str
    withdraw_comment: str = Field("", description="The author's word on withdrawing it, if any.")
    content: dict[str, Any]
    created: datetime
    settled_at: datetime | None
    superseded_by: int | None
    decisions: list[DecisionOut]
    changes: list[ChangeOut] = Field(description="What this revision changed from the one it was based on.")


class PendingOut(RevisionOut):
    changes_from_in_force: list[ChangeOut]
    awaiting: list[PersonOut] = Field(description="People who must each still accept.")
    any_of_team: bool = Field(description="Any one care-team member's acceptance is still needed.")
    mine: bool
    may_decide: bool
    may_decline: bool


class DeviationOut(Schema):
    id: int
    author: PersonOut
    occurred_at: datetime
    description: str
    created: datetime


class DocumentOut(KindOut):
    in_force: RevisionOut | None
    pending: list[PendingOut]
    latest_number: int | None = Field(description="What a new proposal sends as `based_on`.")
    deviations: list[DeviationOut]


class DiffOut(Schema):
    number: int
    against: int | None
    changes: list[ChangeOut]


class ConflictOut(Schema):
    detail: str
    code: str
    latest: RevisionOut
    changes: list[ChangeOut] = Field(description="What changed from the caller's base to the latest revision.")


class BalancePointOut(Schema):
    month: str  # YYYY-MM
    proposals: int
    client_proposal_share: int
    client_field_share: int | None


class BalanceOut(Schema):
    client_proposals: int
    team_proposals: int
    client_fields: int
    team_fields: int
    client_proposal_share: int | None
    client_field_share: int | None
    timeline: list[BalancePointOut]
