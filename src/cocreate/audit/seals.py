"""Sealing the protected tables into a chain of digests, and verifying that every sealed row is still there as it
was (or was removed by retention, which left a tombstone)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from cocreate.audit.models import Seal, SealMark, Tombstone
from cocreate.audit.registry import protected_models

BLOCK = 1000  # rows per seal: a seal stays a few tens of kilobytes
GENESIS = "0" * 64
CHAIN = "*"  # the mark row that stands for the whole chain


def _plain(value: Any) -> Any:
    """A value as the same text on every read, whichever database returned it."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (date, time, Decimal, UUID)):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def row_digest(table: str, values: Iterable[Any]) -> str:
    text = json.dumps([table, *(_plain(v) for v in values)], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def seal_digest(*, number: int, previous: str, table: str, first_id: int, last_id: int, columns: list[str],
                rows: list[list[Any]]) -> str:
    text = json.dumps([number, previous, table, first_id, last_id, columns, rows], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _rows(model: type[models.Model], columns: list[str], first: int, last: int) -> Iterator[tuple[Any, ...]]:
    manager = model._base_manager
    yield from manager.filter(pk__gte=first, pk__lte=last).order_by("pk").values_list(*columns).iterator(2000)


def _label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name)


def seal(*, now: datetime | None = None, margin: timedelta | None = None) -> list[Seal]:
    """Seal every protected table's committed rows up to the id seen at least `margin` ago. Runs in one
    transaction per table; two sealers at once are kept apart by the unique seal number."""
    now = now or timezone.now()
    margin = timedelta(seconds=settings.AUDIT_SEAL_MARGIN_SECONDS) if margin is None else margin
    made: list[Seal] = []
    for model in protected_models():
        if model is Seal:
            continue
        made.extend(_seal_table(model, now=now, margin=margin))
    return made


def _seal_table(model: type[models.Model], *, now: datetime, margin: timedelta) -> list[Seal]:
    table = model._meta.db_table
    made: list[Seal] = []
    with transaction.atomic():
        # One chain: a sealer holds the chain's own mark while it extends it, so two never take the same number.
        SealMark.objects.get_or_create(table=CHAIN)
        SealMark.objects.select_for_update().get(table=CHAIN)
        high = model._base_manager.aggregate(m=Max("pk"))["m"] or 0
        mark, created = SealMark.objects.select_for_update().get_or_create(
            table=table, defaults={"seen_at": now, "high_id": high})
        old_enough = not created and mark.seen_at <= now - margin
        # With no margin the caller vouches that nothing is being written (after a load, in a test).
        upto = high if margin == timedelta(0) else (mark.high_id if old_enough else None)
        if upto is not None:
            done = Seal.objects.filter(table=table).aggregate(m=Max("last_id"))["m"] or 0
            columns = _columns(model)
            last = Seal.objects.order_by("-number").first()
            number, previous = (last.number, last.digest) if last else (0, GENESIS)
            block: list[list[Any]] = []
            start = done + 1
            for values in _rows(model, columns, done + 1, upto):
                block.append([values[0], row_digest(table, values)])
                if len(block) == BLOCK:
                    number += 1
                    made.append(_write(number, previous, table, start, block[-1][0], columns, block))
                    previous, start, block = made[-1].digest, block[-1][0] + 1, []
            if block or (upto > done and not made):
                number += 1
                made.append(_write(number, previous, table, start, upto, columns, block))
        if not created and (upto is not None or old_enough):
            mark.high_id, mark.seen_at = high, now
            mark.save(update_fields=["high_id", "seen_at"])
    return made


def _write(number: int, previous: str, table: str, first: int, last: int, columns: list[str],
           rows: list[list[Any]]) -> Seal:
    digest = seal_digest(number=number, previous=previous, table=table, first_id=first, last_id=last,
                         columns=columns, rows=rows)
    return Seal.objects.create(number=number, table=table, first_id=first, last_id=last, columns=columns,
                               rows=rows, previous=previous, digest=digest)


@dataclass(frozen=True)
class Report:
    seals: int
    rows: int
    removed: int  # sealed rows accounted for by retention's tombstones
    broken: str | None  # the first break, in words


def verify() -> Report:
    """Walk the chain from its start: each seal's digest, its link to the one before, and each sealed row. Stops
    at the first break and names it."""
    models_by_table = {m._meta.db_table: m for m in protected_models()}
    removed: dict[str, set[int]] = {}
    for ids in Tombstone.objects.values_list("removed_ids", flat=True):
        for table, listed in ids.items():
            removed.setdefault(table, set()).update(int(i) for i in listed)
    previous, expected, rows, gone = GENESIS, 1, 0, 0
    for item in Seal.objects.order_by("number").iterator(50):
        when = f"sealed {item.sealed_at:%Y-%m-%d %H:%M} UTC"
        if item.number != expected:
            return Report(expected - 1, rows, gone, f"seal {expected:,} is missing (the next is {item.number:,})")
        if item.previous != previous or item.digest != seal_digest(
                number=item.number, previous=item.previous, table=item.table, first_id=item.first_id,
                last_id=item.last_id, columns=item.columns, rows=item.rows):
            return Report(expected - 1, rows, gone, f"seal {item.number:,} ({item.table}) has been altered")
        model = models_by_table.get(item.table)
        if model is None:
            return Report(expected - 1, rows, gone, f"seal {item.number:,} names a table no longer protected: "
                                                    f"{item.table}")
        broken, counted = _check_block(model, item, removed.get(item.table, set()), when)
        if broken:
            return Report(expected - 1, rows, gone, broken)
        rows += len(item.rows) - counted
        gone += counted
        previous, expected = item.digest, expected + 1
    return Report(expected - 1, rows, gone, None)


def _check_block(model: type[models.Model], item: Seal, removed: set[int], when: str) -> tuple[str | None, int]:
    sealed = {int(i): d for i, d in item.rows}
    label = _label(model)
    present = {values[0]: row_digest(item.table, values)
               for values in _rows(model, list(item.columns), item.first_id, item.last_id)}
    for pk in sorted(set(sealed) | set(present)):
        if pk not in present:
            if pk in removed:
                continue
            return f"{label} {pk:,} is missing ({when}, seal {item.number:,})", 0
        if pk not in sealed:
            return f"{label} {pk:,} was added inside a sealed range ({when}, seal {item.number:,})", 0
        if present[pk] != sealed[pk]:
            return f"{label} {pk:,} has been changed ({when}, seal {item.number:,})", 0
    return None, sum(1 for pk in sealed if pk not in present)
