"""API shapes of endings and of the care team's proposals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from cocreate.accounts.schemas import ErrorOut  # noqa: F401  (re-exported for the routers)
from cocreate.alliance.models import SHORT_MAX, TEXT_MAX
from cocreate.alliance.team import COVER_HOURS, MAX_COVER_HOURS
from cocreate.care.schemas import PersonOut
from cocreate.schemas import DB_INT_MAX, In

REASONS = "In the client's own words; never required. The care team reads it."


class EndingOut(Schema):
    id: int
    proposed_by: PersonOut
    by_client: bool = Field(description="The client asked (or ended it at once); else the care team proposed.")
    state: str = Field(description="proposed (waiting for the other side), agreed (the work ended), declined, "
                                   "withdrawn.")
    reasons: str = Field(description="The client's reasons, in their own words, if they gave any.")
    team_note: str = Field(description="The care team's words: with its proposal, or its answer to the client.")
    referral_to: str = Field(description="Where the client is referred on to.")
    created: datetime
    decided_at: datetime | None
    decided_by: PersonOut | None


class EndingNowIn(In):
    reasons: str = Field("", max_length=TEXT_MAX, description=REASONS)
    referral_to: str = Field("", max_length=SHORT_MAX)


class EndingProposeIn(In):
    reasons: str = Field("", max_length=TEXT_MAX, description="The client's, when the client asks. " + REASONS)
    note: str = Field("", max_length=TEXT_MAX, description="The care team's, required when it proposes ending: "
                                                           "why, for the client to read.")
    referral_to: str = Field("", max_length=SHORT_MAX)


class EndingAgreeIn(In):
    reasons: str = Field("", max_length=TEXT_MAX, description="The client's, when the client agrees. " + REASONS)


class EndingDeclineIn(In):
    note: str = Field("", max_length=TEXT_MAX, description="Required of the care team (why not now, for the client "
                                                           "to read); the client gives no reason.")


class ReferralIn(In):
    referral_to: str = Field(max_length=SHORT_MAX, description="A person, a service or a place.")


class TeamProposalOut(Schema):
    id: int
    kind: Literal["join", "transfer", "cover"]
    facilitator: PersonOut
    proposed_by: PersonOut
    why: str = Field(description="Why them (or, for cover, the emergency): the client reads it.")
    state: str = Field(description="proposed (waiting for the client; for cover: in force), agreed (joined; for "
                                   "cover: kept on), declined (for cover: ended by the client), withdrawn (for "
                                   "cover: ended by the team or by its time).")
    shared: list[str] = Field(description="On an accepted transfer: what the client chose to share.")
    emergency_until: datetime | None
    created: datetime
    decided_at: datetime | None


class TeamOut(Schema):
    members: list[PersonOut]
    proposals: list[TeamProposalOut]


class TeamProposeIn(In):
    facilitator_id: int = Field(ge=1, le=DB_INT_MAX, description="A facilitator of the practice not on the team.")
    why: str = Field(max_length=TEXT_MAX, description="Why them, in words the client reads.")
    transfer: bool = Field(False, description="A transfer: once the client accepts, the proposer leaves the team.")


class CoverIn(In):
    facilitator_id: int = Field(ge=1, le=DB_INT_MAX)
    why: str = Field(max_length=TEXT_MAX, description="The emergency, in words the client reads.")
    hours: int = Field(COVER_HOURS, ge=1, le=MAX_COVER_HOURS, description="The cover ends by itself after this.")


class TeamAcceptIn(In):
    shared: list[str] = Field(default_factory=list, max_length=10, description=(
        "On a transfer: what the client shares with the new facilitator, of agreements, shared_notes, measures, "
        "medicine, integration. private_notes is refused: nobody can share them."))
