"""A restore that cannot be trusted writes nothing: a wrong or missing passphrase, a damaged or cut-short archive,
a name leading out of the staging folder, or a database that is not empty; and a backup never overwrites a file."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cocreate.backup import databases
from cocreate.backup.archive import DATABASE_FILES, FORMAT, VERSION, backup_create, backup_restore
from cocreate.backup.databases import BackupError, Target
from tests.backup.helpers import fresh_database, source
from tests.conftest import World

pytestmark = pytest.mark.django_db
PASSPHRASE = b"a passphrase long enough"


def _quiet(_line: str) -> None:
    pass


@pytest.fixture
def archive(world: World, tmp_path: Path, settings: Any) -> Path:
    default_storage.save("journal/a.txt", ContentFile(b"the client's words"))
    path = tmp_path / "sealed.ccb"
    backup_create(path, target=source(), media_root=Path(settings.MEDIA_ROOT), data_dir=tmp_path,
                  passphrase=PASSPHRASE, say=_quiet)
    return path


def _refused(path: Path, target: Target, media: Path, passphrase: bytes | None, words: str) -> None:
    with pytest.raises(BackupError, match=words):
        backup_restore(path, target=target, media_root=media, passphrase=passphrase, say=_quiet)
    assert databases.tables(target) == []
    assert not media.exists() or not any(media.rglob("*"))


def test_a_wrong_passphrase_is_named_and_nothing_is_written(archive: Path, tmp_path: Path) -> None:
    with fresh_database(tmp_path) as target:
        _refused(archive, target, tmp_path / "media-out", b"not the passphrase", "Wrong passphrase")
        _refused(archive, target, tmp_path / "media-out", None, "sealed with a passphrase")


def test_a_damaged_or_cut_short_backup_writes_nothing(archive: Path, tmp_path: Path) -> None:
    sealed = archive.read_bytes()
    flipped = tmp_path / "flipped.ccb"
    flipped.write_bytes(sealed[:200] + bytes([sealed[200] ^ 1]) + sealed[201:])
    short = tmp_path / "short.ccb"
    short.write_bytes(sealed[:-40])
    with fresh_database(tmp_path) as target:
        _refused(flipped, target, tmp_path / "media-out", PASSPHRASE, "damaged")
        _refused(short, target, tmp_path / "media-out", PASSPHRASE, "cut short|damaged")


def test_a_plain_backup_with_a_changed_file_fails_its_checksum(world: World, tmp_path: Path, settings: Any) -> None:
    default_storage.save("journal/a.txt", ContentFile(b"the client's words"))
    plain = tmp_path / "plain.tar.gz"
    backup_create(plain, target=source(), media_root=Path(settings.MEDIA_ROOT), data_dir=tmp_path, passphrase=None,
                  say=_quiet)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(plain, "r:gz") as old, tarfile.open(altered, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/journal/a.txt":
                data = b"words put in the client's mouth"
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    with fresh_database(tmp_path) as target:
        _refused(altered, target, tmp_path / "media-out", None, "does not match its checksum")


def test_a_name_leading_out_of_the_archive_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with fresh_database(tmp_path) as target:
        _refused(evil, target, tmp_path / "media-out", None, "which no backup has")
    assert not (tmp_path / "escaped.txt").exists()


def test_a_backup_of_the_other_kind_of_database_is_named(tmp_path: Path) -> None:
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[source().vendor]
    dump = DATABASE_FILES[other]
    data = b"a database of the other kind"
    manifest = {"format": FORMAT, "version": VERSION, "created_at": "2026-01-01T00:00:00+00:00",
                "database": {"vendor": other, "file": dump, "sha256": hashlib.sha256(data).hexdigest(),
                             "size": len(data)},
                "migrations": [], "row_counts": {}, "files": {"storage": "local", "entries": {}}}
    crafted = tmp_path / "other.tar.gz"
    with tarfile.open(crafted, "w:gz") as tar:
        for name, body in ((dump, data), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    with fresh_database(tmp_path) as target:
        _refused(crafted, target, tmp_path / "media-out", None, f"backup of a {other} database")


def test_a_database_that_is_not_empty_is_refused(archive: Path, tmp_path: Path) -> None:
    before = databases.describe(source())
    with pytest.raises(BackupError, match="is not empty"):
        backup_restore(archive, target=source(), media_root=tmp_path / "media-out", passphrase=PASSPHRASE,
                       say=_quiet)
    assert databases.describe(source()) == before
    assert not (tmp_path / "media-out").exists()


def test_a_backup_never_overwrites_a_file(archive: Path, tmp_path: Path, settings: Any) -> None:
    before = archive.read_bytes()
    with pytest.raises(BackupError, match="exists already"):
        backup_create(archive, target=source(), media_root=Path(settings.MEDIA_ROOT), data_dir=tmp_path,
                      passphrase=None, say=_quiet)
    assert archive.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))
