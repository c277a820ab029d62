"""A practice's quarter of medicine sessions, for the state reports' tests: clients under Oregon's and Colorado's
rules, sessions in and out of the quarter, answers and an opt-out given through the service, people denied, and
adverse events of several severities.

Sessions and their entries are written straight to the database: the services begin a session only now and through
the protocol's gate, and these tests are about a quarter in the past."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cocreate.accounts.models import Practice, Role, User
from cocreate.audit.lock import rewriting
from cocreate.care.models import Engagement, Session, SessionKind, SessionStatus
from cocreate.medicine.models import Entry, MedicineRecord
from cocreate.medicine.state_data import state_data_set
from cocreate.protocols import services as protocols
from cocreate.protocols.models import ScreeningDecision
from tests.conftest import World, make_user
from tests.protocols.gate_helpers import access, answers, open_engagement, under

LA = ZoneInfo("America/Los_Angeles")
OREGON, COLORADO = "oregon_psilocybin", "colorado_natural_medicine"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LA)


def held(world: World, engagement: Engagement, start: datetime, *, pack: str = OREGON,
         minutes: int = 240) -> MedicineRecord:
    session = Session.objects.create(engagement=engagement, kind=SessionKind.MEDICINE, starts_at=start,
                                     duration_minutes=minutes, status=SessionStatus.COMPLETED,
                                     created_by=world.alice)
    return MedicineRecord.objects.create(session=session, engagement=engagement, pack=pack, started_at=start,
                                         started_by=world.alice, ended_at=start + timedelta(minutes=minutes),
                                         ended_by=world.alice)


def log(world: World, record: MedicineRecord, kind: str, data: dict[str, Any], *, minutes: int = 30,
        corrects: Entry | None = None) -> Entry:
    return Entry.objects.create(record=record, uid=uuid.uuid4(), kind=kind, author=world.alice, data=data,
                                at=record.started_at + timedelta(minutes=minutes), corrects=corrects)


def adverse(severity: str, needed_medical_care: bool = False) -> dict[str, Any]:
    return {"what": "Nausea and fear", "severity": severity, "needed_medical_care": needed_medical_care,
            "action": "Stayed with the client"}


def dose(amount: int, **more: Any) -> dict[str, Any]:
    return {"substance": "Psilocybin", "amount": amount, "unit": "mg", "route": "oral", **more}


def denied(world: World, engagement: Engagement, outcome: str, at: datetime, **yes: str) -> ScreeningDecision:
    """The client answers the screening (yes to `yes`), alice denies; the decision is moved to `at`."""
    client = engagement.client
    protocols.screening_submit(actor=client, access=access(client, engagement), answers=answers(engagement, **yes))
    decision = protocols.screening_decide(actor=world.alice, access=access(world.alice, engagement), outcome=outcome,
                                          rationale="Not now: we talked it through together.")
    with rewriting():  # the test sets up its case behind the append-only trail
        ScreeningDecision.objects.filter(pk=decision.pk).update(at=at)
    return decision


@dataclass
class Quarter:
    """Who is where in 2025 Q1 (Los Angeles time)."""

    dana: Engagement  # two sessions (one at 23:30 on 31 March), no answers given
    quill: Engagement  # one session, answers given
    tamsin: Engagement  # one session, opted out
    odile: Engagement  # sessions just before and just after the quarter
    perrin: Engagement  # denied in the quarter: lithium
    bram: Engagement  # referred elsewhere in the quarter, no rule raised
    ines: Engagement  # denied after the quarter
    clients: list[User]


def in_los_angeles(world: World) -> None:
    Practice.objects.filter(pk=world.practice.pk).update(time_zone="America/Los_Angeles")
    world.practice.refresh_from_db()


def oregon_quarter(world: World) -> Quarter:
    in_los_angeles(world)
    clients = [make_user(n, world.practice, Role.CLIENT) for n in ("quill", "tamsin", "odile", "perrin", "bram",
                                                                     "ines")]
    under(world, world.engagement, OREGON)
    quill, tamsin, odile, perrin, bram, ines = (open_engagement(world, c, OREGON) for c in clients)
    dana = world.engagement

    first = held(world, dana, local(2025, 1, 10, 10, 0))
    log(world, first, "adverse", adverse("mild"))
    wrong = log(world, first, "adverse", adverse("moderate"), minutes=40)
    log(world, first, "adverse", adverse("mild"), minutes=41, corrects=wrong)  # a moderate corrected to mild
    late = held(world, dana, local(2025, 3, 31, 23, 30))  # Q1 in Los Angeles, 1 April in UTC
    log(world, late, "adverse", adverse("severe", needed_medical_care=True))

    log(world, held(world, quill, local(2025, 2, 2, 9, 0)), "adverse", adverse("moderate", needed_medical_care=True))
    state_data_set(actor=quill.client, access=access(quill.client, quill), race=["asian", "white"],
                   ethnicity="not_hispanic_latino", languages=["english", "korean"], disability=["none"],
                   sexual_orientation=["bisexual"], gender_identity=["woman"], income="prefer_not", age="35_44",
                   county="multnomah", reasons=["depression", "grief"])

    held(world, tamsin, local(2025, 3, 1, 12, 0))
    state_data_set(actor=tamsin.client, access=access(tamsin.client, tamsin), race=["white"], county="lane")
    state_data_set(actor=tamsin.client, access=access(tamsin.client, tamsin), opted_out=True)

    log(world, held(world, odile, local(2024, 12, 31, 23, 30)), "adverse", adverse("severe", True))
    held(world, odile, local(2025, 4, 1, 0, 30))

    denied(world, perrin, "not_eligible_now", local(2025, 2, 14, 11, 0), lithium_30d="yes")
    denied(world, bram, "refer", local(2025, 3, 3, 15, 0))
    denied(world, ines, "not_eligible_now", local(2025, 4, 2, 9, 0), lithium_30d="yes")

    # Not Oregon's: a session under another protocol, and one in another practice.
    held(world, quill, local(2025, 2, 20, 9, 0), pack="psychedelic_general")
    held(world, world.oscar_engagement, local(2025, 2, 3, 9, 0))
    return Quarter(dana, quill, tamsin, odile, perrin, bram, ines, clients)
