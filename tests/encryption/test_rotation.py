"""Key rotation: with a new key put first, `cocreate encryption rotate` re-encrypts every value and file still under
an older key (or stored plain) in batches, each committed on its own; interrupted, a new run carries on with what is
left; `status` counts what is under each key; once nothing is under the old key, it may be dropped."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.db import connection, transaction

from cocreate.access.policy import engagement_access
from cocreate.care import services
from cocreate.care.models import PrivateNote
from cocreate.cli import main
from cocreate.encryption import rotation
from cocreate.encryption.models import KeyCanary
from tests.conftest import World
from tests.encryption.helpers import current, key, raw

pytestmark = pytest.mark.django_db(transaction=True)  # each batch really commits

NOTES = 7


def notes(world: World, n: int = NOTES) -> list[int]:
    access = engagement_access(world.alice, world.engagement)
    return [services.private_note_create(actor=world.alice, access=access, body=f"note {i}").pk for i in range(n)]


def under(pk: int) -> str:
    return raw(PrivateNote, "body", pk).split(":")[1]


def by_key(label: str) -> dict[str, int]:
    return next(c.by_key for c in rotation.status() if c.label == label)


class Interrupted(Exception):
    pass


def test_rotation_in_batches_survives_an_interruption_and_then_the_old_key_can_go(world: World,
                                                                                  settings: Any) -> None:
    old = current(settings)
    pks = notes(world)
    new = key("2027a")
    settings.ENCRYPTION_KEYS = [new, old]
    assert by_key("care.PrivateNote.body") == {old[0]: NOTES}

    lines: list[str] = []

    def stop_after_two_batches(line: str) -> None:
        lines.append(line)
        if len(lines) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rotation.rotate(batch_size=3, progress=stop_after_two_batches)
    # The two batches done before the interruption are committed; the rest is still readable under the old key.
    assert [under(pk) for pk in pks] == [new[0]] * 6 + [old[0]]
    assert by_key("care.PrivateNote.body") == {new[0]: 6, old[0]: 1}
    assert [n.body for n in PrivateNote.objects.order_by("pk")] == [f"note {i}" for i in range(NOTES)]
    assert KeyCanary.objects.filter(key_id=old[0]).exists()

    done = rotation.rotate(batch_size=3, progress=lines.append)  # carries on with what is left
    assert done == 1 and "care.PrivateNote.body: 1 re-encrypted" in lines
    assert {under(pk) for pk in pks} == {new[0]}
    assert any(f"key {old[0]!r} holds nothing any more" in line for line in lines)
    assert list(KeyCanary.objects.values_list("key_id", flat=True)) == [new[0]]

    settings.ENCRYPTION_KEYS = [new]  # the old key dropped: the app starts and reads everything
    assert checks.run_checks(tags=["encryption"], databases=["default"]) == []
    assert [n.body for n in PrivateNote.objects.order_by("pk")] == [f"note {i}" for i in range(NOTES)]


def test_dropping_a_key_before_rotating_is_refused_at_start(world: World, settings: Any) -> None:
    old = current(settings)
    notes(world, 2)
    new = key("2027b")
    settings.ENCRYPTION_KEYS = [new, old]
    notes(world, 1)  # written under the new key: its canary is committed with it
    settings.ENCRYPTION_KEYS = [new]
    [error] = checks.run_checks(tags=["encryption"], databases=["default"])
    assert error.id == "encryption.E001" and repr(old[0]) in error.msg


def test_a_keys_canary_is_committed_with_its_first_value_and_not_without_one(world: World, settings: Any) -> None:
    new = key("2027d")
    settings.ENCRYPTION_KEYS = [new, current(settings)]
    with pytest.raises(Interrupted), transaction.atomic():
        notes(world, 2)
        raise Interrupted
    assert not KeyCanary.objects.filter(key_id=new[0]).exists()
    notes(world, 1)
    assert KeyCanary.objects.filter(key_id=new[0]).exists()


def test_plain_text_left_from_before_is_encrypted_by_rotate(world: World, settings: Any) -> None:
    [pk] = notes(world, 1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE care_privatenote SET body = %s WHERE id = %s", ["typed long ago", pk])
    assert by_key("care.PrivateNote.body") == {rotation.PLAIN: 1}
    rotation.rotate(batch_size=10, progress=lambda line: None)
    assert under(pk) == current(settings)[0] and "typed long ago" not in raw(PrivateNote, "body", pk)
    assert PrivateNote.objects.get(pk=pk).body == "typed long ago"
    # The data migration's way back stores it plain again.
    [column] = [c for c in rotation.columns() if c.label == "care.PrivateNote.body"]
    rotation.rotate_column(column, batch_size=10, progress=lambda line: None, decrypt_only=True)
    assert raw(PrivateNote, "body", pk) == "typed long ago"


def test_the_command_shows_status_and_progress(world: World, settings: Any, capsys: Any) -> None:
    old = current(settings)
    notes(world, 3)
    assert main(["encryption", "status"]) == 0
    out = capsys.readouterr().out
    assert f"care.PrivateNote.body: {old[0]}: 3" in out and "Everything is under the current key" in out
    settings.ENCRYPTION_KEYS = [key("2027c"), old]
    assert main(["encryption", "status"]) == 0
    assert "3 not under the current key: run `cocreate encryption rotate`" in capsys.readouterr().out
    assert main(["encryption", "rotate", "--batch-size", "2"]) == 0
    out = capsys.readouterr().out
    assert "care.PrivateNote.body: 2 re-encrypted" in out and "care.PrivateNote.body: 3 re-encrypted" in out
    assert "Done: 3 re-encrypted" in out
    assert main(["encryption", "newkey"]) == 0
    made = capsys.readouterr().out.strip()
    assert made.count(":") == 1 and len(made.split(":")[1]) == 43
