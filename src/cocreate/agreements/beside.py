"""Beside a proposal's form: suggestions other apps offer for it from what they hold (the relationship app offers
the client's own shared words about their cultural or spiritual background beside the setting plan). The form
shows them above its fields and decides nothing with them; a panel returns None for a kind it has nothing for,
and does its own reads (and records them) within the access the page resolved."""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.compose.panels import Slot


@dataclass(frozen=True)
class ProposalForm:
    access: EngagementAccess
    actor: User
    kind: str  # the document kind proposed, e.g. "setting"


BESIDE_PROPOSAL: Slot[ProposalForm] = Slot("beside a proposal's form")
