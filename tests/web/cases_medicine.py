"""URL/persona matrix rows for the medicine session, web and API: its people reach it (the care team writes, the
client reads afterwards), a supervisor after a reason, everyone else 404."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from cocreate.medicine import services
from tests.conftest import World
from tests.web.matrix import CARE, Case


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def planned(world: World) -> dict[str, Any]:
    """A medicine session of dana's, planned to begin in ten minutes (the world's pack requires nothing)."""
    session = care.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    kind=SessionKind.MEDICINE, starts_at=timezone.now() + timedelta(minutes=10),
                                    duration_minutes=240)
    return {"engagement_id": world.engagement.pk, "session_id": session.pk}


def begun(world: World) -> dict[str, Any]:
    kwargs = planned(world)
    session = world.engagement.sessions.get(pk=kwargs["session_id"])
    services.medicine_start(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                            session=session)
    return kwargs


def with_entry(world: World) -> dict[str, Any]:
    kwargs = begun(world)
    record = world.engagement.sessions.get(pk=kwargs["session_id"]).medicine_record
    [result] = services.entries_add(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    record=record, entries=[{"uid": str(uuid.uuid4()), "kind": "words",
                                                             "at": timezone.now().isoformat(),
                                                             "data": {"said": "Warm"}}])
    return {**kwargs, "entry_id": result["id"]}


S = "engagements/<int:engagement_id>/sessions/<int:session_id>/medicine/"
API = "api/v1/engagements/<engagement_id>/sessions/<session_id>/medicine"
ENTRY = {"uid": "0b8f7b1e-6c1d-4b7e-9a51-1f2d3c4b5a69", "kind": "note", "at": "2026-01-01T10:00:00+00:00",
         "data": {"text": "Resting"}}

MEDICINE_CASES: dict[str, Case] = {
    S: Case(planned, CARE),
    S + "begin/": Case(planned, CARE),
    S + "timeline/": Case(begun, CARE),
    S + "end/": Case(begun, CARE),
    S + "release/": Case(begun, CARE),
    S + "live/": Case(begun, CARE),
    S + "consent/": Case(begun, CARE),
    S + "entries/<int:entry_id>/recollect/": Case(with_entry, CARE),
    API: Case(begun, CARE),
    API + "/start": Case(planned, CARE),
    API + "/entries": Case(begun, CARE, body=body({"entries": [ENTRY]})),
    API + "/end": Case(begun, CARE, body=body({"early_reason": "Test"})),
    API + "/release": Case(begun, CARE, body=body({"checks": ["oriented"], "transport": "as_agreed"})),
    API + "/entries/<entry_id>/recollections": Case(with_entry, CARE, body=body({"body": "I remember"})),
}
