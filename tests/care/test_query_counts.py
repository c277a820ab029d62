"""The busiest pages run a fixed number of queries, however much care data there is.

Each page is measured once with a little data and once with a lot; the two counts must be equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import cycle

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Role, User
from cocreate.care import services
from cocreate.care.models import (
    Kind,
    Phase,
    PhaseTransition,
    PrivateNote,
    Session,
    SessionKind,
    SessionStatus,
    SharedNote,
)
from tests.conftest import World, make_user


@dataclass(frozen=True)
class Size:
    engagements: int  # more engagements on alice's caseload, half of them dana's
    sessions: int  # on dana's main engagement, past and upcoming, some cancelled
    shared_notes: int
    private_notes: int  # alice's and bea's
    team: int  # facilitators added to the care team (and one removed again)
    transitions: int


SMALL = Size(engagements=2, sessions=2, shared_notes=2, private_notes=2, team=1, transitions=1)
LARGE = Size(engagements=25, sessions=30, shared_notes=40, private_notes=20, team=8, transitions=12)


def grow(world: World, size: Size, tag: str) -> None:
    """Add `size` worth of care data around dana's engagement and alice's caseload."""
    now = timezone.now()
    for i in range(size.engagements):
        client = world.dana if i % 2 else make_user(f"client-{tag}-{i}", world.practice, Role.CLIENT)
        engagement = services.engagement_create(
            actor=world.alice, practice=world.practice, client_id=client.pk,
            kind=Kind.PSYCHOTHERAPY if i % 3 else Kind.PSYCHEDELIC_ASSISTED, title=f"Care {tag} {i}",
        )
        Session.objects.bulk_create([
            Session(engagement=engagement, kind=SessionKind.CONSULTATION, starts_at=now + timedelta(days=d),
                    duration_minutes=50, created_by=world.alice)
            for d in (-3, 4)
        ])

    engagement = world.engagement
    Session.objects.bulk_create([
        Session(engagement=engagement, kind=SessionKind.PREPARATION,
                starts_at=now + timedelta(days=i - size.sessions // 2), duration_minutes=90,
                location=f"Room {i}", created_by=world.alice,
                status=SessionStatus.CANCELLED if i % 5 == 0 else SessionStatus.SCHEDULED,
                cancel_reason="ill" if i % 5 == 0 else "")
        for i in range(size.sessions)
    ])
    authors = cycle([world.alice, world.dana, world.bea])
    SharedNote.objects.bulk_create([
        SharedNote(engagement=engagement, author=next(authors), body=f"shared {tag} {i}")
        for i in range(size.shared_notes)
    ])
    private_authors = cycle([world.alice, world.bea])
    PrivateNote.objects.bulk_create([
        PrivateNote(engagement=engagement, author=next(private_authors), body=f"private {tag} {i}")
        for i in range(size.private_notes)
    ])
    access = engagement_access(world.alice, engagement)
    added: list[User] = []
    for i in range(size.team):
        facilitator = make_user(f"facilitator-{tag}-{i}", world.practice, Role.FACILITATOR)
        services.care_team_add(actor=world.alice, access=access, facilitator_id=facilitator.pk)
        added.append(facilitator)
    services.care_team_remove(actor=world.alice, access=access, facilitator_id=added[0].pk)
    phases = cycle([Phase.PREPARATION, Phase.MEDICINE, Phase.INTEGRATION])
    PhaseTransition.objects.bulk_create([
        PhaseTransition(engagement=engagement, from_phase=Phase.SCREENING, to_phase=next(phases),
                        actor=world.bea, reason=f"step {tag} {i}")
        for i in range(size.transitions)
    ])


def query_count(client: Client, url: str) -> tuple[int, list[str]]:
    """Queries for one GET of `url`, after a first GET has settled the session."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


PAGES = {
    "caseload (facilitator)": ("alice", lambda w: reverse("caseload")),
    "engagement page (facilitator)": ("alice", lambda w: reverse("engagement", args=[w.engagement.pk])),
    "engagement page (client)": ("dana", lambda w: reverse("engagement", args=[w.engagement.pk])),
    "my care (client)": ("dana", lambda w: reverse("my_engagements")),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_data(world: World, page: str) -> None:
    persona, url_of = PAGES[page]
    client = world.client_for(getattr(world, persona))
    url = url_of(world)

    grow(world, SMALL, "small")
    small, _ = query_count(client, url)
    grow(world, LARGE, "large")
    large, sql = query_count(client, url)

    assert large == small, f"{page}: {small} queries with little data, {large} with a lot:\n" + "\n".join(sql)


def test_large_pages_show_the_data(world: World) -> None:
    """The large data set really reaches the pages measured above."""
    grow(world, LARGE, "large")
    page = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk])).content.decode()
    assert page.count("shared large ") == LARGE.shared_notes
    assert page.count("private large ") == LARGE.private_notes // 2  # alice's own only
    assert page.count("step large ") == LARGE.transitions
    assert "Facilitator-large-7" in page
    caseload = world.client_for(world.alice).get(reverse("caseload")).content.decode()
    assert caseload.count("Care large ") == LARGE.engagements
    mine = world.client_for(world.dana).get(reverse("my_engagements")).content.decode()
    # each of the client's engagements is named in the list and again beside its download ("Your record")
    assert mine.count("Care large ") == 2 * (LARGE.engagements // 2)
