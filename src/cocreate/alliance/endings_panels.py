"""What endings and the care team's proposals add to the shared pages: on the engagement page, the care team's
proposals and emergency cover (just below the care team) and the way to end the work; in "Needs me" and "waiting
for you", an ending or a colleague waiting for the other side's answer. Closing by the phase form is heard in
`endings.closed_elsewhere`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.access.policy import Relation
from cocreate.alliance import endings, team
from cocreate.alliance.endings_forms import propose_form
from cocreate.alliance.models import Ending, EndingState, TeamProposal
from cocreate.care.models import Phase
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.compose.waiting import Reach, Waiting, provider


@ENGAGEMENT.panel("alliance.team", order=11, template="alliance/team_panel.html")
def team_panel(page: EngagementPage) -> Mapping[str, Any] | None:
    """Who is proposed for the care team and who covers in an emergency; for the care team, proposing a colleague
    (the client decides). Nothing for the client when nothing is proposed."""
    access = page.access
    proposals = team.proposals_of(access.engagement)
    pending = [p for p in proposals if p.state == team.PENDING and not team.is_cover(p)]
    covers = team.covers_in_force(proposals)
    on_team = access.relation is Relation.CARE_TEAM and access.engagement.phase != Phase.CLOSED
    if not (pending or covers or on_team):
        return None
    return {"team_pending": pending, "team_covers": covers, "team_on_team": on_team,
            "team_propose_form": propose_form(access) if on_team else None}


@ENGAGEMENT.panel("alliance.ending", order=88, template="alliance/endings_panel.html")
def ending_panel(page: EngagementPage) -> Mapping[str, Any] | None:
    access = page.access
    found = endings.endings_of(access.engagement)
    if access.relation is Relation.SUPERVISOR and not (found.pending or found.agreed):
        return None
    pending = found.pending if access.engagement.phase != Phase.CLOSED else None
    return {"ending_pending": pending, "ending_agreed": found.agreed,
            "ending_waits_for_me": pending is not None and endings.waits_for(pending, access)}


@provider("alliance.ending")
def endings_waiting(reach: Reach) -> Iterator[Waiting]:
    """An ending waiting for an answer: the client's ask, for their care team; the team's proposal, for the
    client. One query."""
    for ending in Ending.objects.filter(engagement_id__in=reach.engagement_ids, state=EndingState.PROPOSED):
        engagement = reach.engagement(ending.engagement_id)
        asked = ending.proposed_by_id == engagement.client_id
        if asked == reach.is_client(engagement.pk):
            continue  # one's own side's: it waits for the other
        label = (_("Your care team proposes ending your work together: your answer") if not asked
                 else _("%(name)s asks to end the work together: your answer") % {"name": engagement.client.name})
        yield Waiting(kind="alliance.ending", label=label, engagement_id=engagement.pk,
                      client_name=engagement.client.name, since=ending.created,
                      url=endings.ending_url(engagement.pk, "pending"))


@provider("alliance.team_proposal", side="client")
def team_proposals_waiting(reach: Reach) -> Iterator[Waiting]:
    """A colleague proposed for the client's care team, waiting for the client's answer. One query."""
    if not reach.as_client:
        return
    rows = TeamProposal.objects.filter(engagement_id__in=list(reach.as_client), state=EndingState.PROPOSED,
                                       emergency_until__isnull=True).select_related("facilitator")
    for proposal in rows:
        engagement = reach.engagement(proposal.engagement_id)
        yield Waiting(kind="alliance.team_proposal",
                      label=_("Decide whether %(name)s joins your care team") % {"name": proposal.facilitator.name},
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=proposal.created,
                      url=reverse("alliance_team", args=[engagement.pk]) + f"#proposal-{proposal.pk}")
