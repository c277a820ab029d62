"""A client's record with something of every kind in it, and text planted where it must never leave: a private
note, the facilitator's reflection journal, a follow-up's private note, another client's note."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from bench.archive import build_client
from django.core.files.base import ContentFile
from django.utils import timezone

from cocreate.agreements.models import DocumentKind, Revision, RevisionState, SharedDocument, Side
from cocreate.alliance.models import Acknowledgement, EndingState, Feedback, ReflectionEntry, TeamProposal
from cocreate.care.models import PrivateNote, Session, SessionKind, SessionStatus, SharedNote
from cocreate.integration.models import Attachment, JournalEntry, ShiftEntry, Tracker
from cocreate.measures.models import Flag, Response
from tests.conftest import World

NEVER = {
    "private note": "PLANTED-PRIVATE-NOTE",
    "reflection journal": "PLANTED-REFLECTION-JOURNAL",
    "flag private note": "PLANTED-FLAG-PRIVATE-NOTE",
    "another client's note": "PLANTED-EVE-NOTE",
}
SHARED_NOTE = "Dana and Alice, in their own words: walking helps."
JOURNAL = "My journal page about the sea"
SHIFT = "I noticed I slept better"
FEEDBACK = "Slower, please, at the start."
FLAG_ACTION = "Called Dana the same evening."
PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def rich(world: World, *, weeks: int = 3, notes: int = 2) -> dict[str, Any]:
    """Dana's record with every section filled; returns what was made that a test looks for."""
    engagement, alice, dana = world.engagement, world.alice, world.dana
    build_client(engagement, alice, weeks=weeks, notes=notes, timeline=6)
    SharedNote.objects.create(engagement=engagement, author=dana, body=SHARED_NOTE)
    PrivateNote.objects.create(engagement=engagement, author=alice, body=NEVER["private note"])
    ReflectionEntry.objects.create(author=alice, practice=world.practice, session=world.session,
                                   text=NEVER["reflection journal"])
    response = Response.objects.filter(administration__engagement=engagement).first()
    assert response is not None
    Flag.objects.create(engagement=engagement, instrument="phq9", response=response, kind="deterioration",
                        reason="Scores rose", resolved_at=timezone.now(), resolved_by=alice, action=FLAG_ACTION,
                        private_note=NEVER["flag private note"])
    plan = SharedDocument.objects.create(engagement=engagement, kind=DocumentKind.INTEGRATION_PLAN)
    Revision.objects.create(document=plan, number=1, content={"steps": [{"step": "Walk every morning"}]}, author=dana,
                            side=Side.CLIENT, state=RevisionState.AGREED, settled_at=timezone.now())
    SharedNote.objects.create(engagement=world.eve_engagement, author=world.eve, body=NEVER["another client's note"])

    held = Session.objects.create(engagement=engagement, kind=SessionKind.INTEGRATION, status=SessionStatus.COMPLETED,
                                  starts_at=timezone.now() - timedelta(days=5), duration_minutes=60, created_by=alice)
    now = timezone.now()
    tracker = Tracker.objects.create(engagement=engagement, session=held, began_on=held.starts_at.date(),
                                     began_at=held.starts_at, days=[1, 3], started_by=alice)
    ShiftEntry.objects.create(engagement=engagement, author=dana, tracker=tracker, on=now.date(), day=1,
                              domains=["sleep"], text=SHIFT)  # not shared: still in her own archive
    page = JournalEntry.objects.create(engagement=engagement, author=dana, on=now.date(), text=JOURNAL)
    drawing = Attachment(entry=page, uid=uuid.uuid4(), kind="image", content_type="image/png", size=len(PNG),
                         name="../my drawing.png")
    drawing.file.save("ignored", ContentFile(PNG), save=True)
    feedback = Feedback.objects.create(engagement=engagement, author=dana, kind="message", message=FEEDBACK)
    Acknowledgement.objects.create(feedback=feedback, by=alice, reply="Thank you, we will.")
    return {"attachment": drawing, "journal": page}


def transfer_shared(world: World, *shared: str) -> TeamProposal:
    """Dana accepted a handover to Carl, choosing what to share (the row her acceptance leaves)."""
    return TeamProposal.objects.create(engagement=world.engagement, facilitator=world.carl, proposed_by=world.alice,
                                       transfer=True, shared=list(shared), state=EndingState.AGREED,
                                       decided_at=timezone.now())
