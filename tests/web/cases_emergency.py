"""URL/persona matrix rows for emergency access: only the practice's clinical lead (gus) opens, ends and reviews; its
admins (alice, fay) read the review list too; everyone else, the care team and the client included, gets 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access import emergency
from cocreate.access.models import EmergencyAccess
from cocreate.accounts.models import Role
from tests.conftest import World, make_user
from tests.web.matrix import Case, engagement, no_kwargs, only, practice

REASON = "The client rang the after-hours line and the care team cannot be reached."
LEAD = only("gus")
OVERSEERS = only("gus", "alice", "fay")  # the practice's clinical lead and its admins


def gus_inside(world: World) -> dict[str, Any]:
    """Gus has emergency access to Dana's engagement open, to end."""
    emergency.emergency_access_open(actor=world.gus, engagement=world.engagement, reason=REASON)
    return engagement(world)


def someone_elses_grant(world: World) -> dict[str, Any]:
    """A past emergency access by Lena, another lead, for Gus to review."""
    lena = make_user("lena", world.practice, Role.SUPERVISOR)
    started = timezone.now() - timedelta(days=1)
    grant = EmergencyAccess.objects.create(practice=world.practice, lead=lena, engagement=world.eve_engagement,
                                           reason=REASON, started=started, expires_at=started + timedelta(hours=1))
    return {**practice(world), "grant_id": grant.pk}


EMERGENCY_CASES: dict[str, Case] = {
    "emergency/": Case(no_kwargs, LEAD),
    "practices/<int:practice_id>/emergency/": Case(practice, LEAD),
    "practices/<int:practice_id>/emergency/review/": Case(practice, OVERSEERS),
    "practices/<int:practice_id>/emergency/<int:grant_id>/review/": Case(someone_elses_grant, LEAD),
    "engagements/<int:engagement_id>/emergency/": Case(engagement, LEAD),
    "engagements/<int:engagement_id>/emergency/end/": Case(gus_inside, LEAD),
    "api/v1/engagements/<engagement_id>/emergency-access": Case(engagement, LEAD,
                                                                body=lambda w: {"reason": REASON}),
    "api/v1/engagements/<engagement_id>/emergency-access/end": Case(gus_inside, LEAD),
    "api/v1/practices/<practice_id>/emergency-access": Case(practice, OVERSEERS),
    "api/v1/practices/<practice_id>/emergency-access/<grant_id>/reviews": Case(
        someone_elses_grant, LEAD, body=lambda w: {"comment": "Needed, and kept to the safety plan."}),
}
