"""`cocreate audit seal`: extend the chain of seals over the protected tables (the worker runs it periodically)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocreate.audit.seals import seal


class Command(BaseCommand):
    help = "Seal the append-only tables' committed rows into the chain that `audit verify` checks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--margin", type=int, default=None, metavar="SECONDS",
                            help="seal rows seen at least this long ago (default AUDIT_SEAL_MARGIN_SECONDS; "
                                 "0 seals everything now: only when nothing is being written)")

    def handle(self, *args: Any, **options: Any) -> None:
        margin = None if options["margin"] is None else timedelta(seconds=max(0, options["margin"]))
        made = seal(margin=margin)
        rows = sum(len(s.rows) for s in made)
        self.stdout.write(f"audit seal: {len(made)} new seal(s), {rows} row(s)")
