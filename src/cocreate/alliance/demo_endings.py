"""Demo endings and care-team proposals, written through the real services; safe to run again: a colleague the
client accepted onto their care team, and an engagement the client ended, with their reasons, a referral, and a
closing summary written together afterwards."""

from __future__ import annotations

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.agreements import services as agreements
from cocreate.alliance import endings, team
from cocreate.alliance.models import Ending, TeamProposal
from cocreate.care.models import Engagement, Phase
from cocreate.care.selectors import facilitators_on

WHY = ("I am away for three weeks in August. Theo knows the way we work and could see you then, and I would value a "
       "second view. Only if you want that.")
REASONS = ("I have moved across town and found a counsellor near my new flat who sees people in the evenings, "
           "which suits my shifts. Thank you for the start we made here.")
REFERRAL = "Community counselling centre, Eastside (evening appointments)"
SUMMARY = {
    "worked_on": "Settling after the move, and sleep.",
    "changed": "Evenings feel less crowded; the wind-down routine mostly holds.",
    "takes_with": "The wind-down routine, and noticing the first sign of a bad night early.",
    "watch_for": "Three bad nights in a row, or skipping meals again.",
    "next": "The Eastside counsellor; the practice's number if anything comes up before the first meeting.",
}


def demo_endings(engagement: Engagement, client: User, facilitator: User, colleague: User, *,
                 ended: Engagement | None = None) -> None:
    """On `engagement`, `facilitator` proposes `colleague` for the care team and `client` accepts. On `ended`
    (another open engagement, if given), its client ends the work at once with their reasons and a referral, and
    its facilitator and client then write the closing summary together. Each part once only."""
    if not TeamProposal.objects.filter(engagement=engagement).exists() and colleague not in facilitators_on(
            engagement):
        proposal = team.team_propose(actor=facilitator, access=engagement_access(facilitator, engagement),
                                     facilitator_id=colleague.pk, why=WHY)
        team.team_proposal_accept(actor=client, access=engagement_access(client, engagement), proposal=proposal)
    if ended is None or ended.phase == Phase.CLOSED or Ending.objects.filter(engagement=ended).exists():
        return
    theirs = engagement_access(ended.client, ended)
    endings.ending_now(actor=ended.client, access=theirs, reasons=REASONS, referral_to=REFERRAL)
    lead = facilitators_on(ended)[0]
    ours = engagement_access(lead, ended)
    summary = agreements.revision_propose(actor=lead, access=ours, kind="closing_summary", content=SUMMARY,
                                          based_on=None)
    agreements.revision_accept(actor=ended.client, access=engagement_access(ended.client, ended), revision=summary)
