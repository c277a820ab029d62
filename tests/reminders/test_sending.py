"""Sending session reminders: what the email and the notice say (and do not), each person's zone, a medicine
session's page with what to bring and the transport plan, and the reminders that must not go out: a session
cancelled, postponed or moved after it was found due, a closed engagement, someone off the care team, a time
that fell due before the session got its time, or an older reminder when the sender was not running."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.audit.lock import rewriting
from cocreate.care import services as care
from cocreate.care.models import Phase, Session, SessionKind
from cocreate.cli import main
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.reminders import selectors, services
from cocreate.reminders.models import Outcome, SessionReminder
from tests.agreements.helpers import agree, in_force, transport
from tests.conftest import World
from tests.reminders.helpers import schedule, sent

HOUR = timedelta(hours=1)


@pytest.fixture
def medicine(world: World) -> Session:
    with rewriting():  # the test sets up its case behind the append-only trail
        Session.objects.filter(pk=world.session.pk).delete()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    return schedule(world.alice, world.engagement, start, SessionKind.MEDICINE, 480)


def test_the_email_names_the_practice_and_the_time_and_nothing_clinical(
        world: World, medicine: Session, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    world.dana.time_zone = "America/New_York"
    world.dana.save(update_fields=["time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=medicine.starts_at - 47 * HOUR) == 3  # dana, alice, bea
    mail = next(m for m in mailoutbox if m.to == [world.dana.email])
    local = timezone.localtime(medicine.starts_at, ZoneInfo("America/New_York"))
    assert mail.subject == f"Reminder: Appointment at Juniper, {local:%A %H:%M}"
    assert f"{local:%H:%M} (America/New_York), 480 minutes" in mail.body
    assert f"/engagements/{world.engagement.pk}/sessions/{medicine.pk}/reminder/" in mail.body
    assert "/accounts/security/reminders/" in mail.body
    for word in ("Medicine", "medicine", "Dana", "Room 2", "psychedelic", "Alice"):
        assert word not in mail.subject + mail.body, word
    team_mail = next(m for m in mailoutbox if m.to == [world.alice.email])
    assert "Dana" not in team_mail.subject + team_mail.body


def test_a_person_may_let_the_email_name_the_kind_of_session(
        world: World, medicine: Session, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    services.reminder_preference_set(actor=world.dana, enabled=True, offsets=None, show_kind=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=medicine.starts_at - 47 * HOUR)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[world.dana.email].startswith("Reminder: Medicine session at Juniper, ")
    assert subjects[world.alice.email].startswith("Reminder: Appointment at Juniper, ")


def test_the_notice_is_in_each_persons_zone_and_points_to_the_session_page(world: World, medicine: Session) -> None:
    world.alice.time_zone = "Asia/Tokyo"
    world.alice.save(update_fields=["time_zone"])
    services.reminders_send(now=medicine.starts_at - 47 * HOUR)
    dana = Notice.objects.get(recipient=world.dana, kind=NoticeKind.SESSION_REMINDER)
    alice = Notice.objects.get(recipient=world.alice, kind=NoticeKind.SESSION_REMINDER)
    assert dana.title.startswith("Reminder: Medicine session, ") and "(UTC) · Room 2." in dana.title
    assert "What you agreed to bring and your transport plan are on its page." in dana.title
    tokyo = timezone.localtime(medicine.starts_at, ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo:%H:%M} (Asia/Tokyo)" in alice.title and "with Dana" in alice.title
    assert dana.url == alice.url == f"/engagements/{world.engagement.pk}/sessions/{medicine.pk}/reminder/"


def test_the_session_page_shows_what_was_agreed_to_bring_and_the_transport_plan(world: World, medicine: Session
                                                                              ) -> None:
    agree(world, "setting", {"sensory_items": ["eye_shades", "headphones"], "cultural": "My grandmother's shawl",
                             "lighting": "Dim"})
    agree(world, "transport", {"driver": "Sam", "driver_phone": "555 0100", "pickup": "18:00 at the door"})
    services.reminders_send(now=medicine.starts_at - 47 * HOUR)
    url = Notice.objects.get(recipient=world.dana, kind=NoticeKind.SESSION_REMINDER).url
    page = world.client_for(world.dana).get(url).content.decode()
    for shown in ("What you agreed to bring", "Eye shades, Headphones", "My grandmother&#x27;s shawl",
                  "Getting there and home", "Sam", "555 0100", "18:00 at the door", "Add to my calendar"):
        assert shown in page, shown
    assert "Dim" not in page  # the room's lighting is the practice's to bring, not the client's
    assert "What the client agreed to bring" in world.client_for(world.bea).get(url).content.decode()
    assert world.client_for(world.eve).get(url).status_code == 404


def test_the_session_page_says_when_nothing_is_agreed_yet(world: World, medicine: Session) -> None:
    page = world.client_for(world.dana).get(
        f"/engagements/{world.engagement.pk}/sessions/{medicine.pk}/reminder/").content.decode()
    assert "No setting plan is agreed yet." in page and "No transport plan is agreed yet." in page


@pytest.mark.parametrize("change", ["cancel", "postpone", "move"])
def test_a_session_called_off_or_moved_after_its_reminder_fell_due_sends_nothing(
        world: World, medicine: Session, change: str) -> None:
    now = medicine.starts_at - 47 * HOUR
    due = selectors.reminders_due(now)
    assert len(due) == 3
    if change == "cancel":
        care.session_cancel(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                            session=medicine, reason="Our facilitator is ill")
    elif change == "postpone":
        care.session_postpone(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              session=medicine)
    else:
        care.session_reschedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                session=medicine, starts_at=medicine.starts_at + 24 * HOUR, duration_minutes=480,
                                location="Room 2")
    assert services.reminders_deliver(due, now=now) == 0
    assert not SessionReminder.objects.exists()
    assert not Notice.objects.filter(kind=NoticeKind.SESSION_REMINDER).exists()


def test_a_sender_that_was_not_running_sends_only_the_latest_reminder(world: World, medicine: Session) -> None:
    assert services.reminders_send(now=medicine.starts_at - HOUR) == 3
    assert {(r.offset_minutes, r.outcome) for r in SessionReminder.objects.filter(person=world.dana)} == {
        (120, Outcome.SENT), (2880, Outcome.PASSED)}
    assert services.reminders_send(now=medicine.starts_at - HOUR / 2) == 0


def test_a_time_that_fell_due_before_the_session_was_scheduled_is_passed_over(world: World) -> None:
    session = schedule(world.alice, world.engagement, timezone.now() + 3 * HOUR)
    now = timezone.now()
    assert services.reminders_send(now=now) == 0  # 48 h before was before it was scheduled
    assert services.reminders_send(now=session.starts_at - HOUR) == 3  # 2 h before: everyone
    assert sent() == {(session.pk, name, 120): 1 for name in ("Dana", "Alice", "Bea")}


def test_no_reminders_on_a_closed_engagement_off_the_team_or_after_the_start(world: World, medicine: Session) -> None:
    care.care_team_remove(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          facilitator_id=world.bea.pk)
    assert {d.person.name for d in selectors.reminders_due(medicine.starts_at - 47 * HOUR)} == {"Dana", "Alice"}
    assert selectors.reminders_due(medicine.starts_at + HOUR) == []
    world.engagement.phase = Phase.CLOSED
    world.engagement.save(update_fields=["phase"])
    assert selectors.reminders_due(medicine.starts_at - 47 * HOUR) == []


def test_practice_times_and_a_persons_own(world: World, medicine: Session) -> None:
    services.practice_reminders_set(actor=world.alice, practice=world.practice, offsets=[3 * 24 * 60])
    services.reminder_preference_set(actor=world.dana, enabled=True, offsets=[30], show_kind=False)
    assert {(d.person.name, d.offset_minutes) for d in selectors.reminders_due(medicine.starts_at - 71 * HOUR)} == {
        ("Alice", 3 * 24 * 60), ("Bea", 3 * 24 * 60)}
    assert {(d.person.name, d.offset_minutes) for d in selectors.reminders_due(medicine.starts_at - HOUR / 3)} == {
        ("Alice", 3 * 24 * 60), ("Bea", 3 * 24 * 60), ("Dana", 30)}


def test_the_remind_command_sends_session_reminders_too(world: World, capsys: Any) -> None:
    Session.objects.filter(pk=world.session.pk).update(starts_at=timezone.now() + HOUR)
    Session.objects.filter(pk=world.session.pk).update(created=timezone.now() - 3 * HOUR)
    with rewriting():  # the booking is back-dated behind the append-only trail
        world.session.changes.update(at=timezone.now() - 3 * HOUR)
    call_command("remind_sessions")
    assert "3 session reminder(s) sent." in capsys.readouterr().out
    assert main(["remind"]) == 0
    out = capsys.readouterr().out
    assert "0 reminder(s) sent." in out and "0 session reminder(s) sent." in out


def test_a_long_place_is_shortened_in_the_notice_so_the_rest_still_fits(world: World, medicine: Session) -> None:
    Session.objects.filter(pk=medicine.pk).update(location=("https://video.example.org/" + "room-" * 100)[:500])
    services.reminders_send(now=medicine.starts_at - 47 * HOUR)
    title = Notice.objects.get(recipient=world.bea, kind=NoticeKind.SESSION_REMINDER).title
    assert "…." in title and len(title) < 300 and title.endswith("the transport plan are on its page.")


def test_the_client_reads_the_transport_plan_addressed_to_them(world: World, medicine: Session) -> None:
    current = in_force(world.engagement, "transport")
    agree(world, "transport", transport(driver="Ines"), based_on=current.number if current else None)
    url = reverse("session_reminder", args=[world.engagement.pk, medicine.pk])
    mine = world.client_for(world.dana).get(url).content.decode()
    assert "Who takes you home" in mine and "Who takes the client home" not in mine and "Ines" in mine
    theirs = world.client_for(world.alice).get(url).content.decode()
    assert "Who takes the client home" in theirs
