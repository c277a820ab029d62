"""`cocreate audit verify`: check the chain of seals and every sealed row; exit 1 naming the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocreate.audit import lock
from cocreate.audit.registry import protected_tables
from cocreate.audit.seals import verify


class Command(BaseCommand):
    help = "Check that the audit trail is whole: every seal, its link to the one before, and every sealed row."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = sorted(set(protected_tables()) - lock.installed())
        if missing:
            raise CommandError(f"audit verify: no append-only triggers on {', '.join(missing)} (run migrate)")
        report = verify()
        if report.broken:
            raise CommandError(f"audit verify: BROKEN after {report.seals:,} good seal(s): {report.broken}")
        self.stdout.write(f"audit verify: whole: {report.seals:,} seal(s), {report.rows:,} sealed row(s) present, "
                          f"{report.removed:,} removed by retention with a tombstone")
