"""The care team's proposals on the engagement page and the team page: a colleague is proposed from the care team
section and joins when Dana accepts; emergency cover shows to Dana at once; a transfer asks Dana what to share and
never offers private notes; care's old add form adds nobody. Outsiders get 404; an empty POST changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.alliance import team
from cocreate.alliance.models import EndingState, TeamProposal
from cocreate.care.selectors import facilitators_on
from tests.conftest import World

WHY = "Carl leads our trauma-focused work and could join us for the next month."


def url(world: World, name: str, *args: int) -> str:
    return reverse(name, args=[world.engagement.pk, *args])


def team_names(world: World) -> set[str]:
    return {u.name for u in facilitators_on(world.engagement)}


def test_alice_proposes_from_the_engagement_page_and_dana_accepts(world: World) -> None:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    page = alice.get(url(world, "engagement")).content.decode()
    assert "Propose for the care team" in page and "A colleague joins when Dana accepts." in page
    assert "Add to care team" not in page
    made = alice.post(url(world, "alliance_team_propose"), {"facilitator": world.carl.pk, "why": WHY})
    assert made.status_code == 302
    assert team_names(world) == {"Alice", "Bea"}
    proposal = TeamProposal.objects.get()
    waiting = dana.get(reverse("my_engagements")).content.decode()
    assert "Decide whether Carl joins your care team" in waiting
    panel = dana.get(url(world, "engagement")).content.decode()
    assert "Alice proposes Carl for the care team." in panel and "Accept or decline" in panel
    team_page = dana.get(url(world, "alliance_team")).content.decode()
    assert WHY in team_page and "nobody asks you why" in team_page
    assert dana.post(url(world, "alliance_team_answer", proposal.pk), {"answer": "accept"}).status_code == 302
    assert team_names(world) == {"Alice", "Bea", "Carl"}


def test_dana_declines_and_nobody_joins(world: World) -> None:
    proposal = team.team_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 facilitator_id=world.carl.pk, why=WHY)
    dana = world.client_for(world.dana)
    assert dana.post(url(world, "alliance_team_answer", proposal.pk), {"answer": "decline"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == EndingState.DECLINED and team_names(world) == {"Alice", "Bea"}


def test_emergency_cover_shows_to_dana_at_once(world: World) -> None:
    alice = world.client_for(world.alice)
    made = alice.post(url(world, "alliance_team_cover"), {"facilitator": world.carl.pk, "hours": 48,
                                                           "why": "Alice and Bea are both ill this week."})
    assert made.status_code == 302
    assert "Carl" in team_names(world)
    page = world.client_for(world.dana).get(url(world, "engagement")).content.decode()
    assert "Emergency cover: Carl" in page and "Alice and Bea are both ill this week." in page
    assert "Keep them on, or end the cover" in page
    team_page = world.client_for(world.dana).get(url(world, "alliance_team")).content.decode()
    assert "Keep Carl on my care team" in team_page and "End the cover now" in team_page


def test_a_transfer_asks_dana_what_to_share_and_never_offers_private_notes(world: World) -> None:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    assert "checked" in alice.get(url(world, "alliance_team") + "?transfer=1").content.decode()
    alice.post(url(world, "alliance_team_propose"), {"facilitator": world.carl.pk, "why": WHY, "transfer": "on"})
    proposal = TeamProposal.objects.get()
    page = dana.get(url(world, "alliance_team")).content.decode()
    assert "If you accept, Carl joins your care team and Alice leaves it." in page
    assert "Our shared notes" in page and 'value="private_notes"' not in page
    refused = dana.post(url(world, "alliance_team_answer", proposal.pk),
                        {"answer": "accept", "shared": ["agreements", "private_notes"]})
    assert refused.status_code == 400
    assert team_names(world) == {"Alice", "Bea"}
    dana.post(url(world, "alliance_team_answer", proposal.pk), {"answer": "accept", "shared": ["agreements"]})
    assert team_names(world) == {"Bea", "Carl"}
    bea_page = world.client_for(world.bea).get(url(world, "alliance_team")).content.decode()
    assert "Our agreements: goals, plans and consent" in bea_page and "without asking the client" in bea_page


def test_cares_old_add_form_adds_nobody(world: World) -> None:
    answer = world.client_for(world.alice).post(reverse("team_add", args=[world.engagement.pk]),
                                                {"facilitator": world.carl.pk})
    assert answer.status_code == 302 and team_names(world) == {"Alice", "Bea"}
    assert world.client_for(world.dana).post(reverse("team_add", args=[world.engagement.pk]),
                                             {"facilitator": world.carl.pk}).status_code == 403


def test_an_empty_or_unclear_post_changes_nothing(world: World) -> None:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    assert alice.post(url(world, "alliance_team_propose")).status_code == 400
    assert alice.post(url(world, "alliance_team_cover")).status_code == 400
    assert not TeamProposal.objects.exists()
    proposal = team.team_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 facilitator_id=world.carl.pk, why=WHY)
    assert dana.post(url(world, "alliance_team_answer", proposal.pk)).status_code == 302
    assert alice.post(url(world, "alliance_team_withdraw", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == EndingState.PROPOSED and team_names(world) == {"Alice", "Bea"}


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga", "fay"])
def test_outsiders_get_404(world: World, who: str) -> None:
    proposal = team.team_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 facilitator_id=world.carl.pk, why=WHY)
    browser = world.client_for(getattr(world, who))
    assert browser.get(url(world, "alliance_team")).status_code == 404
    for name, args, data in (("alliance_team_propose", (), {"facilitator": world.carl.pk, "why": "x"}),
                             ("alliance_team_cover", (), {"facilitator": world.carl.pk, "why": "x", "hours": 2}),
                             ("alliance_team_answer", (proposal.pk,), {"answer": "accept"}),
                             ("alliance_team_withdraw", (proposal.pk,), {"withdraw": "yes"})):
        assert browser.post(url(world, name, *args), data).status_code == 404, name
    assert team_names(world) == {"Alice", "Bea"}


def test_a_proposal_of_another_engagement_is_404(world: World) -> None:
    eves = team.team_propose(actor=world.carl, access=engagement_access(world.carl, world.eve_engagement),
                             facilitator_id=world.alice.pk, why="Alice knows this work well.")
    dana = world.client_for(world.dana)
    assert dana.post(url(world, "alliance_team_answer", eves.pk), {"answer": "accept"}).status_code == 404
    assert world.client_for(world.alice).post(url(world, "alliance_team_withdraw", eves.pk),
                                              {"withdraw": "yes"}).status_code == 404


def test_the_team_page_reads_in_the_same_number_of_queries_however_long_the_history(world: World) -> None:
    for who in (world.dana, world.alice):
        counts = []
        for more in (2, 12):
            for _i in range(more):
                made = team.team_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                         facilitator_id=world.carl.pk, why=WHY)
                team.team_proposal_decline(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                           proposal=made)
            browser = world.client_for(who)
            for name in ("alliance_team", "engagement"):
                browser.get(url(world, name))
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(url(world, "alliance_team")).status_code == 200
                assert browser.get(url(world, "engagement")).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
