"""Feedback that is answered, through the services: asked after held sessions on the agreed cadence, given with
any ratings and words, flagged when a rating is low, waiting for the care team (or the clinical lead) until one of
them acknowledges it, and the client told who read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access.models import AccessEvent, Basis
from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.accounts.models import Membership, Role
from cocreate.alliance import feedback
from cocreate.alliance.models import Acknowledgement, Addressee, Feedback, FeedbackCadence
from cocreate.care.models import Phase, Session
from cocreate.care.selectors import waiting_for
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.measures.models import Flag, Score
from tests.alliance.feedback_helpers import gus_states_a_reason, held, ours, theirs
from tests.conftest import World


def _labels(world: World, who: object) -> list[str]:
    return [i.label for i in waiting_for(who) if i.engagement_id == world.engagement.pk]  # type: ignore[arg-type]


def test_after_session_three_a_low_rating_is_flagged_acknowledged_and_answered(world: World) -> None:
    first, second, third = held(world, count=3)
    assert _labels(world, world.dana).count("How was this session for you?") == 3
    assert Notice.objects.filter(recipient=world.dana, kind=NoticeKind.MEASURE_DUE).count() == 3

    given = feedback.feedback_give(actor=world.dana, access=theirs(world), session=third,
                                   ratings={"1": 8, "2": 7, "3": 3, "4": 6},
                                   better="  Less time on forms, more on what came up.  ")
    assert (given.kind, given.to, given.better) == ("session", "care_team", "Less time on forms, more on what came up.")
    score = Score.objects.get(response__administration=given.administration)
    assert (score.instrument, score.total) == ("session_feedback", 6)
    [flag] = Flag.objects.filter(engagement=world.engagement)
    assert flag.kind == "alliance" and "“The way we worked suited me”, 3 of 10" in flag.reason
    assert {n.recipient for n in Notice.objects.filter(kind=NoticeKind.FEEDBACK_GIVEN)} == {world.alice, world.bea}
    assert "Read and acknowledge feedback" in _labels(world, world.alice)
    assert "Follow up a drop in the alliance" in _labels(world, world.alice)
    assert _labels(world, world.dana).count("How was this session for you?") == 2  # the third is answered

    ack = feedback.feedback_acknowledge(actor=world.alice, access=ours(world), feedback=given,
                                        reply="Thank you. Shall we start with the week next time?")
    assert (ack.by, ack.reply) == (world.alice, "Thank you. Shall we start with the week next time?")
    assert "Read and acknowledge feedback" not in _labels(world, world.alice)
    read = Notice.objects.get(recipient=world.dana, kind=NoticeKind.FEEDBACK_READ)
    assert read.title == "Alice read what you sent and replied."
    with pytest.raises(ValidationError, match="already acknowledged"):
        feedback.feedback_acknowledge(actor=world.bea, access=engagement_access(world.bea, world.engagement),
                                      feedback=given)
    assert first.pk != second.pk


def test_the_cadence_decides_which_held_sessions_are_asked_about(world: World) -> None:
    feedback.feedback_cadence_set(actor=world.dana, access=theirs(world), every_nth=2)
    assert Notice.objects.filter(recipient=world.alice, kind=NoticeKind.FEEDBACK_GIVEN,
                                 title__contains="after every 2nd session").exists()
    sessions = held(world, count=4)
    asked = [a.session for a in feedback.asks([world.engagement.pk])[world.engagement.pk]]
    assert asked == [sessions[1], sessions[3]]
    feedback.feedback_cadence_set(actor=world.alice, access=ours(world), every_nth=0)
    assert Notice.objects.filter(recipient=world.dana, title__contains="not asked after sessions").exists()
    assert feedback.asks([world.engagement.pk]) == {}
    assert "How was this session for you?" not in _labels(world, world.dana)
    # Feedback can still be given on any held session.
    feedback.feedback_give(actor=world.dana, access=theirs(world), session=sessions[0], ratings={"4": 9})


def test_setting_the_same_cadence_changes_nothing_and_tells_nobody(world: World) -> None:
    assert feedback.feedback_cadence_set(actor=world.dana, access=theirs(world), every_nth=1) == 1
    assert not FeedbackCadence.objects.exists() and not Notice.objects.exists()


@pytest.mark.parametrize("bad", [-1, 11, "2", True, None])
def test_a_cadence_out_of_range_is_refused(world: World, bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        feedback.feedback_cadence_set(actor=world.dana, access=theirs(world), every_nth=bad)
    assert "every_nth" in caught.value.message_dict


def test_a_supervisor_reads_the_cadence_but_does_not_set_it(world: World) -> None:
    gus_states_a_reason(world)
    with pytest.raises(NotAllowed):
        feedback.feedback_cadence_set(actor=world.gus, access=engagement_access(world.gus, world.engagement),
                                      every_nth=3)


def test_a_question_goes_two_weeks_after_its_session(world: World) -> None:
    [old] = held(world, days_ago=15)
    [recent] = held(world, days_ago=2)
    assert [a.session for a in feedback.asks([world.engagement.pk])[world.engagement.pk]] == [recent]
    assert old.pk != recent.pk


@pytest.mark.parametrize(("ratings", "better", "to", "field"), [
    ({"3": 11}, "", "care_team", "rating_3"),
    ({"3": -1}, "", "care_team", "rating_3"),
    ({"3": True}, "", "care_team", "rating_3"),
    ({"3": "7"}, "", "care_team", "rating_3"),
    ({"9": 5}, "", "care_team", "rating_9"),
    ({"3": None}, "   ", "care_team", "__all__"),
    ({}, "x" * 4001, "care_team", "better"),
    ({"1": 5}, "", "someone", "to"),
])
def test_bad_feedback_is_refused_by_field_and_nothing_is_kept(world: World, ratings: dict[str, object],
                                                             better: str, to: str, field: str) -> None:
    [session] = held(world)
    with pytest.raises(ValidationError) as caught:
        feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings=ratings,
                               better=better, to=to)
    assert field in caught.value.message_dict
    assert not Feedback.objects.exists() and not Score.objects.exists()


def test_only_a_held_session_and_only_once(world: World) -> None:
    with pytest.raises(ValidationError, match="once it has been held"):
        feedback.feedback_give(actor=world.dana, access=theirs(world), session=world.session, ratings={"1": 5})
    [session] = held(world)
    feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings={}, unsaid="Not yet.")
    with pytest.raises(ValidationError, match="send a message"):
        feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings={"1": 5})
    assert Feedback.objects.get().administration is None  # words only: nothing for the measures


def test_feedback_is_the_client_s_to_give_and_the_addressees_to_acknowledge(world: World) -> None:
    [session] = held(world)
    with pytest.raises(NotAllowed):
        feedback.feedback_give(actor=world.alice, access=ours(world), session=session, ratings={"1": 5})
    with pytest.raises(NotAllowed):
        feedback.feedback_message_send(actor=world.alice, access=ours(world), message="Hello")
    sent = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="The room was cold.")
    with pytest.raises(NotAllowed):
        feedback.feedback_acknowledge(actor=world.dana, access=theirs(world), feedback=sent)
    gus_states_a_reason(world)
    with pytest.raises(NotAllowed):  # supervision reads; the care team acknowledges what was sent to it
        feedback.feedback_acknowledge(actor=world.gus, access=engagement_access(world.gus, world.engagement),
                                      feedback=sent)
    with pytest.raises(Http404):  # not this engagement's
        feedback.feedback_acknowledge(actor=world.carl, access=engagement_access(world.carl, world.eve_engagement),
                                      feedback=sent)
    assert not Acknowledgement.objects.exists()


def test_an_empty_message_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="  \n ")
    assert caught.value.message_dict == {"message": ["Write what you would like them to know."]}


def test_feedback_sent_to_the_lead_is_theirs_not_the_care_team_s(world: World) -> None:
    [session] = held(world)
    sent = feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings={"3": 2},
                                  unsaid="I did not feel able to say I felt rushed.", to=Addressee.LEAD)
    assert sent.administration is None and sent.lead_ratings == {"3": 2}
    assert not Score.objects.exists() and not Flag.objects.exists()  # the care team reads the measures
    assert [n.recipient for n in Notice.objects.filter(kind=NoticeKind.FEEDBACK_GIVEN)] == [world.gus]
    assert "Read and acknowledge feedback" not in _labels(world, world.alice)
    with pytest.raises(Http404):
        feedback.feedback_open(world.alice, world.engagement.pk, sent.pk)
    assert not feedback.visible(ours(world), world.alice).exists()

    opened = feedback.feedback_open(world.gus, world.engagement.pk, sent.pk)  # no supervision reason asked
    assert opened.as_lead and opened.feedback == sent
    event = AccessEvent.objects.get(actor=world.gus)
    assert (event.what, event.basis, event.engagement) == ("feedback", Basis.SUPERVISION, world.engagement)
    assert "clinical lead" in event.reason
    with pytest.raises(NotAllowed):
        feedback.feedback_acknowledge(actor=world.alice, access=ours(world), feedback=sent)
    feedback.feedback_acknowledge(actor=world.gus, access=opened.access, feedback=sent, reply="Can we talk?")
    assert list(feedback.lead_rows(world.gus)) == [sent]
    assert feedback.lead_rows(world.alice).count() == 0 and feedback.lead_rows(world.olga).count() == 0


def test_no_lead_outside_the_care_team_means_nowhere_else_to_send(world: World) -> None:
    Membership.objects.filter(user=world.gus, role=Role.SUPERVISOR).delete()
    with pytest.raises(ValidationError, match="no clinical lead outside your care team"):
        feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="Hm", to=Addressee.LEAD)


def test_a_closed_engagement_takes_no_new_feedback_but_keeps_what_was_sent(world: World) -> None:
    [session] = held(world)
    sent = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="Thank you for it all.")
    type(world.engagement).objects.filter(pk=world.engagement.pk).update(phase=Phase.CLOSED)
    world.engagement.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings={"1": 9})
    feedback.feedback_acknowledge(actor=world.alice, access=ours(world), feedback=sent, reply="Thank you, Dana.")
    assert feedback.page_of(theirs(world), world.dana)[0].acknowledgement.reply == "Thank you, Dana."


def test_waiting_is_said_in_days(world: World) -> None:
    now = timezone.now()
    assert feedback.waited(now - timedelta(hours=3), now) == "waiting less than a day"
    assert feedback.waited(now - timedelta(days=1, hours=1), now) == "waiting 1 day"
    assert feedback.waited(now - timedelta(days=3), now) == "waiting 3 days"
    assert Session.objects.count() == 1
