"""Builds the synthetic practice that `make bench` serves: at scale 1.0, 5,000 clients, 50 facilitators with 100
clients each, 108,000 sessions, 54,000 shared notes and 1,082,000 answered PHQ-9s (administration, response and
score each), the rows the services would write for them, made with `bulk_create` in large batches.

Ids are given here, counting from 1 in a fresh database, so nothing has to be read back: facilitator f (from 0)
is user f + 1 and holds engagements f × 100 + 1 to f × 100 + 100; client c is user FACILITATORS + c + 1 and is
the client of engagement c + 1. Every engagement also has one PHQ-9 open now (for the "answer saved" write) and
the first facilitator's have a medicine session under way (for the timeline write); the first engagement has
revisions of its intentions, made through the services, for the agreement history page.

`build(scale)` fills the database Django is configured with (DATABASE_URL); `bench/run.py` calls it once per
database and scale and keeps the result.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

PASSWORD = "bench-password-1"  # noqa: S105 - the synthetic practice's published password
CLIENTS_PER_FACILITATOR = 100
FACILITATORS = 50  # at scale 1.0
SESSIONS = 108_000
NOTES = 54_000
SCORES = 1_082_000
HISTORY_REVISIONS = 30
BATCH = 5_000
ENGAGEMENTS_PER_TRANSACTION = 200


@dataclass(frozen=True)
class Practice:
    """What the benchmark needs to know about a built practice."""

    scale: float
    facilitators: int
    clients: int
    sessions: int
    notes: int
    scores: int
    seconds: float
    facilitator_email: str
    client_email: str
    engagement: int  # the first facilitator's first engagement: the pages' engagement
    engagements: list[int]  # the first facilitator's caseload
    open_administrations: dict[int, int]  # engagement -> its open PHQ-9
    medicine_sessions: dict[int, int]  # engagement -> its medicine session under way
    client_emails: dict[int, str]  # engagement -> its client's email

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Practice:
        data = dict(data)
        for key in ("open_administrations", "medicine_sessions", "client_emails"):
            data[key] = {int(k): v for k, v in data[key].items()}
        return cls(**data)


def sizes(scale: float, per_facilitator: int = CLIENTS_PER_FACILITATOR) -> tuple[int, int, int, int, int]:
    """Facilitators, clients, sessions, shared notes and scores at this scale (at least one facilitator), the
    history per client as at scale 1.0 whatever the scale."""
    facilitators = max(1, round(FACILITATORS * scale))
    clients = facilitators * per_facilitator
    share = clients / (FACILITATORS * CLIENTS_PER_FACILITATOR)
    return facilitators, clients, round(SESSIONS * share), round(NOTES * share), round(SCORES * share)


def spread(total: int, count: int, index: int) -> int:
    """How many of `total` things the `index`-th of `count` holders gets, spread as evenly as whole numbers go."""
    return total // count + (1 if index < total % count else 0)


def build(scale: float, *, per_facilitator: int = CLIENTS_PER_FACILITATOR, log: Any = print) -> Practice:
    """Fill the (freshly migrated, empty) database with the practice at this scale (`per_facilitator` smaller
    only for the tests)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from cocreate.accounts.models import Membership, Role, User
    from cocreate.accounts.models import Practice as PracticeRow
    from cocreate.care.models import CareTeamMember, Engagement, Kind, Phase, PhaseTransition

    began = time.perf_counter()
    facilitators, clients, sessions, notes, scores = sizes(scale, per_facilitator)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # a throwaway build: losing it in a crash costs only a rebuild
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
    now = timezone.now()
    password = make_password(PASSWORD)  # hashed once: every synthetic person shares it
    with transaction.atomic():
        # The bench measures pages, not the sign-in's second step: its practice does not require one.
        practice = PracticeRow.objects.create(name="Bench practice", time_zone="UTC", second_factor_required=False)
        User.objects.bulk_create(
            [User(pk=f + 1, email=f"f{f}@bench.example.org", name=f"Facilitator {f:02d}", password=password,
                  date_joined=now - timedelta(days=2000)) for f in range(facilitators)]
            + [User(pk=facilitators + c + 1, email=f"c{c}@bench.example.org", name=f"Client {c:05d}",
                    password=password, date_joined=now - timedelta(days=1600)) for c in range(clients)],
            batch_size=BATCH)
        Membership.objects.bulk_create(
            [Membership(practice=practice, user_id=f + 1, role=Role.FACILITATOR) for f in range(facilitators)]
            + [Membership(practice=practice, user_id=facilitators + c + 1, role=Role.CLIENT) for c in range(clients)],
            batch_size=BATCH)
        started = now - timedelta(days=1600)
        Engagement.objects.bulk_create(
            [Engagement(pk=c + 1, practice=practice, client_id=facilitators + c + 1, kind=Kind.PSYCHEDELIC_ASSISTED,
                        phase=Phase.INTEGRATION, created_by_id=c // per_facilitator + 1, created=started)
             for c in range(clients)], batch_size=BATCH)
        CareTeamMember.objects.bulk_create(
            [CareTeamMember(engagement_id=c + 1, facilitator_id=c // per_facilitator + 1,
                            added_by_id=c // per_facilitator + 1, added_at=started) for c in range(clients)],
            batch_size=BATCH)
        PhaseTransition.objects.bulk_create(
            [PhaseTransition(engagement_id=c + 1, from_phase="", to_phase=Phase.INTEGRATION,
                             actor_id=c // per_facilitator + 1, at=started) for c in range(clients)],
            batch_size=BATCH)
    log(f"  people and engagements: {time.perf_counter() - began:.1f} s")
    ids = _Ids()
    for first in range(0, clients, ENGAGEMENTS_PER_TRANSACTION):
        with transaction.atomic():
            _history(range(first, min(clients, first + ENGAGEMENTS_PER_TRANSACTION)), facilitators, clients,
                     per_facilitator, (sessions, notes, scores), now, ids)
        if first and first % (ENGAGEMENTS_PER_TRANSACTION * 5) == 0:
            log(f"  history of {first} engagements: {time.perf_counter() - began:.1f} s")
    _reset_sequences()
    caseload = list(range(1, per_facilitator + 1))
    medicine = _medicine(caseload, now)
    _agreements(1, HISTORY_REVISIONS)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would soon do on a server that had grown to this size
    seconds = time.perf_counter() - began
    log(f"  built in {seconds:.1f} s")
    return Practice(
        scale=scale, facilitators=facilitators, clients=clients, sessions=sessions, notes=notes, scores=scores,
        seconds=round(seconds, 1), facilitator_email="f0@bench.example.org", client_email="c0@bench.example.org",
        engagement=1, engagements=caseload,
        open_administrations={e: ids.open_administration[e] for e in caseload},
        medicine_sessions=medicine, client_emails={e: f"c{e - 1}@bench.example.org" for e in caseload},
    )


class _Ids:
    """The next id of each table built in bulk, and each engagement's open PHQ-9."""

    def __init__(self) -> None:
        self.session = self.note = self.assignment = self.administration = 1
        self.open_administration: dict[int, int] = {}


def _phq9_patterns() -> list[tuple[dict[str, int], Any]]:
    """Answers for each PHQ-9 total from 0 to 24 (item 9, the risk item, always 0) and their scores."""
    from cocreate.measures import registry, scoring

    instrument = registry.instrument("phq9")
    patterns = []
    for total in range(25):
        answers = {str(item): min(3, max(0, total - 3 * (item - 1))) for item in range(1, 9)} | {"9": 0}
        patterns.append((answers, scoring.score(instrument, answers)))
    return patterns


_PATTERNS: list[tuple[dict[str, int], Any]] = []


def _history(clients: range, facilitators: int, total_clients: int, per_facilitator: int,
             totals: tuple[int, int, int], now: datetime, ids: _Ids) -> None:
    """Sessions (with their "scheduled" change), shared notes and weekly answered PHQ-9s for these engagements."""
    from cocreate.care.models import Session, SessionChange, SessionKind, SessionStatus, SharedNote
    from cocreate.measures.models import Administration, Assignment, Response, Schedule, Score

    if not _PATTERNS:
        _PATTERNS.extend(_phq9_patterns())
    sessions, changes, notes, assignments, administrations, responses, scores = [], [], [], [], [], [], []
    for c in clients:
        engagement, facilitator, client = c + 1, c // per_facilitator + 1, facilitators + c + 1
        count = spread(totals[0], total_clients, c)
        for n in range(count):  # fortnightly, the last two still to come
            starts = (now - timedelta(days=14 * (count - n - 2), hours=c % 9)).replace(minute=0, second=0,
                                                                                       microsecond=0)
            past = starts < now
            sessions.append(Session(
                pk=ids.session, engagement_id=engagement, kind=SessionKind.INTEGRATION if n % 4 else
                SessionKind.PREPARATION, starts_at=starts, duration_minutes=60, location="Room 2",
                status=SessionStatus.COMPLETED if past else SessionStatus.SCHEDULED, created_by_id=facilitator,
                created=starts - timedelta(days=14)))
            changes.append(SessionChange(session_id=ids.session, action=SessionChange.Action.SCHEDULED,
                                         actor_id=facilitator, at=starts - timedelta(days=14)))
            ids.session += 1
        count = spread(totals[1], total_clients, c)
        for n in range(count):
            notes.append(SharedNote(
                pk=ids.note, engagement_id=engagement, author_id=client if n % 2 else facilitator,
                body=f"Shared note {n}: what we noticed together this week, and what to try before next time. " * 2,
                created=now - timedelta(days=7 * (count - n), hours=1)))
            ids.note += 1
        count = spread(totals[2], total_clients, c)
        assignment = ids.assignment
        ids.assignment += 1
        assignments.append(Assignment(pk=assignment, engagement_id=engagement, instrument="phq9",
                                      schedule=Schedule.EVERY_N_DAYS, every_days=7, created_by_id=facilitator,
                                      created=now - timedelta(days=7 * count + 1)))
        for n in range(count + 1):  # the last one is open now, for the client to answer
            due = now - timedelta(days=7 * (count - n) + 1)
            done = n < count
            administrations.append(Administration(
                pk=ids.administration, assignment_id=assignment, engagement_id=engagement, instrument="phq9",
                due_at=due, expires_at=due + timedelta(days=365 if not done else 7),
                completed_at=due + timedelta(hours=3) if done else None))
            if done:
                answers, result = _PATTERNS[(c * 7 + n * 3) % 25 if n % 5 else (c + n) % 12]
                at = due + timedelta(hours=3)
                responses.append(Response(pk=ids.administration, administration_id=ids.administration,
                                          answers=answers, started=at, updated=at, submitted_at=at))
                scores.append(Score(
                    pk=ids.administration, response_id=ids.administration, engagement_id=engagement,
                    instrument="phq9", at=at, total=result.total, subscales=result.subscales,
                    band=result.band.label if result.band else "",
                    severity=result.band.severity if result.band else None, prorated=result.prorated))
            else:
                ids.open_administration[engagement] = ids.administration
            ids.administration += 1
    tables: list[tuple[Any, list[Any]]] = [
        (Session, sessions), (SessionChange, changes), (SharedNote, notes), (Assignment, assignments),
        (Administration, administrations), (Response, responses), (Score, scores)]
    for model, rows in tables:
        model.objects.bulk_create(rows, batch_size=BATCH)


def _reset_sequences() -> None:
    """On PostgreSQL, move each table's id sequence past the ids given here, so that later rows get fresh ones."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(apps.get_models()))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _medicine(engagements: list[int], now: datetime) -> dict[int, int]:
    """A medicine session under way, its record started, on each of these engagements: its session's id."""
    from cocreate.care.models import Engagement, Session, SessionKind
    from cocreate.medicine.models import Entry, MedicineRecord

    start = now - timedelta(hours=1)
    found = {}
    for engagement in Engagement.objects.filter(pk__in=engagements).select_related("client"):
        facilitator = engagement.created_by_id
        session = Session.objects.create(engagement=engagement, kind=SessionKind.MEDICINE, starts_at=start,
                                         duration_minutes=480, created_by_id=facilitator)
        record = MedicineRecord.objects.create(session=session, engagement=engagement, pack="psychedelic_general",
                                               started_at=start, started_by_id=facilitator)
        Entry.objects.create(record=record, uid=uuid.uuid4(), kind="note", data={"text": "Settled in"}, at=start,
                             author_id=facilitator)
        found[engagement.pk] = session.pk
    return found


def _agreements(engagement_id: int, count: int) -> None:
    """`count` revisions of the engagement's intentions, proposed by one side and accepted by the other."""
    from cocreate.access.policy import engagement_access
    from cocreate.agreements import services
    from cocreate.care.models import Engagement

    engagement = Engagement.objects.select_related("client", "created_by").get(pk=engagement_id)
    people = [engagement.client, engagement.created_by]
    based_on = None
    for n in range(count):
        author, other = people[n % 2], people[(n + 1) % 2]
        content = {"goals": [{"words": f"Goal {g} in revision {n}", "why": "because it matters to me " * 3}
                             for g in range(3)]}
        revision = services.revision_propose(actor=author, access=engagement_access(author, engagement),
                                             kind="intentions", content=content, based_on=based_on)
        services.revision_accept(actor=other, access=engagement_access(other, engagement), revision=revision)
        based_on = revision.number


def main(argv: list[str]) -> int:
    """`python bench/build.py SCALE META.json [CLIENTS_PER_FACILITATOR]`: migrate the database of DATABASE_URL,
    build, write what was made."""
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    per_facilitator = int(argv[3]) if len(argv) > 3 else CLIENTS_PER_FACILITATOR
    practice = build(float(argv[1]), per_facilitator=per_facilitator)
    Path(argv[2]).write_text(json.dumps(practice.as_dict(), indent=1))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
