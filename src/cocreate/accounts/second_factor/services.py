"""Every write about second factors: setting one up, using and remaking recovery codes, removing, an admin's
reset, and a practice's requirement. Each is one transaction with its SecondFactorEvent row."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.webauthn.internal import auth as webauthn
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Practice, Role, SecondFactorEvent, User
from cocreate.accounts.second_factor import selectors
from cocreate.tasks.jobs import mail_after_commit

WRONG_CODE = _("That code is not right. Check the time on your phone and use the newest code, or a recovery code.")


def _event(kind: str, *, actor: User | None, user: User | None = None, practice: Practice | None = None,
           detail: str = "") -> None:
    SecondFactorEvent.objects.create(kind=kind, actor=actor, user=user, practice=practice, detail=detail[:200])


def _codes_for(actor: User) -> RecoveryCodes:
    """The person's recovery codes, made with their first factor."""
    return RecoveryCodes.activate(actor)


def totp_enrol(*, actor: User, secret: str, code: str) -> Authenticator:
    """Add an authenticator app once the person proves it works by typing its current code."""
    code = code.strip().replace(" ", "")
    if not code:
        raise ValidationError({"code": _("Type the 6-digit code your app shows.")})
    if not validate_totp_code(secret, code):
        raise ValidationError({"code": _("That code does not match. Type the newest code your app shows.")})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment at a time per person
        if selectors.totp_of(actor) is not None:
            raise ValidationError({"code": _("You already have an authenticator app. Remove it first to change it.")})
        totp = TOTP.activate(actor, secret).instance
        _codes_for(actor)
        _event(SecondFactorEvent.Kind.APP_ADDED, actor=actor, user=actor)
    return totp


def passkey_add(*, actor: User, name: str, credential: Any) -> Authenticator:
    """Add a passkey from the browser's answer to the options `passkey_options` gave (needs the request's
    context: the challenge waits in the session)."""
    name = (name or "").strip() or _("Passkey")
    if len(name) > 60:
        raise ValidationError({"name": _("Keep the name under 60 characters.")})
    if not isinstance(credential, dict):
        raise ValidationError({"credential": _("The passkey did not answer. Try again.")})
    try:
        webauthn.parse_registration_response(credential)
        webauthn.complete_registration(credential)
    except (ValidationError, ValueError, TypeError, KeyError):
        raise ValidationError({"credential": _("The passkey could not be added. Try again.")}) from None
    with transaction.atomic():
        passkey = webauthn.WebAuthn.add(actor, name, credential).instance
        _codes_for(actor)
        _event(SecondFactorEvent.Kind.PASSKEY_ADDED, actor=actor, user=actor, detail=name)
    return passkey


def factor_remove(*, actor: User, factor: Authenticator) -> None:
    """Remove one's own app or passkey; never the last one while a practice requires it."""
    if factor.user_id != actor.pk:
        raise NotAllowed(_("Not your second factor."))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        others = Authenticator.objects.filter(user_id=actor.pk, type__in=selectors.FACTORS).exclude(pk=factor.pk)
        last = not others.exists()
        if last and selectors.required_for(actor):
            raise ValidationError({"__all__": _(
                "This is your last second factor, and your practice requires one for staff. "
                "Add another (an app or a passkey) before removing this one."
            )})
        label = str(factor)
        factor.delete()
        if last:  # recovery codes only stand in for a factor: without one they would be a second password
            Authenticator.objects.filter(user_id=actor.pk, type=Authenticator.Type.RECOVERY_CODES).delete()
        _event(SecondFactorEvent.Kind.REMOVED, actor=actor, user=actor, detail=label)


def recovery_codes_regenerate(*, actor: User) -> RecoveryCodes:
    """New codes replace the old ones at once (every old code stops working)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if not selectors.has_second_factor(actor):
            raise ValidationError({"__all__": _("Set up an authenticator app or a passkey first.")})
        Authenticator.objects.filter(user_id=actor.pk, type=Authenticator.Type.RECOVERY_CODES).delete()
        codes = _codes_for(actor)
        _event(SecondFactorEvent.Kind.CODES_MADE, actor=actor, user=actor)
    return codes


def recovery_codes_saved(*, actor: User) -> None:
    """The person says they kept their codes: from now on they are not shown again."""
    codes = selectors.recovery_codes_of(actor)
    if codes is not None:
        codes.mark_as_viewed()


def second_factor_check(*, user: User, code: str) -> str | None:
    """Which kind of code this is ("app" or "recovery"), used up if it is a recovery code; None if wrong."""
    code = code.strip().replace(" ", "").replace("-", "")
    if not code or len(code) > 20:
        return None
    totp = selectors.totp_of(user)
    if totp is not None and totp.wrap().validate_code(code):  # a code used once is refused for its window
        totp.record_usage()
        return "app"
    with transaction.atomic():
        codes = selectors.recovery_codes_of(user)
        if codes is not None and codes.validate_code(code):  # locks the row: a code works once, even at once
            codes.instance.record_usage()
            left = len(codes.get_unused_codes())
            _event(SecondFactorEvent.Kind.CODE_USED, actor=user, user=user, detail=f"{left} left")
            return "recovery"
    return None


def passkey_check(*, user: User, credential: Any) -> Authenticator | None:
    """The passkey that answered the challenge of `second_step` (request context needed), or None."""
    if not isinstance(credential, dict):
        return None
    try:
        webauthn.parse_authentication_response(credential)
        found = webauthn.complete_authentication(user, credential)
    except (ValidationError, ValueError, TypeError, KeyError):
        return None
    found.record_usage()
    return found


def second_factor_reset(*, actor: User, practice: Practice, user: User) -> None:
    """A practice admin clears someone's second factor (everything lost); they set one up again at next sign-in,
    and are told by email."""
    if not has_role(actor, Role.ADMIN, practice.pk) or actor.pk == user.pk:
        raise NotAllowed(_("Only another admin of the practice can reset your second factor."))
    with transaction.atomic():
        Authenticator.objects.filter(user_id=user.pk).delete()
        _event(SecondFactorEvent.Kind.RESET, actor=actor, user=user, practice=practice)
        subject = _("Your second factor at %(practice)s was reset") % {"practice": practice.name}
        body = _(
            "%(admin)s, an admin of %(practice)s, reset your second factor (authenticator app, passkeys and "
            "recovery codes).\n\nThe next time you sign in you will be asked to set one up again:\n%(url)s\n\n"
            "If you did not ask for this, tell your practice at once."
        ) % {"admin": actor.name, "practice": practice.name, "url": settings.SITE_URL + reverse("login")}
        email = user.email
        mail_after_commit(subject, body, [email])


def practice_second_factor_set(*, actor: User, practice: Practice, required: bool) -> Practice:
    """Whether the practice's staff must sign in with a second factor. Its admins decide."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins decide this."))
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        if practice.second_factor_required != required:
            practice.second_factor_required = required
            practice.save(update_fields=["second_factor_required"])
            kind = SecondFactorEvent.Kind.REQUIRED_ON if required else SecondFactorEvent.Kind.REQUIRED_OFF
            _event(kind, actor=actor, practice=practice)
    return practice
