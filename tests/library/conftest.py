"""The `world` personas with the shipped library seeded into their practice, and small helpers."""

from __future__ import annotations

import pytest

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.library import services
from cocreate.library.models import Topic
from tests.conftest import World


@pytest.fixture
def library(world: World) -> World:
    """The world, with both practices' libraries seeded as practice creation would."""
    services.library_seed(practice=world.practice)
    services.library_seed(practice=world.other_practice)
    return world


def topic(world: World, slug: str, *, other: bool = False) -> Topic:
    return Topic.objects.get(practice=world.other_practice if other else world.practice, slug=slug)


def access(user: User, engagement: Engagement) -> EngagementAccess:
    return engagement_access(user, engagement)
