"""Demo ruptures and a fit review, written through the real services; safe to run again (an engagement that has
any is left as it is)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.accounts.models import User
from cocreate.alliance import fit, ruptures
from cocreate.alliance.models import FitOutcome, FitReview, Repair, RepairWord, Rupture
from cocreate.care.models import Engagement


def demo_ruptures(engagement: Engagement, client: User, facilitator: User) -> None:
    """A rupture the client named, a repair the facilitator recorded, and the client's word that it feels
    repaired; and a review of fit, answered by both, whose outcome ("adjust the way we work") they agreed. Each
    is left as it is where the engagement already has one."""
    mine, theirs = engagement_access(client, engagement), engagement_access(facilitator, engagement)
    if not Rupture.objects.filter(engagement=engagement).exists():
        _repaired_rupture(mine, theirs, client, facilitator)
    if not FitReview.objects.filter(engagement=engagement, agreed_at__isnull=False).exists():
        _agreed_review(mine, theirs, client, facilitator)


def _repaired_rupture(mine: EngagementAccess, theirs: EngagementAccess, client: User, facilitator: User) -> None:
    rupture = ruptures.rupture_name(
        actor=client, access=mine,
        description="When I talked about my mother you looked at the clock, and I stopped talking. I felt like a "
                    "nuisance for the rest of the session.")
    repair = ruptures.repair_add(
        actor=facilitator, access=theirs, rupture=rupture,
        description="We talked about it at the start of the next session. I said I had been watching the time and "
                    "was sorry it felt as if I had stopped listening; we agreed I will say so when time is short.")
    word = ruptures.repair_word(actor=client, access=mine, rupture=rupture, repaired=True,
                                note="Thank you for saying it plainly. It helped.")
    # Spread over the last fortnight, as it happened.
    now = timezone.now()
    Rupture.objects.filter(pk=rupture.pk).update(created=now - timedelta(days=12))
    Repair.objects.filter(pk=repair.pk).update(created=now - timedelta(days=7))
    RepairWord.objects.filter(pk=word.pk).update(created=now - timedelta(days=7))


def _agreed_review(mine: EngagementAccess, theirs: EngagementAccess, client: User, facilitator: User) -> None:
    # The review the held sessions opened, if they did; else the client asks for one.
    review = fit.open_review(mine.engagement) or fit.fit_review_ask(actor=client, access=mine)
    fit.fit_answer(actor=client, access=mine, review=review, answers={
        "working": "I feel safer here than I expected, and I like that we plan things together.",
        "not_working": "Talking alone keeps me in my head.",
        "different": "Maybe more work with the body, at the start of sessions.",
    })
    fit.fit_answer(actor=facilitator, access=theirs, review=review, answers={
        "working": "Trust is growing; the repair after the clock moment mattered.",
        "not_working": "Long talking stretches seem to leave you tired rather than settled.",
        "different": "Somatic grounding at the start, then talking.",
    })
    fit.fit_propose(actor=facilitator, access=theirs, review=review, outcome=FitOutcome.ADJUST,
                    note="Begin each session with ten minutes of somatic grounding; look again in a month.")
    fit.fit_agree(actor=client, access=mine, review=review, outcome=FitOutcome.ADJUST)
