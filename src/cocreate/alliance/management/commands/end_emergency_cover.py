"""End the emergency cover whose time has passed: run every few minutes, through `cocreate remind`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.alliance.team import emergency_cover_end_due


class Command(BaseCommand):
    help = "End each emergency cover whose time has passed (the colleague leaves the care team; the client is told)."

    def handle(self, *args: Any, **options: Any) -> None:
        ended = emergency_cover_end_due()
        self.stdout.write(f"{ended} emergency cover(s) ended.")
