"""Shared by the feedback tests: sessions of dana's engagement held in the past, and gus's supervision reason."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.models import SupervisionAccess
from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.care import services as care_services
from cocreate.care.models import Session, SessionKind
from tests.conftest import World


def theirs(world: World) -> EngagementAccess:
    return engagement_access(world.dana, world.engagement)


def ours(world: World) -> EngagementAccess:
    return engagement_access(world.alice, world.engagement)


def held(world: World, *, days_ago: int = 1, count: int = 1) -> list[Session]:
    """`count` preparation sessions of dana's, a day apart, the last ending `days_ago` days ago, each marked held by
    alice (so the feedback question is asked as it would be)."""
    made = []
    for n in range(count):
        starts = timezone.now() - timedelta(days=days_ago + count - 1 - n, hours=2)
        session = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION, starts_at=starts,
                                         duration_minutes=60, created_by=world.alice)
        made.append(care_services.session_complete(actor=world.alice, access=ours(world), session=session))
    return made


def gus_states_a_reason(world: World) -> None:
    SupervisionAccess.objects.create(practice=world.practice, supervisor=world.gus, supervisee=world.alice,
                                     reason="Weekly supervision", expires_at=timezone.now() + timedelta(hours=1))
