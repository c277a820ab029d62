"""What the encryption tests share: the stored value of a field read with plain SQL, and keyrings to configure."""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from cocreate.encryption import keys


def raw(model: type[models.Model], field: str, pk: Any) -> str:
    """The column as the database holds it, past every field type."""
    f = model._meta.get_field(field)
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q(f.column)} FROM {q(model._meta.db_table)} "  # noqa: S608 - names from the model
                       f"WHERE {q(model._meta.pk.column)} = %s", [pk])
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def key(key_id: str) -> tuple[str, str]:
    """A fresh key, as an ENCRYPTION_KEYS item."""
    found_id, material = keys.new_key_line(key_id).split(":", 1)
    return found_id, material


def current(settings: Any) -> tuple[str, str]:
    return tuple(settings.ENCRYPTION_KEYS[0])  # type: ignore[return-value]
