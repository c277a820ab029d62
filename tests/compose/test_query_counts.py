"""The pages that gather every app's panels and waiting items run a fixed number of queries, however many
engagements have something waiting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.agreements import services as agreements
from cocreate.care import services as care
from cocreate.care.models import Kind, SessionKind
from cocreate.library import services as library
from tests.agreements.helpers import intentions
from tests.care.test_query_counts import query_count
from tests.conftest import World
from tests.measures.service_helpers import administrations as administrations_of
from tests.measures.service_helpers import assign, every, save

PAGES = {
    "caseload": ("alice", "caseload"),
    "caseload, needs me": ("alice", "caseload?needs=me"),
    "my care": ("dana", "/my/"),
    "engagement page (facilitator)": ("alice", "engagement"),
    "engagement page (client)": ("dana", "engagement"),
    "waiting API (facilitator)": ("alice", "/api/v1/me/waiting"),
    "waiting API (client)": ("dana", "/api/v1/me/waiting"),
    "practice home": ("alice", "practice"),
}


def grow(world: World, n: int) -> None:
    """n more of dana's engagements, each with a proposal, a question, a questionnaire due, a coming medicine
    session and a risk answer waiting."""
    for i in range(n):
        engagement = care.engagement_create(actor=world.alice, practice=world.practice, client_id=world.dana.pk,
                                            kind=Kind.PSYCHEDELIC_ASSISTED, title=f"Course {i}")
        team = engagement_access(world.alice, engagement)
        care.care_team_add(actor=world.alice, access=team, facilitator_id=world.bea.pk)
        client = engagement_access(world.dana, engagement)
        agreements.revision_propose(actor=world.dana, access=client, kind="intentions",
                                    content=intentions(f"Goal {i}"), based_on=None)
        library.question_ask(actor=world.dana, access=client, body=f"Question {i}")
        care.session_schedule(actor=world.alice, access=team, kind=SessionKind.MEDICINE,
                              starts_at=timezone.now() + timedelta(days=10 + i), duration_minutes=480)
        [gad7] = administrations_of(assign(world, "gad7", engagement=engagement))
        [phq9] = administrations_of(assign(world, "phq9", engagement=engagement))
        save(world, phq9, every("phq9", 1, **{"9": 1}))
        assert gad7.pk


def url_for(world: World, url: str) -> str:
    if url == "engagement":
        return reverse("engagement", args=[world.engagement.pk])
    if url == "practice":
        return reverse("practice_people", args=[world.practice.pk])
    if url.startswith("caseload"):
        return reverse("caseload") + url.removeprefix("caseload")
    return url


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_waiting_items(world: World, page: str) -> None:
    persona, url = PAGES[page]
    client = world.client_for(getattr(world, persona))
    grow(world, 1)
    small, _ = query_count(client, url_for(world, url))
    grow(world, 8)
    large, sql = query_count(client, url_for(world, url))
    assert large == small, f"{page}: {small} queries with little waiting, {large} with a lot:\n" + "\n".join(sql)


def test_the_large_data_set_reaches_the_lists(world: World) -> None:
    grow(world, 9)
    mine = world.client_for(world.dana).get("/my/").content.decode()
    assert mine.count("Your medicine session") == 9
    assert mine.count("Questionnaire to fill in") == 18
    caseload = world.client_for(world.alice).get(reverse("caseload") + "?needs=me").content.decode()
    assert caseload.count("Decide on a proposed change to Intentions and goals") == 9
    assert caseload.count("Answer Dana&#x27;s question") == 9
    assert caseload.count("Follow up a risk answer") == 9
    api = world.client_for(world.alice).get("/api/v1/me/waiting").json()
    assert len(api) == 27
