"""The start-up check: refuse to run when the database holds anything under a key that is not configured, or under
a key id whose configured key is not the one that wrote it, rather than fail on every page that reads it."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError, connections

from cocreate.encryption import canary

TAG = "encryption"


@checks.register(TAG, checks.Tags.database)
def keys_present(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Run where the database is part of the check: `migrate`, `cocreate check`, `cocreate serve`."""
    if not databases:
        return []
    from cocreate.encryption.models import KeyCanary

    errors: list[checks.CheckMessage] = []
    for alias in databases:
        if KeyCanary._meta.db_table not in _tables(alias):
            continue  # not migrated yet: nothing is encrypted
        try:
            rows = list(KeyCanary.objects.using(alias).values_list("key_id", "canary"))
        except DatabaseError:
            continue
        for key_id, problem in canary.verify(rows):
            if problem == "missing":
                errors.append(checks.Error(
                    f"The database holds values encrypted under key {key_id!r}, which ENCRYPTION_KEYS does not hold.",
                    hint=f"Add the key {key_id!r} back to ENCRYPTION_KEYS (after the current key) and start again; "
                         "see docs/security.md, 'Encryption at rest'.",
                    id="encryption.E001"))
            else:
                errors.append(checks.Error(
                    f"The key configured as {key_id!r} in ENCRYPTION_KEYS is not the key that encrypted this "
                    "database's values under that id.",
                    hint=f"Set {key_id!r} to the key it had when those values were written.",
                    id="encryption.E002"))
    return errors


def _tables(alias: str) -> list[str]:
    try:
        with connections[alias].cursor() as cursor:
            return connections[alias].introspection.table_names(cursor)
    except DatabaseError:
        return []


def refuse_without_keys(alias: str = "default") -> None:
    """For `cocreate serve` and `migrate`: the check above, as a command error naming each missing key; the connection
    it opened is closed, so that nothing is shared with a server process that forks."""
    from django.core.management.base import CommandError

    try:
        errors = [e for e in checks.run_checks(tags=[TAG], databases=[alias]) if e.is_serious()]
    finally:
        if not connections[alias].in_atomic_block:
            connections[alias].close()
    if errors:
        raise CommandError("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
