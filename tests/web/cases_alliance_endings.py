"""URL/persona matrix rows for endings and the care team's proposals, web and API: the client and their care team
reach them, a supervisor after a reason, everyone else 404. Empty web POSTs change nothing (a confirmation page,
or a message saying what is missing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.alliance import endings, team
from tests.conftest import World
from tests.web.matrix import CARE, Case, engagement


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def pending_ending(world: World) -> dict[str, Any]:
    ending = endings.ending_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    note="We have met the goals we set.")
    return {"engagement_id": world.engagement.pk, "ending_id": ending.pk}


def team_proposal(world: World) -> dict[str, Any]:
    proposal = team.team_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 facilitator_id=world.carl.pk, why="Carl could join us for a month.")
    return {"engagement_id": world.engagement.pk, "proposal_id": proposal.pk}


def colleague(world: World) -> dict[str, Any]:
    return {"facilitator_id": world.carl.pk, "why": "Both of us are away this week.", "hours": 24}


E = "engagements/<int:engagement_id>/relationship/"
API = "api/v1/engagements/<engagement_id>/relationship/"

ALLIANCE_ENDINGS_CASES: dict[str, Case] = {
    E + "ending/": Case(engagement, CARE),
    E + "ending/now/": Case(engagement, CARE),
    E + "ending/ask/": Case(engagement, CARE),
    E + "ending/propose/": Case(engagement, CARE),
    E + "ending/referral/": Case(engagement, CARE),
    E + "ending/<int:ending_id>/answer/": Case(pending_ending, CARE),
    E + "ending/<int:ending_id>/withdraw/": Case(pending_ending, CARE),
    E + "team/": Case(engagement, CARE),
    E + "team/propose/": Case(engagement, CARE),
    E + "team/cover/": Case(engagement, CARE),
    E + "team/<int:proposal_id>/answer/": Case(team_proposal, CARE),
    E + "team/<int:proposal_id>/withdraw/": Case(team_proposal, CARE),
    API + "endings": Case(engagement, CARE, body=body({"reasons": "", "note": "Time to end?"})),
    API + "endings/now": Case(engagement, CARE, body=body({"reasons": "I am ready."})),
    API + "endings/referral": Case(engagement, CARE, body=body({"referral_to": "Eastside counselling"})),
    API + "endings/<ending_id>/agree": Case(pending_ending, CARE, body=body({})),
    API + "endings/<ending_id>/decline": Case(pending_ending, CARE, body=body({"note": "Not yet"})),
    API + "endings/<ending_id>/withdraw": Case(pending_ending, CARE),
    API + "team": Case(engagement, CARE),
    API + "team/proposals": Case(engagement, CARE, body=colleague),
    API + "team/cover": Case(engagement, CARE, body=colleague),
    API + "team/proposals/<proposal_id>/accept": Case(team_proposal, CARE, body=body({"shared": []})),
    API + "team/proposals/<proposal_id>/decline": Case(team_proposal, CARE),
    API + "team/proposals/<proposal_id>/withdraw": Case(team_proposal, CARE),
}
