"""What is encrypted under which key (`status`), and re-encryption under the current key (`rotate`): in batches, one
transaction per batch, so an interrupted run loses nothing and a new run carries on with what is left.

Columns are read and written with plain SQL through each field's table and column, so the same code serves the
data migrations that first encrypt what was stored plain and, in reverse, decrypt it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as global_apps
from django.core.files.base import File
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

from cocreate.encryption import canary, keys
from cocreate.encryption.fields import EncryptedFileField, EncryptedJSONField, EncryptedTextField

log = logging.getLogger(__name__)

PLAIN = "(not encrypted)"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Column:
    label: str  # app.Model.field, as shown
    table: str
    pk: str
    column: str


@dataclass(frozen=True)
class FileColumn:
    label: str
    model: type[models.Model]
    field: str
    key_field: str


@dataclass
class Counts:
    label: str
    by_key: dict[str, int] = field(default_factory=dict)


def columns(registry: Any = global_apps) -> list[Column]:
    found: list[Column] = []
    for model in registry.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField | EncryptedJSONField):
                found.append(Column(f"{model._meta.label}.{f.name}", model._meta.db_table,
                                    model._meta.pk.column, f.column))
    return sorted(found, key=lambda c: c.label)


def file_columns(registry: Any = global_apps) -> list[FileColumn]:
    found: list[FileColumn] = []
    for model in registry.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedFileField):
                found.append(FileColumn(f"{model._meta.label}.{f.name}", model, f.name, f.key_field))
    return sorted(found, key=lambda c: c.label)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _to_do(col: Column, current: str | None) -> tuple[str, list[Any]]:
    """SQL condition (and its parameters) for a stored value that is not empty and not under the current key; with
    no current key, for every encrypted value (to store it plain again)."""
    head = keys.header(current) if current else keys.PREFIX
    return (f"{_q(col.column)} IS NOT NULL AND {_q(col.column)} <> '' "
            f"AND substr({_q(col.column)}, 1, {len(head)}) {'<>' if current else '='} %s", [head])


def status(known: list[str] | None = None) -> list[Counts]:
    """How many values of each encrypted column and file field are under each key id, and how many are plain."""
    from cocreate.encryption.models import KeyCanary

    ring = keys.keyring()
    ids = list(dict.fromkeys([*ring.ids, *(known or []), *KeyCanary.objects.values_list("key_id", flat=True)]))
    result: list[Counts] = []
    with connection.cursor() as cursor:
        for col in columns():
            counts = Counts(col.label)
            c = _q(col.column)
            parts = [f"SUM(CASE WHEN substr({c}, 1, {len(keys.header(k))}) = %s THEN 1 ELSE 0 END)" for k in ids]
            parts.append(f"SUM(CASE WHEN substr({c}, 1, {len(keys.PREFIX)}) <> %s THEN 1 ELSE 0 END)")
            parts.append(f"SUM(CASE WHEN substr({c}, 1, {len(keys.PREFIX)}) = %s THEN 1 ELSE 0 END)")
            cursor.execute(f"SELECT {', '.join(parts)} FROM {_q(col.table)} WHERE {c} IS NOT NULL AND {c} <> ''",  # noqa: S608 - names from the models
                           [*(keys.header(k) for k in ids), keys.PREFIX, keys.PREFIX])
            row = cursor.fetchone() or ()
            values = [int(v or 0) for v in row]
            for key_id, n in zip(ids, values, strict=False):
                if n:
                    counts.by_key[key_id] = n
            plain, encrypted = values[len(ids)], values[len(ids) + 1]
            if plain:
                counts.by_key[PLAIN] = plain
            unknown = encrypted - sum(values[: len(ids)])
            if unknown:
                counts.by_key["(a key id not known here)"] = unknown
            result.append(counts)
    for fc in file_columns():
        counts = Counts(fc.label)
        rows = (fc.model._default_manager.exclude(**{fc.field: ""}).values_list(fc.key_field)
                .annotate(n=models.Count("pk")).order_by())
        for key_id, n in rows:
            counts.by_key[key_id or PLAIN] = n
        result.append(counts)
    return result


def _batches(col: Column, current: str | None, size: int) -> Iterator[list[tuple[Any, str]]]:
    condition, params = _to_do(col, current)
    last: Any = None
    while True:
        after = f" AND {_q(col.pk)} > %s" if last is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {_q(col.pk)}, {_q(col.column)} FROM {_q(col.table)} "  # noqa: S608 - names from the models
                           f"WHERE {condition}{after} ORDER BY {_q(col.pk)} LIMIT %s",
                           [*params, *([last] if last is not None else []), size])
            rows = [(pk, value) for pk, value in cursor.fetchall()]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rotate_column(col: Column, *, batch_size: int, progress: Progress, decrypt_only: bool = False) -> int:
    """Every value of the column not under the current key, re-encrypted under it (or, `decrypt_only`, stored plain
    again); one transaction per batch. A value changed meanwhile by someone else is left as they wrote it."""
    ring = keys.keyring()
    if not decrypt_only:
        canary.ensure(ring.current)
    done = 0
    for rows in _batches(col, None if decrypt_only else ring.current, batch_size):
        with transaction.atomic():
            for pk, stored in rows:
                text = keys.decrypt(stored)
                new = text if decrypt_only else keys.encrypt(text, ring.current)
                with connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {_q(col.table)} SET {_q(col.column)} = %s "  # noqa: S608 - names from the models
                                   f"WHERE {_q(col.pk)} = %s AND {_q(col.column)} = %s", [new, pk, stored])
                done += 1
        progress(f"{col.label}: {done} {'decrypted' if decrypt_only else 're-encrypted'}")
    return done


def rotate_files(fc: FileColumn, *, batch_size: int, progress: Progress, decrypt_only: bool = False) -> int:
    """Each file not under the current key written anew under it (or, `decrypt_only`, plain) with a new stored name,
    the row pointed at the new file in one transaction per batch, and the old file removed once that is committed."""
    current = "" if decrypt_only else keys.keyring().current
    if not decrypt_only:
        canary.ensure(current)
    manager = fc.model._default_manager
    done = 0
    last = 0
    while True:
        batch = list(manager.exclude(**{fc.field: ""}).exclude(**{fc.key_field: current})
                     .filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return done
        made: list[str] = []  # written in this batch: removed if the batch fails
        stale: list[str] = []  # replaced: removed once the batch is committed
        try:
            with transaction.atomic():
                for row in batch:
                    stored = getattr(row, fc.field)
                    old_name = stored.name
                    with stored.open_plain() as source:
                        if decrypt_only:
                            FieldFile.save(stored, old_name.rsplit("/", 1)[-1], File(source), save=False)
                            setattr(row, fc.key_field, "")
                        else:
                            stored.save(old_name.rsplit("/", 1)[-1], source, save=False)
                    made.append(stored.name)
                    changed = manager.filter(pk=row.pk, **{fc.field: old_name}).update(
                        **{fc.field: stored.name, fc.key_field: getattr(row, fc.key_field)})
                    # A row changed meanwhile keeps what it now has; the copy made here is not needed.
                    stale.append(old_name if changed else stored.name)
        except BaseException:
            _remove(fc, made)
            raise
        _remove(fc, stale)
        done += len(batch)
        last = batch[-1].pk
        progress(f"{fc.label}: {done} {'decrypted' if decrypt_only else 're-encrypted'}")


def _remove(fc: FileColumn, names: list[str]) -> None:
    found = fc.model._meta.get_field(fc.field)
    if not isinstance(found, models.FileField):
        raise TypeError(f"{fc.label} is not a file field")
    storage = found.storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # left behind, not lost: the row no longer points at it
            log.warning("stored file %s could not be removed", name)


def retire_unused() -> list[str]:
    """The canaries of keys nothing is under any more, other than the current key, removed; their ids."""
    from cocreate.encryption.models import KeyCanary

    in_use = {key_id for counts in status() for key_id in counts.by_key}
    current = keys.keyring().current
    gone = [k for k in KeyCanary.objects.values_list("key_id", flat=True) if k != current and k not in in_use]
    KeyCanary.objects.filter(key_id__in=gone).delete()
    canary.forget()
    return gone


def rotate(*, batch_size: int = 500, progress: Progress = print) -> int:
    """Everything re-encrypted under the current key; then the canaries of keys left unused are removed."""
    done = 0
    for col in columns():
        done += rotate_column(col, batch_size=batch_size, progress=progress)
    for fc in file_columns():
        done += rotate_files(fc, batch_size=batch_size, progress=progress)
    for key_id in retire_unused():
        progress(f"key {key_id!r} holds nothing any more: it may be removed from ENCRYPTION_KEYS")
    return done


def migration(*fields: str) -> Any:
    """A data migration's operation that encrypts what is stored plain in the named fields ("app.Model.field",
    text or file), and in reverse stores it plain again."""
    from django.db import migrations

    def _each(registry: Any, decrypt_only: bool) -> None:
        for name in fields:
            app_label, model_name, field_name = name.split(".")
            model = registry.get_model(app_label, model_name)
            f = model._meta.get_field(field_name)
            if isinstance(f, EncryptedFileField):
                rotate_files(FileColumn(name, model, field_name, f.key_field), batch_size=200,
                             progress=_quiet, decrypt_only=decrypt_only)
            else:
                col = Column(name, model._meta.db_table, model._meta.pk.column, f.column)
                rotate_column(col, batch_size=500, progress=_quiet, decrypt_only=decrypt_only)

    def forward(registry: Any, schema_editor: Any) -> None:
        _each(registry, decrypt_only=False)

    def backward(registry: Any, schema_editor: Any) -> None:
        _each(registry, decrypt_only=True)

    return migrations.RunPython(forward, backward, elidable=False)


def _quiet(line: str) -> None:
    pass
