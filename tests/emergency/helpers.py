"""What the emergency-access tests share: a second clinical lead, and a grant opened or moved into the past."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access import emergency
from cocreate.access.models import EmergencyAccess
from cocreate.accounts.models import Role, User
from cocreate.care.models import Engagement
from tests.conftest import World, make_user

REASON = "The client called the after-hours line and Carl cannot be reached tonight."


def second_lead(world: World) -> User:
    """Lena, a second clinical lead of the practice, to review what Gus opened."""
    return make_user("lena", world.practice, Role.SUPERVISOR)


def opened(world: World, engagement: Engagement | None = None, lead: User | None = None) -> EmergencyAccess:
    """Gus (or `lead`) opens Eve's engagement (or `engagement`) under emergency access, through the service."""
    actor = lead or world.gus
    target = emergency.target_for(actor, (engagement or world.eve_engagement).pk)
    return emergency.emergency_access_open(actor=actor, engagement=target, reason=REASON)


def opened_earlier(world: World, engagement: Engagement | None = None, *, hours_ago: int = 2) -> EmergencyAccess:
    """A grant Gus opened `hours_ago` whose time ran out an hour later: written as it was (the trail is append-only,
    so a grant is never moved in time)."""
    started = timezone.now() - timedelta(hours=hours_ago)
    return EmergencyAccess.objects.create(
        practice=world.practice, lead=world.gus, engagement=engagement or world.eve_engagement, reason=REASON,
        started=started, expires_at=started + timedelta(hours=1))
