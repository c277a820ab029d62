"""What the medicine app adds to the shared pages: a link to each medicine session's record, beside the sessions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.medicine.models import MedicineRecord


@ENGAGEMENT.panel("medicine.sessions", order=32, template="medicine/_panel.html")
def medicine_sessions(page: EngagementPage) -> Mapping[str, Any] | None:
    engagement = page.access.engagement
    sessions = list(Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE,
                                           status__in=[SessionStatus.SCHEDULED, SessionStatus.COMPLETED])
                    .order_by("-starts_at")[:10])
    if not sessions:
        return None
    records = {r.session_id: r for r in MedicineRecord.objects.filter(session__in=sessions)}
    return {"medicine_rows": [(s, records.get(s.pk)) for s in sessions],
            "is_client": page.access.relation.value == "client"}
