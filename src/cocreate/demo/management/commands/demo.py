"""Load the demo practices (idempotent) and print every login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from cocreate.demo.practice import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Create the demo practices once and print every demo login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="not_production",
                            help="load the demo even with DEBUG off (it creates an admin with a published password)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "DEBUG is off, so this looks like a production site. The demo creates an admin and clients whose "
                f"password ({DEMO_PASSWORD}) is published. Run it with DEBUG=true, or add "
                "--i-know-this-is-not-production if this site is only for trying cocreate out.")
        # The demo's notices would each send an email; nobody reads a demo's mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = load_demo()
        self.stdout.write("Demo data created." if created else "Demo data already present.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, name, roles in demo_logins():
            self.stdout.write(f"  {email:<28} {name:<16} {roles}")
