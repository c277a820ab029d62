"""Raise with the supervisor each rupture not yet felt as repaired after RUPTURE_RAISE_AFTER_DAYS: run every few
minutes, through `cocreate remind`; each is raised once, however often this runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.alliance.ruptures import ruptures_raise_due


class Command(BaseCommand):
    help = "Raise with the supervisor each rupture the client has not said feels repaired after the set days."

    def handle(self, *args: Any, **options: Any) -> None:
        raised = ruptures_raise_due()
        self.stdout.write(f"{raised} rupture(s) raised with a supervisor.")
