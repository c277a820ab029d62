"""What equity does when others change: an invitation sent for a consultation request, once accepted, opens the
engagement the accepting facilitator chose, with them on its care team."""

from __future__ import annotations

from cocreate.accounts.events import InvitationAccepted
from cocreate.compose.events import subscribe
from cocreate.equity import public_requests


@subscribe(InvitationAccepted)
def open_engagement_from_request(event: InvitationAccepted) -> None:
    # Inside the acceptance's transaction: the person joins and their engagement opens together, or neither.
    public_requests.engagement_for_invitation(invitation_id=event.invitation.pk, user=event.user)
