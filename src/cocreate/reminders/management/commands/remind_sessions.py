"""Send the session reminders that have fallen due: run every few minutes, through `cocreate remind`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.reminders.services import reminders_send


class Command(BaseCommand):
    help = "Remind clients and care teams (inbox and email), once each, of their coming sessions."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} session reminder(s) sent.")
