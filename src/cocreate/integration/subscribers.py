"""How integration reacts to the medicine session: once the client is released, the days after it begin, with the
default prompt days (which either side may change)."""

from __future__ import annotations

from cocreate.access.models import Basis
from cocreate.access.policy import EngagementAccess, Relation
from cocreate.compose.events import subscribe
from cocreate.integration.services import tracker_begin
from cocreate.medicine.events import MedicineReleased


@subscribe(MedicineReleased)
def begin_the_days_after(event: MedicineReleased) -> None:
    assert event.record.released_at is not None  # noqa: S101  (the event is published by the release)
    access = EngagementAccess(event.engagement, Relation.CARE_TEAM, Basis.CARE)
    tracker_begin(actor=event.actor, engagement_access=access, session=event.session,
                  ended_at=event.record.ended_at or event.record.released_at)
