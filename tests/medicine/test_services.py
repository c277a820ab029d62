"""The medicine record through its services: begun only through the gate, entries checked and never duplicated,
touch against consent, vital signs against ranges, the end not before the protocol's minimum, the release, and
the client's recollections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.access.policy import NotAllowed
from cocreate.agreements.models import Deviation
from cocreate.care.models import SessionStatus
from cocreate.compose.gates import GateClosed
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.medicine import services
from cocreate.medicine.models import Entry
from cocreate.protocols import services as protocols
from tests.agreements.helpers import narrow
from tests.conftest import World
from tests.medicine.helpers import add, begun, entry, oregon_session
from tests.protocols.gate_helpers import access

DOSE = {"substance": "Psilocybin", "amount": 25, "unit": "mg", "route": "oral", "product": "Golden Teacher",
        "lot": "L-2291", "source": "Cascade Mycology"}


def test_a_session_begins_only_when_the_gate_is_open(world: World) -> None:
    session = oregon_session(world)
    protocols.checkin_submit(actor=world.dana, access=access(world.dana, world.engagement), readiness="postpone")
    with pytest.raises(GateClosed) as refused:
        begun(world, session)
    assert [u.key for u in refused.value.unmet] == ["readiness"]
    protocols.checkin_submit(actor=world.dana, access=access(world.dana, world.engagement), readiness="ready")
    record = begun(world, session)
    assert record.pack == "oregon_psilocybin" and record.is_open
    with pytest.raises(ValidationError):
        begun(world, session)  # once


def test_entries_are_kept_once_in_order_and_bad_ones_refused_with_the_reason(world: World) -> None:
    record = begun(world, oregon_session(world))
    now = timezone.now()
    words = entry("words", {"said": "It is like the sea."}, at=now)
    results = add(world, record, entry("dose", DOSE, at=now - timedelta(seconds=30)), words,
                  entry("vitals", {"heart_rate": 300}, at=now),  # not a reading: a typing mistake
                  entry("dose", {**DOSE, "unit": "g"}, at=now),  # the wrong unit
                  entry("words", {"said": "later"}, at=now + timedelta(minutes=10)),  # the future
                  entry("words", {"said": "before"}, at=record.started_at - timedelta(minutes=10)))
    assert [r["status"] for r in results] == ["added", "added", "refused", "refused", "refused", "refused"]
    assert "heart_rate" in results[2]["reason"] and "mg" in results[3]["reason"]
    assert "future" in results[4]["reason"] and "before the session began" in results[5]["reason"]
    again = add(world, record, words)  # the page resends after the network came back
    assert again == [{"uid": words["uid"], "status": "already", "id": results[1]["id"]}]
    assert [e.kind for e in Entry.objects.filter(record=record)] == ["dose", "words"]


def test_out_of_range_vital_signs_alert_everyone_present_and_ask_for_a_recheck(world: World) -> None:
    record = begun(world, oregon_session(world))
    [result] = add(world, record, entry("vitals", {"systolic": 172, "diastolic": 96, "heart_rate": 88}))
    saved = Entry.objects.get(pk=result["id"])
    assert saved.data["out_of_range"] == ["Systolic blood pressure 172 (above 160)"]
    assert saved.data["recheck_at"]
    told = Notice.objects.filter(kind=NoticeKind.RISK_ALERT, engagement=world.engagement)
    assert {n.recipient for n in told} == {world.alice, world.bea}
    assert "Recheck in 15 minutes" in told[0].title
    [fine] = add(world, record, entry("vitals", {"systolic": 128, "diastolic": 80}))
    assert "out_of_range" not in Entry.objects.get(pk=fine["id"]).data


def test_touch_is_checked_against_the_consent_in_force_and_the_protocol(world: World) -> None:
    record = begun(world, oregon_session(world))  # consent: hug yes, hand-holding ask first, the rest no
    results = add(world, record, entry("touch", {"kind": "hug"}), entry("touch", {"kind": "hand_holding"}),
                  entry("touch", {"kind": "hand_holding", "client_said_yes": True}),
                  entry("touch", {"kind": "hands_on_feet"}), entry("touch", {"kind": "bodywork"}))
    assert [r["status"] for r in results] == ["added", "refused", "added", "refused", "refused"]
    assert "did they just say yes" in results[1]["reason"]
    assert "says no to hands on the feet" in results[3]["reason"]
    assert "not a kind of touch this protocol allows (OAR 333-333-5120" in results[4]["reason"]
    number = Entry.objects.get(pk=results[0]["id"]).data["consent_number"]

    # The client narrows consent; a hug written on a page that still showed the old agreement is refused.
    narrow(world, world.dana, {"hug": "no"})
    [late] = add(world, record, entry("touch", {"kind": "hug", "consent_number": number}))
    assert late["status"] == "refused" and "says no to a hug" in late["reason"]


def test_the_end_waits_for_the_minimum_for_the_dose_unless_there_is_an_emergency(world: World) -> None:
    session = oregon_session(world)
    record = begun(world, session)
    add(world, record, entry("dose", DOSE))
    with pytest.raises(ValidationError) as refused:
        services.medicine_end(actor=world.alice, access=access(world.alice, world.engagement), record=record,
                              now=record.started_at + timedelta(minutes=45))
    assert "at least 300 minutes" in refused.value.messages[0] and "OAR 333-333-5250" in refused.value.messages[0]
    ended = services.medicine_end(actor=world.alice, access=access(world.alice, world.engagement), record=record,
                                  early_reason="Chest pain: ambulance called",
                                  now=record.started_at + timedelta(minutes=45))
    assert ended.early_reason == "Chest pain: ambulance called"
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED


def test_release_needs_every_check_and_records_a_transport_deviation(world: World) -> None:
    record = begun(world, oregon_session(world))
    team = access(world.alice, world.engagement)
    services.medicine_end(actor=world.alice, access=team, record=record, early_reason="Test")
    with pytest.raises(ValidationError):
        services.medicine_release(actor=world.alice, access=team, record=record, checks=["oriented"],
                                  transport="as_agreed")
    services.medicine_release(actor=world.alice, access=team, record=record, checks=list(services.RELEASE_CHECKS),
                              transport="deviation", deviation="Her sister came instead of her partner")
    assert Deviation.objects.get().description == "Her sister came instead of her partner"


def test_the_client_adds_recollections_once_it_ended_and_cannot_write_the_timeline(world: World) -> None:
    record = begun(world, oregon_session(world))
    [words] = add(world, record, entry("words", {"said": "Everything is music."}))
    client = access(world.dana, world.engagement)
    with pytest.raises(NotAllowed):
        services.entries_add(actor=world.dana, access=client, record=record, entries=[entry("note", {"text": "x"})])
    saved = Entry.objects.get(pk=words["id"])
    with pytest.raises(ValidationError):
        services.recollection_add(actor=world.dana, access=client, entry=saved, body="too soon")
    services.medicine_end(actor=world.alice, access=access(world.alice, world.engagement), record=record,
                          early_reason="Test")
    saved.refresh_from_db()
    memory = services.recollection_add(actor=world.dana, access=client, entry=saved,
                                       body="I remember the colours more than the words")
    assert memory.entry.data == {"said": "Everything is music."}  # beside it, never over it
    with pytest.raises(NotAllowed):
        services.recollection_add(actor=world.alice, access=access(world.alice, world.engagement), entry=saved,
                                  body="not hers")


def test_an_adverse_event_alerts_the_care_team_and_the_clinical_lead(world: World) -> None:
    record = begun(world, oregon_session(world))
    add(world, record, entry("adverse", {"what": "Fainted briefly", "severity": "moderate",
                                         "needed_medical_care": True, "action": "Called 911"}))
    told = {n.recipient for n in Notice.objects.filter(kind=NoticeKind.RISK_ALERT)}
    assert told == {world.bea, world.gus}  # the team but the one who wrote it, and the practice's supervisor


def test_an_adverse_reaction_records_whether_it_was_medical_or_behavioural(world: World) -> None:
    record = begun(world, oregon_session(world))
    [bad] = add(world, record, entry("adverse", {"what": "x", "severity": "mild", "action": "y", "reaction": "odd"}))
    assert bad["status"] == "refused" and "reaction" in bad["reason"]
    [good] = add(world, record, entry("adverse", {"what": "Panicked and ran outside", "severity": "severe",
                                                  "needed_medical_care": True, "action": "Called 911",
                                                  "reaction": "behavioural"}))
    assert Entry.objects.get(pk=good["id"]).data["reaction"] == "behavioural"
