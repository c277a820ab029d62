"""Seals chain the protected rows; `cocreate audit verify` passes on a whole trail and names the first row changed,
removed or slipped into a sealed range behind the trigger's back, or a seal altered."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.audit import lock
from cocreate.audit.models import Seal
from cocreate.audit.seals import seal, verify
from tests.conftest import World

NOW = timedelta(0)


def _events(world: World, n: int) -> list[AccessEvent]:
    return [AccessEvent.objects.create(actor=world.alice, engagement=world.engagement, what="notes")
            for _ in range(n)]


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_a_whole_trail_verifies(world: World) -> None:
    _events(world, 3)
    made = seal(margin=NOW)
    assert made and Seal.objects.count() == len(made)
    assert "whole" in _verify()
    assert seal(margin=NOW) == []  # nothing new: nothing sealed twice
    _events(world, 2)
    seal(margin=NOW)
    report = verify()
    assert report.broken is None
    assert report.rows == sum(len(s.rows) for s in Seal.objects.all())


def test_a_changed_row_is_named(world: World) -> None:
    events = _events(world, 3)
    seal(margin=NOW)
    with lock.rewriting():
        AccessEvent.objects.filter(pk=events[1].pk).update(what="private notes")
    with pytest.raises(CommandError, match=f"access event {events[1].pk:,} has been changed"):
        _verify()


def test_a_removed_row_is_named_with_its_seal(world: World) -> None:
    events = _events(world, 3)
    seal(margin=NOW)
    with lock.rewriting(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessEvent._meta.db_table} WHERE id = %s",  # noqa: S608 - model's table
                       [events[0].pk])
    with pytest.raises(CommandError, match=rf"access event {events[0].pk:,} is missing \(sealed 20\d\d-"):
        _verify()


def test_a_row_slipped_into_a_sealed_range_is_named(world: World) -> None:
    events = _events(world, 3)
    seal(margin=NOW)
    with lock.rewriting():
        AccessEvent.objects.filter(pk=events[1].pk).delete()
        AccessEvent.objects.create(pk=events[1].pk, actor=world.bea, engagement=world.engagement, what="notes")
    assert "has been changed" in (verify().broken or "")


def test_an_altered_or_missing_seal_breaks_the_chain(world: World) -> None:
    _events(world, 2)
    seal(margin=NOW)
    first = Seal.objects.order_by("number").first()
    assert first is not None
    with lock.rewriting():
        Seal.objects.filter(pk=first.pk).update(rows=[])
    assert verify().broken == f"seal 1 ({first.table}) has been altered"
    with lock.rewriting():
        Seal.objects.filter(pk=first.pk).delete()
    assert verify().broken == "seal 1 is missing (the next is 2)"


def test_the_margin_leaves_the_newest_rows_for_a_later_run(world: World) -> None:
    """A row is sealed only once its id was seen at least the margin ago, so a late commit cannot fall inside."""
    now = timezone.now()
    _events(world, 2)
    assert seal(now=now, margin=timedelta(minutes=2)) == []  # first sight: noted, not sealed
    late = _events(world, 1)[0]
    made = seal(now=now + timedelta(minutes=3), margin=timedelta(minutes=2))
    sealed_events = [s for s in made if s.table == AccessEvent._meta.db_table]
    assert sealed_events and all(late.pk > s.last_id for s in sealed_events)
    made = seal(now=now + timedelta(minutes=6), margin=timedelta(minutes=2))
    assert any(s.table == AccessEvent._meta.db_table and s.last_id >= late.pk for s in made)
    assert verify().broken is None


def test_the_seal_command_and_the_periodic_run(world: World) -> None:
    _events(world, 1)
    out = StringIO()
    call_command("audit_seal", margin=0, stdout=out)
    assert "new seal" in out.getvalue()
    from cocreate.tasks.jobs import PERIODIC_COMMANDS

    assert "audit_seal" in PERIODIC_COMMANDS


def test_seals_themselves_are_append_only(world: World) -> None:
    _events(world, 1)
    seal(margin=NOW)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Seal.objects.all().delete()
