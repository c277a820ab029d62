"""A medicine session ready to begin under Oregon's rules, and entries as a page makes them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from cocreate.care import services as care
from cocreate.care.models import Engagement, Phase, Session, SessionKind
from cocreate.medicine import services
from cocreate.medicine.models import MedicineRecord
from tests.conftest import World
from tests.protocols.gate_helpers import access, everything, under


def oregon_session(world: World, *, dose: int = 25, minutes: int = 300) -> Session:
    """Dana's engagement under Oregon's rules with everything in place, in the medicine phase, and a medicine
    session planned to begin in ten minutes."""
    engagement = world.engagement
    under(world, engagement, "oregon_psilocybin")
    everything(world, engagement)
    care.phase_transition(actor=world.alice, access=access(world.alice, engagement), to_phase=Phase.MEDICINE,
                          reason="Ready")
    return care.session_schedule(actor=world.alice, access=access(world.alice, Engagement.objects.get(
        pk=engagement.pk)), kind=SessionKind.MEDICINE, starts_at=timezone.now() + timedelta(minutes=10),
        duration_minutes=minutes, planned_dose_mg=dose)


def begun(world: World, session: Session, at: datetime | None = None) -> MedicineRecord:
    return services.medicine_start(actor=world.alice, access=access(world.alice, session.engagement),
                                   session=session, now=at)


def entry(kind: str, data: dict[str, Any], at: datetime | None = None, uid: str | None = None) -> dict[str, Any]:
    return {"uid": uid or str(uuid.uuid4()), "kind": kind, "at": (at or timezone.now()).isoformat(), "data": data}


def add(world: World, record: MedicineRecord, *entries: dict[str, Any], who: Any = None,
        now: datetime | None = None) -> list[dict[str, Any]]:
    actor = who or world.alice
    return services.entries_add(actor=actor, access=access(actor, record.engagement), record=record,
                                entries=list(entries), now=now)
