"""How the agreements react to changes elsewhere: a care-team change can complete a proposal."""

from __future__ import annotations

from cocreate.agreements.services import pending_recheck
from cocreate.care.events import CareTeamChanged
from cocreate.compose.events import subscribe


@subscribe(CareTeamChanged)
def recheck_after_team_change(event: CareTeamChanged) -> None:
    # A proposal that waited only for the person who left is now agreed by everyone who remains.
    if not event.added:
        pending_recheck(actor=event.actor, engagement=event.engagement)
