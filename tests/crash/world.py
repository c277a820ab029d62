"""What the crash harness writes into and checks: a medicine session under way, questionnaires waiting, a document
to propose to, and bearer tokens made through the accounts service (so the harness does not depend on how people
sign in); and the check afterwards that every acknowledged write is there and nothing is half-written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.services import api_token_create
from cocreate.agreements.models import Decision, Revision
from cocreate.care import services as care
from cocreate.care.models import Kind, Phase, SessionKind, SharedNote
from cocreate.measures import registry
from cocreate.measures import services as measures
from cocreate.measures.models import Administration, Response, Score
from cocreate.medicine import services as medicine
from cocreate.medicine.models import Entry
from tests.conftest import build_world

INSTRUMENTS = ("phq9", "gad7", "who5")
KIND = "intentions"


@dataclass
class Setup:
    engagement: int
    session: int
    facilitator_token: str
    client_token: str
    administrations: list[tuple[int, int, str]]  # (engagement, administration, instrument)


@dataclass
class Ledger:
    """Every write the server acknowledged with a 2xx, and how many got no answer because of a kill."""

    notes: list[str] = field(default_factory=list)
    revisions: list[tuple[int, str]] = field(default_factory=list)  # (number, the goal's words)
    answers: dict[int, float | None] = field(default_factory=dict)  # administration -> total score
    entries: list[str] = field(default_factory=list)  # uids
    unanswered: int = 0

    def acknowledged(self) -> int:
        return len(self.notes) + len(self.revisions) + len(self.answers) + len(self.entries)


def answers_for(instrument: str) -> dict[str, int]:
    # 1 everywhere is a valid answer on all three; PHQ-9's item 9 stays 0, so no risk alert is part of the load.
    return {item.id: 0 if (instrument, item.id) == ("phq9", "9") else 1
            for item in registry.instrument(instrument).items}


def build(questionnaires: int) -> Setup:
    """Dana's engagement with alice, moved to the medicine phase under the open test pack, its medicine session
    begun; `questionnaires` administrations due now for dana (three per extra engagement)."""
    world = build_world()
    engagement = world.engagement
    for phase in (Phase.SCREENING, Phase.PREPARATION, Phase.MEDICINE):
        care.phase_transition(actor=world.alice, access=engagement_access(world.alice, engagement), to_phase=phase,
                              reason="Ready")
        engagement.refresh_from_db()
    session = care.session_schedule(actor=world.alice, access=engagement_access(world.alice, engagement),
                                    kind=SessionKind.MEDICINE, starts_at=timezone.now() + timedelta(minutes=10),
                                    duration_minutes=480, planned_dose_mg=25)
    medicine.medicine_start(actor=world.alice, access=engagement_access(world.alice, engagement), session=session)
    waiting: list[tuple[int, int, str]] = []
    while len(waiting) < questionnaires:
        other = care.engagement_create(actor=world.alice, practice=world.practice, client_id=world.dana.pk,
                                       kind=Kind.PSYCHOTHERAPY, title=f"Questionnaires {len(waiting)}")
        for instrument in INSTRUMENTS:
            measures.assignment_create(actor=world.alice, access=engagement_access(world.alice, other),
                                       instrument=instrument, schedule="once")
        for administration in Administration.objects.filter(engagement=other).order_by("pk"):
            waiting.append((other.pk, administration.pk, administration.assignment.instrument))
    # Made through the service as by people who have just passed their second step, so that the harness does not
    # depend on how anyone signs in.
    tokens = [api_token_create(actor=person, name="crash", second_factor_passed=True)[1]
              for person in (world.alice, world.dana)]
    return Setup(engagement.pk, session.pk, tokens[0], tokens[1], waiting)


def check(setup: Setup, ledger: Ledger) -> tuple[list[str], list[str]]:
    """(acknowledged writes that are missing, half-written records), each named."""
    lost: list[str] = []
    present = set(SharedNote.objects.filter(engagement_id=setup.engagement, body__in=ledger.notes)
                  .values_list("body", flat=True))
    lost += [f"shared note {body!r}" for body in ledger.notes if body not in present]

    revisions = Revision.objects.filter(document__engagement_id=setup.engagement, document__kind=KIND)
    words = {r.number: [g["words"] for g in r.content.get("goals", [])] for r in revisions}
    lost += [f"revision {number} ({said!r})" for number, said in ledger.revisions if said not in words.get(number, [])]

    submitted = {r.administration_id: r for r in Response.objects.filter(
        administration_id__in=list(ledger.answers), submitted_at__isnull=False).select_related("score")}
    for administration, total in ledger.answers.items():
        response = submitted.get(administration)
        if response is None or not hasattr(response, "score") or response.score.total != total:
            lost.append(f"answers to administration {administration}")

    found = {str(uid) for uid in Entry.objects.filter(record__session_id=setup.session,
                                                      uid__in=ledger.entries).values_list("uid", flat=True)}
    lost += [f"timeline entry {uid}" for uid in ledger.entries if uid not in found]

    half: list[str] = []
    # A revision always carries its author's own acceptance, written in the same transaction.
    without = revisions.exclude(Exists(Decision.objects.filter(revision=OuterRef("pk"), party=OuterRef("author"))))
    half += [f"revision {r.number} without its author's decision" for r in without]
    numbers = sorted(words)
    if numbers != list(range(1, len(numbers) + 1)):
        half.append(f"revision numbers with a gap: {numbers}")
    # A sent questionnaire has its score and its administration is complete; a score belongs to a sent response.
    half += [f"sent response {r.pk} without a score" for r in
             Response.objects.filter(submitted_at__isnull=False, score__isnull=True)]
    half += [f"score {s.pk} of an unsent response" for s in Score.objects.filter(response__submitted_at__isnull=True)]
    half += [f"administration {a.pk} sent but not complete" for a in Administration.objects.filter(
        response__submitted_at__isnull=False, completed_at__isnull=True)]
    twice = Entry.objects.values("record", "uid").annotate(n=Count("pk")).filter(n__gt=1)
    half += [f"timeline entry {row['uid']} stored twice" for row in twice]
    twice_notes = SharedNote.objects.values("body").annotate(n=Count("pk")).filter(n__gt=1, body__startswith="Crash")
    half += [f"shared note {row['body']!r} stored twice" for row in twice_notes]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            verdict = [row[0] for row in cursor.fetchall()]
        if verdict != ["ok"]:
            half.append(f"SQLite integrity check: {verdict}")
    return lost, half

