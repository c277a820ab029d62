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
from cocreate.alliance.models import (
    Acknowledgement,
    Ending,
    EndingState,
    Feedback,
    FitAnswer,
    FitReview,
    IdentityItem,
    ReflectionEntry,
    Repair,
    RepairWord,
    Rupture,
    TeamProposal,
)
from cocreate.care.models import PrivateNote, Session, SessionKind, SessionStatus, SharedNote
from cocreate.equity.models import Account, Fund, FundEntry, FundTransaction, Payment, SessionFee
from cocreate.integration.models import (
    Attachment,
    JournalEntry,
    Pattern,
    Resource,
    ResourceUse,
    ShiftEntry,
    Tracker,
)
from cocreate.library.models import Question, Reply
from cocreate.measures.models import Flag, Response
from cocreate.protocols.models import ReadinessCheckin, ScreeningDecision, ScreeningResponse
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


# What the client's own pages show them beyond the sections above, each planted so a test can look for it.
OWN = {
    "screening answer": "PLANTED-SCREENING-DETAIL",
    "screening decision": "PLANTED-SCREENING-RATIONALE",
    "readiness check-in": "PLANTED-READINESS",
    "rupture": "PLANTED-RUPTURE",
    "repair": "PLANTED-REPAIR",
    "fit answer": "PLANTED-FIT-MINE",
    "ending": "PLANTED-ENDING-REASONS",
    "identity": "PLANTED-MY-IDENTITY",
    "payment": "PLANTED-PAYMENT-NOTE",
    "library question": "PLANTED-LIBRARY-QUESTION",
    "library reply": "PLANTED-LIBRARY-REPLY",
    "pattern": "PLANTED-PATTERN",
    "resource": "PLANTED-STEADIES-ME",
}
# Never in the client's archive: the care team's fit answers before the client may read them, another person's
# identity items, why the practice moved money in the fund.
HIDDEN = {
    "team's fit answer not yet shown": "PLANTED-FIT-TEAM-HIDDEN",
    "the facilitator's identity item": "PLANTED-ALICE-IDENTITY",
    "a fund transaction's reason": "PLANTED-FUND-REASON",
}


def own_sections(engagement: Any, client: Any, staff: Any, *, n: int = 1) -> None:
    """n of everything the client's own sections hold (screening, readiness, ruptures, fit reviews, endings, fees,
    library, patterns and resources, identity), made as the services leave them, with the planted text."""
    now = timezone.now()
    fund = Fund.objects.get_or_create(practice=engagement.practice)[0]
    IdentityItem.objects.create(person=client, topic="Pronouns", text=OWN["identity"])
    IdentityItem.objects.create(person=staff, topic="Languages", text=HIDDEN["the facilitator's identity item"],
                                visibility="shared")
    for i in range(n):
        screening = ScreeningResponse.objects.create(
            engagement=engagement, pack="oregon_psilocybin", entered_by=client,
            answers={"lithium_30d": {"answer": "yes", "detail": f"{OWN['screening answer']} {i}"}},
            flags=[{"severity": "discussion", "asked": "Heart?", "answer": "yes", "reason": "Talk it over",
                    "source": "pack"}])
        ScreeningDecision.objects.create(response=screening, outcome="eligible", clinician=staff,
                                         rationale=f"{OWN['screening decision']} {i}")
        ReadinessCheckin.objects.create(engagement=engagement, author=client, readiness="ready",
                                        how_i_am=f"{OWN['readiness check-in']} {i}", sleep="well")
        rupture = Rupture.objects.create(engagement=engagement, named_by=client, description=f"{OWN['rupture']} {i}")
        Repair.objects.create(rupture=rupture, by=staff, description=f"{OWN['repair']} {i}")
        RepairWord.objects.create(rupture=rupture, client=client, repaired=True, note="Better now")
        review = FitReview.objects.create(engagement=engagement)
        FitAnswer.objects.create(review=review, author=staff, answers={"working": HIDDEN["team's fit answer not "
                                                                                         "yet shown"]})
        answered = FitReview.objects.create(engagement=engagement, outcome="continue", agreed_at=now)
        FitAnswer.objects.create(review=answered, author=client, answers={"working": f"{OWN['fit answer']} {i}"})
        FitAnswer.objects.create(review=answered, author=staff, answers={"working": "The pace, for me too"})
        Ending.objects.create(engagement=engagement, proposed_by=client, reasons=f"{OWN['ending']} {i}",
                              state="withdrawn", decided_at=now, decided_by=client)
        session = Session.objects.create(engagement=engagement, kind=SessionKind.INTEGRATION,
                                         status=SessionStatus.COMPLETED, starts_at=now - timedelta(days=30 + i),
                                         duration_minutes=60, created_by=staff)
        SessionFee.objects.create(session=session, tier_name="Middle", amount=12000, currency="USD", fixed_by=staff)
        Payment.objects.create(session=session, amount=8000, currency="USD", note=f"{OWN['payment']} {i}",
                               recorded_by=staff)
        grant = FundTransaction.objects.create(fund=fund, kind="subsidy", amount=4000, session=session,
                                               reason=HIDDEN["a fund transaction's reason"], recorded_by=staff)
        FundEntry.objects.create(transaction=grant, account=Account.SUBSIDIES, amount=4000)
        FundEntry.objects.create(transaction=grant, account=Account.FUND, amount=-4000)
        question = Question.objects.create(engagement=engagement, author=client,
                                           body=f"{OWN['library question']} {i}")
        Reply.objects.create(question=question, author=staff, body=f"{OWN['library reply']} {i}")
        Pattern.objects.create(engagement=engagement, name=f"{OWN['pattern']} {i}")
        steady = Resource.objects.create(engagement=engagement, name=f"{OWN['resource']} {i}", how="Slowly")
        ResourceUse.objects.create(resource=steady, used_on=now.date(), helped="yes")
