"""`cocreate backup` and `cocreate restore` on the command line: the passphrase from a file or the environment,
never an argument; the keys named as left out; clear refusals with exit status 2."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from cocreate import cli
from cocreate.backup.sealed import is_sealed
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_backup_with_a_passphrase_from_the_environment_says_the_keys_are_not_in_it(
        world: World, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "secret_key").write_text("not in any backup")
    (tmp_path / "encryption_keys").write_text("k1:not in any backup either")
    monkeypatch.setenv("COCREATE_BACKUP_PASSPHRASE", "from the environment, long enough")
    path = tmp_path / "site.ccb"
    assert cli.main(["backup", str(path)]) == 0
    said = capsys.readouterr().out
    assert "sealed with the passphrase" in said
    assert "Keys are not in this backup" in said and "encryption_keys, secret_key" in said
    data = path.read_bytes()
    assert is_sealed(data[:16])
    assert b"not in any backup" not in data


def test_a_plain_backup_holds_a_manifest_and_never_the_keys(world: World, tmp_path: Path, settings: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "secret_key").write_text("not in any backup")
    monkeypatch.delenv("COCREATE_BACKUP_PASSPHRASE", raising=False)
    path = tmp_path / "site.tar.gz"
    assert cli.main(["backup", str(path)]) == 0
    with tarfile.open(path, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert not any("key" in name for name in names)
    assert manifest["format"] == "cocreate-backup" and manifest["encrypted"] is False
    assert manifest["row_counts"]["accounts_user"] >= 0 and manifest["keys_not_included"] == ["secret_key"]


def test_a_short_passphrase_and_an_unreadable_passphrase_file_are_refused(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    short = tmp_path / "short"
    short.write_text("too short\n")
    assert cli.main(["backup", str(tmp_path / "a.ccb"), "--passphrase-file", str(short)]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert cli.main(["backup", str(tmp_path / "a.ccb"), "--passphrase-file", str(tmp_path / "missing")]) == 2
    assert "Cannot read the passphrase file" in capsys.readouterr().err
    assert not (tmp_path / "a.ccb").exists()


def test_restore_into_the_running_database_is_refused_with_what_to_do(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "site.tar.gz"
    assert cli.main(["backup", str(path)]) == 0
    assert cli.main(["restore", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is not empty" in err and "create one, point DATABASE_URL at it" in err
    assert cli.main(["restore", str(tmp_path / "nothing-here.tar.gz")]) == 2
    assert "There is no backup" in capsys.readouterr().err
