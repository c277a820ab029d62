"""Endings: the client ends the work at once or asks to; the care team proposes; nothing closes until the client
agrees (or, when the client asked, the care team agrees); the client's reasons are kept in their words; a referral
is kept with the ending; closing by the phase form is kept as an ending too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access.models import SupervisionAccess
from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.alliance import endings
from cocreate.alliance.models import Ending, EndingState
from cocreate.care import services as care
from cocreate.care.models import Phase, PhaseTransition
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World

REASONS = "I feel steadier now, and the travel to the studio has become too much for me."


def acc(world: World, who):  # type: ignore[no-untyped-def]
    return engagement_access(who, world.engagement)


def phase(world: World) -> str:
    world.engagement.refresh_from_db()
    return world.engagement.phase


def told(kind: str = NoticeKind.ENDING) -> set[str]:
    return {n.recipient.name for n in Notice.objects.filter(kind=kind).select_related("recipient")}


def test_dana_ends_the_work_at_once_with_her_reasons_in_her_words(world: World) -> None:
    ending = endings.ending_now(actor=world.dana, access=acc(world, world.dana), reasons=f"  {REASONS}  ",
                                referral_to="A counsellor near home")
    assert phase(world) == Phase.CLOSED
    ending.refresh_from_db()
    assert (ending.state, ending.reasons, ending.referral_to) == (EndingState.AGREED, REASONS,
                                                                  "A counsellor near home")
    assert (ending.proposed_by, ending.decided_by) == (world.dana, world.dana)
    closing = PhaseTransition.objects.filter(engagement=world.engagement).latest("at")
    assert (closing.to_phase, closing.actor, closing.reason) == (Phase.CLOSED, world.dana, "Ended by the client.")
    assert REASONS not in closing.reason  # her reasons stay with the ending, for her care team to read there
    assert told() == {"Alice", "Bea"}
    assert Ending.objects.count() == 1  # care's closing found the work already ended here


def test_no_reason_is_ever_required_of_the_client(world: World) -> None:
    ending = endings.ending_now(actor=world.dana, access=acc(world, world.dana))
    assert (ending.reasons, phase(world)) == ("", Phase.CLOSED)


def test_only_the_client_ends_at_once(world: World) -> None:
    with pytest.raises(NotAllowed):
        endings.ending_now(actor=world.alice, access=acc(world, world.alice))
    with pytest.raises(NotAllowed):
        care.engagement_end_by_client(actor=world.alice, access=acc(world, world.alice), reason="")
    assert phase(world) == Phase.CONSULTATION


def test_a_facilitators_proposal_closes_nothing_until_dana_agrees(world: World) -> None:
    proposed = endings.ending_propose(actor=world.alice, access=acc(world, world.alice),
                                      note="We have reached the goals we set; shall we end in two weeks?")
    assert (proposed.state, phase(world)) == (EndingState.PROPOSED, Phase.CONSULTATION)
    assert told() == {"Dana"}
    with pytest.raises(ValidationError):  # bea is on alice's side: the client answers it
        endings.ending_agree(actor=world.bea, access=acc(world, world.bea), ending=proposed)
    assert phase(world) == Phase.CONSULTATION
    endings.ending_agree(actor=world.dana, access=acc(world, world.dana), ending=proposed, reasons="It feels right.")
    proposed.refresh_from_db()
    assert (proposed.state, proposed.decided_by) == (EndingState.AGREED, world.dana)
    assert proposed.reasons == "It feels right."
    assert phase(world) == Phase.CLOSED


def test_dana_declines_without_a_reason_and_nothing_closes(world: World) -> None:
    proposed = endings.ending_propose(actor=world.bea, access=acc(world, world.bea), note="Time to end?")
    endings.ending_decline(actor=world.dana, access=acc(world, world.dana), ending=proposed, note="ignored")
    proposed.refresh_from_db()
    assert (proposed.state, proposed.decided_by, proposed.team_note) == (EndingState.DECLINED, world.dana,
                                                                         "Time to end?")
    assert phase(world) == Phase.CONSULTATION


def test_the_team_must_say_why_it_proposes_and_cannot_write_the_clients_reasons(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="  ")
    assert "note" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="Why", reasons="hers")
    assert "reasons" in caught.value.message_dict
    assert not Ending.objects.exists()


def test_dana_asks_and_the_team_agrees_or_declines_with_a_word(world: World) -> None:
    asked = endings.ending_propose(actor=world.dana, access=acc(world, world.dana), reasons=REASONS)
    assert (asked.reasons, asked.team_note, told()) == (REASONS, "", {"Alice", "Bea"})
    with pytest.raises(ValidationError):  # one ending waits at a time
        endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="Also")
    with pytest.raises(ValidationError) as caught:
        endings.ending_decline(actor=world.alice, access=acc(world, world.alice), ending=asked)
    assert "note" in caught.value.message_dict  # the team explains its no
    endings.ending_decline(actor=world.alice, access=acc(world, world.alice), ending=asked,
                           note="Could we talk about it on Thursday first?")
    asked.refresh_from_db()
    assert (asked.state, asked.team_note) == (EndingState.DECLINED, "Could we talk about it on Thursday first?")
    again = endings.ending_propose(actor=world.dana, access=acc(world, world.dana))
    endings.ending_agree(actor=world.bea, access=acc(world, world.bea), ending=again)
    assert phase(world) == Phase.CLOSED
    closing = PhaseTransition.objects.filter(engagement=world.engagement).latest("at")
    assert closing.actor == world.bea


def test_ending_now_settles_a_pending_ask_and_keeps_its_words(world: World) -> None:
    asked = endings.ending_propose(actor=world.dana, access=acc(world, world.dana), reasons=REASONS)
    ended = endings.ending_now(actor=world.dana, access=acc(world, world.dana))
    assert ended.pk == asked.pk
    assert (ended.state, ended.reasons) == (EndingState.AGREED, REASONS)


def test_withdrawing_is_the_proposing_sides(world: World) -> None:
    proposed = endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="Time?")
    with pytest.raises(ValidationError):
        endings.ending_withdraw(actor=world.dana, access=acc(world, world.dana), ending=proposed)
    endings.ending_withdraw(actor=world.bea, access=acc(world, world.bea), ending=proposed)
    proposed.refresh_from_db()
    assert proposed.state == EndingState.WITHDRAWN
    with pytest.raises(ValidationError):  # answered already
        endings.ending_agree(actor=world.dana, access=acc(world, world.dana), ending=proposed)


def test_a_referral_is_kept_with_the_ending_also_after_closing(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        endings.referral_record(actor=world.alice, access=acc(world, world.alice), referral_to="Somewhere")
    assert "referral_to" in caught.value.message_dict
    endings.ending_now(actor=world.dana, access=acc(world, world.dana))
    Notice.objects.all().delete()
    ending = endings.referral_record(actor=world.alice, access=acc(world, world.alice),
                                     referral_to="Eastside community counselling")
    assert ending.referral_to == "Eastside community counselling"
    assert told() == {"Dana"}


def test_carl_and_a_supervisor_cannot_end_or_answer(world: World) -> None:
    proposed = endings.ending_propose(actor=world.dana, access=acc(world, world.dana))
    with pytest.raises(Http404):  # carl has no access to dana's engagement at all
        acc(world, world.carl)
    SupervisionAccess.objects.create(practice=world.practice, supervisor=world.gus, supervisee=world.alice,
                                     reason="Weekly supervision", expires_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(NotAllowed):
        endings.ending_agree(actor=world.gus, access=acc(world, world.gus), ending=proposed)
    assert phase(world) == Phase.CONSULTATION


def test_closing_by_the_phase_form_is_kept_as_an_ending_and_the_client_is_told(world: World) -> None:
    proposed = endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="Time?")
    Notice.objects.all().delete()
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase=Phase.CLOSED,
                          reason="Dana moved abroad and asked us to close.")
    proposed.refresh_from_db()
    assert proposed.state == EndingState.WITHDRAWN
    closing = Ending.objects.get(state=EndingState.AGREED)
    assert (closing.proposed_by, closing.team_note) == (world.alice, "Dana moved abroad and asked us to close.")
    assert told() == {"Dana"}


def test_closing_by_the_phase_form_agrees_the_clients_pending_ask(world: World) -> None:
    asked = endings.ending_propose(actor=world.dana, access=acc(world, world.dana), reasons=REASONS)
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase=Phase.CLOSED, reason="")
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by, Ending.objects.count()) == (EndingState.AGREED, world.alice, 1)


def test_nothing_more_is_proposed_once_closed(world: World) -> None:
    endings.ending_now(actor=world.dana, access=acc(world, world.dana))
    with pytest.raises(ValidationError):
        endings.ending_now(actor=world.dana, access=acc(world, world.dana))
    with pytest.raises(ValidationError):
        endings.ending_propose(actor=world.alice, access=acc(world, world.alice), note="x")
