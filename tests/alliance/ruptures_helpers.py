"""Shared by the ruptures and fit tests: sessions held, ruptures named, and access as each persona."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.access.services import supervision_access_start
from cocreate.accounts.models import User
from cocreate.alliance import ruptures
from cocreate.alliance.models import Rupture
from cocreate.care import services as care_services
from cocreate.care.models import Session, SessionKind, SessionStatus
from tests.conftest import World


def acc(world: World, who: User) -> EngagementAccess:
    return engagement_access(who, world.engagement)


def held(world: World, *, days_ago: int = 1, kind: str = SessionKind.PREPARATION) -> Session:
    """A session of dana's engagement that began `days_ago` days ago, marked held by alice (which publishes
    SessionCompleted, as the page does)."""
    session = Session.objects.create(engagement=world.engagement, kind=kind, duration_minutes=60,
                                     starts_at=timezone.now() - timedelta(days=days_ago, hours=2),
                                     status=SessionStatus.SCHEDULED, created_by=world.alice)
    return care_services.session_complete(actor=world.alice, access=acc(world, world.alice), session=session)


def named(world: World, who: User | None = None, text: str = "You looked at the clock while I spoke.",
          session: Session | None = None) -> Rupture:
    who = who or world.dana
    return ruptures.rupture_name(actor=who, access=acc(world, who), description=text,
                                 session_id=session.pk if session else None)


def supervise(world: World) -> None:
    """gus states a reason to open alice's caseload."""
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing a strain in the work together.")
