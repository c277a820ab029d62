"""What the medicine app adds to the shared pages: a link to each medicine session's record, beside the sessions,
and the day after a session, a word to the client asking how they are; Oregon's data collection on an engagement
under Oregon's rules; and the state reports among the practice's links."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Role
from cocreate.care.models import Session, SessionKind, SessionStatus, SharedNote
from cocreate.compose.panels import ENGAGEMENT, PRACTICE_LINKS, EngagementPage, PracticePage
from cocreate.compose.waiting import Reach, Waiting, provider
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


NEXT_DAY_FOR = timedelta(days=3)  # the day-after check-in waits this long from the morning after the release


@provider("medicine.next_day")
def next_day_check_in(reach: Reach) -> Iterator[Waiting]:
    """From the morning after a release, the client is asked how they are, in a shared note to the care team,
    until they write one (or three days pass)."""
    now = timezone.now()
    written = SharedNote.objects.filter(engagement=OuterRef("engagement"), author=OuterRef("engagement__client"),
                                        created__gt=OuterRef("released_at"))
    for record in (MedicineRecord.objects.filter(engagement_id__in=set(reach.as_client), released_at__isnull=False,
                                                 released_at__gte=now - NEXT_DAY_FOR - timedelta(days=1))
                   .exclude(Exists(written)).order_by("released_at")):
        morning = timezone.localtime(record.released_at).replace(hour=8, minute=0, second=0, microsecond=0)
        since = morning + timedelta(days=1)
        if not since <= now < since + NEXT_DAY_FOR:
            continue
        engagement = reach.engagement(record.engagement_id)
        yield Waiting(kind="medicine.next_day", label=_("How are you after your medicine session?"),
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=since,
                      due=since + NEXT_DAY_FOR,
                      detail=_("a few words to your care team, in a shared note; noticing is enough"),
                      url=reverse("engagement", args=[engagement.pk]) + "#shared-notes")


@ENGAGEMENT.panel("medicine.state_data", order=16, template="medicine/_state_data_panel.html")
def state_data(page: EngagementPage) -> Mapping[str, Any] | None:
    if not asks_state_data(page.access):
        return None
    return {"state_data": state_data_latest(page.access), "is_client": page.access.relation.value == "client"}


@PRACTICE_LINKS.panel("medicine.reports", order=30, template="medicine/_reports_link.html")
def reports_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if page.roles & {Role.ADMIN, Role.FACILITATOR} else None
