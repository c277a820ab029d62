"""Retention: a dry run reports what is past the practice's period and writes nothing; applying removes each
engagement's clinical record and files in one transaction, keeps the engagement row, its access trail and the
money records, leaves a tombstone with counts and no content, and `audit verify` still passes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.audit import retention
from cocreate.audit.lock import rewriting
from cocreate.audit.models import Tombstone
from cocreate.audit.seals import seal, verify
from cocreate.audit.services import retention_policy_set
from cocreate.care import services as care
from cocreate.care.models import Engagement, Phase, PhaseTransition, Session, SessionChange, SharedNote
from cocreate.equity import fees
from cocreate.equity.models import Payment
from cocreate.medicine.models import Entry
from tests.conftest import World
from tests.equity.fees_helpers import agree, scale
from tests.integration.test_lookback_archive import journal_page
from tests.medicine.helpers import add, begun, entry, oregon_session

SECRET = "The words only Dana wrote"


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def _closed_record(world: World) -> Path:
    """Dana's engagement with a medicine session and its timeline, a shared note, a journal page with a picture,
    then closed. Returns the picture's path on disk."""
    session = oregon_session(world)
    record = begun(world, session)
    add(world, record, entry("note", {"text": "Settled in"}), entry("words", {"text": SECRET}))
    alice = engagement_access(world.alice, world.engagement)
    care.shared_note_create(actor=world.alice, access=alice, body=SECRET)
    agree(world, scale(world)[1])
    fees.payment_record(actor=world.alice, access=alice, session_id=world.session.pk, amount="50")
    picture = journal_page(world, SECRET)
    path = Path(picture.file.path)
    assert path.exists()
    care.phase_transition(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          to_phase=Phase.CLOSED, reason="Finished together")
    return path


def _years_ago(world: World, years: int) -> None:
    with rewriting():  # the test makes the engagement old by moving its closing back
        PhaseTransition.objects.filter(engagement=world.engagement, to_phase=Phase.CLOSED).update(
            at=timezone.now() - timedelta(days=365 * years + 3))


@pytest.fixture
def closed(world: World, settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    path = _closed_record(world)
    retention_policy_set(actor=world.fay, practice=world.practice, years=7)
    return path


def test_nothing_is_due_before_the_period_ends(world: World, closed: Path) -> None:
    _years_ago(world, 6)
    assert list(retention.due()) == []


def test_keep_for_ever_removes_nothing(world: World, closed: Path) -> None:
    _years_ago(world, 50)
    retention_policy_set(actor=world.fay, practice=world.practice, years=None)
    assert list(retention.due()) == []


def test_a_dry_run_reports_and_writes_nothing(world: World, closed: Path) -> None:
    _years_ago(world, 8)
    before = _row_counts()
    out = StringIO()
    call_command("retention", stdout=out)
    text = out.getvalue()
    assert f"engagement {world.engagement.pk}, closed" in text and "would remove" in text
    assert f"medicine.Entry {Entry.objects.count()}," in text and "files 1" in text
    assert "Dana" not in text and SECRET not in text
    assert _row_counts() == before and closed.exists()


def test_apply_removes_the_record_and_files_and_keeps_the_trail(
        world: World, closed: Path, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    _years_ago(world, 8)
    engagement_id = world.engagement.pk
    entries = Entry.objects.count()
    AccessEvent.objects.create(actor=world.alice, engagement=world.engagement, what="notes")
    events = AccessEvent.objects.filter(engagement_id=engagement_id).count()
    seal(margin=timedelta(0))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", apply=True, stdout=StringIO())

    assert not closed.exists()
    assert Engagement.objects.filter(pk=engagement_id).exists()
    assert AccessEvent.objects.filter(engagement_id=engagement_id).count() == events
    for model in (Entry, SharedNote, PhaseTransition, SessionChange):
        assert not model.objects.filter(**_engagement_lookup(model, engagement_id)).exists(), model
    # The money stays, with the one session it names, stripped of its place; the other sessions go.
    assert Payment.objects.filter(session=world.session).count() == 1
    assert list(Session.objects.filter(engagement_id=engagement_id).values_list("pk", "location")) == [
        (world.session.pk, "")]
    other = world.eve_engagement
    assert PhaseTransition.objects.filter(engagement=other).exists()  # another engagement is untouched

    tombstone = Tombstone.objects.get(engagement_id=engagement_id)
    assert tombstone.files == 1 and tombstone.counts["medicine.Entry"] == entries
    assert tombstone.kept_years == 7 and tombstone.practice_id == world.practice.pk
    assert "care_phasetransition" in tombstone.removed_ids
    written = json.dumps([tombstone.counts, tombstone.removed_ids])
    assert SECRET not in written and "Dana" not in written

    report = verify()
    assert report.broken is None and report.removed > 0
    seal(margin=timedelta(0))  # the tombstone itself is sealed next
    assert verify().broken is None
    assert list(retention.due()) == []  # removed once only


def _engagement_lookup(model: type, engagement_id: int) -> dict[str, int]:
    if model is Entry:
        return {"record__engagement_id": engagement_id}
    if model is SessionChange:
        return {"session__engagement_id": engagement_id}
    return {"engagement_id": engagement_id}
