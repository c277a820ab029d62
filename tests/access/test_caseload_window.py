"""A caseload viewed again within ACCESS_LIST_WINDOW_MINUTES records nothing new; after the window, one insert again.

The client's "Who has seen my record" still names the reader and the time, to the window.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.accounts.models import Role
from cocreate.audit.lock import rewriting
from cocreate.care import services
from cocreate.care.models import Kind
from tests.conftest import World, make_user

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def view(client: Client, url: str) -> tuple[int, list[str]]:
    """(queries, writes) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), [s for s in sql if WRITE.match(s)]


def listed(world: World) -> int:
    return AccessEvent.objects.filter(actor=world.alice, what="caseload").count()


def age_events(minutes: int) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        AccessEvent.objects.update(at=F("at") - timedelta(minutes=minutes))


def more_clients(world: World, n: int) -> None:
    for i in range(n):
        client = make_user(f"window-client-{i}", world.practice, Role.CLIENT)
        services.engagement_create(actor=world.alice, practice=world.practice, client_id=client.pk,
                                   kind=Kind.PSYCHOTHERAPY, title=f"Window {i}")


def test_first_view_one_insert_then_nothing_within_the_window_then_one_again(world: World) -> None:
    more_clients(world, 3)
    client = world.client_for(world.alice)
    client.get("/ping/")  # the session is marked as seen
    url = reverse("caseload")

    first_count, first_writes = view(client, url)
    n = listed(world)
    assert n >= 4 and len(first_writes) == 1 and first_writes[0].startswith('INSERT INTO "access_accessevent"')

    second_count, second_writes = view(client, url)
    assert second_writes == [] and listed(world) == n
    assert second_count <= first_count

    age_events(31)
    _count, third_writes = view(client, url)
    assert len(third_writes) == 1 and listed(world) == 2 * n


def test_only_the_engagements_not_listed_lately_are_written(world: World) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("caseload"))
    before = listed(world)
    more_clients(world, 2)
    _count, writes = view(client, reverse("caseload"))
    assert len(writes) == 1 and listed(world) == before + 2


def test_the_api_caseload_keeps_the_same_window(world: World) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("caseload"))
    before = listed(world)
    assert client.get("/api/v1/engagements").status_code == 200
    assert listed(world) == before


def test_a_window_of_zero_records_every_view(world: World, settings: Any) -> None:
    settings.ACCESS_LIST_WINDOW_MINUTES = 0
    client = world.client_for(world.alice)
    client.get(reverse("caseload"))
    before = listed(world)
    _count, writes = view(client, reverse("caseload"))
    assert len(writes) == 1 and listed(world) == 2 * before


def test_the_clients_log_still_shows_who_saw_their_name_and_when(world: World) -> None:
    alice = world.client_for(world.alice)
    for _ in range(3):
        alice.get(reverse("caseload"))
    events = AccessEvent.objects.filter(engagement=world.engagement, actor=world.alice, what="caseload")
    assert events.count() == 1
    page = world.client_for(world.dana).get(reverse("access_log", args=[world.engagement.pk])).content.decode()
    assert world.alice.name in page
    assert "your name and phase on their caseload" in page
