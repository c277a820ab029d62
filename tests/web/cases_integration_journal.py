"""URL/persona matrix rows for the journal, web and API: the client writes and reads all of it; the care team reads
what is shared (a private entry is not found); a supervisor after a reason; everyone else 404."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cocreate.access.policy import engagement_access
from cocreate.integration import journal
from cocreate.integration.models import JournalEntry
from tests.conftest import World
from tests.web.matrix import CARE, REASON, Case, engagement, only

# A tenth of a second of silence as WAV: the smallest sound the journal keeps.
SILENCE = (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00"
           b"\x10\x00data\x00\x00\x00\x00")


def _entry(world: World, *, share: bool, with_file: bool = False) -> JournalEntry:
    uploads = [SimpleUploadedFile("note.wav", SILENCE)] if with_file else []
    return journal.journal_add(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                               text="A page of the matrix", uploads=uploads, share=share)


def private_entry(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk, "entry_id": _entry(world, share=False).pk}


def shared_file(world: World) -> dict[str, Any]:
    entry = _entry(world, share=True, with_file=True)
    return {"engagement_id": world.engagement.pk, "file_uid": entry.files.get().uid}


CLIENT_ONLY = only("dana", gus=REASON)  # a private entry: the care team does not find it

W = "engagements/<int:engagement_id>/integration/journal/"
API = "api/v1/engagements/<engagement_id>/integration/journal"

INTEGRATION_JOURNAL_CASES: dict[str, Case] = {
    W: Case(engagement, CARE),
    W + "<int:entry_id>/share/": Case(private_entry, CLIENT_ONLY),
    W + "<int:entry_id>/delete/": Case(private_entry, CLIENT_ONLY),
    W + "files/<uuid:file_uid>/": Case(shared_file, CARE),
    API: Case(engagement, CARE, body=lambda w: {"text": "From the matrix"}),
    API + "/<entry_id>": Case(private_entry, CLIENT_ONLY),
    API + "/<entry_id>/share": Case(private_entry, CLIENT_ONLY, body=lambda w: {"shared": False}),
    API + "/files/<file_uid>": Case(shared_file, CARE),
}
