"""Send the invitations to note shifts that have fallen due: run every few minutes, through `cocreate remind`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.integration.prompts import prompts_send


class Command(BaseCommand):
    help = "Invite clients, once each chosen day after a session, to note any shifts (inbox and a content-free email)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = prompts_send()
        self.stdout.write(f"{sent} invitation(s) to note shifts sent.")
