"""`cocreate encryption status|rotate|newkey`: what is under which key, re-encryption under the current key, and a
new key to put first in ENCRYPTION_KEYS."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cocreate.encryption import keys, rotation


class Command(BaseCommand):
    help = "Encryption at rest: status, rotate, newkey (docs/security.md, 'Encryption at rest')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "rotate", "newkey"])
        parser.add_argument("--batch-size", type=int, default=500,
                            help="rotate: values or files re-encrypted per transaction (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "newkey":
            key_id = f"{timezone.now():%Y%m%d}-{secrets.token_hex(2)}"
            self.stdout.write(keys.new_key_line(key_id))
            return
        if action == "status":
            self._status()
            return
        size = options["batch_size"]
        if size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.stdout.write(f"Re-encrypting under the current key {keys.keyring().current!r}, {size} at a time.")
        try:
            done = rotation.rotate(batch_size=size, progress=lambda line: self.stdout.write(line))
        except keys.EncryptionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Done: {done} re-encrypted. Every value and file is under {keys.keyring().current!r}.")

    def _status(self) -> None:
        ring = keys.keyring()
        self.stdout.write(f"Current key: {ring.current!r}; configured: {', '.join(repr(k) for k in ring.ids)}")
        totals: dict[str, int] = {}
        for counts in rotation.status():
            shown = ", ".join(f"{key_id}: {n}" for key_id, n in sorted(counts.by_key.items())) or "nothing stored"
            self.stdout.write(f"  {counts.label}: {shown}")
            for key_id, n in counts.by_key.items():
                totals[key_id] = totals.get(key_id, 0) + n
        from cocreate.encryption.models import KeyCanary

        expected = list(KeyCanary.objects.order_by("created").values_list("key_id", flat=True))
        self.stdout.write(f"Keys this database needs configured: {', '.join(repr(k) for k in expected) or 'none'}")
        behind = sum(n for key_id, n in totals.items() if key_id != ring.current)
        if behind:
            self.stdout.write(f"{behind} not under the current key: run `cocreate encryption rotate`.")
        else:
            self.stdout.write("Everything is under the current key. A key this database no longer needs (once "
                              "`rotate` has run) may be removed from ENCRYPTION_KEYS.")
