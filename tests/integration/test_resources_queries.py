"""The page and the API of resources and action steps run a fixed number of queries, however long the list, however
many check-ins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.integration.models import Resource, ResourceUse, StepCheckIn
from cocreate.integration.selectors import client_today
from tests.api_helpers import API, bearer_token
from tests.conftest import World
from tests.integration.resources_helpers import acc, add, backdate, checkin, plan_agreed, use

STEPS = ("Walk", "Call my sister", "Write a letter")


def grow(world: World, resources: int, uses_each: int, checkins: int) -> None:
    """More resources (one in three taken off the list), each with its uses, and check-ins on every step."""
    today = client_today(acc(world, world.dana))
    start = Resource.objects.count()
    for i in range(start, start + resources):
        resource = add(world, f"Resource {i}", how=f"How {i}")
        for d in range(uses_each):
            use(world, resource, used_on=today - timedelta(days=d % 20), helped=("yes", "a_little", "")[d % 3])
        if i % 3 == 2:
            resource.retired_at = resource.created
            resource.save(update_fields=["retired_at"])
    for i in range(checkins):
        checkin(world, STEPS[i % len(STEPS)], ("not_yet", "under_way", "done", "let_go")[i % 4], note=f"Note {i}")


def counted(call: Callable[[], int]) -> int:
    call()  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert call() == 200
    return len(queries)


@pytest.fixture
def grown(world: World) -> World:
    backdate(world)
    plan_agreed(world, *STEPS)
    grow(world, 2, 2, 2)
    return world


@pytest.mark.parametrize("persona", ["dana", "alice"])
def test_the_page_does_not_grow_with_the_list_or_the_check_ins(grown: World, persona: str) -> None:
    browser = grown.client_for(getattr(grown, persona))
    url = reverse("integration_resources", args=[grown.engagement.pk])
    small = counted(lambda: browser.get(url).status_code)
    grow(grown, 12, 6, 30)
    assert (Resource.objects.count(), ResourceUse.objects.count(), StepCheckIn.objects.count()) == (14, 76, 32)
    assert counted(lambda: browser.get(url).status_code) == small


@pytest.mark.parametrize("path", ["/integration/resources", "/integration/resources/uses",
                                  "/integration/steps", "/integration/steps/check-ins"])
def test_the_api_lists_do_not_grow(grown: World, path: str) -> None:
    client, token = Client(), bearer_token(grown.alice)
    url = f"{API}/engagements/{grown.engagement.pk}{path}"
    small = counted(lambda: client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code)
    grow(grown, 12, 6, 30)
    assert counted(lambda: client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code) == small
