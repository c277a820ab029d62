"""The project's background tasks and the periodic run: email sent after a commit, and the work `cocreate remind`
does (reminders, invitations to note shifts, ruptures raised, emergency cover ended, the audit trail sealed), due
every WORKER_PERIODIC_SECONDS and taken by one worker at a time however many share the database."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cocreate.tasks.models import PeriodicJob

log = logging.getLogger(__name__)

# What `cocreate remind` runs, in this order (cli.py runs the same list).
PERIODIC_COMMANDS = ("remind", "remind_sessions", "prompt_shifts", "raise_ruptures", "end_emergency_cover",
                     "audit_seal")
PERIODIC = "remind"
# A run still under way after this long is taken to have died with its worker: its claim lapses.
HOLD = timedelta(minutes=10)


@task()
def send_emails(messages: list[list[Any]]) -> int:
    """Plain emails, each [subject, body, from (None for the default), [recipients]]. A failure is the task's
    (kept with its result, in the worker's log), never the request's that wrote them."""
    return send_mass_mail([(m[0], m[1], m[2], list(m[3])) for m in messages], fail_silently=False)


def mail_after_commit(subject: str, body: str, to: list[str]) -> None:
    """One plain email, queued once the current transaction commits (not at all if it rolls back), so the request
    never waits for the mail server and a failure is the task's, kept in the worker's log."""
    message = [str(subject), str(body), None, list(to)]
    transaction.on_commit(lambda: send_emails.enqueue([message]))


@task()
def run_periodic(name: str = PERIODIC) -> str:
    """The periodic work itself, then the claim given back. Each command sends only what has fallen due and marks
    it, so a run is never worse than late."""
    out = StringIO()
    try:
        for command in PERIODIC_COMMANDS:
            call_command(command, stdout=out)
    finally:
        release(name)
    return out.getvalue()


def claim(name: str = PERIODIC, *, now: datetime | None = None, every: timedelta | None = None) -> bool:
    """Take the job if it is due and nobody holds it: True for exactly one caller of those racing for it. One
    read when it is not due; otherwise one conditional UPDATE that the database serialises, so two workers on
    PostgreSQL (or two processes on one SQLite file) never both win."""
    now = now or timezone.now()
    every = every or timedelta(seconds=settings.WORKER_PERIODIC_SECONDS)
    PeriodicJob.objects.bulk_create([PeriodicJob(name=name, due_at=now)], ignore_conflicts=True)
    free = Q(held_until__isnull=True) | Q(held_until__lt=now)
    if not PeriodicJob.objects.filter(free, name=name, due_at__lte=now).exists():
        return False
    return PeriodicJob.objects.filter(free, name=name, due_at__lte=now).update(
        due_at=now + every, held_until=now + HOLD, last_started=now) == 1


def release(name: str = PERIODIC, *, now: datetime | None = None) -> None:
    PeriodicJob.objects.filter(name=name).update(held_until=None, last_finished=now or timezone.now())


def tick(*, now: datetime | None = None) -> bool:
    """Queue the periodic run if this caller won it; True if it did."""
    if not claim(now=now):
        return False
    run_periodic.enqueue(PERIODIC)
    return True


def work_once(*, now: datetime | None = None, worker_id: str = "once") -> int:
    """One turn of a worker: queue the periodic run if due, then run every task ready on the database queue, each
    claimed as `cocreate worker` claims it (locked, skipping those another worker holds). Returns how many ran.
    Unlike the worker's own loop it leaves the database connection open, so that it runs inside a test too."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    tick(now=now)
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name="default", queue_name="default")
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is not None:
                result.claim(worker_id)
        if result is None:
            return ran
        worker.run_task(result)
        ran += 1


def start_ticker(stop: threading.Event, *, every_seconds: float = 5.0) -> threading.Thread:
    """A thread that offers the periodic run to the queue every few seconds until `stop` is set. Many workers may
    tick at once: the claim lets one through per period."""

    def loop() -> None:
        while not stop.is_set():
            try:
                tick()
            except Exception:  # a database hiccup must not end the worker; the next tick retries
                log.exception("periodic tick failed")
            finally:
                close_old_connections()
            stop.wait(every_seconds)

    thread = threading.Thread(target=loop, name="cocreate-periodic", daemon=True)
    thread.start()
    return thread
