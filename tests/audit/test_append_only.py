"""The protected tables refuse UPDATE and DELETE, through the ORM and raw SQL, on both databases; the deliberate
unlock lets one transaction through and no other; every protected table carries its triggers."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import IntegrityError, connection, transaction

from cocreate.access.models import AccessEvent
from cocreate.audit import lock
from cocreate.audit.registry import PROTECTED, protected_tables
from cocreate.care.models import PhaseTransition
from tests.conftest import World


def _event(world: World) -> AccessEvent:
    return AccessEvent.objects.create(actor=world.alice, engagement=world.engagement, what="notes")


def test_every_protected_table_has_its_triggers(world: World) -> None:
    tables = protected_tables()
    assert len(tables) == len(PROTECTED)  # every model the registry names exists (a renamed one would be missed)
    assert set(tables) <= lock.installed()


def test_orm_update_and_delete_are_refused(world: World) -> None:
    event = _event(world)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(what="something else")
    event.what = "rewritten"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        event.save()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        event.delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        PhaseTransition.objects.filter(engagement=world.engagement).delete()
    assert AccessEvent.objects.get(pk=event.pk).what == "notes"


def test_raw_sql_is_refused(world: World) -> None:
    event = _event(world)
    table = AccessEvent._meta.db_table
    for sql in (f"UPDATE {table} SET what = 'x' WHERE id = %s",  # noqa: S608 - the model's own table name
                f"DELETE FROM {table} WHERE id = %s"):  # noqa: S608
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk, what="notes").exists()


def test_truncate_is_refused_on_postgresql(world: World) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite has no TRUNCATE; its DELETE without WHERE is refused above
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(f"TRUNCATE {AccessEvent._meta.db_table} CASCADE")


def test_unlock_is_one_transaction_only(world: World) -> None:
    event, other = _event(world), _event(world)
    with transaction.atomic(), lock.unlocked():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert not AccessEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessEvent.objects.filter(pk=other.pk).delete()


def test_a_connection_without_the_app_is_refused(world: World, transactional_db: None) -> None:
    """An outside SQLite shell lacks the app's function, so the trigger cannot pass."""
    with pytest.raises(RuntimeError), lock.unlocked():  # outside a transaction the unlock is not offered at all
        pass
    event = _event(world)
    if connection.vendor != "sqlite":
        return  # on PostgreSQL any client meets the same trigger: shown by test_raw_sql_is_refused
    outside = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        with pytest.raises(sqlite3.OperationalError, match="cocreate_audit_unlocked"):
            outside.execute(f"DELETE FROM {AccessEvent._meta.db_table} WHERE id = ?",  # noqa: S608 - model's table
                            [event.pk])
    finally:
        outside.close()
