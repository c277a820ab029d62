"""The demo's endings, through the real services, and safe to run again; and what a supervisor reads."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cocreate.access.models import SupervisionAccess
from cocreate.agreements.models import Revision, RevisionState
from cocreate.alliance.demo_endings import REASONS, REFERRAL, demo_endings
from cocreate.alliance.models import Ending, EndingState, TeamProposal
from cocreate.care.models import Phase
from cocreate.care.selectors import facilitators_on
from tests.conftest import World


def test_the_demo_accepts_a_colleague_and_ends_an_engagement_with_a_summary(world: World) -> None:
    for _twice in range(2):
        demo_endings(world.eve_engagement, world.eve, world.carl, world.bea, ended=world.engagement)
    assert {u.name for u in facilitators_on(world.eve_engagement)} == {"Carl", "Bea"}
    assert TeamProposal.objects.get().state == EndingState.AGREED
    ending = Ending.objects.get()
    assert (ending.state, ending.reasons, ending.referral_to) == (EndingState.AGREED, REASONS, REFERRAL)
    world.engagement.refresh_from_db()
    assert world.engagement.phase == Phase.CLOSED
    assert Revision.objects.get(document__kind="closing_summary").state == RevisionState.AGREED


def test_a_supervisor_reads_the_ending_and_the_team_but_writes_nothing(world: World) -> None:
    demo_endings(world.eve_engagement, world.eve, world.carl, world.bea, ended=world.engagement)
    SupervisionAccess.objects.create(practice=world.practice, supervisor=world.gus, supervisee=world.alice,
                                     reason="Weekly supervision", expires_at=timezone.now() + timedelta(hours=1))
    gus = world.client_for(world.gus)
    page = gus.get(reverse("alliance_ending", args=[world.engagement.pk]))
    assert page.status_code == 200 and REASONS in page.content.decode()
    assert "Record the referral" not in page.content.decode()
    team_page = gus.get(reverse("alliance_team", args=[world.engagement.pk])).content.decode()
    assert "Call in emergency cover" not in team_page and 'name="facilitator"' not in team_page
    refused = gus.post(reverse("alliance_ending_referral", args=[world.engagement.pk]), {"referral_to": "x"})
    assert refused.status_code == 403
