"""Background work on the database queue: the periodic run claimed by one worker at a time, a due reminder sent end
to end by a worker, and the inbox's email sent through a task after commit."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocreate.accounts import services as account_services
from cocreate.audit.lock import rewriting
from cocreate.care.models import Session
from cocreate.inbox import services as inbox
from cocreate.inbox.models import NoticeKind
from cocreate.reminders.models import Outcome, SessionReminder
from cocreate.tasks import jobs
from cocreate.tasks.models import PeriodicJob
from tests.conftest import World

HOUR = timedelta(hours=1)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE


def due_session_reminders(world: World) -> None:
    """dana's session starts in an hour and was booked three hours ago: her and the care team's reminders are due."""
    Session.objects.filter(pk=world.session.pk).update(starts_at=timezone.now() + HOUR,
                                                       created=timezone.now() - 3 * HOUR)
    with rewriting():  # the booking is back-dated behind the append-only trail
        world.session.changes.update(at=timezone.now() - 3 * HOUR)


def run_committed(capture: Any, worker_id: str, **kwargs: Any) -> int:
    """A worker's turn whose writes count as committed (the test's transaction never commits): what they queue
    after commit is queued when the turn ends, as a real worker's is at once."""
    with capture(execute=True):
        return jobs.work_once(worker_id=worker_id, **kwargs)


def test_a_worker_sends_a_due_reminder_end_to_end(
        world: World, queue: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    due_session_reminders(world)
    assert run_committed(django_capture_on_commit_callbacks, "w1") == 1  # the periodic run
    assert mailoutbox == []  # its emails are queued, not yet sent
    assert jobs.work_once(worker_id="w1") == 3  # the email tasks, one per person
    assert SessionReminder.objects.filter(outcome=Outcome.SENT).count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.dana.email, world.alice.email, world.bea.email])
    results = DBTaskResult.objects.all()
    assert {r.task_path.rsplit(".", 1)[1] for r in results} >= {"run_periodic", "send_emails"}
    assert all(r.status == "SUCCESSFUL" for r in results)
    assert PeriodicJob.objects.get(name=jobs.PERIODIC).held_until is None  # the claim is given back


def test_two_workers_do_not_send_one_reminder_twice(
        world: World, queue: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    due_session_reminders(world)
    now = timezone.now()
    assert jobs.tick(now=now) is True
    assert jobs.tick(now=now) is False  # the second worker, in the same period
    assert run_committed(django_capture_on_commit_callbacks, "w1", now=now) == 1
    assert run_committed(django_capture_on_commit_callbacks, "w2", now=now) == 3  # the emails, not the run again
    assert jobs.work_once(now=now, worker_id="w2") == 0
    assert SessionReminder.objects.filter(outcome=Outcome.SENT).count() == 3
    assert len(mailoutbox) == 3


def test_the_periodic_run_comes_again_after_its_period_and_not_while_one_is_under_way(world: World) -> None:
    now = timezone.now()
    assert jobs.claim(now=now)
    later = now + timedelta(seconds=61)
    assert not jobs.claim(now=later)  # the first run still holds it
    jobs.release(now=later)
    assert jobs.claim(now=later)
    assert not jobs.claim(now=later + timedelta(seconds=30))
    # A worker that died mid-run: its claim lapses.
    assert jobs.claim(now=later + jobs.HOLD + timedelta(seconds=61))


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_the_periodic_run_let_one_through(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in ("", ":memory:") or (
            "mode=memory" in str(connection.settings_dict["TEST"].get("NAME") or "")):
        pytest.skip("threads need a file or server database")
    now = timezone.now()
    jobs.claim(now=now - timedelta(days=1))  # the row exists
    jobs.release(now=now)
    PeriodicJob.objects.update(due_at=now)
    won: list[bool] = []
    start = threading.Barrier(4)

    def race() -> None:
        start.wait()
        try:
            won.append(jobs.claim(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == [False, False, False, True]


def test_the_inbox_email_is_queued_after_commit_and_sent_by_the_worker(
        world: World, queue: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inbox.notify(recipients=[world.dana], kind=NoticeKind.SESSION_REMINDER, title="t", url="/x/")
    assert mailoutbox == []  # the request that wrote it does not wait for the mail server
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("send_emails") and queued.status == "READY"
    assert jobs.work_once(worker_id="w1") >= 1
    assert [m.to for m in mailoutbox] == [[world.dana.email]]


def test_nothing_is_queued_when_the_writing_transaction_rolls_back(
        world: World, queue: None, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        inbox.notify(recipients=[world.dana], kind=NoticeKind.SESSION_REMINDER, title="t", url="/x/")
    assert not DBTaskResult.objects.exists()


def test_in_the_tests_the_email_goes_at_once_as_before(
        world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inbox.notify(recipients=[world.dana], kind=NoticeKind.SESSION_REMINDER, title="t", url="/x/")
    assert [m.to for m in mailoutbox] == [[world.dana.email]]


def test_an_invitation_is_mailed_by_the_worker_not_the_request(
        world: World, queue: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        account_services.invitation_create(actor=world.fay, practice=world.practice, email="new@example.org",
                                           name="New Person", role="client")
    assert mailoutbox == []
    assert DBTaskResult.objects.get().task_path.endswith("send_emails")
    assert jobs.work_once(worker_id="w1") >= 1
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert "invited you" in mailoutbox[0].body


def test_a_password_reset_is_mailed_by_the_worker(world: World, queue: None, mailoutbox: list[Any]) -> None:
    page = Client().post(reverse("password_reset"), {"email": world.dana.email})
    assert page.status_code == 302
    assert mailoutbox == []  # the page answers without waiting for the mail server
    assert jobs.work_once(worker_id="w1") >= 1
    assert [m.to for m in mailoutbox] == [[world.dana.email]]
    assert "reset the password" in mailoutbox[0].body
