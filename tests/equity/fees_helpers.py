"""Shared by the fees tests: the default tiers loaded, a tier agreed through the engine, more sessions of dana's."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.agreements import services as agreements
from cocreate.agreements.models import Revision
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.equity import tiers
from cocreate.equity.models import FeeTier
from tests.conftest import World


def scale(world: World) -> list[FeeTier]:
    """Juniper's default tiers (Supported $60, Middle $120, Sustaining $180 a preparation session)."""
    tiers.tiers_load_defaults(actor=world.alice, practice=world.practice)
    return tiers.offered_tiers(world.practice)


def agree(world: World, tier: FeeTier) -> None:
    """Dana proposes the tier and bea accepts it."""
    latest = (Revision.objects.filter(document__engagement=world.engagement, document__kind="fee")
              .order_by("-number").values_list("number", flat=True).first())
    proposed = agreements.revision_propose(
        actor=world.dana, access=engagement_access(world.dana, world.engagement), kind="fee",
        content={"tier": str(tier.pk)}, based_on=latest)
    agreements.revision_accept(actor=world.bea, access=engagement_access(world.bea, world.engagement),
                               revision=proposed)


def ours(world: World) -> EngagementAccess:
    return engagement_access(world.alice, world.engagement)


def more_sessions(world: World, count: int) -> list[Session]:
    """`count` held preparation sessions of dana's, a day apart, before the world's own."""
    now = timezone.now()
    return Session.objects.bulk_create([
        Session(engagement=world.engagement, kind=SessionKind.PREPARATION, status=SessionStatus.COMPLETED,
                starts_at=now - timedelta(days=count - n, hours=3), duration_minutes=60, created_by=world.alice)
        for n in range(count)])
