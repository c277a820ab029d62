"""Reads of the accounts app, each limited to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cocreate.access.models import Basis
from cocreate.access.services import access_record_many
from cocreate.accounts.models import ApiToken, Invitation, Membership, Practice, Role, Supervision, User, hash_token
from cocreate.care.models import Engagement

STAFF_ROLES = (Role.ADMIN, Role.FACILITATOR)


def practices_for(actor: User, *, roles: tuple[str, ...] | None = None) -> QuerySet[Practice]:
    """Practices the actor belongs to; with `roles`, only those where the actor holds one of them."""
    if roles is None:
        return Practice.objects.filter(memberships__user=actor).distinct()
    return Practice.objects.filter(memberships__user=actor, memberships__role__in=roles).distinct()


def practice_for(actor: User, pk: int, *, roles: tuple[str, ...] = STAFF_ROLES) -> Practice:
    """A practice where the actor holds one of `roles`; 404 otherwise."""
    practice = Practice.objects.filter(pk=pk, memberships__user=actor, memberships__role__in=roles).first()
    if practice is None:
        raise Http404
    return practice


def memberships_of(actor: User) -> QuerySet[Membership]:
    """The actor's own memberships, oldest practice first."""
    return Membership.objects.filter(user=actor).order_by("practice_id", "role")


def roles_in(actor: User, practice: Practice) -> set[str]:
    return set(Membership.objects.filter(user=actor, practice=practice).values_list("role", flat=True))


def memberships(practice: Practice) -> QuerySet[Membership]:
    return Membership.objects.filter(practice=practice).select_related("user").order_by("user__name", "role")


def record_roster_read(actor: User, practice: Practice, memberships: list[Membership]) -> None:
    """The practice's list of people names its clients: each listed client with a course of care there finds
    the look in their "Who has seen my record"."""
    clients = [m.user_id for m in memberships if m.role == Role.CLIENT and m.user_id != actor.pk]
    engagements = Engagement.objects.filter(practice=practice, client_id__in=clients).values_list("pk", flat=True)
    access_record_many(actor=actor, engagement_ids=list(engagements), what="practice roster",
                       basis=Basis.PRACTICE)


def clients_of(practice: Practice) -> QuerySet[User]:
    return User.objects.filter(memberships__practice=practice, memberships__role=Role.CLIENT, is_active=True)


def facilitators_of(practice: Practice) -> QuerySet[User]:
    return User.objects.filter(memberships__practice=practice, memberships__role=Role.FACILITATOR, is_active=True)


def invitations(practice: Practice) -> QuerySet[Invitation]:
    return Invitation.objects.filter(practice=practice).select_related("invited_by")


def invitation_for(actor: User, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("practice")
        .filter(pk=pk, practice__memberships__user=actor, practice__memberships__role__in=STAFF_ROLES)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def supervisees(actor: User) -> QuerySet[Supervision]:
    return Supervision.objects.filter(
        supervisor=actor, practice__memberships__user=actor, practice__memberships__role=Role.SUPERVISOR
    ).select_related("supervisee", "practice").distinct()


def supervision_for(actor: User, pk: int) -> Supervision:
    supervision = supervisees(actor).filter(pk=pk).first()
    if supervision is None:
        raise Http404
    return supervision


def api_tokens(actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor)


def api_token_for(actor: User, pk: int) -> ApiToken:
    token = api_tokens(actor).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def live_api_token(raw: str) -> ApiToken | None:
    """The unrevoked token of an active user matching `raw`, with its user."""
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    return token
