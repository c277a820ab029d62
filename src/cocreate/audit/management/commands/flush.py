"""Django's `flush`, which empties every table (the test runner flushes between transactional tests), run with
the append-only tables deliberately unlocked for that one transaction: emptying the whole database is not
rewriting its history."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, transaction

from cocreate.audit.lock import unlocked


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        using = options.get("database") or DEFAULT_DB_ALIAS
        with transaction.atomic(using=using), unlocked(using):
            super().handle(**options)
