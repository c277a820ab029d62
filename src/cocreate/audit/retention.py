"""Retention: which closed engagements are past their practice's period, what removing each would take, and the
removal itself, one engagement per transaction, leaving a tombstone of counts and ids (no names, no content)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import cast

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import ForeignObjectRel, Max
from django.utils import timezone

from cocreate.accounts.models import Practice
from cocreate.audit.lock import unlocked
from cocreate.audit.models import RetentionPolicy, Tombstone
from cocreate.audit.registry import protected_tables
from cocreate.care.models import Engagement, Phase, PhaseTransition

# What stays when an engagement's record goes. The access trail (who looked, when, on what basis, and emergency
# access with its reviews) stays: it is the practice's accountability for the record and holds no clinical
# content. So do the practice's money records (payments, fees, the reciprocity fund's ledger, whose balance they
# make up), with the sessions they name, stripped of their place and reasons.
KEPT_APPS = frozenset({"access"})
KEPT_MODELS = frozenset({"equity.FundTransaction", "equity.FundEntry", "equity.SessionFee", "equity.Payment",
                         "equity.ConsultationRequest", "care.Engagement"})


def _kept(model: type[models.Model]) -> bool:
    return model._meta.app_label in KEPT_APPS or model._meta.label in KEPT_MODELS


def _incoming(model: type[models.Model]) -> list[tuple[ForeignObjectRel, type[models.Model]]]:
    """The links that point at this model's rows (hidden ones too), each with the model they come from."""
    return [(rel, cast("type[models.Model]", rel.related_model))
            for rel in model._meta.get_fields(include_hidden=True)
            if isinstance(rel, ForeignObjectRel) and (rel.one_to_many or rel.one_to_one)]


@dataclass(frozen=True)
class Path:
    model: type[models.Model]
    lookup: str  # from the model's rows to the engagement's id


@cache
def removal_paths() -> tuple[Path, ...]:
    """Every way a row hangs from an engagement through links that own it (CASCADE or PROTECT), found from the
    models themselves so a model added later is covered without a list to keep up."""
    found: list[Path] = []

    def walk(model: type[models.Model], lookup: str, seen: frozenset[type[models.Model]]) -> None:
        for rel, child in _incoming(model):
            if child in seen or _kept(child) or rel.on_delete not in (models.CASCADE, models.PROTECT):
                continue
            path = f"{rel.field.name}__{lookup}"
            found.append(Path(child, path))
            walk(child, path, seen | {child})

    walk(Engagement, "pk", frozenset({Engagement}))
    return tuple(found)


def _rows(engagement_id: int) -> dict[type[models.Model], set[int]]:
    rows: dict[type[models.Model], set[int]] = {}
    for path in removal_paths():
        found = path.model._base_manager.filter(**{path.lookup: engagement_id}).values_list("pk", flat=True)
        rows.setdefault(path.model, set()).update(found)
    # A row a kept record still names (a session with a payment) stays, so the money adds up.
    for model, ids in rows.items():
        for rel, source in _incoming(model):
            if _kept(source) and ids:
                named = source._base_manager.filter(**{f"{rel.field.name}__in": ids})
                ids -= set(named.values_list(rel.field.attname, flat=True))
    return {model: ids for model, ids in rows.items() if ids}


def closed_at(engagement_ids: list[int]) -> dict[int, datetime]:
    moves = (PhaseTransition.objects.filter(engagement_id__in=engagement_ids, to_phase=Phase.CLOSED)
             .values("engagement_id").annotate(at=Max("at")))
    return {m["engagement_id"]: m["at"] for m in moves}


def years_for(practice: Practice) -> int | None:
    """The practice's period in years, or None to keep for ever."""
    policy = RetentionPolicy.objects.filter(practice=practice).first()
    if policy is not None:
        return policy.years
    return settings.RETENTION_DEFAULT_YEARS or None


def _add_years(when: datetime, years: int) -> datetime:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)


@dataclass
class Due:
    engagement_id: int
    practice: Practice
    closed_at: datetime
    years: int
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


def due(*, now: datetime | None = None, practice: Practice | None = None) -> Iterator[Due]:
    """Closed engagements past their practice's period and not yet removed, oldest closing first."""
    now = now or timezone.now()
    practices = Practice.objects.order_by("pk") if practice is None else [practice]
    removed = set(Tombstone.objects.values_list("engagement_id", flat=True))
    for each in practices:
        years = years_for(each)
        if years is None:
            continue
        ids = list(Engagement.objects.filter(practice=each, phase=Phase.CLOSED).values_list("pk", flat=True))
        closes = closed_at([i for i in ids if i not in removed])
        for engagement_id, when in sorted(closes.items(), key=lambda kv: kv[1]):
            if _add_years(when, years) <= now:
                yield Due(engagement_id, each, when, years)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def describe(item: Due) -> Due:
    """Fill in what removing the engagement would take (reads only)."""
    for model, ids in _rows(item.engagement_id).items():
        item.counts[model._meta.label] = len(ids)
        for f in _file_fields(model):
            item.files += model._base_manager.filter(pk__in=ids).exclude(**{f.attname: ""}).count()
    return item


def remove(item: Due, *, now: datetime | None = None) -> Tombstone:
    """Remove one engagement's record in one transaction, under the deliberate unlock, and leave its tombstone.
    Files go once the removal has committed, so a removal rolled back never loses one."""
    now = now or timezone.now()
    protected = protected_tables()
    files: list[tuple[Storage, str]] = []
    with transaction.atomic(), unlocked():
        engagement = Engagement.objects.select_for_update().get(pk=item.engagement_id)
        rows = _rows(engagement.pk)
        counts: dict[str, int] = {}
        removed_ids: dict[str, list[int]] = {}
        for model, ids in rows.items():
            for f in _file_fields(model):
                for name in model._base_manager.filter(pk__in=ids).values_list(f.attname, flat=True):
                    if name:
                        files.append((f.storage, name))
            _null_loose_links(model, ids)
            counts[model._meta.label] = len(ids)
            if model._meta.db_table in protected:
                removed_ids[model._meta.db_table] = sorted(ids)
        # Links between the removed rows (and from the kept ones) are checked by the database at commit, since
        # its foreign keys are deferred; deleting table by table needs no order.
        for model, ids in rows.items():
            model._base_manager.filter(pk__in=ids)._raw_delete(model._base_manager.db)
        _strip_kept_sessions(engagement.pk)
        Engagement.objects.filter(pk=engagement.pk).update(title="")
        tombstone = Tombstone.objects.create(
            practice_id=engagement.practice_id, engagement_id=engagement.pk, closed_at=item.closed_at,
            removed_at=now, kept_years=item.years, counts=counts, removed_ids=removed_ids, files=len(files))
        transaction.on_commit(lambda: _delete_files(files))
    return tombstone


def _null_loose_links(model: type[models.Model], ids: set[int]) -> None:
    """Rows outside the record that merely point at a removed row (SET_NULL: a reflection naming a session) keep
    their own content and lose the pointer, as Django itself would do."""
    for rel, source in _incoming(model):
        if rel.on_delete is models.SET_NULL:
            source._base_manager.filter(**{f"{rel.field.name}__in": ids}).update(**{rel.field.name: None})


def _strip_kept_sessions(engagement_id: int) -> None:
    session = apps.get_model("care", "Session")
    session._base_manager.filter(engagement_id=engagement_id).update(location="", cancel_reason="")


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
