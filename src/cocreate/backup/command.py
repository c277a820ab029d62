"""`cocreate backup` and `cocreate restore`: read the passphrase from a file or the environment (never from the
command line, where other users of the machine could read it in the process list), and call the archive."""

from __future__ import annotations

import sys
from pathlib import Path

from cocreate import env
from cocreate.backup.archive import backup_create, backup_restore
from cocreate.backup.databases import BackupError, Target

PASSPHRASE_VARIABLE = "COCREATE_BACKUP_PASSPHRASE"  # noqa: S105 - the variable's name, not a passphrase
PASSPHRASE_MIN = 12


def _passphrase(file: str | None, *, creating: bool) -> bytes | None:
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BackupError(f"Cannot read the passphrase file {file}: {exc.strerror}.") from None
    else:
        text = env.env_str(PASSPHRASE_VARIABLE, "")
        if not text:
            return None
    if creating and len(text) < PASSPHRASE_MIN:
        raise BackupError(f"Use a passphrase of at least {PASSPHRASE_MIN} characters.")
    if not text:
        raise BackupError(f"The passphrase file {file} is empty.")
    return text.encode("utf-8")


def _where() -> tuple[Target, Path | None, Path]:
    from django.conf import settings
    from django.db import connection

    media = Path(settings.MEDIA_ROOT) if settings.FILE_STORAGE == "local" else None
    return Target.from_settings(connection.settings_dict), media, Path(settings.DATA_DIR)


def run_backup(path: str, passphrase_file: str | None) -> int:
    try:
        target, media, data_dir = _where()
        backup_create(Path(path).expanduser().resolve(), target=target, media_root=media, data_dir=data_dir,
                      passphrase=_passphrase(passphrase_file, creating=True))
    except BackupError as exc:
        print(f"cocreate backup: {exc}", file=sys.stderr)
        return 2
    return 0


def run_restore(path: str, passphrase_file: str | None) -> int:
    try:
        target, media, _data_dir = _where()
        backup_restore(Path(path).expanduser().resolve(), target=target, media_root=media,
                       passphrase=_passphrase(passphrase_file, creating=False))
    except BackupError as exc:
        print(f"cocreate restore: {exc}", file=sys.stderr)
        return 2
    from django.core.cache import cache

    cache.clear()  # what was cached (sessions, people, charts) came from the database before the restore
    return 0
