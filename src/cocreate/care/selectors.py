"""Every read of care data, filtered by the actor through the access policy and leaving access events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from cocreate.access import services as access_services
from cocreate.access.models import AccessEvent, Basis, SupervisionAccess
from cocreate.access.policy import Action, EngagementAccess, Relation, engagement_access, require
from cocreate.accounts.models import Role, User
from cocreate.care.models import (
    CareTeamMember,
    Engagement,
    PhaseTransition,
    PrivateNote,
    Session,
    SessionStatus,
    SharedNote,
)


def _engagements() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("client", "practice")


def engagement_for(actor: User, pk: int, *, what: str | None, via: str = "web") -> EngagementAccess:
    """The engagement with the actor's relation to it; 404 if it is foreign.

    `what` names the content about to be read and is recorded as an access event; None for a write that
    shows nothing back, so the client's log lists reads, not every action.
    """
    engagement = _engagements().filter(pk=pk).first()
    if engagement is None:
        raise Http404
    access = engagement_access(actor, engagement)
    if what is not None:
        access_services.access_record(actor=actor, access=access, what=what, via=via)
    return access


def session_in(access: EngagementAccess, pk: int) -> Session:
    session = Session.objects.filter(engagement=access.engagement, pk=pk).first()
    if session is None:
        raise Http404
    return session


def _with_next_session(qs: QuerySet[Engagement]) -> QuerySet[Engagement]:
    upcoming = Session.objects.filter(
        engagement=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return qs.annotate(
        next_session_at=Subquery(upcoming.values("starts_at")[:1]),
        next_session_kind=Subquery(upcoming.values("kind")[:1]),
    )


def caseload_for(actor: User, *, via: str = "web") -> list[Engagement]:
    """Engagements on whose care team the actor sits, with each one's next session."""
    engagements = list(
        _with_next_session(
            _engagements().filter(
                care_team__facilitator=actor,
                care_team__removed_at__isnull=True,
                practice__memberships__user=actor,
                practice__memberships__role=Role.FACILITATOR,
            )
        )
        .distinct()
        .order_by("client__name", "pk")
    )
    access_services.access_record_many(
        actor=actor, engagement_ids=[e.pk for e in engagements], what="caseload", via=via
    )
    return engagements


def client_engagements_for(actor: User) -> list[Engagement]:
    """The client's own engagements; a client reading their own record leaves no event."""
    return list(_with_next_session(_engagements().filter(client=actor)).order_by("-created"))


def supervised_caseload(actor: User, grant: SupervisionAccess, *, via: str = "web") -> list[Engagement]:
    """A supervisee's caseload, opened under a stated reason that each listed engagement records."""
    engagements = list(
        _with_next_session(
            _engagements().filter(
                practice_id=grant.practice_id, care_team__facilitator_id=grant.supervisee_id,
                care_team__removed_at__isnull=True,
            )
        )
        .distinct()
        .order_by("client__name", "pk")
    )
    access_services.access_record_many(
        actor=actor, engagement_ids=[e.pk for e in engagements], what="supervised caseload", via=via,
        basis=Basis.SUPERVISION, reason=grant.reason,
    )
    return engagements


@dataclass
class EngagementView:
    access: EngagementAccess
    care_team: list[CareTeamMember]
    transitions: list[PhaseTransition]
    upcoming: list[Session]
    past: list[Session]
    shared_notes: list[SharedNote]
    private_notes: list[PrivateNote]


def care_team(engagement: Engagement) -> list[CareTeamMember]:
    return list(
        CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).select_related("facilitator")
    )


def transitions(engagement: Engagement) -> list[PhaseTransition]:
    return list(PhaseTransition.objects.filter(engagement=engagement).select_related("actor"))


def sessions(engagement: Engagement) -> list[Session]:
    return list(Session.objects.filter(engagement=engagement))


def shared_notes(engagement: Engagement) -> list[SharedNote]:
    return list(SharedNote.objects.filter(engagement=engagement).select_related("author"))


def private_notes(access: EngagementAccess, actor: User) -> list[PrivateNote]:
    """Only the author's own private notes, and only for a care-team member."""
    if access.relation is not Relation.CARE_TEAM:
        return []
    return list(PrivateNote.objects.filter(engagement=access.engagement, author=actor))


def engagement_view(access: EngagementAccess, actor: User, *, now: datetime | None = None) -> EngagementView:
    now = now or timezone.now()
    all_sessions = sessions(access.engagement)
    return EngagementView(
        access=access,
        care_team=care_team(access.engagement),
        transitions=transitions(access.engagement),
        upcoming=[s for s in all_sessions if s.starts_at >= now],
        past=[s for s in all_sessions if s.starts_at < now],
        shared_notes=shared_notes(access.engagement),
        private_notes=private_notes(access, actor),
    )


def access_events(access: EngagementAccess) -> QuerySet[AccessEvent]:
    """Who has read the record: for the engagement's client."""
    require(access, Action.READ_ACCESS_LOG)
    return AccessEvent.objects.filter(engagement=access.engagement).select_related("actor")
