"""The demo's Oregon psilocybin service centre: Harbor Light runs under Oregon's rules, and two of its clients each
held a psilocybin session this week, one giving Oregon's client data and one opting out, so the quarterly report
has something to count."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice, User
from cocreate.agreements import services as agreements
from cocreate.care import services as care
from cocreate.care.models import Engagement, Kind, Phase, SessionKind
from cocreate.medicine import services as medicine
from cocreate.medicine.state_data import state_data_set
from cocreate.protocols import demo as protocols_demo

PLANS: dict[str, dict[str, Any]] = {
    "safety": {"warning_signs": "Not sleeping; pulling away from friends.", "what_helps": "A walk by the river.",
               "contacts": [], "crisis_lines": "988 Suicide & Crisis Lifeline (call or text 988)",
               "support_person_after": "A friend, that evening"},
    "transport": {"driver": "A friend", "pickup": "At the end of the session, at the centre's door"},
    "touch_consent": {"hand_holding": "ask_first", "hand_on_shoulder": "yes", "hug": "no", "hands_on_feet": "no",
                      "bodywork": "no", "stop_signal": "I say 'stop'", "notes": ""},
}
ROSA: dict[str, Any] = {"race": ["white"], "ethnicity": "hispanic_latino", "languages": ["spanish", "english"],
        "disability": [], "sexual_orientation": [], "gender_identity": [], "income": "50k_75k", "age": "35_44",
        "county": "multnomah", "reasons": ["grief", "anxiety"]}


def _agreed(ana: User, client: User, engagement: Engagement, kind: str) -> None:
    revision = agreements.revision_propose(actor=client, access=engagement_access(client, engagement), kind=kind,
                                           content=PLANS[kind], based_on=None)
    agreements.revision_accept(actor=ana, access=engagement_access(ana, engagement), revision=revision)


def _psilocybin_session(ana: User, client: User, engagement: Engagement, days_ago: int, where: str) -> None:
    """A preparation session held twelve days before, then a 20 mg session of four hours `days_ago` days ago."""
    team = engagement_access(ana, engagement)
    start = (timezone.localtime() - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
    session = care.session_schedule(actor=ana, access=team, kind=SessionKind.MEDICINE, starts_at=start,
                                    duration_minutes=240, location=where, planned_dose_mg=20)
    record = medicine.medicine_start(actor=ana, access=team, session=session, now=start)
    for minutes, kind, data in ((5, "dose", {"substance": "Psilocybin", "amount": 20, "unit": "mg", "route": "oral",
                                             "product": "Psilocybe cubensis, dried", "lot": "OR-PS-7781",
                                             "source": "Cascade licensed manufacturer"}),
                                (60, "words", {"said": "I can hear the rain in the music."}),
                                (90, "vitals", {"systolic": 128, "diastolic": 82, "heart_rate": 84})):
        at = start + timedelta(minutes=minutes)
        medicine.entries_add(actor=ana, access=team, record=record, now=at,
                             entries=[{"uid": str(uuid.uuid4()), "kind": kind, "at": at.isoformat(), "data": data}])
    end = start + timedelta(hours=4, minutes=10)
    medicine.medicine_end(actor=ana, access=team, record=record, now=end)
    medicine.medicine_release(actor=ana, access=team, record=record, checks=list(medicine.RELEASE_CHECKS),
                              transport="as_agreed", now=end + timedelta(minutes=20))


def load(harbor: Practice, ana: User, rosa: User, noor: User) -> None:
    protocols_demo.choose_pack(ana, harbor, "oregon_psilocybin")
    where = "Harbor Light service centre, Pier Road 3"
    for client, days_ago in ((rosa, 3), (noor, 2)):
        engagement = care.engagement_create(actor=ana, practice=harbor, client_id=client.pk,
                                            kind=Kind.PSYCHEDELIC_ASSISTED, title="Psilocybin services")
        team = engagement_access(ana, engagement)
        care.phase_transition(actor=ana, access=team, to_phase=Phase.SCREENING, reason="Consultation held")
        protocols_demo.screened(client, ana, engagement, "Nothing in your answers stands in the way.")
        care.phase_transition(actor=ana, access=team, to_phase=Phase.PREPARATION, reason="Screening decided")
        prep = care.session_schedule(actor=ana, access=team, kind=SessionKind.PREPARATION,
                                     starts_at=timezone.now() - timedelta(days=days_ago + 12), duration_minutes=60,
                                     location=where)
        care.session_complete(actor=ana, access=team, session=prep)
        protocols_demo.forms_acknowledged(client, engagement)
        for kind in ("safety", "transport", "touch_consent"):
            _agreed(ana, client, engagement, kind)
        protocols_demo.checked_in(client, engagement, "Calm, a little excited.")
        care.phase_transition(actor=ana, access=team, to_phase=Phase.MEDICINE, reason="Everything in place")
        _psilocybin_session(ana, client, engagement, days_ago, where)
        if client == rosa:
            state_data_set(actor=client, access=engagement_access(client, engagement), **ROSA)
        else:
            state_data_set(actor=client, access=engagement_access(client, engagement), opted_out=True)
