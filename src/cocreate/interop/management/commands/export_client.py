"""`cocreate export-client`: a client's archive written to a file, for an operator, through the same builder as the
web and the API, and under a named person's access: the client's own (everything they may see), or a care-team
member's for a transfer (only what the client chose to share, recorded and told to the client)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.care.selectors import engagement_for
from cocreate.interop import selectors, services
from cocreate.interop.archive_forms import FORMS, render


class Command(BaseCommand):
    help = "Write a client's whole record (zip, fhir, json or pdf) to PATH, under a named person's access."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--engagement", type=int, required=True, help="the engagement's id")
        parser.add_argument("--format", choices=FORMS, default="zip", dest="form")
        parser.add_argument("--as", dest="as_email", required=True, help=(
            "whose access the export runs under: the client's email (their own archive) or a care-team member's "
            "(a transfer export: only what the client chose to share; the client sees it and is told)"))
        parser.add_argument("path", help="the file to write; refused if it exists")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if path.exists():
            raise CommandError(f"{path} exists: choose a new file name.")
        actor = User.objects.filter(email__iexact=options["as_email"].strip(), is_active=True).first()
        if actor is None:
            raise CommandError(f"No active person signs in as {options['as_email']!r}.")
        try:
            access = engagement_for(actor, options["engagement"], what=None, via="cli")
            if access.is_client:
                record, how = selectors.own_archive_of(access), "the client's own archive"
            else:
                record = services.archive_transfer_export(actor=actor, access=access, via="cli")
                how = "a transfer export (only what the client chose to share; recorded in their access log)"
        except (Http404, PermissionDenied) as exc:
            raise CommandError(f"{actor.email} may not export engagement {options['engagement']}: "
                               f"{str(exc) or 'no such engagement, or not theirs'}.") from None
        with render(record, options["form"]) as source, path.open("xb") as target:
            shutil.copyfileobj(source, target)
        self.stdout.write(f"Wrote {path} ({options['form']}): {how}, under the access of {actor.name} "
                          f"<{actor.email}>, about {record.data['person']['name']}.")
