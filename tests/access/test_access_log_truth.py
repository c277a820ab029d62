"""The access log reads well and tells the truth: repeated looks share a line with a count, a page view is one
line however many parts it loads, a refused request is no read, the API pages through the whole history, and
reading an inbox or the practice's people list is a read of the clients named there."""

from __future__ import annotations

from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.access.services import supervision_access_start
from cocreate.agreements import services as agreements
from tests.agreements.helpers import intentions
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, submit


def events(world: World, **filters: object) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(engagement=world.engagement, **filters))


def test_repeated_looks_within_an_hour_share_one_line_with_a_count(world: World) -> None:
    alice = world.client_for(world.alice)
    for _ in range(3):
        alice.get(reverse("engagement", args=[world.engagement.pk]))
    world.client_for(world.bea).get(reverse("engagement", args=[world.engagement.pk]))
    page = world.client_for(world.dana).get(reverse("access_log", args=[world.engagement.pk])).text
    assert page.count("your record&#x27;s main page") == 2  # one line for Alice, one for Bea
    assert "3 times, since" in page
    assert 'class="cards"' in page  # on a phone each line becomes a card


def test_a_page_and_the_chart_it_embeds_are_one_read(world: World) -> None:
    submit(world, open_one(world, "phq9"), every("phq9", 1))
    alice = world.client_for(world.alice)
    alice.get(reverse("engagement_measures", args=[world.engagement.pk]))
    alice.get(reverse("measure_chart", args=[world.engagement.pk, "phq9"]))
    assert len(events(world, actor=world.alice, what="measures")) == 1


def test_a_refused_request_is_not_a_read(world: World) -> None:
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Monthly review of the caseload")
    refused = world.client_for(world.gus).get(reverse("session_new", args=[world.engagement.pk]))
    assert refused.status_code == 403
    assert events(world, actor=world.gus) == []
    shown = world.client_for(world.gus).get(reverse("engagement", args=[world.engagement.pk]))
    assert shown.status_code == 200 and len(events(world, actor=world.gus)) == 1


def test_the_api_pages_through_the_whole_history(world: World) -> None:
    AccessEvent.objects.bulk_create([AccessEvent(actor=world.alice, engagement=world.engagement, what="sessions")
                                     for _ in range(620)])
    dana = Api.as_user(world.dana)
    seen = []
    offset = 0
    while page := dana.get(eng(world.engagement.pk, f"/access-events?offset={offset}&limit=250")).json():
        seen += [row["id"] for row in page]
        offset += 250
    assert len(seen) == len(set(seen)) == 620


def test_reading_the_inbox_is_a_read_of_the_clients_it_names(world: World) -> None:
    agreements.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                kind="intentions", content=intentions("Rest"), based_on=None)
    world.client_for(world.alice).get(reverse("inbox"))
    assert [e.what for e in events(world, actor=world.alice)] == ["inbox"]
    Api.as_user(world.bea).get("/inbox")
    assert [(e.what, e.via) for e in events(world, actor=world.bea)] == [("inbox", "api")]


def test_the_practices_people_list_is_a_read_of_the_clients_on_it(world: World) -> None:
    world.client_for(world.fay).get(reverse("practice_people", args=[world.practice.pk]))
    (event,) = events(world, actor=world.fay)
    assert (event.what, event.basis) == ("practice roster", "practice")
    log = world.client_for(world.dana).get(reverse("access_log", args=[world.engagement.pk])).text
    assert "your name and email on the practice&#x27;s list of people" in log and "Running the practice" in log
