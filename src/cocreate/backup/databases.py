"""The database half of a backup: a consistent snapshot of SQLite (its online backup API) or PostgreSQL (pg_dump,
custom format, from an exported snapshot), the row counts and migrations of that same snapshot, and the way back."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class BackupError(Exception):
    """Something stops a backup or a restore; the message says what, in words a person running it can act on."""


@dataclass(frozen=True)
class Target:
    """Where a database is: taken from Django's settings for a connection, so a test can name another database."""

    vendor: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Target:
        engine = str(settings_dict["ENGINE"])
        if engine.endswith("sqlite3"):
            return cls("sqlite", str(settings_dict["NAME"]))
        if engine.endswith("postgresql"):
            return cls("postgresql", str(settings_dict["NAME"]), str(settings_dict.get("USER") or ""),
                       str(settings_dict.get("PASSWORD") or ""), str(settings_dict.get("HOST") or ""),
                       str(settings_dict.get("PORT") or ""))
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine}.")

    def with_name(self, name: str) -> Target:
        return Target(self.vendor, name, self.user, self.password, self.host, self.port)

    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        given = {"dbname": self.name, "user": self.user, "password": self.password, "host": self.host,
                 "port": self.port}
        return make_conninfo(**{key: value for key, value in given.items() if value})

    def pg_environment(self) -> dict[str, str]:
        """libpq's variables, so that the password never shows on a command line (where `ps` would show it)."""
        env = {**os.environ, "PGDATABASE": self.name}
        for key, value in (("PGUSER", self.user), ("PGPASSWORD", self.password), ("PGHOST", self.host),
                           ("PGPORT", self.port)):
            if value:
                env[key] = value
        return env


@dataclass(frozen=True)
class Snapshot:
    migrations: list[list[str]]  # [app, name] in the order applied
    row_counts: dict[str, int]


# --- SQLite -------------------------------------------------------------------------------------------------------

def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                      "ORDER BY name").fetchall()
    return [row[0] for row in rows]


def _describe(cursor: Any, tables: list[str], quote: Any) -> Snapshot:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names read from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    migrations: list[list[str]] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [[app, name] for app, name in cursor.fetchall()]
    return Snapshot(migrations, counts)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_snapshot(target: Target, into: Path) -> Snapshot:
    """Copy the live database with SQLite's online backup API in one step: it reads one consistent snapshot while
    the app keeps writing (WAL mode lets writers go on beside a reader), and the copy carries everything committed
    before it began, including what still sits in the WAL file."""
    if not Path(target.name).is_file():
        raise BackupError(f"There is no database at {target.name}.")
    source = sqlite3.connect(target.name, timeout=20)
    source.execute("PRAGMA query_only = 1")
    copy = sqlite3.connect(into)
    try:
        source.backup(copy)  # pages=-1: all in one step, so one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
        return _describe(copy.cursor(), _sqlite_tables(copy), _quote)
    finally:
        copy.close()
        source.close()


def sqlite_describe(path: Path) -> Snapshot:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _describe(db.cursor(), _sqlite_tables(db), _quote)
    finally:
        db.close()


def sqlite_tables(target: Target) -> list[str]:
    if not Path(target.name).exists():
        return []
    db = sqlite3.connect(target.name)
    try:
        return _sqlite_tables(db)
    finally:
        db.close()


def sqlite_restore(staged: Path, target: Target) -> None:
    """Copy the staged database into the target through the backup API: the target is written in one transaction,
    and in WAL mode as the app runs it."""
    Path(target.name).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
    destination = sqlite3.connect(target.name)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()
        source.close()
    os.chmod(target.name, 0o600)


# --- PostgreSQL ---------------------------------------------------------------------------------------------------

def _version(text: str) -> int:
    found = re.search(r"(\d+)(?:\.\d+)?", text)
    return int(found.group(1)) if found else 0


def pg_tool(name: str) -> tuple[str, int]:
    """The newest pg_dump or pg_restore found in Debian's versioned directories or on PATH, with its major version
    (a pg_dump older than the server refuses to dump it)."""
    found: list[tuple[int, str]] = []
    for candidate in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"):
        found.append((_version(Path(candidate).parts[-3]), candidate))
    on_path = shutil.which(name)
    if on_path and not found:
        output = subprocess.run([on_path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
        match = re.search(r"\)\s*(\d+)", output.stdout)  # "pg_dump (PostgreSQL) 15.4 (Debian 15.4-1)"
        found.append((int(match.group(1)) if match else 0, on_path))
    if not found:
        raise BackupError(f"{name} is needed for a PostgreSQL backup and was not found on PATH or in "
                          f"/usr/lib/postgresql/*/bin (Debian: apt-get install postgresql-client).")
    version, path = max(found)
    return path, version


def _pg_connect(target: Target) -> Any:
    import psycopg

    try:
        return psycopg.connect(target.conninfo())
    except psycopg.OperationalError as exc:
        raise BackupError(f"Cannot connect to PostgreSQL database {target.name!r}: {exc}".strip()) from None


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                   "AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [row[0] for row in cursor.fetchall()]


def pg_tables(target: Target) -> list[str]:
    with contextlib.closing(_pg_connect(target)) as db, db.cursor() as cursor:
        return _pg_tables(cursor)


def pg_describe(target: Target) -> Snapshot:
    with contextlib.closing(_pg_connect(target)) as db, db.cursor() as cursor:
        return _describe(cursor, _pg_tables(cursor), _quote)


def pg_snapshot(target: Target, into: Path) -> Snapshot:
    """pg_dump in custom format from a snapshot this connection exported, so that the row counts and migrations in
    the manifest are those of exactly the rows in the dump, while the app keeps writing."""
    pg_dump, version = pg_tool("pg_dump")
    with contextlib.closing(_pg_connect(target)) as db, db.cursor() as cursor:
        server = db.info.server_version // 10000
        if version < server:
            raise BackupError(f"pg_dump {version} cannot dump a PostgreSQL {server} server; install "
                              f"postgresql-client-{server} or newer.")
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        described = _describe(cursor, _pg_tables(cursor), _quote)
        done = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
             f"--file={into}"],
            env=target.pg_environment(), capture_output=True, text=True, check=False)
        cursor.execute("COMMIT")
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return described


def pg_restore(staged: Path, target: Target) -> None:
    """pg_restore in one transaction that stops at the first error: the database gets all of it or none."""
    restore, _version_found = pg_tool("pg_restore")
    done = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
         f"--dbname={target.name}", str(staged)],
        env=target.pg_environment(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, and wrote nothing: {done.stderr.strip()}")


# --- Either -------------------------------------------------------------------------------------------------------

def snapshot(target: Target, into: Path) -> Snapshot:
    return sqlite_snapshot(target, into) if target.vendor == "sqlite" else pg_snapshot(target, into)


def tables(target: Target) -> list[str]:
    return sqlite_tables(target) if target.vendor == "sqlite" else pg_tables(target)


def describe(target: Target) -> Snapshot:
    return sqlite_describe(Path(target.name)) if target.vendor == "sqlite" else pg_describe(target)


def restore(staged: Path, target: Target) -> None:
    (sqlite_restore if target.vendor == "sqlite" else pg_restore)(staged, target)


@contextlib.contextmanager
def opened(target: Target) -> Iterator[Any]:
    """A plain DB-API connection to the target (for the round-trip test's row-by-row comparison)."""
    db = sqlite3.connect(target.name) if target.vendor == "sqlite" else _pg_connect(target)
    try:
        yield db
    finally:
        db.close()
