"""Send the reminders for questionnaires that have fallen due: run it hourly (see docs/configuration.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.measures.services import reminders_send


class Command(BaseCommand):
    help = "Remind clients (inbox and email), once each, of questionnaires that have fallen due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
