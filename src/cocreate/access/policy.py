"""The one access policy: who stands in what relation to an engagement, and what each relation may do.

Nothing else in cocreate decides access. Selectors ask `engagement_access` before returning client data,
services ask `require` before writing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.access.models import Basis, EmergencyAccess, SupervisionAccess
from cocreate.accounts.models import Membership, Role, Supervision, User
from cocreate.care.models import CareTeamMember, Engagement


class Relation(enum.Enum):
    CLIENT = "client"
    CARE_TEAM = "care_team"
    # A supervisor with a stated reason, and a clinical lead under emergency access (basis "emergency"): both read
    # and write nothing, so every rule written for supervision holds for emergency access too.
    SUPERVISOR = "supervisor"


class Action(enum.Enum):
    READ = "read"
    WRITE_SHARED_NOTE = "write_shared_note"
    WRITE_PRIVATE_NOTE = "write_private_note"
    SCHEDULE = "schedule"
    CANCEL_SESSION = "cancel_session"
    TRANSITION = "transition"
    MANAGE_TEAM = "manage_team"
    READ_ACCESS_LOG = "read_access_log"
    PROPOSE = "propose"  # propose a change to a shared document, narrow consent, record a deviation
    DECIDE = "decide"  # accept or decline a proposal
    ASSIGN_MEASURE = "assign_measure"  # assign a questionnaire, end an assignment
    ANSWER_MEASURE = "answer_measure"  # answer one's own questionnaire: the client alone
    RESOLVE_FLAG = "resolve_flag"  # record what was done about a risk, deterioration or alliance flag


ALLOWED: dict[Relation, frozenset[Action]] = {
    Relation.CLIENT: frozenset(
        {Action.READ, Action.WRITE_SHARED_NOTE, Action.CANCEL_SESSION, Action.READ_ACCESS_LOG, Action.PROPOSE,
         Action.DECIDE, Action.ANSWER_MEASURE}
    ),
    # Answers are the client's own words: nobody answers a questionnaire on their behalf.
    Relation.CARE_TEAM: frozenset(Action) - {Action.READ_ACCESS_LOG, Action.ANSWER_MEASURE},
    Relation.SUPERVISOR: frozenset({Action.READ}),
}


class NotAllowed(PermissionDenied):
    """The actor may see the object but not do this to it."""


class ReasonRequired(PermissionDenied):
    """A supervisor must state a reason before opening a supervisee's caseload. Raised for every engagement a
    supervisor cannot open, so it says nothing about whether the engagement is a supervisee's."""

    def __init__(self, supervisee_ids: list[int]) -> None:
        super().__init__(_("State a reason for supervision access first."))
        self.supervisee_ids = supervisee_ids


class EmergencyEnded(PermissionDenied):
    """A clinical lead's emergency access to this engagement has ended: they may open it again with a new reason.
    Only the lead who held it is told so; anyone else is answered 404."""

    def __init__(self, engagement_id: int) -> None:
        super().__init__(_("Your emergency access has ended. State a reason to open it again."))
        self.engagement_id = engagement_id


@dataclass(frozen=True)
class EngagementAccess:
    engagement: Engagement
    relation: Relation
    basis: str
    reason: str = ""

    def may(self, action: Action) -> bool:
        return action in ALLOWED[self.relation]

    @property
    def is_client(self) -> bool:
        """Whether the reader is the engagement's own client (pages speak to them as "you")."""
        return self.relation is Relation.CLIENT

    @property
    def is_emergency(self) -> bool:
        """Whether a clinical lead reads it under emergency access (as a supervisor does, every read recorded)."""
        return self.basis == Basis.EMERGENCY


def has_role(user: User, role: str, practice_id: int | None = None) -> bool:
    if not user.is_authenticated:
        return False
    memberships = Membership.objects.filter(user=user, role=role)
    if practice_id is not None:
        memberships = memberships.filter(practice_id=practice_id)
    return memberships.exists()


def active_supervision_for(actor: User, supervisee_ids: list[int], practice_id: int) -> SupervisionAccess | None:
    return (
        SupervisionAccess.objects.filter(
            supervisor=actor,
            supervisee_id__in=supervisee_ids,
            practice_id=practice_id,
            expires_at__gt=timezone.now(),
        )
        .order_by("-started")
        .first()
    )


def emergency_grant_of(actor: User, engagement: Engagement) -> EmergencyAccess | None:
    """The actor's latest emergency access to the engagement, open or ended, if they have ever had one."""
    return (EmergencyAccess.objects.filter(lead=actor, engagement=engagement).select_related("end")
            .order_by("-started", "-id").first())


def emergency_is_open(grant: EmergencyAccess) -> bool:
    return grant.expires_at > timezone.now() and not hasattr(grant, "end")


def engagement_access(actor: User, engagement: Engagement) -> EngagementAccess:
    """The actor's relation to the engagement, or Http404 when they have none."""
    if not actor.is_authenticated or not actor.is_active:
        raise Http404
    if engagement.client_id == actor.pk:
        return EngagementAccess(engagement, Relation.CLIENT, Basis.CARE)
    team_ids = list(
        CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).values_list(
            "facilitator_id", flat=True
        )
    )
    if actor.pk in team_ids and has_role(actor, Role.FACILITATOR, engagement.practice_id):
        return EngagementAccess(engagement, Relation.CARE_TEAM, Basis.CARE)
    # A clinical lead (the practice's supervisor) under emergency access reads as a supervisor does, and says so.
    emergency = emergency_grant_of(actor, engagement)
    if emergency is not None and not has_role(actor, Role.SUPERVISOR, engagement.practice_id):
        emergency = None
    if emergency is not None and emergency_is_open(emergency):
        return EngagementAccess(engagement, Relation.SUPERVISOR, Basis.EMERGENCY, emergency.reason)
    supervised = list(
        Supervision.objects.filter(
            practice_id=engagement.practice_id, supervisor=actor, supervisee_id__in=team_ids
        ).values_list("supervisee_id", flat=True)
    )
    if supervised and has_role(actor, Role.SUPERVISOR, engagement.practice_id):
        grant = active_supervision_for(actor, supervised, engagement.practice_id)
        if grant is not None:
            return EngagementAccess(engagement, Relation.SUPERVISOR, Basis.SUPERVISION, grant.reason)
        if emergency is None:
            raise ReasonRequired(supervised)
    if emergency is not None:
        raise EmergencyEnded(engagement.pk)
    hidden(actor)


def hidden(actor: User) -> NoReturn:
    """What someone is told of an engagement they cannot open, or one that does not exist: 404; a supervisor is
    told to state a reason, alike for a supervisee's engagement and any other, so that probing ids does not
    reveal whose caseload is whose."""
    if actor.is_authenticated and Supervision.objects.filter(supervisor=actor).exists():
        raise ReasonRequired([])
    raise Http404


def require(access: EngagementAccess, action: Action) -> None:
    if not access.may(action):
        raise NotAllowed(_("You may not do this on this engagement."))
