"""Shared by the backup tests: a fresh database to restore into (SQLite file, or a PostgreSQL database of its own
named after the test database), and every row of every table read through the plain driver."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

from cocreate.backup import databases
from cocreate.backup.databases import Target


def source() -> Target:
    return Target.from_settings(connection.settings_dict)


@contextlib.contextmanager
def fresh_database(tmp_path: Path, suffix: str = "restored") -> Iterator[Target]:
    """An empty database of the suite's kind; on PostgreSQL created beside the test database and dropped after."""
    here = source()
    if here.vendor == "sqlite":
        yield here.with_name(str(tmp_path / f"{suffix}.sqlite3"))
        return
    target = here.with_name(f"{here.name}_{suffix}"[:63])
    admin = here.with_name("postgres")
    with _admin(admin) as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{target.name}"')
    try:
        yield target
    finally:
        with _admin(admin) as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


@contextlib.contextmanager
def _admin(target: Target) -> Iterator[Any]:
    with psycopg.connect(target.conninfo(), autocommit=True) as db, db.cursor() as cursor:
        yield cursor


def rows(target: Target) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, with the column names first: what two databases must agree on."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with databases.opened(target) as db:
        cursor = db.cursor()
        for table in databases.tables(target):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
            columns = tuple(column[0] for column in cursor.description)
            found[table] = [columns, *sorted(cursor.fetchall(), key=repr)]
    return found
