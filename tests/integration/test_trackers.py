"""The shift tracker begins at a medicine session's release, invites the client on the chosen days (once each, by
notice and a content-free email), and either side may change the days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.care.selectors import waiting_for
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.integration import services
from cocreate.integration.models import DEFAULT_DAYS, PromptSent, ScheduleChange, Tracker
from cocreate.integration.prompts import prompts_send
from cocreate.medicine import services as medicine
from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.medicine.helpers import begun, oregon_session


def _moved(tracker: Tracker, days_ago: int) -> Tracker:
    """The tracker as if its session had ended `days_ago` days ago (mornings counted on the client's clock)."""
    began = timezone.now() - timedelta(days=days_ago)
    Tracker.objects.filter(pk=tracker.pk).update(began_at=began, began_on=timezone.localtime(began).date())
    return Tracker.objects.get(pk=tracker.pk)


def test_the_release_begins_the_days_after_with_the_default_invitations(world: World) -> None:
    record = begun(world, oregon_session(world))
    team = engagement_access(world.alice, world.engagement)
    medicine.medicine_end(actor=world.alice, access=team, record=record, early_reason="Test")
    medicine.medicine_release(actor=world.alice, access=team, record=record,
                              checks=list(medicine.RELEASE_CHECKS), transport="as_agreed")
    tracker = Tracker.objects.get(session=record.session)
    assert tracker.days == list(DEFAULT_DAYS) and tracker.began_on == timezone.localtime(record.ended_at).date()
    assert not [w for w in waiting_for(world.dana, via="web") if w.kind == "integration.prompt"]  # day 0


def test_the_day_one_invitation_waits_for_the_client_until_they_write(world: World) -> None:
    tracker = _moved(tracker_after(world), 1)
    now = timezone.localtime(timezone.now())
    if now.hour < 9:  # before nine the day-1 invitation has not come yet: look at it from the next morning
        tracker = _moved(tracker, 2)
    [asked] = [w for w in waiting_for(world.dana, via="web") if w.kind == "integration.prompt"]
    assert "note any shifts" in asked.label and asked.url.endswith("#note")
    assert not [w for w in waiting_for(world.alice, via="web") if w.kind == "integration.prompt"]
    note(world, tracker, day=(timezone.localdate() - tracker.began_on).days)
    assert not [w for w in waiting_for(world.dana, via="web") if w.kind == "integration.prompt"]


def test_each_invitation_is_sent_once_by_notice_and_an_email_naming_no_care(
        world: World, django_capture_on_commit_callbacks: Any) -> None:
    tracker = _moved(tracker_after(world), 7)
    morning = timezone.localtime(timezone.now()).replace(hour=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert prompts_send(now=morning) == 1
    assert prompts_send(now=morning) == 0  # once
    assert PromptSent.objects.get(tracker=tracker).day == 7
    [notice] = Notice.objects.filter(recipient=world.dana, kind=NoticeKind.SHIFT_PROMPT)
    assert "Day 7" in notice.title
    [sent] = mail.outbox
    assert sent.to == [world.dana.email]
    for word in ("shift", "medicine", "session", "psilocybin", "therapy", world.practice.name):
        assert word.lower() not in (sent.subject + sent.body).lower()


def test_no_invitations_when_the_days_are_emptied_and_old_days_are_not_sent_late(world: World) -> None:
    tracker = _moved(tracker_after(world), 10)  # day 7 passed three days ago; day 14 not yet
    assert prompts_send(now=timezone.localtime(timezone.now()).replace(hour=10)) == 0
    services.tracker_days_set(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              tracker=tracker, days=[])
    _moved(tracker, 14)
    assert prompts_send(now=timezone.localtime(timezone.now()).replace(hour=10)) == 0


def test_either_side_changes_the_days_the_other_is_told_and_the_history_kept(world: World) -> None:
    tracker = tracker_after(world)
    services.tracker_days_set(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              tracker=tracker, days=["1", " 3", "10", "3", ""])
    assert Tracker.objects.get(pk=tracker.pk).days == [1, 3, 10]
    told = Notice.objects.filter(kind=NoticeKind.PROMPTS_CHANGED)
    assert {n.recipient for n in told} == {world.alice, world.bea}
    assert [c.author for c in ScheduleChange.objects.filter(tracker=tracker)] == [world.alice, world.dana]


@pytest.mark.parametrize("days", [["0"], ["-1"], ["two"], ["1.5"], ["99999"], [str(d) for d in range(1, 40)]])
def test_days_that_are_not_days_are_refused_by_name(world: World, days: list[str]) -> None:
    tracker = tracker_after(world)
    with pytest.raises(ValidationError) as refused:
        services.tracker_days_set(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                  tracker=tracker, days=days)
    assert "days" in refused.value.error_dict
    assert Tracker.objects.get(pk=tracker.pk).days == list(DEFAULT_DAYS)


def test_either_side_may_begin_one_after_a_session_that_took_place(world: World) -> None:
    from cocreate.care.models import Session, SessionKind, SessionStatus

    held = Session.objects.create(engagement=world.eve_engagement, kind=SessionKind.PSYCHOTHERAPY,
                                  starts_at=timezone.now() - timedelta(days=1), duration_minutes=50,
                                  status=SessionStatus.COMPLETED, created_by=world.carl)
    eve = engagement_access(world.eve, world.eve_engagement)
    tracker = services.tracker_start(actor=world.eve, access=eve, session=held)
    assert tracker.began_on == timezone.localtime(held.starts_at + timedelta(minutes=50)).date()
    assert Notice.objects.filter(recipient=world.carl, kind=NoticeKind.PROMPTS_CHANGED).exists()
    with pytest.raises(ValidationError):
        services.tracker_start(actor=world.eve, access=eve, session=held)  # once per session
    with pytest.raises(ValidationError):
        services.tracker_start(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                               session=world.session)  # not this engagement's, and not yet held
    gus = world.gus
    from cocreate.access.models import SupervisionAccess

    SupervisionAccess.objects.create(practice=world.practice, supervisor=gus, supervisee=world.alice,
                                     reason="Weekly supervision", expires_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(NotAllowed):
        services.tracker_days_set(actor=gus, access=engagement_access(gus, world.engagement),
                                  tracker=tracker_after(world), days=[1])
