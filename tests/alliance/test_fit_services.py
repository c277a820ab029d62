"""The fit review through its services: opened by the chosen held session (the third by default) or when the client
asks; answers read by the other side once both answered (or shown); the outcome proposed by one side and agreed by
the other."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.access.policy import NotAllowed, Relation, engagement_access
from cocreate.alliance import fit
from cocreate.alliance.models import FitOutcome, FitReview
from cocreate.alliance.ruptures_panels import fit_review_waiting
from cocreate.care.selectors import reach_of
from cocreate.inbox.models import Notice, NoticeKind
from tests.alliance.ruptures_helpers import acc, held, supervise
from tests.conftest import World

ANSWERS = {"working": "We plan together.", "not_working": "Too much talk.", "different": "More body work."}


def review_for(world: World) -> FitReview:
    return fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))


def test_the_third_held_session_opens_a_review_and_both_sides_are_told(world: World) -> None:
    held(world, days_ago=20)
    held(world, days_ago=10)
    assert not FitReview.objects.exists()
    third = held(world, days_ago=1)
    review = FitReview.objects.get()
    assert (review.session, review.asked_by) == (third, None)
    assert {n.recipient for n in Notice.objects.filter(kind=NoticeKind.FIT_REVIEW)} == {world.dana, world.bea}
    held(world)  # the fourth opens none
    assert FitReview.objects.count() == 1


def test_the_two_choose_another_session(world: World) -> None:
    fit.fit_plan_set(actor=world.dana, access=acc(world, world.dana), at_session=2)
    assert Notice.objects.filter(kind=NoticeKind.FIT_REVIEW, recipient=world.alice).exists()
    held(world, days_ago=3)
    held(world)
    assert FitReview.objects.count() == 1
    with pytest.raises(ValidationError) as caught:
        fit.fit_plan_set(actor=world.alice, access=acc(world, world.alice), at_session=2)
    assert "at_session" in caught.value.message_dict


def test_the_client_asks_and_one_review_is_open_at_a_time(world: World) -> None:
    review = review_for(world)
    assert review.asked_by == world.dana
    assert Notice.objects.filter(kind=NoticeKind.FIT_REVIEW, recipient=world.alice).exists()
    with pytest.raises(ValidationError):
        review_for(world)
    with pytest.raises(NotAllowed):
        fit.fit_review_ask(actor=world.alice, access=acc(world, world.alice))


def test_answers_are_read_by_the_other_side_once_both_have_answered(world: World) -> None:
    review = review_for(world)
    fit.fit_answer(actor=world.dana, access=acc(world, world.dana), review=review, answers=ANSWERS)
    alices = fit.view_of(fit.review_in(acc(world, world.alice), review.pk), world.alice, Relation.CARE_TEAM)
    assert (alices.shown, alices.hidden, alices.client_answered) == ([], 1, True)

    fit.fit_answer(actor=world.alice, access=acc(world, world.alice), review=review, answers={"working": "Trust."})
    alices = fit.view_of(fit.review_in(acc(world, world.alice), review.pk), world.alice, Relation.CARE_TEAM)
    danas = fit.view_of(fit.review_in(acc(world, world.dana), review.pk), world.dana, Relation.CLIENT)
    assert [a.pairs[0][1] for a in alices.shown] == ["We plan together."]
    assert [a.pairs for a in danas.shown] == [[("What is working?", "Trust.")]]
    with pytest.raises(ValidationError):
        fit.fit_answer(actor=world.alice, access=acc(world, world.alice), review=review, answers={"working": "x"})


def test_an_answer_shown_early_is_read_at_once(world: World) -> None:
    review = review_for(world)
    fit.fit_answer(actor=world.alice, access=acc(world, world.alice), review=review, answers={"working": "x"})
    fit.fit_show(actor=world.alice, access=acc(world, world.alice), review=review)
    danas = fit.view_of(fit.review_in(acc(world, world.dana), review.pk), world.dana, Relation.CLIENT)
    assert len(danas.shown) == 1 and danas.shown[0].shown_early


def test_empty_answers_are_refused(world: World) -> None:
    review = review_for(world)
    with pytest.raises(ValidationError):
        fit.fit_answer(actor=world.dana, access=acc(world, world.dana), review=review, answers={"working": "  "})


def test_the_outcome_is_proposed_by_one_side_and_agreed_by_the_other(world: World) -> None:
    review = review_for(world)
    fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="adjust",
                    note="More body work at the start.")
    with pytest.raises(NotAllowed):  # her own side's proposal
        fit.fit_agree(actor=world.bea, access=acc(world, world.bea), review=review, outcome="adjust")
    with pytest.raises(ValidationError) as caught:  # naming another outcome than the one proposed
        fit.fit_agree(actor=world.dana, access=acc(world, world.dana), review=review, outcome="end")
    assert "outcome" in caught.value.message_dict
    agreed = fit.fit_agree(actor=world.dana, access=acc(world, world.dana), review=review, outcome="adjust")
    assert (agreed.outcome, agreed.agreed_by) == (FitOutcome.ADJUST, world.dana)
    assert fit.outcome_link(agreed)[0] == reverse("agreement_propose", args=[world.engagement.pk, "modality"])
    with pytest.raises(ValidationError):
        fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="end")


def test_the_other_side_may_propose_another(world: World) -> None:
    review = review_for(world)
    fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="continue")
    fit.fit_propose(actor=world.dana, access=acc(world, world.dana), review=review, outcome="consult",
                    note="I'd like another view.")
    agreed = fit.fit_agree(actor=world.bea, access=acc(world, world.bea), review=review, outcome="consult")
    assert (agreed.outcome, agreed.outcome_note) == ("consult", "I'd like another view.")
    assert fit.outcome_link(agreed) == ("", "")


def test_an_unknown_outcome_is_refused(world: World) -> None:
    review = review_for(world)
    with pytest.raises(ValidationError) as caught:
        fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="vanish")
    assert "outcome" in caught.value.message_dict


def test_a_supervisor_reads_only(world: World) -> None:
    review = review_for(world)
    supervise(world)
    gus = engagement_access(world.gus, world.engagement)
    for write in (lambda: fit.fit_answer(actor=world.gus, access=gus, review=review, answers=ANSWERS),
                  lambda: fit.fit_propose(actor=world.gus, access=gus, review=review, outcome="end"),
                  lambda: fit.fit_plan_set(actor=world.gus, access=gus, at_session=5)):
        with pytest.raises(NotAllowed):
            write()


def test_what_waits_for_each_side(world: World) -> None:
    review = review_for(world)
    assert {i.kind for i in fit_review_waiting(reach_of(world.dana))} == {"alliance.fit_answer"}
    fit.fit_answer(actor=world.dana, access=acc(world, world.dana), review=review, answers=ANSWERS)
    assert not list(fit_review_waiting(reach_of(world.dana)))
    fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="continue")
    assert {i.kind for i in fit_review_waiting(reach_of(world.dana))} == {"alliance.fit_outcome"}
    assert {i.kind for i in fit_review_waiting(reach_of(world.bea))} == {"alliance.fit_answer"}


@pytest.mark.parametrize(("outcome", "name"), [("end", "alliance_ending"), ("transfer", "alliance_team")])
def test_ending_and_transfer_lead_to_their_pages(world: World, outcome: str, name: str) -> None:
    review = review_for(world)
    fit.fit_propose(actor=world.dana, access=acc(world, world.dana), review=review, outcome=outcome)
    agreed = fit.fit_agree(actor=world.alice, access=acc(world, world.alice), review=review, outcome=outcome)
    assert fit.outcome_link(agreed)[0] == reverse(name, args=[world.engagement.pk])
