"""The medicine pages run a fixed number of queries however many entries the session has."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.medicine import services
from cocreate.medicine.models import Entry, MedicineRecord
from tests.care.test_query_counts import query_count
from tests.conftest import World
from tests.medicine.helpers import add, begun, entry, oregon_session
from tests.protocols.gate_helpers import access

KINDS = [("words", {"said": "Soft"}), ("emotion", {"emotions": ["calm"]}), ("vitals", {"heart_rate": 130}),
         ("touch", {"kind": "hug"}), ("music", {"text": "Piano"})]


def more(world: World, record: MedicineRecord, n: int) -> None:
    start = record.started_at
    add(world, record, *[entry(*KINDS[i % len(KINDS)], at=start + timedelta(seconds=i + 1), uid=str(uuid.uuid4()))
                         for i in range(n)], now=start + timedelta(seconds=n + 5))


@pytest.mark.parametrize("who,page", [("alice", "medicine"), ("alice", "medicine_timeline"), ("dana", "medicine")])
def test_medicine_pages_do_not_grow_with_entries(world: World, who: str, page: str) -> None:
    session = oregon_session(world)
    record = begun(world, session)
    if who == "dana":
        services.medicine_end(actor=world.alice, access=access(world.alice, world.engagement), record=record,
                              early_reason="Ended for the test")
        MedicineRecord.objects.filter(pk=record.pk).update(ended_at=timezone.now() + timedelta(hours=1))
        record.refresh_from_db()
    client = world.client_for(getattr(world, who))
    url = reverse(page, args=[world.engagement.pk, session.pk])
    more(world, record, 3)
    small, _ = query_count(client, url)
    more(world, record, 40)
    large, sql = query_count(client, url)
    assert Entry.objects.filter(record=record).count() == 43
    assert large == small, "\n".join(sql)
