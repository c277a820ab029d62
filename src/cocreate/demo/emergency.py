"""One past emergency access in the demo: Ruth, Juniper's clinical lead, opened Sam's record one evening while Maya
was away, read three pages and ended it early, so the review page and Sam's "Who has seen my record" show one."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.models import AccessEvent, Basis, EmergencyAccess, EmergencyAccessEnd
from cocreate.accounts.models import User
from cocreate.care.models import Engagement

REASON = ("Sam phoned the practice's after-hours line in distress while Maya is away; I need the safety plan and "
          "recent notes to decide on a call back tonight.")


def load(ruth: User, sam: Engagement) -> None:
    """Written as it happened three days ago (rows inserted with their times; nothing is notified now)."""
    if EmergencyAccess.objects.filter(lead=ruth, engagement=sam).exists():
        return
    started = (timezone.now() - timedelta(days=3)).replace(hour=19, minute=40, second=0, microsecond=0)
    grant = EmergencyAccess.objects.create(practice_id=sam.practice_id, lead=ruth, engagement=sam, reason=REASON,
                                           started=started, expires_at=started + timedelta(hours=1))
    reads = [("engagement page", 1), ("agreements", 4), ("shared notes", 9)]
    AccessEvent.objects.bulk_create([
        AccessEvent(actor=ruth, engagement=sam, what=what, basis=Basis.EMERGENCY, reason=REASON,
                    at=started + timedelta(minutes=minutes)) for what, minutes in reads
    ])
    EmergencyAccessEnd.objects.create(grant=grant, at=started + timedelta(minutes=22))
