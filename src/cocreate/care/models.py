"""A client's course of care: engagements, care team, phase history, sessions and notes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Practice
from cocreate.encryption.fields import EncryptedTextField


class Kind(models.TextChoices):
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")
    PSYCHEDELIC_ASSISTED = "psychedelic_assisted", _("Psychedelic-assisted therapy")


class Phase(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    SCREENING = "screening", _("Screening")
    THERAPY = "therapy", _("Therapy sessions")  # a psychotherapy engagement's ongoing work
    PREPARATION = "preparation", _("Preparation")
    MEDICINE = "medicine", _("Medicine")
    INTEGRATION = "integration", _("Integration")
    CLOSED = "closed", _("Closed")


class Engagement(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="engagements")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.CONSULTATION)
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created",)
        indexes = [models.Index(fields=["practice", "client"])]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} · {self.client}"


class CareTeamMember(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="care_team")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("added_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "facilitator"],
                condition=models.Q(removed_at__isnull=True),
                name="care_team_one_active_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} on {self.engagement_id}"


class PhaseTransition(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.from_phase or '∅'} → {self.to_phase}"


class SessionKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    PREPARATION = "preparation", _("Preparation")
    MEDICINE = "medicine", _("Medicine session")
    INTEGRATION = "integration", _("Integration")
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


OFF = (SessionStatus.CANCELLED, SessionStatus.POSTPONED)  # not going to happen: cancelled, or postponed


class Session(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    location = models.CharField(_("place or link"), max_length=500, blank=True)
    # A medicine session's planned dose in milligrams, where a protocol's rules depend on it (minimum length).
    planned_dose_mg = models.DecimalField(_("planned dose (mg)"), max_digits=7, decimal_places=2, null=True,
                                          blank=True)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    cancel_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("starts_at", "id")
        indexes = [models.Index(fields=["engagement", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60),
                name="session_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_dose_mg__isnull=True) | models.Q(planned_dose_mg__gt=0),
                name="session_planned_dose_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_off(self) -> bool:
        return self.status in OFF

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class SessionChange(models.Model):
    """Each scheduling act kept as a row: scheduled, rescheduled (with the old time), cancelled, postponed, held."""

    class Action(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed by the client")
        COMPLETED = "completed", _("Held")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "id")
        # Sessions held in the last days (the reflection prompts on the caseload): a range of this index rather
        # than every change of every session of the caseload.
        indexes = [models.Index(fields=["action", "at"], name="care_change_action_at_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.session_id}"


NOTE_MAX_LENGTH = 20_000


class SharedNote(models.Model):
    """Co-written by client and care team; both read every entry and see its author."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="shared_notes")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")
        indexes = [models.Index(fields=["engagement", "created"])]

    def __str__(self) -> str:
        return f"shared note {self.pk}"


class PrivateNote(models.Model):
    """A facilitator's process note: readable by its author alone, never exported for anyone else."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="private_notes")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("private note"), max_length=NOTE_MAX_LENGTH)  # encrypted at rest
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")
        indexes = [models.Index(fields=["engagement", "author", "created"])]

    def __str__(self) -> str:
        return f"private note {self.pk}"
