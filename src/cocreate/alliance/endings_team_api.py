"""The client's voice in their care team, through the API: proposals (a colleague, or a transfer), the client's
answer (choosing on a transfer what is shared; private notes never), emergency cover. Mounted by `endings_api`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.alliance import team
from cocreate.alliance.endings_schemas import CoverIn, ErrorOut, TeamAcceptIn, TeamOut, TeamProposalOut, TeamProposeIn
from cocreate.alliance.models import TeamProposal
from cocreate.care import selectors as care_selectors

router = Router(tags=["relationship"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/relationship/team"


def _access(request: HttpRequest, engagement_id: int, what: str | None = None) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=what, via="api")


def _out(proposal: TeamProposal) -> dict[str, object]:
    kind = "cover" if team.is_cover(proposal) else "transfer" if proposal.transfer else "join"
    return {"id": proposal.pk, "kind": kind, "facilitator": proposal.facilitator, "proposed_by": proposal.proposed_by,
            "why": proposal.why, "state": proposal.state, "shared": proposal.shared,
            "emergency_until": proposal.emergency_until, "created": proposal.created,
            "decided_at": proposal.decided_at}


@router.get(PATH, response={200: TeamOut, **ERRORS})
def team_detail(request: HttpRequest, engagement_id: int) -> object:
    """Who is on the care team, and every proposal and emergency cover, newest first."""
    access = _access(request, engagement_id, "care team")
    return {"members": care_selectors.facilitators_on(access.engagement),
            "proposals": [_out(p) for p in team.proposals_of(access.engagement)]}


@router.post(PATH + "/proposals", response={201: TeamProposalOut, **ERRORS})
def team_propose(request: HttpRequest, engagement_id: int, payload: TeamProposeIn) -> Status[object]:
    """A care-team member proposes a colleague (or a transfer to them); the client accepts or declines."""
    access = _access(request, engagement_id)
    proposal = team.team_propose(actor=request_user(request), access=access, facilitator_id=payload.facilitator_id,
                                 why=payload.why, transfer=payload.transfer)
    return Status(201, _out(proposal))


@router.post(PATH + "/cover", response={201: TeamProposalOut, **ERRORS})
def team_cover(request: HttpRequest, engagement_id: int, payload: CoverIn) -> Status[object]:
    """Emergency cover: the colleague joins at once, with the reason the client reads, until `hours` pass."""
    access = _access(request, engagement_id)
    cover = team.emergency_cover_start(actor=request_user(request), access=access,
                                       facilitator_id=payload.facilitator_id, why=payload.why, hours=payload.hours)
    return Status(201, _out(cover))


@router.post(PATH + "/proposals/{proposal_id}/accept", response={200: TeamProposalOut, **ERRORS})
def team_accept(request: HttpRequest, engagement_id: int, proposal_id: int, payload: TeamAcceptIn) -> object:
    """The client accepts (on a transfer, with what they share); accepting cover keeps the colleague on."""
    access = _access(request, engagement_id)
    return _out(team.team_proposal_accept(actor=request_user(request), access=access,
                                          proposal=team.proposal_in(access, proposal_id), shared=payload.shared))


@router.post(PATH + "/proposals/{proposal_id}/decline", response={200: TeamProposalOut, **ERRORS})
def team_decline(request: HttpRequest, engagement_id: int, proposal_id: int) -> object:
    """The client declines, without a reason; declining cover ends it now."""
    access = _access(request, engagement_id)
    return _out(team.team_proposal_decline(actor=request_user(request), access=access,
                                           proposal=team.proposal_in(access, proposal_id)))


@router.post(PATH + "/proposals/{proposal_id}/withdraw", response={200: TeamProposalOut, **ERRORS})
def team_withdraw(request: HttpRequest, engagement_id: int, proposal_id: int) -> object:
    """The care team withdraws its proposal, or ends its emergency cover now."""
    access = _access(request, engagement_id)
    return _out(team.team_proposal_withdraw(actor=request_user(request), access=access,
                                            proposal=team.proposal_in(access, proposal_id)))
