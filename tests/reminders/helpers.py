"""Shared steps of the reminder tests."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.care import services as care
from cocreate.care.models import Engagement, Session, SessionKind
from cocreate.reminders.models import Outcome, SessionReminder


def schedule(by: User, engagement: Engagement, starts_at: datetime, kind: str = SessionKind.PREPARATION,
             minutes: int = 60) -> Session:
    return care.session_schedule(actor=by, access=engagement_access(by, engagement), kind=kind, starts_at=starts_at,
                                 duration_minutes=minutes, location="Room 2")


def sent() -> Counter[tuple[int, str, int]]:
    """How many reminders went out, by (session, person's name, minutes before)."""
    return Counter((r.session_id, r.person.name, r.offset_minutes)
                   for r in SessionReminder.objects.filter(outcome=Outcome.SENT).select_related("person"))
