"""Shared by the tests of resources and action steps: act as a persona, agree an integration plan, count rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.access.services import supervision_access_start
from cocreate.accounts.models import User
from cocreate.agreements import services as agreements
from cocreate.agreements.models import Revision
from cocreate.care.models import Engagement
from cocreate.inbox.models import Notice
from cocreate.integration import resources
from cocreate.integration.models import Resource, ResourceUse, StepCheckIn
from tests.conftest import World


def backdate(world: World, days: int = 30) -> None:
    """The engagement began `days` ago, so check-ins may be about the days since."""
    Engagement.objects.filter(pk=world.engagement.pk).update(created=timezone.now() - timedelta(days=days))
    world.engagement.refresh_from_db()


def acc(world: World, user: User) -> EngagementAccess:
    return engagement_access(user, world.engagement)


def steps(*words: str, review: str = "") -> dict[str, Any]:
    return {"steps": [{"step": w, "when": "Weekly", "support": "A reminder"} for w in words], "review": review}


def plan_agreed(world: World, *words: str, review: str = "In a month") -> Revision:
    """dana proposes an integration plan on top of the latest one; alice's acceptance alone makes it agreed."""
    latest = Revision.objects.filter(document__engagement=world.engagement, document__kind="integration_plan").first()
    revision = agreements.revision_propose(actor=world.dana, access=acc(world, world.dana), kind="integration_plan",
                                           content=steps(*words, review=review),
                                           based_on=latest.number if latest else None)
    agreements.revision_accept(actor=world.alice, access=acc(world, world.alice), revision=revision)
    revision.refresh_from_db()
    assert revision.state == "agreed"
    return revision


def add(world: World, name: str = "Slow breathing", how: str = "") -> Resource:
    return resources.resource_add(actor=world.dana, access=acc(world, world.dana), name=name, how=how)


def use(world: World, resource: Resource, **kwargs: Any) -> ResourceUse:
    return resources.resource_use(actor=world.dana, access=acc(world, world.dana), resource=resource, **kwargs)


def checkin(world: World, step: str, status: str = "under_way", note: str = "") -> StepCheckIn:
    return resources.step_checkin(actor=world.dana, access=acc(world, world.dana), step=step, status=status,
                                  note=note)


def supervise(world: World) -> None:
    """gus states his reason for opening alice's caseload."""
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Monthly case review with Alice")


def rows() -> dict[str, int]:
    """How many rows the resources and steps have, to show that a refused write wrote none."""
    return {m.__name__: m.objects.count() for m in (Resource, ResourceUse, StepCheckIn, Notice)}
