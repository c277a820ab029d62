"""Users (email login), practices (tenants), memberships with roles, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    """Tokens carry 256 bits of randomness, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    email = models.EmailField(_("email"), unique=True, max_length=254)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The zone times are shown in for this person; empty: their practice's.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    CLIENT = "client", _("Client")
    FACILITATOR = "facilitator", _("Facilitator")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Practice admin")


def _site_zone() -> str:
    return str(settings.TIME_ZONE)


class Practice(models.Model):
    name = models.CharField(_("practice name"), max_length=200)
    created = models.DateTimeField(default=timezone.now)
    time_zone = models.CharField(_("time zone"), max_length=64, default=_site_zone)
    # Facilitators, supervisors and admins sign in with a second factor; a practice admin may turn it off.
    second_factor_required = models.BooleanField(_("second factor required for staff"), default=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "user", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.practice}"


class Supervision(models.Model):
    """A supervisor oversees one facilitator's caseload within a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="supervisions")
    supervisor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisees_links")
    supervisee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisors_links")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "supervisor", "supervisee"], name="supervision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"


class Invitation(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def status_label(self) -> str:
        labels = {
            "accepted": _("accepted"), "revoked": _("withdrawn"), "expired": _("expired"), "pending": _("pending"),
        }
        return str(labels[self.status])

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("token name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SecondFactorEvent(models.Model):
    """One change to someone's second factor, or to a practice's requirement of it: a new row each time."""

    class Kind(models.TextChoices):
        APP_ADDED = "app_added", _("Authenticator app set up")
        PASSKEY_ADDED = "passkey_added", _("Passkey added")
        REMOVED = "removed", _("Second factor removed")
        CODES_MADE = "codes_made", _("New recovery codes made")
        CODE_USED = "code_used", _("Recovery code used to sign in")
        RESET = "reset", _("Second factor reset by a practice admin")
        REQUIRED_ON = "required_on", _("Second factor required for staff")
        REQUIRED_OFF = "required_off", _("Second factor no longer required for staff")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Whose factor changed; empty when the practice's requirement changed.
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created:%Y-%m-%d})"
