"""Database triggers that refuse UPDATE and DELETE on the protected tables, and the one deliberate way past them:
`unlocked()`, scoped to a single transaction on a single connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from cocreate.audit.registry import protected_tables

MESSAGE = "the audit trail is append-only"
# PostgreSQL: a transaction-local setting the trigger reads; anyone able to set it could equally drop the
# trigger, so it guards against the application's own mistakes, and the seals catch the rest.
PG_SETTING = "cocreate.audit_unlock"
# SQLite: a function each of the app's connections defines; a shell without it cannot even evaluate the trigger.
SQLITE_FUNCTION = "cocreate_audit_unlocked"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cocreate_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% on % refused: {MESSAGE}', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""


def _name(table: str, what: str) -> str:
    return f"cc_audit_{what}_{table}"[:63]


def _pg_sql(table: str) -> list[str]:
    rows, whole = _name(table, "rows"), _name(table, "truncate")
    return [
        f'DROP TRIGGER IF EXISTS "{rows}" ON "{table}"',
        f'CREATE TRIGGER "{rows}" BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION cocreate_audit_refuse()",
        f'DROP TRIGGER IF EXISTS "{whole}" ON "{table}"',
        f'CREATE TRIGGER "{whole}" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION cocreate_audit_refuse()",
    ]


def _sqlite_sql(table: str) -> list[str]:
    statements = []
    for op in ("UPDATE", "DELETE"):
        name = _name(table, op.lower())
        statements.append(f'DROP TRIGGER IF EXISTS "{name}"')
        statements.append(
            f'CREATE TRIGGER "{name}" BEFORE {op} ON "{table}" '
            f"WHEN NOT {SQLITE_FUNCTION}() "
            f"BEGIN SELECT RAISE(ABORT, '{op} on {table} refused: {MESSAGE}'); END"
        )
    return statements


def install(using: str = "default") -> list[str]:
    """Create the triggers on every protected table that exists (idempotent); returns the tables covered."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = sorted(t for t in protected_tables() if t in existing)
    # One transaction, so a table is never without its trigger between DROP and CREATE while the app serves.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                for sql in _pg_sql(table):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for table in tables:
                for sql in _sqlite_sql(table):
                    cursor.execute(sql)
    return tables


def installed(using: str = "default") -> set[str]:
    """The protected tables that carry their triggers now (for tests and `audit verify`)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT DISTINCT event_object_table FROM information_schema.triggers "
                           "WHERE trigger_name LIKE 'cc_audit_rows_%%'")
        else:
            # Both of a table's triggers, UPDATE and DELETE, or the table does not count as covered.
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cc_audit_%' "
                           "GROUP BY tbl_name HAVING count(*) = 2")
        return {row[0] for row in cursor.fetchall()}


class _SqliteUnlock:
    """Per-connection state behind the SQLite function; off unless `unlocked()` turned it on."""

    def __init__(self) -> None:
        self.on = False

    def __call__(self) -> int:
        return 1 if self.on else 0


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    state = _SqliteUnlock()
    connection.cocreate_audit_unlock = state  # type: ignore[attr-defined]
    connection.connection.create_function(SQLITE_FUNCTION, 0, state)


@contextmanager
def unlocked(using: str = "default") -> Iterator[None]:
    """Let this transaction change or remove protected rows, and nothing else. Must be inside `atomic()`: on
    PostgreSQL the setting is transaction-local (so a pooled connection never carries it on), and it is put back
    at the end of the block either way."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("audit.lock.unlocked() must run inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PG_SETTING])
        try:
            yield
        finally:
            # After an error the transaction is aborted and will be rolled back, which ends the setting too.
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [PG_SETTING])
        return
    connection.ensure_connection()
    state: _SqliteUnlock | None = getattr(connection, "cocreate_audit_unlock", None)
    if state is None:
        yield
        return
    state.on = True
    try:
        yield
    finally:
        state.on = False


@contextmanager
def rewriting(using: str = "default") -> Iterator[None]:
    """One transaction with the protected tables unlocked: for retention, and for a test that must back-date or
    clear audit rows to set up its case."""
    with transaction.atomic(using=using), unlocked(using):
        yield
