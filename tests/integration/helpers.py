"""Shared by the integration tests: a session some days past, with its shift tracker, and entries in it."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.integration import services
from cocreate.integration.models import ShiftEntry, Tracker
from tests.conftest import World


def tracker_after(world: World, *, days_ago: int = 3, kind: str = SessionKind.MEDICINE) -> Tracker:
    """A session of dana's engagement held `days_ago` days ago, and the tracker begun after it."""
    started = timezone.now() - timedelta(days=days_ago, hours=8)
    session = Session.objects.create(engagement=world.engagement, kind=kind, starts_at=started, duration_minutes=360,
                                     status=SessionStatus.COMPLETED, created_by=world.alice)
    with transaction.atomic():
        return services.tracker_begin(actor=world.alice, engagement_access=engagement_access(world.alice,
                                                                                             world.engagement),
                                      session=session, ended_at=started + timedelta(hours=6))


def note(world: World, tracker: Tracker, text: str = "My shoulders felt loose", *, day: int = 1,
         domains: tuple[str, ...] = ("body",), share: bool = False) -> ShiftEntry:
    """dana notes a shift on a day of the tracker."""
    return services.shift_add(actor=world.dana, access=engagement_access(world.dana, world.engagement), text=text,
                              domains=list(domains), on=tracker.began_on + timedelta(days=day), tracker=tracker,
                              share=share)
