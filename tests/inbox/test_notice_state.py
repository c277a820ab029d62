"""The inbox names the client, links to the thing, shows "done" once a decision is made and "resolved" once a
risk alert is followed up, keeps an unresolved risk alert apart from routine notices, and has one date format."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.measures import flag_services
from cocreate.measures.models import Flag
from tests.agreements.helpers import accept, intentions, propose
from tests.api_helpers import Api
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, submit


def test_a_decision_notice_names_the_client_links_to_the_proposal_and_shows_done(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Rest"), None)
    inbox = world.client_for(world.alice).get(reverse("inbox")).text
    assert '<span class="tag">Dana</span>' in inbox
    assert "done</span>" not in inbox
    assert timezone.localtime(revision.created).strftime("%-d %b %Y, %H:%M") in inbox
    (notice,) = Api.as_user(world.alice).get("/inbox").json()
    assert notice["url"].endswith(f"/agreements/intentions/#revision-{revision.number}")
    assert (notice["client_name"], notice["done"]) == ("Dana", False)

    accept(world, world.alice, revision)  # bea must still accept: done for alice, not for bea
    assert Api.as_user(world.alice).get("/inbox").json()[0]["done"] is True
    assert 'class="tag done">done</span>' in world.client_for(world.alice).get(reverse("inbox")).text
    assert Api.as_user(world.bea).get("/inbox").json()[0]["done"] is False
    accept(world, world.bea, revision)
    assert Api.as_user(world.bea).get("/inbox").json()[0]["done"] is True


def test_a_risk_alert_stands_apart_until_resolved(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    submit(world, open_one(world, "phq9"), every("phq9", 0, **{"9": 2}))
    inbox = world.client_for(world.alice).get(reverse("inbox")).text
    urgent = inbox[inbox.index('id="urgent"'):inbox.index("</section>", inbox.index('id="urgent"'))]
    assert "Needs attention now" in urgent and "Risk alert for Dana" in urgent
    assert "proposed a change" not in urgent  # routine notices stay below

    for flag in Flag.objects.filter(engagement=world.engagement):
        flag_services.flag_resolve(actor=world.bea, access=engagement_access(world.bea, world.engagement),
                                   flag=flag, action="Called her the same hour.")
    inbox = world.client_for(world.alice).get(reverse("inbox")).text
    assert 'id="urgent"' not in inbox
    assert 'class="tag done">resolved</span>' in inbox
