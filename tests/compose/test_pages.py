"""The shared pages as people see them: the engagement page's panels in order, the caseload's "Needs me", the
client's "Waiting for you", the practice's home, and the waiting list through the API."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.compose.waiting import Waiting
from tests.agreements.helpers import intentions, propose
from tests.conftest import World, make_user
from tests.measures.service_helpers import open_one


def headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"[^\"]+\">(?:<a [^>]+>)?([^<]+)", html)


def test_the_engagement_page_shows_every_panel_in_its_order(world: World) -> None:
    page = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk])).content.decode()
    assert headings(page) == ["Care team", "Phase history", "Who joins the care team", "Who we are", "Protocol",
                              "Agreements", "Sessions", "Shared notes", "Feedback", "How the work together feels",
                              "Questions", "Measures", "Fees", "Ending the work", "My private notes", "Transfer"]
    mine = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk])).content.decode()
    assert headings(mine) == ["Care team", "Phase history", "Who we are", "Protocol", "Agreements", "Sessions",
                              "Shared notes", "Your feedback", "How the work together feels", "Questions",
                              "My questionnaires and scores", "Your fees",
                              "Ending our work together"]  # no private notes


@pytest.fixture
def extra_panel() -> Iterator[None]:
    """A panel an app might add, between sessions (30) and shared notes (40), shown only to the care team."""

    @ENGAGEMENT.panel("test.extra", order=35, template="care/_waiting.html")
    def extra(page: EngagementPage) -> Mapping[str, Any] | None:
        if page.access.relation.value == "client":
            return None
        item = Waiting(kind="test.extra", label="An extra panel's item", engagement_id=page.access.engagement.pk,
                       client_name="", since=timezone.now(), url="#extra")
        return {"items": [item]}

    yield
    ENGAGEMENT.remove("test.extra")


def test_a_registered_panel_takes_its_place_without_care_knowing_it(world: World, extra_panel: None) -> None:
    url = reverse("engagement", args=[world.engagement.pk])
    page = world.client_for(world.alice).get(url).content.decode()
    assert page.index('id="sessions"') < page.index("An extra panel&#x27;s item") < page.index('id="shared-notes"')
    assert "An extra panel" not in world.client_for(world.dana).get(url).content.decode()


def test_a_second_panel_of_the_same_name_is_refused(extra_panel: None) -> None:
    with pytest.raises(ValueError, match="already has a panel named 'test.extra'"):
        ENGAGEMENT.panel("test.extra", order=1, template="x.html")(lambda page: {})


def test_the_caseload_counts_what_needs_me_and_filters_on_it(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Rest"), None)
    client = world.client_for(world.alice)
    page = client.get(reverse("caseload")).content.decode()
    assert "All clients (1)" in page and "Needs me (1)" in page
    assert 'aria-label="Needs me: 1 item for Dana"' in page
    link = f'/engagements/{world.engagement.pk}/agreements/intentions/#revision-{revision.number}'
    assert f'href="{link}">Decide on a proposed change to Intentions and goals</a>' in page
    assert "waiting since" in page and "{#" not in page

    carl = world.client_for(world.carl).get(reverse("caseload") + "?needs=me").content.decode()
    assert "Nothing is waiting for you on your caseload." in carl  # eve's engagement needs nothing
    assert "Eve" not in carl.split("<main", 1)[1]
    assert not AccessEvent.objects.filter(actor=world.carl).exists()  # a row not shown is not a read
    assert "Eve" in world.client_for(world.carl).get(reverse("caseload")).content.decode()
    assert AccessEvent.objects.get(actor=world.carl).what == "caseload"


def test_my_care_opens_with_what_waits_for_the_client(world: World) -> None:
    client = world.client_for(world.dana)
    quiet = client.get(reverse("my_engagements")).content.decode()
    assert "Waiting for you" in quiet and "Nothing is waiting for you right now." in quiet

    administration = open_one(world, "gad7")
    starts = (timezone.localtime() + timedelta(days=12)).replace(hour=9, minute=0, second=0, microsecond=0)
    care.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          kind=SessionKind.MEDICINE, starts_at=starts, duration_minutes=480)
    page = client.get(reverse("my_engagements")).content.decode()
    waiting = page[page.index('id="waiting"'):page.index("</section>", page.index('id="waiting"'))]
    assert f'href="/measures/{administration.pk}/">Questionnaire to fill in: Generalized Anxiety' in waiting
    assert "Your medicine session</a>" in waiting and starts.strftime("%a %-d %b, 09:00") in waiting
    assert page.index('id="waiting"') < page.index("Dana&#x27;s care")  # the list comes first
    assert "{#" not in page and "{%" not in page  # no template source leaks onto the page


def test_a_client_without_care_sees_no_empty_waiting_list(world: World) -> None:
    newcomer = make_user("nia", world.practice, "client")
    page = world.client_for(newcomer).get(reverse("my_engagements")).content.decode()
    assert "Waiting for you" not in page
    assert "Your practitioner has not opened a course of care for you yet." in page


def test_the_practice_home_links_what_apps_add(world: World) -> None:
    page = world.client_for(world.fay).get(reverse("practice_people", args=[world.practice.pk])).content.decode()
    assert f'href="/practices/{world.practice.pk}/library/">Library</a>' in page
    assert "Crisis resources shown to clients" in page
    assert world.client_for(world.gus).get(reverse("practice_people", args=[world.practice.pk])).status_code == 404


def test_the_api_lists_what_waits(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    administration = open_one(world, "gad7")
    (item,) = world.client_for(world.alice).get("/api/v1/me/waiting").json()
    assert item["kind"] == "agreements.proposal" and item["engagement_id"] == world.engagement.pk
    assert item["client_name"] == "Dana" and item["url"].endswith("#revision-1") and item["due"] is None
    (mine,) = world.client_for(world.dana).get("/api/v1/me/waiting").json()
    assert mine["kind"] == "measures.questionnaire" and mine["url"] == f"/measures/{administration.pk}/"
    assert mine["due"] is not None and mine["detail"].startswith("open until")
    assert world.client_for(None).get("/api/v1/me/waiting").status_code == 401
