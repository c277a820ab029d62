"""Reads about second factors: who has one, who must have one, and what a person may see of their own."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.http import Http404, HttpRequest

from cocreate.accounts.models import Membership, Practice, Role, SecondFactorEvent, User

# Roles that must sign in with a second factor where their practice requires it.
STAFF_ROLES = (Role.FACILITATOR, Role.SUPERVISOR, Role.ADMIN)
# What counts as a second factor; recovery codes only stand in for one that is lost.
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# The session key that holds when this session passed the second factor (sign-in or enrolment).
PASSED_KEY = "cocreate_second_factor_at"


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).exists()


def required_for(user: User) -> bool:
    """Whether the person is staff in a practice that requires a second factor."""
    return Membership.objects.filter(
        user_id=user.pk, role__in=STAFF_ROLES, practice__second_factor_required=True
    ).exists()


def must_enrol(user: User) -> bool:
    """Required and not yet set up, in one query (it runs on every signed-in request)."""
    return (
        Membership.objects.filter(user_id=user.pk, role__in=STAFF_ROLES, practice__second_factor_required=True)
        .exclude(user__authenticator__type__in=FACTORS)
        .exists()
    )


def session_passed(request: HttpRequest) -> bool:
    return bool(request.session.get(PASSED_KEY))


def mark_session_passed(request: HttpRequest) -> None:
    request.session[PASSED_KEY] = time.time()


def authenticators(user: User) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user_id=user.pk).order_by("created_at", "pk"))


def totp_of(user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()


def passkeys(user: User) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.WEBAUTHN).order_by("pk"))


def recovery_codes_of(user: User) -> RecoveryCodes | None:
    instance = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(instance) if instance else None


def factor_for(actor: User, pk: int) -> Authenticator:
    """One of the actor's own authenticator apps or passkeys; 404 for anyone else's or none."""
    found = Authenticator.objects.filter(pk=pk, user_id=actor.pk, type__in=FACTORS).first()
    if found is None:
        raise Http404
    return found


def member_for_reset(actor: User, practice: Practice, user_id: int) -> User:
    """A member of a practice the actor is admin of, other than the actor; 404 otherwise."""
    if not Membership.objects.filter(user_id=actor.pk, practice=practice, role=Role.ADMIN).exists():
        raise Http404
    if user_id == actor.pk:
        raise Http404
    user = User.objects.filter(pk=user_id, memberships__practice=practice).distinct().first()
    if user is None:
        raise Http404
    return user


def with_second_factor(user_ids: list[int]) -> set[int]:
    """Which of these people have a second factor (for the practice's list of people, in one query)."""
    return set(
        Authenticator.objects.filter(user_id__in=user_ids, type__in=FACTORS).values_list("user_id", flat=True)
    )


def events_of(user: User, *, limit: int = 20) -> list[SecondFactorEvent]:
    return list(SecondFactorEvent.objects.filter(user=user).select_related("actor")[:limit])
