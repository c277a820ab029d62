"""The client's voice in their care team: a colleague joins only when the client accepts; declined, nobody joins
and nobody asks why; emergency cover joins at once, is shown to the client at once, and ends after its time; a
transfer hands over, shares what the client chose, and never private notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.alliance import team
from cocreate.alliance.models import EndingState, TeamProposal
from cocreate.care import services as care
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World

WHY = "Carl leads our trauma-focused work and could join us for the next month."


def acc(world: World, who):  # type: ignore[no-untyped-def]
    return engagement_access(who, world.engagement)


def team_names(world: World) -> set[str]:
    return {u.name for u in facilitators_on(world.engagement)}


def told(kind: str = NoticeKind.TEAM_PROPOSAL) -> set[str]:
    return {n.recipient.name for n in Notice.objects.filter(kind=kind).select_related("recipient")}


def propose(world: World, *, transfer: bool = False) -> TeamProposal:
    return team.team_propose(actor=world.alice, access=acc(world, world.alice), facilitator_id=world.carl.pk,
                             why=WHY, transfer=transfer)


def test_a_proposal_accepted_adds_the_colleague(world: World) -> None:
    proposal = propose(world)
    assert team_names(world) == {"Alice", "Bea"}  # nobody joins before dana decides
    assert told() == {"Dana"}
    Notice.objects.all().delete()
    team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal)
    assert team_names(world) == {"Alice", "Bea", "Carl"}
    proposal.refresh_from_db()
    assert (proposal.state, proposal.shared) == (EndingState.AGREED, [])
    assert told() == {"Alice", "Bea", "Carl"}


def test_a_proposal_declined_adds_nobody_and_asks_no_reason(world: World) -> None:
    proposal = propose(world)
    team.team_proposal_decline(actor=world.dana, access=acc(world, world.dana), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == EndingState.DECLINED
    assert team_names(world) == {"Alice", "Bea"}
    with pytest.raises(ValidationError):  # decided already
        team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal)


def test_only_the_client_decides_and_only_the_team_proposes(world: World) -> None:
    proposal = propose(world)
    with pytest.raises(NotAllowed):
        team.team_proposal_accept(actor=world.bea, access=acc(world, world.bea), proposal=proposal)
    with pytest.raises(NotAllowed):
        team.team_propose(actor=world.dana, access=acc(world, world.dana), facilitator_id=world.carl.pk, why="x")
    assert team_names(world) == {"Alice", "Bea"}


@pytest.mark.parametrize(("who", "why", "field"), [
    ("bea", WHY, "facilitator"),  # already on the team
    ("dana", WHY, "facilitator"),  # not a facilitator
    ("olga", WHY, "facilitator"),  # another practice's
    ("carl", "   ", "why"),  # the client reads why
])
def test_a_proposal_names_a_colleague_and_says_why(world: World, who: str, why: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        team.team_propose(actor=world.alice, access=acc(world, world.alice),
                          facilitator_id=getattr(world, who).pk, why=why)
    assert field in caught.value.message_dict
    assert not TeamProposal.objects.exists()


def test_one_proposal_per_colleague_at_a_time(world: World) -> None:
    propose(world)
    with pytest.raises(ValidationError):
        team.team_propose(actor=world.bea, access=acc(world, world.bea), facilitator_id=world.carl.pk, why="Also")


def test_emergency_cover_joins_at_once_is_shown_to_dana_and_ends_after_its_time(world: World) -> None:
    cover = team.emergency_cover_start(actor=world.alice, access=acc(world, world.alice),
                                       facilitator_id=world.carl.pk, why="Alice and Bea are both ill this week.")
    assert team_names(world) == {"Alice", "Bea", "Carl"}
    assert cover.emergency_until is not None
    hours = (cover.emergency_until - cover.created).total_seconds() / 3600
    assert round(hours) == team.COVER_HOURS
    assert "Dana" in told() and "Carl" in told()
    dana_notice = Notice.objects.get(recipient=world.dana)
    assert "Emergency cover" in dana_notice.title and "Carl" in dana_notice.title
    assert team.emergency_cover_end_due(now=timezone.now()) == 0  # not yet
    assert team.emergency_cover_end_due(now=cover.emergency_until + timedelta(minutes=1)) == 1
    assert team_names(world) == {"Alice", "Bea"}
    cover.refresh_from_db()
    assert cover.state == EndingState.WITHDRAWN
    assert team.emergency_cover_end_due(now=cover.emergency_until + timedelta(hours=1)) == 0  # once


def test_dana_may_keep_the_cover_on_or_end_it_now(world: World) -> None:
    cover = team.emergency_cover_start(actor=world.alice, access=acc(world, world.alice),
                                       facilitator_id=world.carl.pk, why="Both of us are away.", hours=24)
    team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=cover)
    assert team.emergency_cover_end_due(now=timezone.now() + timedelta(days=2)) == 0
    assert "Carl" in team_names(world)  # kept on
    Notice.objects.all().delete()
    care.care_team_remove(actor=world.alice, access=acc(world, world.alice), facilitator_id=world.carl.pk)
    again = team.emergency_cover_start(actor=world.alice, access=acc(world, world.alice),
                                       facilitator_id=world.carl.pk, why="Away again.")
    team.team_proposal_decline(actor=world.dana, access=acc(world, world.dana), proposal=again)
    assert team_names(world) == {"Alice", "Bea"}  # ended at once, by the client


def test_cover_needs_a_reason_and_a_sensible_time(world: World) -> None:
    for why, hours, field in (("", 72, "why"), ("Ill", 0, "hours"), ("Ill", team.MAX_COVER_HOURS + 1, "hours")):
        with pytest.raises(ValidationError) as caught:
            team.emergency_cover_start(actor=world.alice, access=acc(world, world.alice),
                                       facilitator_id=world.carl.pk, why=why, hours=hours)
        assert field in caught.value.message_dict
    with pytest.raises(NotAllowed):
        team.emergency_cover_start(actor=world.dana, access=acc(world, world.dana), facilitator_id=world.carl.pk,
                                   why="x")
    assert team_names(world) == {"Alice", "Bea"}


def test_a_transfer_hands_over_and_keeps_what_dana_chose_to_share(world: World) -> None:
    proposal = propose(world, transfer=True)
    team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal,
                              shared=["shared_notes", "agreements", "agreements"])
    assert team_names(world) == {"Bea", "Carl"}  # alice handed over
    proposal.refresh_from_db()
    assert proposal.shared == ["agreements", "shared_notes"]
    assert team.shared_labels(proposal) == ["Our agreements: goals, plans and consent", "Our shared notes"]


def test_a_transfer_cannot_share_private_notes(world: World) -> None:
    proposal = propose(world, transfer=True)
    with pytest.raises(ValidationError) as caught:
        team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal,
                                  shared=["agreements", "private_notes"])
    assert "Private notes" in caught.value.message_dict["shared"][0]
    with pytest.raises(ValidationError):
        team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal,
                                  shared=["everything"])
    proposal.refresh_from_db()
    assert (proposal.state, team_names(world)) == (EndingState.PROPOSED, {"Alice", "Bea"})


def test_only_a_transfer_asks_what_to_share(world: World) -> None:
    proposal = propose(world)
    with pytest.raises(ValidationError):
        team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal,
                                  shared=["agreements"])


def test_the_team_withdraws_its_proposal(world: World) -> None:
    proposal = propose(world)
    with pytest.raises(NotAllowed):
        team.team_proposal_withdraw(actor=world.dana, access=acc(world, world.dana), proposal=proposal)
    team.team_proposal_withdraw(actor=world.bea, access=acc(world, world.bea), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == EndingState.WITHDRAWN


def test_a_proposal_lapses_when_the_engagement_closes(world: World) -> None:
    proposal = propose(world)
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase="closed", reason="Done")
    proposal.refresh_from_db()
    assert proposal.state == EndingState.WITHDRAWN
    with pytest.raises(ValidationError):
        team.team_proposal_accept(actor=world.dana, access=acc(world, world.dana), proposal=proposal)
    assert team_names(world) == {"Alice", "Bea"}
