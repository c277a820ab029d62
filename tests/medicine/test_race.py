"""Two facilitators logging at once, on a file database with real threads: both keep their entries, and the same
batch sent twice at once is stored once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection

from cocreate.accounts.models import User
from cocreate.medicine import services
from cocreate.medicine.models import Entry
from tests.conftest import World
from tests.medicine.helpers import begun, entry, oregon_session
from tests.protocols.gate_helpers import access
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_race_runs_on_a_file_database() -> None:
    name = str(connection.settings_dict["NAME"])
    assert connection.vendor == "postgresql" or (name and ":memory:" not in name and "mode=memory" not in name)


def test_two_facilitators_logging_at_once_both_keep_their_entries(world: World) -> None:
    record = begun(world, oregon_session(world))

    def log(who: User, n: int) -> list[dict[str, Any]]:
        return services.entries_add(actor=who, access=access(who, record.engagement), record=record,
                                    entries=[entry("note", {"text": f"{who} {i}"}) for i in range(n)])

    for _ in range(5):
        outcomes = race(lambda: log(world.alice, 3), lambda: log(world.bea, 3))
        assert all(isinstance(o, list) and [r["status"] for r in o] == ["added"] * 3 for o in outcomes), outcomes
    assert Entry.objects.filter(record=record, author=world.alice).count() == 15
    assert Entry.objects.filter(record=record, author=world.bea).count() == 15


def test_the_same_batch_sent_twice_at_once_is_stored_once(world: World) -> None:
    record = begun(world, oregon_session(world))
    for _ in range(5):
        batch = [entry("words", {"said": str(uuid.uuid4())}) for _ in range(3)]

        def send(batch: list[dict[str, Any]] = batch) -> list[dict[str, Any]]:
            return services.entries_add(actor=world.alice, access=access(world.alice, record.engagement),
                                        record=record, entries=batch)

        outcomes = race(send, send)
        statuses = sorted(r["status"] for o in outcomes for r in o)
        assert statuses == ["added"] * 3 + ["already"] * 3, outcomes
    assert Entry.objects.filter(record=record).count() == 15
