"""One backup archive: the database snapshot, every uploaded file and a manifest (format, database, migrations, row
counts, checksums), as a gzipped tar stream, sealed with a passphrase when one is given; and the restore, which
checks all of it before it writes anything."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from cocreate.backup import databases
from cocreate.backup.databases import BackupError, Target
from cocreate.backup.sealed import SealedReader, SealedWriter, SealError, is_sealed

FORMAT = "cocreate-backup"
VERSION = 1
DATABASE_FILES = {"sqlite": "database/cocreate.sqlite3", "postgresql": "database/cocreate.pgdump"}
KEYS_NOTE = ("Keys are not in this backup: SECRET_KEY or the data directory's secret_key file, and ENCRYPTION_KEYS "
             "or the data directory's encryption_keys file. Keep a copy of them apart from the backup (a backup "
             "that held its keys would undo the encryption at rest); the text encrypted at rest cannot be read "
             "again without them.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """Reads through a file while hashing what passes, so a file is read once on its way into the archive."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    if not media_root.is_dir():
        return
    for directory, _dirs, names in os.walk(media_root):
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(media_root).as_posix(), path


def key_files(data_dir: Path) -> list[str]:
    """Files in the data directory that hold keys: named here so the person making the backup knows to keep them."""
    if not data_dir.is_dir():
        return []
    return sorted(p.name for p in data_dir.iterdir() if p.is_file() and "key" in p.name.lower())


def _add(tar: tarfile.TarFile, name: str, size: int, handle: IO[bytes]) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, handle)


def backup_create(path: Path, *, target: Target, media_root: Path | None, data_dir: Path,
                  passphrase: bytes | None, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Write the archive to `path` (never over an existing file); the manifest is returned."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new name, so that no backup is overwritten.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="cocreate-backup-", dir=path.parent) as staging:
        dump = Path(staging) / "database"
        snapshot = databases.snapshot(target, dump)
        database_name = DATABASE_FILES[target.vendor]
        manifest: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "created_at": datetime.now(UTC).isoformat(),
            "cocreate_version": _version(), "encrypted": passphrase is not None,
            "database": {"vendor": target.vendor, "file": database_name, "sha256": _sha256(dump),
                         "size": dump.stat().st_size},
            "migrations": snapshot.migrations, "row_counts": snapshot.row_counts,
            "files": {"storage": "local" if media_root is not None else "not included", "entries": {}},
            "keys_not_included": key_files(data_dir),
        }
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # a client's record: owner only
        try:
            with os.fdopen(fd, "wb") as raw:
                out: Any = SealedWriter(raw, passphrase) if passphrase is not None else raw
                with tarfile.open(fileobj=out, mode="w|gz") as tar:
                    with dump.open("rb") as handle:
                        _add(tar, database_name, dump.stat().st_size, handle)
                    # After the database's snapshot, so every file a snapshot row names is there (uploads are only
                    # ever added); a file uploaded meanwhile comes along too, unnamed by any row, and is harmless.
                    for relative, file in _media_files(media_root) if media_root is not None else ():
                        with file.open("rb") as handle:
                            size = os.fstat(handle.fileno()).st_size
                            hashing = _Hashing(handle)
                            _add(tar, f"media/{relative}", size, hashing)  # type: ignore[arg-type]
                        manifest["files"]["entries"][relative] = {"sha256": hashing.digest.hexdigest(), "size": size}
                    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                    _add(tar, "manifest.json", len(body), io.BytesIO(body))
                if passphrase is not None:
                    out.close()
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    say(f"Backup written to {path}: {target.vendor}, {sum(snapshot.row_counts.values())} rows in "
        f"{len(snapshot.row_counts)} tables, {len(manifest['files']['entries'])} files"
        f"{', sealed with the passphrase' if passphrase is not None else ', NOT encrypted'}.")
    if media_root is None:
        say("Uploaded files are kept in object storage (FILE_STORAGE=s3) and are not in this backup: back up the "
            "bucket with its own tools (versioning or replication).")
    say(KEYS_NOTE + (f" Found in the data directory and left out: {', '.join(manifest['keys_not_included'])}."
                     if manifest["keys_not_included"] else ""))
    return manifest


def _version() -> str:
    try:
        return metadata.version("cocreate")
    except metadata.PackageNotFoundError:
        return "unknown"


def _member_path(name: str) -> PurePosixPath:
    """Only the names a backup holds, and never one that leads out of the staging folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds a file named {name!r}, which no backup has: it is not a cocreate "
                          f"backup, or it was altered.")
    if name == "manifest.json" or name in DATABASE_FILES.values() or (path.parts[0] == "media" and len(path.parts) > 1):
        return path
    raise BackupError(f"The archive holds {name!r}, which no cocreate backup has.")


def _open(path: Path, passphrase: bytes | None, raw: BinaryIO) -> Any:
    head = raw.read(16)
    raw.seek(0)
    if is_sealed(head):
        if passphrase is None:
            raise BackupError("This backup is sealed with a passphrase: give it with --passphrase-file or "
                              "COCREATE_BACKUP_PASSPHRASE.")
        return SealedReader(raw, passphrase)
    if passphrase is not None:
        raise BackupError(f"{path} is not sealed, yet a passphrase was given: is it the backup you meant?")
    return raw


def _unpack(path: Path, passphrase: bytes | None, staging: Path) -> dict[str, Any]:
    """Every member into the staging folder, checked against the manifest; the manifest is returned."""
    try:
        with path.open("rb") as raw:
            source = _open(path, passphrase, raw)
            with tarfile.open(fileobj=source, mode="r|gz") as tar:
                for member in tar:
                    relative = _member_path(member.name)
                    if not member.isreg():
                        raise BackupError(f"The archive's {member.name!r} is not a plain file.")
                    destination = staging.joinpath(*relative.parts)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    extracted = tar.extractfile(member)
                    assert extracted is not None  # noqa: S101 - a regular member always has its content
                    with destination.open("xb") as handle:
                        shutil.copyfileobj(extracted, handle, 1024 * 1024)
    except SealError as exc:
        raise BackupError(str(exc)) from None
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read as a cocreate backup ({exc}); nothing was restored.") from None
    return _checked(staging)


def _checked(staging: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((staging / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError("The backup has no readable manifest: it is not a cocreate backup, or it is cut short.") \
            from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"The backup's format is {manifest.get('format')!r} version {manifest.get('version')!r}; "
                          f"this cocreate restores {FORMAT!r} version {VERSION}.")
    database = manifest["database"]
    dump = staging / database["file"]
    if not dump.is_file() or _sha256(dump) != database["sha256"]:
        raise BackupError("The backup's database does not match its checksum: the backup is damaged.")
    entries = manifest["files"]["entries"]
    media = staging / "media"
    found = {relative for relative, _path in _media_files(media)}
    if found != set(entries):
        raise BackupError(f"The backup's files differ from its manifest ({len(found)} found, {len(entries)} listed): "
                          f"the backup is damaged.")
    for relative, expected in entries.items():
        if _sha256(media / relative) != expected["sha256"]:
            raise BackupError(f"The file {relative} does not match its checksum: the backup is damaged.")
    return manifest


def backup_restore(path: Path, *, target: Target, media_root: Path | None, passphrase: bytes | None,
                   say: Callable[[str], None] = print) -> dict[str, Any]:
    """Restore into an empty database (and an empty media folder). Everything is unpacked and checked first: a wrong
    passphrase, a damaged archive or a non-empty target stops it before anything is written."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    present = databases.tables(target)
    if present:
        raise BackupError(f"The database {target.name} is not empty ({len(present)} tables). Restore only into a "
                          f"new, empty database: create one, point DATABASE_URL at it, and run restore again.")
    if media_root is not None and any(True for _ in _media_files(media_root)):
        raise BackupError(f"The folder of uploaded files ({media_root}) is not empty; restore into an empty one.")
    parent = media_root.parent if media_root is not None else Path(tempfile.gettempdir())
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cocreate-restore-", dir=parent) as folder:
        staging = Path(folder)
        manifest = _unpack(path, passphrase, staging)
        vendor = manifest["database"]["vendor"]
        if vendor != target.vendor:
            raise BackupError(f"This is a backup of a {vendor} database; DATABASE_URL points at {target.vendor}. "
                              f"Restore it into the same kind of database.")
        if manifest["files"]["entries"] and media_root is None:
            raise BackupError("The backup holds uploaded files, but FILE_STORAGE is not local: nothing was restored.")
        databases.restore(staging / manifest["database"]["file"], target)
        restored = databases.describe(target)
        if restored.row_counts != manifest["row_counts"] or restored.migrations != manifest["migrations"]:
            raise BackupError("The restored database does not hold what the manifest lists: do not use it; "
                              "drop it and restore again.")
        if media_root is not None:
            media_root.mkdir(mode=0o700, parents=True, exist_ok=True)
            for relative, file in _media_files(staging / "media"):
                destination = media_root / relative
                destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                shutil.move(file, destination)
                os.chmod(destination, 0o600)
    say(f"Restored {sum(manifest['row_counts'].values())} rows in {len(manifest['row_counts'])} tables and "
        f"{len(manifest['files']['entries'])} files from the backup made {manifest['created_at']}; every checksum "
        f"and row count matches the manifest.")
    say(KEYS_NOTE)
    return manifest
