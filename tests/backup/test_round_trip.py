"""The backup round trip: the demo practice is backed up while a writer keeps adding shared notes, restored into a
fresh database, and every row of every table and every file equals the snapshot the backup took, on SQLite and on
PostgreSQL alike (whichever the suite runs on)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from cocreate.access.policy import engagement_access
from cocreate.backup.archive import backup_create, backup_restore
from cocreate.care import services as care
from cocreate.care.models import Engagement
from cocreate.demo.practice import load_demo
from tests.backup.helpers import fresh_database, rows, source

pytestmark = pytest.mark.django_db(transaction=True)  # the backup and the writer read what was committed
PASSPHRASE = b"correct horse battery staple"


class Writer(threading.Thread):
    """Adds shared notes one after another, each committed before the next, until told to stop; keeps the ids in
    the order they were acknowledged."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.acknowledged: list[int] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.count = threading.Condition()

    def run(self) -> None:
        try:
            engagement = Engagement.objects.select_related("client").filter(title__startswith="Weekly").get()
            access = engagement_access(engagement.client, engagement)
            number = 0
            while not self.stop.is_set():
                number += 1
                note = care.shared_note_create(actor=engagement.client, access=access,
                                               body=f"Written during the backup, number {number}.")
                with self.count:
                    self.acknowledged.append(note.pk)
                    self.count.notify_all()
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            self.error = exc
        finally:
            connection.close()

    def wait_for(self, n: int) -> list[int]:
        with self.count:
            assert self.count.wait_for(lambda: len(self.acknowledged) >= n or self.error is not None, timeout=60)
            return list(self.acknowledged)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_backup_taken_during_writes_restores_every_row_and_file_of_its_snapshot(tmp_path: Path,
                                                                                  settings: Any) -> None:
    load_demo()
    default_storage.save("journal/2026/drawing.png", ContentFile(bytes(range(256)) * 40))
    default_storage.save("journal/2026/voice note.webm", ContentFile(b"\x1aE\xdf\xa3" + b"\x00" * 5000))
    default_storage.save("journal/letter.txt", ContentFile("Dear younger me — ☀".encode()))
    media = Path(settings.MEDIA_ROOT)
    files_before = _files(media)

    writer = Writer()
    writer.start()
    before = writer.wait_for(5)  # writing is under way when the backup begins
    archive = tmp_path / "backup.ccb"
    manifest = backup_create(archive, target=source(), media_root=media, data_dir=tmp_path, passphrase=PASSPHRASE,
                             say=lambda _line: None)
    at_end = len(writer.wait_for(0))
    writer.wait_for(at_end + 5)  # and goes on after it ended
    writer.stop.set()
    writer.join(timeout=60)
    assert writer.error is None
    written = writer.acknowledged

    restored_media = tmp_path / "restored-media"
    with fresh_database(tmp_path) as target:
        backup_restore(archive, target=target, media_root=restored_media, passphrase=PASSPHRASE,
                       say=lambda _line: None)
        now, restored = rows(source()), rows(target)

    # The notes in the snapshot are exactly the first k the writer had acknowledged: everything acknowledged before
    # the backup began, nothing begun after it ended (one note may have been committed before the end and counted
    # just after), and no gap.
    notes = "care_sharednote"
    id_at = now[notes][0].index("id")
    restored_ids = {row[id_at] for row in restored[notes][1:]}
    k = len(restored_ids & set(written))
    assert restored_ids & set(written) == set(written[:k])
    assert len(before) <= k <= at_end + 1
    later = set(written[k:])

    # Every table equal, the notes table once the writer's later notes are set aside.
    assert set(restored) == set(now)
    now[notes] = [now[notes][0], *[row for row in now[notes][1:] if row[id_at] not in later]]
    for table in now:
        assert restored[table] == now[table], table
    assert {table: len(found) - 1 for table, found in restored.items()} == manifest["row_counts"]
    assert sum(manifest["row_counts"].values()) > 1000  # the demo practice, not an empty shell

    # Every file, byte for byte, checked against the manifest too.
    assert _files(restored_media) == files_before
    assert set(manifest["files"]["entries"]) == set(files_before)
    assert manifest["database"]["vendor"] == source().vendor
    assert ["care", "0001_initial"] in manifest["migrations"]
