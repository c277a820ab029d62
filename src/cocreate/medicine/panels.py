"""What the medicine app adds to the shared pages: a link to each medicine session's record, beside the sessions;
Oregon's data collection on an engagement under Oregon's rules; and the state reports among the practice's links.
The days after a session belong to integration (its shift tracker begins at the release)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.accounts.models import Role
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.compose.panels import ENGAGEMENT, PRACTICE_LINKS, EngagementPage, PracticePage
from cocreate.medicine.models import MedicineRecord
from cocreate.medicine.state_data import asks_state_data, state_data_latest


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


@ENGAGEMENT.panel("medicine.state_data", order=16, template="medicine/_state_data_panel.html")
def state_data(page: EngagementPage) -> Mapping[str, Any] | None:
    if not asks_state_data(page.access):
        return None
    return {"state_data": state_data_latest(page.access), "is_client": page.access.relation.value == "client"}


@PRACTICE_LINKS.panel("medicine.reports", order=30, template="medicine/_reports_link.html")
def reports_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if page.roles & {Role.ADMIN, Role.FACILITATOR} else None
