"""The data migrations encrypt what was stored plain before them, and undoing them stores it plain again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cocreate.care.models import PrivateNote
from tests.conftest import World
from tests.encryption.helpers import current, raw

BEFORE = ("care", "0003_planned_dose_postponed_therapy")
WITH = ("care", "0004_encrypted_at_rest")


def migrate_to(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_private_notes_written_before_are_encrypted_by_the_migration_and_back(world: World, settings: Any) -> None:
    migrate_to(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO care_privatenote (engagement_id, author_id, body, created) "
                           "VALUES (%s, %s, %s, %s)",
                           [world.engagement.pk, world.alice.pk, "written before encryption", timezone.now()])
        pk = PrivateNote.objects.values_list("pk", flat=True).get()
        assert raw(PrivateNote, "body", pk) == "written before encryption"
        migrate_to(WITH)
        assert raw(PrivateNote, "body", pk).startswith(f"cce1:{current(settings)[0]}:")
        assert PrivateNote.objects.get(pk=pk).body == "written before encryption"
        migrate_to(BEFORE)
        assert raw(PrivateNote, "body", pk) == "written before encryption"
    finally:
        migrate_to(WITH)
