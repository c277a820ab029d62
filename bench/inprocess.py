"""Benchmark: the busiest pages on a synthetic practice, on a fresh SQLite file database: caseload, engagement,
an agreement's history, and the measures (trajectory) page and its chart; the caseload filtered to what needs the
facilitator and the waiting list through the API, with a question waiting on every fourth engagement; a calendar
feed of about 5,000 sessions.

Run with `make bench-inprocess` (`make bench` is the HTTP benchmark, bench/run.py). Prints one line per page:
median and 95th-percentile milliseconds over repeated requests, and the number of queries. Results go into
docs/performance.md by hand, with the date and the machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "200"))
SESSIONS_PER_ENGAGEMENT = int(os.environ.get("BENCH_SESSIONS", "40"))
NOTES_PER_ENGAGEMENT = int(os.environ.get("BENCH_NOTES", "200"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
REVISIONS = int(os.environ.get("BENCH_REVISIONS", "60"))
SCORES = int(os.environ.get("BENCH_SCORES", "500"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "2000"))
FEED_SESSIONS = int(os.environ.get("BENCH_FEED_SESSIONS", "5000"))
SHIFTS = int(os.environ.get("BENCH_SHIFTS", "1000"))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="cocreate-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("COCREATE_DATA_DIR", str(tmp))
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cocreate.accounts.models import Membership, Practice, Role, User
    from cocreate.care.models import CareTeamMember, Engagement, Kind, Session, SharedNote

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("migrate", verbosity=0)

    # The bench measures pages, not the sign-in's second step: its practice does not require one.
    practice = Practice.objects.create(name="Bench practice", second_factor_required=False)
    facilitator = User.objects.create_user("f@bench.example.org", "bench-password-1", name="Facilitator")
    Membership.objects.create(practice=practice, user=facilitator, role=Role.FACILITATOR)
    clients = User.objects.bulk_create(
        [User(email=f"c{i}@bench.example.org", name=f"Client {i:04d}") for i in range(CLIENTS)]
    )
    Membership.objects.bulk_create([Membership(practice=practice, user=c, role=Role.CLIENT) for c in clients])
    engagements = Engagement.objects.bulk_create(
        [Engagement(practice=practice, client=c, kind=Kind.PSYCHEDELIC_ASSISTED, created_by=facilitator)
         for c in clients]
    )
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(engagement=e, facilitator=facilitator, added_by=facilitator) for e in engagements]
    )
    now = timezone.now()
    Session.objects.bulk_create(
        [Session(engagement=e, kind="preparation", starts_at=now + timedelta(days=d - SESSIONS_PER_ENGAGEMENT // 2),
                 duration_minutes=60, created_by=facilitator)
         for e in engagements for d in range(SESSIONS_PER_ENGAGEMENT)],
        batch_size=2000,
    )
    target = engagements[0]
    SharedNote.objects.bulk_create(
        [SharedNote(engagement=target, author=facilitator, body=f"Note {i}: " + "words " * 40)
         for i in range(NOTES_PER_ENGAGEMENT)]
    )

    _agreements(target, facilitator, REVISIONS)
    _scores(target, facilitator, SCORES)
    _questions(engagements[1::4])
    medicine = _medicine(target, facilitator, ENTRIES)
    _shifts(target, facilitator, SHIFTS)
    feed, feed_sessions = _feed(practice, facilitator, engagements)

    browser = Client()
    browser.force_login(facilitator)
    pages = {
        "caseload": "/caseload/",
        "needs me": "/caseload/?needs=me",
        "waiting API": "/api/v1/me/waiting",
        "engagement": f"/engagements/{target.pk}/",
        "history": f"/engagements/{target.pk}/agreements/intentions/history/",
        "measures": f"/engagements/{target.pk}/measures/",
        "chart": f"/engagements/{target.pk}/measures/phq9/chart.svg",
        "chart, cached": f"/engagements/{target.pk}/measures/phq9/chart.svg",
        "timeline": f"/engagements/{target.pk}/sessions/{medicine}/medicine/",
        "timeline part": f"/engagements/{target.pk}/sessions/{medicine}/medicine/timeline/",
        "integration timeline": f"/engagements/{target.pk}/integration/look-back/",
        "calendar feed": feed,
    }
    print(f"cocreate bench: {CLIENTS} engagements, {SESSIONS_PER_ENGAGEMENT} sessions each, "
          f"{NOTES_PER_ENGAGEMENT} shared notes, {REVISIONS} intention revisions, {SCORES} PHQ-9 scores and a "
          f"medicine session of {ENTRIES} timeline entries on one, with {SHIFTS} shared shift entries after it; "
          f"a calendar feed of {feed_sessions} sessions; {REPEAT} requests per page; {connection.vendor}")
    for name, url in pages.items():
        timings = []
        for _ in range(REPEAT):
            if name == "chart":
                cache.clear()  # drawn each time; the next row reads it from the cache
            start = time.perf_counter()
            response = browser.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        if name == "chart":
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            browser.get(url)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"  {name:<20} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
              f"{len(queries)} queries")
    return 0


def _agreements(engagement: Any, facilitator: Any, count: int) -> None:
    """`count` revisions of the intentions, alternately proposed by the client and the facilitator."""
    from cocreate.access.policy import engagement_access
    from cocreate.agreements import services

    people = [engagement.client, facilitator]
    based_on = None
    for n in range(count):
        author = people[n % 2]
        content = {"goals": [{"words": f"Goal {g} in revision {n}", "why": "because " * 10} for g in range(3)]}
        revision = services.revision_propose(actor=author, access=engagement_access(author, engagement),
                                             kind="intentions", content=content, based_on=based_on)
        other = people[(n + 1) % 2]
        services.revision_accept(actor=other, access=engagement_access(other, engagement), revision=revision)
        based_on = revision.number


def _medicine(engagement: Any, facilitator: Any, count: int) -> int:
    """An open medicine session with `count` timeline entries of every kind, made in bulk; its session's id."""
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.care.models import Session
    from cocreate.medicine.models import Entry, MedicineRecord

    start = timezone.now() - timedelta(hours=6)
    session = Session.objects.create(engagement=engagement, kind="medicine", starts_at=start, duration_minutes=480,
                                     created_by=facilitator)
    record = MedicineRecord.objects.create(session=session, engagement=engagement, pack="psychedelic_general",
                                           started_at=start, started_by=facilitator)
    kinds = [("words", {"said": "It is like the sea"}), ("emotion", {"emotions": ["awe", "grief"]}),
             ("vitals", {"systolic": 130, "diastolic": 82, "heart_rate": 90}), ("music", {"text": "Cello"}),
             ("helped", {"what": ["breath"]}), ("note", {"text": "Resting quietly"})]
    Entry.objects.bulk_create([
        Entry(record=record, uid=uuid.uuid4(), kind=kinds[n % len(kinds)][0], data=kinds[n % len(kinds)][1],
              at=start + timedelta(seconds=10 * n), author=facilitator) for n in range(count)], batch_size=1000)
    return int(session.pk)


def _shifts(engagement: Any, facilitator: Any, count: int) -> None:
    """A shift tracker after a session 90 days ago with `count` shared entries over its days, made in bulk."""
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.care.models import Session
    from cocreate.integration.models import DEFAULT_DAYS, Domain, ShiftEntry, Tracker

    start = timezone.now() - timedelta(days=90, hours=8)
    session = Session.objects.create(engagement=engagement, kind="medicine", starts_at=start, duration_minutes=360,
                                     status="completed", created_by=facilitator)
    tracker = Tracker.objects.create(engagement=engagement, session=session, began_on=start.date(),
                                     began_at=start + timedelta(hours=6), days=list(DEFAULT_DAYS),
                                     started_by=facilitator)
    areas = list(Domain.values)
    ShiftEntry.objects.bulk_create([
        ShiftEntry(engagement=engagement, author=engagement.client, tracker=tracker, day=1 + n % 90,
                   on=tracker.began_on + timedelta(days=1 + n % 90), domains=[areas[n % 8], areas[(n * 3) % 8]],
                   text=f"Noticed {n}: " + "a shift in how I felt " * 4, shared_at=start)
        for n in range(count)], batch_size=1000)


def _feed(practice: Any, facilitator: Any, engagements: list[Any]) -> tuple[str, int]:
    """A second facilitator on enough engagements' care teams for a feed of about FEED_SESSIONS sessions: the
    feed's path (a calendar app's request, no sign-in) and how many sessions it holds."""
    from cocreate.accounts.models import Membership, Role, User
    from cocreate.care.models import CareTeamMember, Session
    from cocreate.interop.services import calendar_feed_create

    person = User.objects.create_user("feed@bench.example.org", "bench-password-1", name="Feed facilitator")
    Membership.objects.create(practice=practice, user=person, role=Role.FACILITATOR)
    served = engagements[: -(-FEED_SESSIONS // SESSIONS_PER_ENGAGEMENT)]
    CareTeamMember.objects.bulk_create([CareTeamMember(engagement=e, facilitator=person, added_by=facilitator)
                                        for e in served])
    _made, token = calendar_feed_create(actor=person, label="Bench")
    return f"/calendar/{token}.ics", Session.objects.filter(engagement__in=served).count()


def _questions(engagements: list[Any]) -> None:
    """A question from each of these clients that the care team has not answered: something waiting."""
    from cocreate.access.policy import engagement_access
    from cocreate.library import services

    for engagement in engagements:
        services.question_ask(actor=engagement.client, access=engagement_access(engagement.client, engagement),
                              body="Is it all right to eat before the session?")


def _scores(engagement: Any, facilitator: Any, count: int) -> None:
    """`count` answered PHQ-9s, a week apart, made in bulk."""
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.measures.models import Administration, Assignment, Response, Score

    now = timezone.now()
    assignment = Assignment.objects.create(engagement=engagement, instrument="phq9", schedule="every_n_days",
                                           every_days=7, created_by=facilitator)
    times = [now - timedelta(days=7 * (count - n)) for n in range(count)]
    administrations = Administration.objects.bulk_create([
        Administration(assignment=assignment, engagement=engagement, instrument="phq9", due_at=t,
                       expires_at=t + timedelta(days=3), completed_at=t) for t in times])
    responses = Response.objects.bulk_create([
        Response(administration=a, answers={str(i): 1 for i in range(1, 10)}, submitted_at=a.due_at)
        for a in administrations])
    Score.objects.bulk_create([
        Score(response=r, engagement=engagement, instrument="phq9", at=r.submitted_at, total=float(n % 27),
              band="Mild") for n, r in enumerate(responses)])


if __name__ == "__main__":
    sys.exit(main())
