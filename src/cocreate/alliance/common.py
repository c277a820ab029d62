"""What every part of the relationship app shares: who may act, and telling the other side."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.care.models import Phase
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.services import notify


def client_only(access: EngagementAccess, what: str) -> None:
    if not access.is_client:
        raise NotAllowed(what)


def team_only(access: EngagementAccess, what: str) -> None:
    if access.relation is not Relation.CARE_TEAM:
        raise NotAllowed(what)


def not_supervisor(access: EngagementAccess) -> None:
    """The client or their care team: supervision reads and writes nothing here."""
    if access.relation is Relation.SUPERVISOR:
        raise NotAllowed(_("Supervision reads; it does not write here."))


def still_open(access: EngagementAccess) -> None:
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed.")})


def supervisors_of(practice: Practice) -> list[User]:
    """The practice's clinical leads: its supervisors."""
    return [m.user for m in Membership.objects.filter(practice=practice, role=Role.SUPERVISOR, user__is_active=True)
            .select_related("user").order_by("user_id")]


def tell_team(access: EngagementAccess, *, kind: str, title: str, url: str, actor: User) -> None:
    notify(recipients=facilitators_on(access.engagement), kind=kind, title=title, url=url,
           engagement=access.engagement, exclude=actor)


def tell_client(access: EngagementAccess, *, kind: str, title: str, url: str, actor: User) -> None:
    notify(recipients=[access.engagement.client], kind=kind, title=title, url=url, engagement=access.engagement,
           exclude=actor)


def tell_other_side(access: EngagementAccess, *, kind: str, url: str, actor: User, to_team: str,
                    to_client: str) -> None:
    """The client's act is told to the care team, the team's to the client, each in their own words."""
    if access.is_client:
        tell_team(access, kind=kind, title=to_team, url=url, actor=actor)
    else:
        tell_client(access, kind=kind, title=to_client, url=url, actor=actor)
