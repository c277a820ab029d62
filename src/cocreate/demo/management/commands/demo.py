"""Load the demo practices (idempotent) and print every login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.test import override_settings

from cocreate.demo.practice import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Create the demo practices once and print every demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's notices would each send an email; nobody reads a demo's mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = load_demo()
        self.stdout.write("Demo data created." if created else "Demo data already present.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, name, roles in demo_logins():
            self.stdout.write(f"  {email:<28} {name:<16} {roles}")
