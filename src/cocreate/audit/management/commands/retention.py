"""`cocreate retention`: list the closed engagements past their practice's retention period and what would go;
with --apply, remove each one's record in its own transaction and leave a tombstone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, IntegrityError

from cocreate.audit import retention


class Command(BaseCommand):
    help = "Report (or, with --apply, remove) closed engagements kept longer than their practice's period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="remove them (otherwise only report)")

    def handle(self, *args: Any, **options: Any) -> None:
        apply, found, failed = options["apply"], 0, 0
        for item in retention.due():
            found += 1
            retention.describe(item)
            what = ", ".join(f"{label} {n}" for label, n in sorted(item.counts.items())) or "nothing but the row"
            self.stdout.write(f"{item.practice.name} (practice {item.practice.pk}): engagement {item.engagement_id}, "
                              f"closed {item.closed_at:%Y-%m-%d}, kept {item.years} year(s); "
                              f"{'removing' if apply else 'would remove'}: {what}; files {item.files}")
            if apply:
                try:
                    retention.remove(item)
                except (IntegrityError, DatabaseError) as exc:  # that one stays whole; the others go on
                    failed += 1
                    self.stderr.write(f"  not removed: {exc}")
        verb = "removed" if apply else "past their period (dry run: nothing removed; --apply to remove)"
        self.stdout.write(f"retention: {found - failed} engagement(s) {verb}")
        if failed:
            self.stderr.write(f"retention: {failed} engagement(s) could not be removed")
