"""The agreements pages and the engagement page run a fixed number of queries, however long the history."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.agreements import services
from cocreate.agreements.models import Revision
from tests.conftest import World

pytestmark = pytest.mark.django_db


def grow(world: World, rounds: int) -> None:
    """`rounds` of: dana proposes, alice amends, both facilitators and dana accept; plus a declined one."""
    dana = engagement_access(world.dana, world.engagement)
    alice = engagement_access(world.alice, world.engagement)
    bea = engagement_access(world.bea, world.engagement)
    latest = Revision.objects.filter(document__engagement=world.engagement, document__kind="intentions").first()
    base = latest.number if latest else None
    for i in range(rounds):
        goals = [{"words": f"Goal {i}-{g}", "why": "because", "noticing": "", "status": "open"} for g in range(3)]
        first = services.revision_propose(actor=world.dana, access=dana, kind="intentions",
                                          content={"goals": goals, "session_intentions": []}, based_on=base)
        goals[0]["words"] += " (amended)"
        second = services.revision_propose(actor=world.alice, access=alice, kind="intentions",
                                           content={"goals": goals, "session_intentions": []},
                                           based_on=first.number)
        services.revision_accept(actor=world.dana, access=dana, revision=second, comment=f"ok {i}")
        services.revision_accept(actor=world.bea, access=bea, revision=second)
        third = services.revision_propose(actor=world.bea, access=bea, kind="intentions",
                                          content={"goals": goals[:1], "session_intentions": []},
                                          based_on=second.number)
        services.revision_decline(actor=world.dana, access=dana, revision=third, comment="not yet")
        base = third.number


def count(world: World, url: str) -> int:
    client = world.client_for(world.alice)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["engagement", "agreements", "agreement", "agreement_history"])
def test_query_count_does_not_grow_with_revisions(world: World, name: str) -> None:
    args = [world.engagement.pk] + (["intentions"] if name.startswith("agreement_") or name == "agreement" else [])
    url = reverse(name, args=args)
    grow(world, 2)
    small = count(world, url)
    grow(world, 12)
    assert Revision.objects.count() == 42
    assert count(world, url) == small
