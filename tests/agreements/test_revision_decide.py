"""Deciding on proposals: who must accept, declining, withdrawing, authorship of what is agreed, notices and email."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from cocreate.access.policy import NotAllowed
from cocreate.access.services import supervision_access_start
from cocreate.agreements import selectors
from cocreate.agreements.kinds import KINDS
from cocreate.agreements.models import Decision, Revision, RevisionState, Side, Verdict
from cocreate.agreements.services import revision_accept, revision_withdraw
from cocreate.care import services as care
from cocreate.inbox.models import NoticeKind
from tests.agreements.helpers import (
    accept,
    access,
    agree,
    decline,
    intentions,
    library_modality,
    modalities,
    notices_to,
    propose,
    rows,
    state_of,
    touch,
    transport,
)
from tests.conftest import World

DANA_GOAL = {"words": "Sleep through the night", "why": "I wake at three and dread the day"}
GOAL = "goals[sleep through the night#1]"  # attribution names a goal by its words, not its position
ALICE_AMENDS = {**DANA_GOAL, "noticing": "A sleep diary we read together", "why": "Waking at three drains me"}


def _awaiting(world: World, kind: str, viewer: Any) -> list[list[str]]:
    view = selectors.document_view(access(viewer, world.engagement), viewer, KINDS[kind])
    return [[person.name for person in pending.awaiting] for pending in view.pending]


def _refused(action: Callable[[], Any]) -> list[str]:
    before = rows()
    with pytest.raises(ValidationError) as caught:
        action()
    assert rows() == before
    return caught.value.messages


def test_an_amended_intention_is_agreed_when_the_client_and_the_whole_team_accept(world: World) -> None:
    first = propose(world, world.dana, "intentions", {"goals": [DANA_GOAL]}, None)
    amended = propose(world, world.alice, "intentions", {"goals": [ALICE_AMENDS]}, 1)
    assert _awaiting(world, "intentions", world.dana) == [["Alice", "Bea"], ["Dana", "Bea"]]

    accept(world, world.dana, amended)
    assert state_of(amended) == RevisionState.PROPOSED  # intentions need every care-team member
    assert _awaiting(world, "intentions", world.dana)[-1] == ["Bea"]
    assert selectors.in_force_content(access(world.dana, world.engagement), "intentions") is None

    accept(world, world.bea, amended)

    amended.refresh_from_db()
    first.refresh_from_db()
    assert amended.state == RevisionState.AGREED and amended.settled_at is not None
    assert (first.state, first.superseded_by) == (RevisionState.SUPERSEDED, amended)
    assert selectors.in_force_content(access(world.dana, world.engagement), "intentions") == amended.content
    assert amended.attribution == {
        f"{GOAL}.words": Side.CLIENT, f"{GOAL}.status": Side.CLIENT,
        f"{GOAL}.why": Side.CARE_TEAM, f"{GOAL}.noticing": Side.CARE_TEAM,
    }
    assert (amended.client_fields, amended.team_fields) == (2, 2)
    assert _awaiting(world, "intentions", world.dana) == []


def test_a_later_agreement_keeps_who_wrote_what_was_agreed_before(world: World) -> None:
    agreed = agree(world, "intentions", {"goals": [DANA_GOAL]})
    assert set(agreed.attribution.values()) == {Side.CLIENT}
    moved = propose(world, world.bea, "intentions", {"goals": [{**DANA_GOAL, "status": "progressing"}]}, 1)
    accept(world, world.dana, moved)
    accept(world, world.alice, moved)
    moved.refresh_from_db()
    assert moved.attribution == {f"{GOAL}.words": Side.CLIENT, f"{GOAL}.why": Side.CLIENT,
                                 f"{GOAL}.status": Side.CARE_TEAM}
    agreed.refresh_from_db()
    assert (agreed.state, agreed.superseded_by) == (RevisionState.SUPERSEDED, moved)


def test_the_agreement_is_announced_to_everyone_but_the_last_to_accept(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    accept(world, world.alice, revision)
    assert notices_to(world.dana, NoticeKind.PROPOSAL_AGREED) == []
    accept(world, world.bea, revision)
    assert len(notices_to(world.dana, NoticeKind.PROPOSAL_AGREED)) == 1
    assert len(notices_to(world.alice, NoticeKind.PROPOSAL_AGREED)) == 1
    assert notices_to(world.bea, NoticeKind.PROPOSAL_AGREED) == []


@pytest.mark.parametrize("facilitator", ["alice", "bea"])
def test_transport_needs_the_client_and_one_facilitator(world: World, facilitator: str) -> None:
    revision = propose(world, world.dana, "transport", transport(), None)
    assert _awaiting(world, "transport", world.dana) == [[]]  # any one of the team will do
    assert selectors.document_view(access(world.dana, world.engagement), world.dana,
                                   KINDS["transport"]).pending[0].any_of_team
    accept(world, getattr(world, facilitator), revision)
    assert state_of(revision) == RevisionState.AGREED


def test_a_modality_plan_proposed_by_a_facilitator_needs_only_the_client(world: World) -> None:
    library_modality(world, "ifs", "Internal Family Systems")
    revision = propose(world, world.alice, "modality", modalities("ifs"), None)
    assert _awaiting(world, "modality", world.alice) == [["Dana"]]
    accept(world, world.dana, revision)
    assert state_of(revision) == RevisionState.AGREED


def test_the_care_team_alone_cannot_agree(world: World) -> None:
    revision = propose(world, world.alice, "transport", transport(), None)
    accept(world, world.bea, revision)
    assert state_of(revision) == RevisionState.PROPOSED
    assert _awaiting(world, "transport", world.bea) == [["Dana"]]


def test_accepting_twice_is_refused(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    accept(world, world.alice, revision)
    assert _refused(lambda: accept(world, world.alice, revision)) == ["You have already decided on this revision."]
    assert _refused(lambda: accept(world, world.dana, revision)) == ["You have already decided on this revision."]


def test_a_superseded_revision_can_no_longer_be_accepted(world: World) -> None:
    first = propose(world, world.dana, "transport", transport(), None)
    second = propose(world, world.alice, "transport", transport(driver="Kim"), 1)
    accept(world, world.dana, second)
    assert state_of(first) == RevisionState.SUPERSEDED
    assert _refused(lambda: accept(world, world.bea, first)) == [
        "This revision is superseded; it can no longer be accepted."]


def test_a_declined_revision_can_no_longer_be_accepted(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    decline(world, world.alice, revision, "Let us talk about this first")
    assert _refused(lambda: accept(world, world.bea, revision)) == [
        "This revision is declined; it can no longer be accepted."]


def test_a_withdrawn_revision_can_no_longer_be_accepted_or_withdrawn(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement), revision=revision)
    assert _refused(lambda: accept(world, world.alice, revision)) == [
        "This revision is withdrawn; it can no longer be accepted."]
    assert _refused(lambda: revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement),
                                              revision=revision))


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_the_care_team_explains_declining_a_clients_proposal(world: World, comment: str) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    with pytest.raises(ValidationError) as caught:
        decline(world, world.alice, revision, comment)
    assert caught.value.message_dict == {"comment": ["Say why you decline, so Dana can respond."]}
    assert state_of(revision) == RevisionState.PROPOSED


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_client_declines_without_giving_a_reason(world: World, comment: str) -> None:
    revision = propose(world, world.alice, "touch_consent", touch(hug="yes"), None)
    decline(world, world.dana, revision, comment)
    assert state_of(revision) == RevisionState.DECLINED
    assert Decision.objects.get(revision=revision, party=world.dana).comment == ""


def test_a_withdrawal_may_carry_a_word_on_why(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement), revision=revision,
                      comment="  I want to think about it more  ")
    revision.refresh_from_db()
    assert (revision.state, revision.withdraw_comment) == (RevisionState.WITHDRAWN, "I want to think about it more")
    page = world.client_for(world.alice).get(
        f"/engagements/{world.engagement.pk}/agreements/intentions/history/").text
    assert "On withdrawing it: I want to think about it more" in page


def test_a_facilitator_may_decline_a_colleagues_proposal_without_a_comment(world: World) -> None:
    revision = propose(world, world.alice, "intentions", intentions("Sleep"), None)
    decline(world, world.bea, revision, "")
    assert state_of(revision) == RevisionState.DECLINED


def test_declining_ends_the_proposal_and_keeps_the_comment(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    accept(world, world.alice, revision)

    decline(world, world.bea, revision, "  Too soon to name this goal  ")

    revision.refresh_from_db()
    assert revision.state == RevisionState.DECLINED and revision.settled_at is not None
    assert [(d.party, d.verdict, d.comment) for d in Decision.objects.filter(revision=revision)] == [
        (world.dana, Verdict.ACCEPT, ""), (world.alice, Verdict.ACCEPT, ""),
        (world.bea, Verdict.DECLINE, "Too soon to name this goal")]
    assert len(notices_to(world.dana, NoticeKind.PROPOSAL_DECLINED)) == 1
    assert notices_to(world.bea, NoticeKind.PROPOSAL_DECLINED) == []


def test_the_author_withdraws_rather_than_declines(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    assert _refused(lambda: decline(world, world.dana, revision, "Changed my mind")) == [
        "You proposed this; withdraw it instead."]


def test_only_the_author_may_withdraw(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    for other in (world.alice, world.bea):
        with pytest.raises(NotAllowed):
            revision_withdraw(actor=other, access=access(other, world.engagement), revision=revision)
    assert state_of(revision) == RevisionState.PROPOSED

    revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement), revision=revision)

    revision.refresh_from_db()
    assert revision.state == RevisionState.WITHDRAWN and revision.settled_at is not None
    assert [n.kind for n in notices_to(world.alice)] == [NoticeKind.PROPOSAL_WITHDRAWN, NoticeKind.PROPOSAL_AWAITS]
    assert notices_to(world.dana) == []


def test_a_facilitator_removed_from_the_care_team_is_no_longer_awaited(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    assert _awaiting(world, "intentions", world.dana) == [["Alice", "Bea"]]
    care.care_team_remove(actor=world.alice, access=access(world.alice, world.engagement), facilitator_id=world.bea.pk)
    assert _awaiting(world, "intentions", world.dana) == [["Alice"]]

    accept(world, world.alice, revision)

    assert state_of(revision) == RevisionState.AGREED
    assert notices_to(world.bea, NoticeKind.PROPOSAL_AGREED) == []  # no longer a party, so not told
    with pytest.raises(Http404):
        accept(world, world.bea, revision)


def test_a_removed_facilitators_acceptance_no_longer_counts(world: World) -> None:
    revision = propose(world, world.alice, "transport", transport(), None)
    care.care_team_remove(actor=world.bea, access=access(world.bea, world.engagement),
                          facilitator_id=world.alice.pk)
    accept(world, world.dana, revision)
    assert state_of(revision) == RevisionState.PROPOSED
    accept(world, world.bea, revision)
    assert state_of(revision) == RevisionState.AGREED


def test_only_the_client_and_the_care_team_decide(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Monthly case review with Alice")
    with pytest.raises(NotAllowed):
        accept(world, world.gus, revision)
    for outsider in (world.carl, world.fay, world.olga):
        with pytest.raises(Http404):
            accept(world, outsider, revision)
    assert Decision.objects.filter(revision=revision).count() == 1


def test_a_revision_of_another_engagement_is_not_found(world: World) -> None:
    foreign = propose(world, world.eve, "intentions", intentions("Grieve"), None, engagement=world.eve_engagement)
    with pytest.raises(Http404):
        revision_accept(actor=world.dana, access=access(world.dana, world.engagement), revision=foreign)
    with pytest.raises(Http404):
        revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement), revision=foreign)
    assert state_of(foreign) == RevisionState.PROPOSED


def test_a_closed_engagement_refuses_decisions(world: World) -> None:
    revision = propose(world, world.dana, "transport", transport(), None)
    care.phase_transition(actor=world.alice, access=access(world.alice, world.engagement), to_phase="closed",
                          reason="Moved away")
    assert _refused(lambda: accept(world, world.alice, revision)) == [
        "This engagement is closed; its agreements are kept as they are."]


def test_emails_go_after_commit_to_the_others_without_the_content(world: World, mailoutbox: list[Any],
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        revision = propose(world, world.dana, "intentions", {"goals": [DANA_GOAL]}, None)
        assert mailoutbox == []  # not before the transaction commits
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "bea@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        accept(world, world.alice, revision)
        accept(world, world.bea, revision)
    assert sorted(m.to[0] for m in mailoutbox[2:]) == ["alice@example.org", "dana@example.org"]
    for message in mailoutbox:
        text = message.subject + message.body
        assert "/inbox/" in message.body and "intentions" not in text.lower()  # not even which document
        for words in (DANA_GOAL["words"], DANA_GOAL["why"], "Sleep"):
            assert words not in text


def test_no_email_when_the_action_is_rolled_back(world: World, mailoutbox: list[Any],
                                                 django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(RuntimeError), \
            transaction.atomic():
        propose(world, world.dana, "intentions", intentions("Sleep"), None)
        raise RuntimeError("the request failed later")
    assert mailoutbox == []
    assert Revision.objects.count() == 0


def test_a_proposal_waiting_only_for_someone_who_left_the_team_is_agreed_when_they_leave(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep through the night"), None)
    accept(world, world.alice, revision)
    assert state_of(revision) == RevisionState.PROPOSED  # bea has not accepted yet
    care.care_team_remove(actor=world.alice, access=access(world.alice, world.engagement),
                          facilitator_id=world.bea.pk)
    assert state_of(revision) == RevisionState.AGREED
    assert notices_to(world.dana, NoticeKind.PROPOSAL_AGREED)


def test_authors_of_superseded_proposals_are_told(world: World) -> None:
    first = propose(world, world.dana, "intentions", intentions("Sleep better"), None)
    second = propose(world, world.alice, "intentions", intentions("Sleep through the night"), first.number)
    accept(world, world.dana, second)
    accept(world, world.bea, second)
    [notice] = notices_to(world.dana, NoticeKind.PROPOSAL_SUPERSEDED)
    assert "superseded by revision 2" in notice.title
    assert not notices_to(world.alice, NoticeKind.PROPOSAL_SUPERSEDED)


def test_removing_or_reordering_goals_does_not_move_who_wrote_them(world: World) -> None:
    both = {"goals": [{"words": "Sleep through the night"}, {"words": "Walk each morning", "why": "For my mood"}]}
    agreed = agree(world, "intentions", both)
    assert set(agreed.attribution.values()) == {Side.CLIENT}
    only_walk = {"goals": [{"words": "Walk each morning", "why": "For my mood"}]}
    trimmed = propose(world, world.alice, "intentions", only_walk, agreed.number)
    accept(world, world.dana, trimmed)
    accept(world, world.bea, trimmed)
    trimmed.refresh_from_db()
    assert set(trimmed.attribution.values()) == {Side.CLIENT}  # the client's words stay the client's
    assert (trimmed.client_fields, trimmed.team_fields) == (3, 0)
