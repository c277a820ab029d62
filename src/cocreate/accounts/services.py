"""Every write of the accounts app: sign-up, invitations, API tokens."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts import selectors
from cocreate.accounts.events import InvitationAccepted, PracticeCreated
from cocreate.accounts.models import ApiToken, Invitation, Membership, Practice, Role, User, hash_token, new_token
from cocreate.accounts.second_factor import selectors as second_factor
from cocreate.accounts.zones import is_zone
from cocreate.compose.events import publish
from cocreate.tasks.jobs import mail_after_commit


def _check_email(email: str, field: str = "email") -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({field: _("Enter a valid email address.")}) from None
    return email


def _check_name(name: str, field: str = "name", max_length: int = 150) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({field: _("Enter a name.")})
    if len(name) > max_length:
        raise ValidationError({field: _("Keep the name under %(max)d characters.") % {"max": max_length}})
    return name


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def practice_signup(*, email: str, name: str, password: str, practice_name: str) -> User:
    """A new practice whose first user is its admin and a facilitator."""
    email = _check_email(email)
    name = _check_name(name)
    practice_name = _check_name(practice_name, "practice_name", 200)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("An account with this email exists; sign in instead.")})
    user = User(email=email, name=name)
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        practice = practice_create(name=practice_name, actor=user)
        Membership.objects.bulk_create(
            [Membership(practice=practice, user=user, role=r) for r in (Role.ADMIN, Role.FACILITATOR)]
        )
    return user


def practice_create(*, name: str, actor: User | None = None, second_factor_required: bool = True) -> Practice:
    """A new practice, announced so that apps can give it what every practice starts with (its library).
    Its staff must sign in with a second factor unless told otherwise (the demo's practices are)."""
    name = _check_name(name, "practice_name", 200)
    with transaction.atomic():
        practice = Practice.objects.create(name=name, second_factor_required=second_factor_required)
        publish(PracticeCreated(practice=practice, actor=actor))
    return practice


def _may_invite(actor: User, practice: Practice, role: str) -> bool:
    if has_role(actor, Role.ADMIN, practice.pk):
        return True
    return role == Role.CLIENT and has_role(actor, Role.FACILITATOR, practice.pk)


@dataclass
class IssuedInvitation:
    invitation: Invitation
    url: str


def invitation_create(*, actor: User, practice: Practice, email: str, name: str, role: str) -> IssuedInvitation:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if not _may_invite(actor, practice, role):
        raise NotAllowed(_("You may not invite someone with this role."))
    email = _check_email(email)
    name = _check_name(name)
    if Membership.objects.filter(practice=practice, user__email=email, role=role).exists():
        raise ValidationError({"email": _("This person already has that role in the practice.")})
    raw = new_token("inv")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            practice=practice, email=email, name=name, role=role, token_hash=hash_token(raw), invited_by=actor,
            expires_at=timezone.now() + settings.INVITATION_TTL,
        )
        url = settings.SITE_URL + reverse("invitation_accept", args=[raw])
        subject = _("You are invited to %(practice)s on cocreate") % {"practice": practice.name}
        body = _(
            "%(inviter)s invited you to join %(practice)s as %(role)s.\n\nOpen this link to set your password "
            "and join (it works once and expires on %(expires)s):\n%(url)s\n"
        ) % {
            "inviter": actor.name, "practice": practice.name, "role": invitation.get_role_display(),
            "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M %Z"), "url": url,
        }
        mail_after_commit(subject, body, [email])
    return IssuedInvitation(invitation, url)


class InvitationUnusable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invitation_lookup(raw: str) -> Invitation:
    """The pending invitation for a raw token, or InvitationUnusable saying plainly why not."""
    invitation = Invitation.objects.select_related("practice").filter(token_hash=hash_token(raw)).first()
    if invitation is None:
        raise InvitationUnusable(_("This invitation link is not valid. Ask for a new one."))
    if invitation.accepted_at:
        raise InvitationUnusable(_("This invitation has already been used. Sign in instead."))
    if invitation.revoked_at:
        raise InvitationUnusable(_("This invitation was withdrawn. Ask for a new one."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(_("This invitation has expired. Ask the practice for a new one."))
    return invitation


def invitation_accept(*, raw: str, name: str, password: str) -> User:
    """Join the practice: a new account sets its password; an existing one confirms it."""
    with transaction.atomic():
        invitation = invitation_lookup(raw)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationUnusable(_("This invitation has already been used. Sign in instead."))
        user = User.objects.filter(email=invitation.email).first()
        if user is None:
            user = User(email=invitation.email, name=_check_name(name))
            _check_password(password, user)
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            raise ValidationError({"password": _("You already have an account: enter its password to join.")})
        Membership.objects.get_or_create(practice=invitation.practice, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        publish(InvitationAccepted(invitation=invitation, user=user))
    return user


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if not _may_invite(actor, invitation.practice, invitation.role):
        raise NotAllowed(_("You may not withdraw this invitation."))
    if invitation.status != "pending":
        raise ValidationError({"__all__": _("Only a pending invitation can be withdrawn.")})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def api_token_create(*, actor: User, name: str, second_factor_passed: bool = False) -> tuple[ApiToken, str]:
    """A token stands for its owner without a second step, so it is made only by someone who passed theirs
    (when they have one, or their practice requires one)."""
    if not second_factor_passed and (
        second_factor.has_second_factor(actor) or second_factor.required_for(actor)
    ):
        raise NotAllowed(_("Sign in with your second factor before making an API token."))
    name = name.strip() or _("API token")
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the name under 100 characters.")})
    raw = new_token("cct")
    token = ApiToken.objects.create(user=actor, name=name, token_hash=hash_token(raw), prefix=raw[:10])
    return token, raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The user a bearer token stands for; notes when it was last used (at most once a minute)."""
    token = selectors.live_api_token(raw)
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise NotAllowed(_("Not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_time_zone_set(*, actor: User, time_zone: str) -> User:
    """The zone the person's times are shown in; empty to follow their practice's."""
    time_zone = time_zone.strip()
    if time_zone and not is_zone(time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list, e.g. Europe/London.")})
    actor.time_zone = time_zone
    actor.save(update_fields=["time_zone"])
    return actor


def practice_time_zone_set(*, actor: User, practice: Practice, time_zone: str) -> Practice:
    """The practice's zone: its people's times are shown in it unless they choose their own. Admins set it."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins set its time zone."))
    if not is_zone(time_zone.strip()):
        raise ValidationError({"time_zone": _("Choose a time zone from the list, e.g. Europe/London.")})
    practice.time_zone = time_zone.strip()
    practice.save(update_fields=["time_zone"])
    return practice

