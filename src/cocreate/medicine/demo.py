"""The demo's medicine session: Jordan's first MDMA session, recorded through the same services as in the room,
each entry at the time it happened."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.care import services as care
from cocreate.care.models import Engagement, SessionKind
from cocreate.medicine import services
from cocreate.medicine.models import Entry

TIMELINE: list[tuple[int, str, dict[str, Any]]] = [  # minutes after the start, kind, data
    (5, "dose", {"substance": "MDMA", "amount": 120, "unit": "mg", "route": "oral", "product": "MDMA HCl capsule",
                 "lot": "RX-0413"}),
    (6, "vitals", {"systolic": 124, "diastolic": 78, "heart_rate": 72, "temperature_c": "36.7"}),
    (40, "music", {"text": "The practice's MDMA playlist, first hour: slow strings"}),
    (70, "words", {"said": "My chest is opening. I can breathe all the way down."}),
    (95, "emotion", {"emotions": ["grief", "relief"]}),
    (96, "helped", {"what": ["breath"], "text": "Slow out-breaths with Maya"}),
    (110, "dose", {"substance": "MDMA", "amount": 60, "unit": "mg", "route": "oral", "product": "MDMA HCl capsule",
                   "lot": "RX-0413", "supplemental": True}),
    (120, "vitals", {"systolic": 148, "diastolic": 92, "heart_rate": 104, "temperature_c": "37.2"}),
    (150, "touch", {"kind": "hand_holding"}),
    (151, "words", {"said": "I am not back there. I am here, with you two."}),
    (240, "vitals", {"systolic": 132, "diastolic": 84, "heart_rate": 88}),
    (300, "helped", {"what": ["water", "walk"]}),
    (420, "note", {"text": "Jordan resting, talking quietly about his brother; settled and oriented."}),
]


def held(theo: User, maya: User, jordan: User, engagement: Engagement, start: datetime, where: str) -> None:
    """Schedule, begin, record, end and release an eight-hour session that began at `start`; Jordan adds a
    recollection afterwards."""
    team = engagement_access(theo, engagement)
    session = care.session_schedule(actor=theo, access=team, kind=SessionKind.MEDICINE, starts_at=start,
                                    duration_minutes=8 * 60, location=where, planned_dose_mg=120)
    record = services.medicine_start(actor=theo, access=team, session=session, now=start)
    for minutes, kind, data in TIMELINE:
        at = start + timedelta(minutes=minutes)
        author = maya if minutes % 2 else theo
        services.entries_add(actor=author, access=engagement_access(author, engagement), record=record, now=at,
                             entries=[{"uid": str(uuid.uuid4()), "kind": kind, "at": at.isoformat(), "data": data}])
    end = start + timedelta(hours=8, minutes=5)
    services.medicine_end(actor=theo, access=team, record=record, now=end)
    services.medicine_release(actor=maya, access=engagement_access(maya, engagement), record=record,
                              checks=list(services.RELEASE_CHECKS), transport="deviation",
                              now=end + timedelta(minutes=40),
                              deviation="Partner delayed by 40 minutes; Jordan waited with Maya in the lounge.")
    words = Entry.objects.filter(record=record, kind="words").first()
    if words is not None:
        services.recollection_add(actor=jordan, access=engagement_access(jordan, engagement), entry=words,
                                  body="It felt like breathing out after years of holding it in.")
