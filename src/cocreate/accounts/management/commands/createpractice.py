"""Create a practice and its first user (admin and facilitator) from the command line."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocreate.accounts.services import practice_signup


class Command(BaseCommand):
    help = "Create a practice whose first user is its admin and a facilitator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", required=True, help="Practice name")
        parser.add_argument("--email", required=True, help="First user's email")
        parser.add_argument("--name", required=True, help="First user's name")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("COCREATE_PASSWORD")
        if password is None:
            interactive = sys.stdin.isatty()
            password = getpass.getpass("Password: ") if interactive else sys.stdin.readline().rstrip("\n")
        try:
            user = practice_signup(
                email=options["email"], name=options["name"], password=password, practice_name=options["practice"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"Practice {options['practice']!r} created; sign in as {user.email}.")
