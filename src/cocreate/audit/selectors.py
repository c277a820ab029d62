"""Reads of the audit app for a person: a practice's retention period (no client data, so no access events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from cocreate.accounts.models import Practice
from cocreate.audit.models import RetentionPolicy, Tombstone


@dataclass(frozen=True)
class Retention:
    years: int | None  # None: kept for ever
    chosen: bool  # False: the installation's default applies
    changed: datetime | None
    removed: int  # engagements whose records retention has removed


def retention_of(practice: Practice) -> Retention:
    policy = RetentionPolicy.objects.filter(practice=practice).first()
    removed = Tombstone.objects.filter(practice=practice).count()
    if policy is None:
        return Retention(settings.RETENTION_DEFAULT_YEARS or None, False, None, removed)
    return Retention(policy.years, True, policy.changed, removed)
