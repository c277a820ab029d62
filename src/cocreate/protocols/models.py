"""Protocol choices, forms and their acknowledgements, screening, readiness check-ins and rules set aside.

Every row is added, never rewritten: the pack an engagement runs under, a form's text, an acknowledgement, a set of
screening answers and the decision on them, a check-in. The latest row of each kind is the one that counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.encryption.fields import EncryptedJSONField


class PracticeProtocol(models.Model):
    """The pack a practice's new psychedelic-assisted engagements run under; the latest row counts."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    pack = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=["practice", "-at"])]

    def __str__(self) -> str:
        return self.pack


class EngagementProtocol(models.Model):
    """The pack an engagement runs under from `at` on, and why it changed; the latest row counts."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    pack = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=["engagement", "-at"])]

    def __str__(self) -> str:
        return f"{self.pack} {self.version}"


class FormVersion(models.Model):
    """One version of a practice's text of a form (client bill of rights, informed consent ...)."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=40)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=50_000)
    # None: the pack's starting text, put in place the first time a client acknowledged the form.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("form", "-number")
        constraints = [models.UniqueConstraint(fields=["practice", "form", "number"], name="one_form_version_number")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class AckChoice(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Read and acknowledged")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Acknowledgement(models.Model):
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    choice = models.CharField(max_length=20, choices=AckChoice.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=["engagement", "-at"])]

    def __str__(self) -> str:
        return f"{self.choice} {self.version_id}"


class ScreeningResponse(models.Model):
    """A whole set of screening answers; a changed answer is a new row, which re-opens the screening."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    pack = models.CharField(max_length=40)
    answers = EncryptedJSONField()  # encrypted at rest: the client's answers are never compared in a query
    flags = models.JSONField(default=list)  # the flags the pack's rules raised, kept as they were shown
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    with_client = models.BooleanField(default=False)  # a facilitator entered it with the client
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"screening {self.pk}"


class Outcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    WITH_CONDITIONS = "eligible_with_conditions", _("Eligible, with conditions")
    NOT_NOW = "not_eligible_now", _("Not eligible now")
    REFER = "refer", _("Referred elsewhere")


CLEARED = (Outcome.ELIGIBLE, Outcome.WITH_CONDITIONS)


class ScreeningDecision(models.Model):
    response = models.ForeignKey(ScreeningResponse, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    rationale = models.TextField(max_length=4000)  # written for the client, who reads it
    conditions = models.TextField(blank=True, max_length=4000)
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return self.outcome


class Sleep(models.TextChoices):
    WELL = "well", _("Well")
    SO_SO = "so_so", _("So-so")
    POORLY = "poorly", _("Poorly")


class Readiness(models.TextChoices):
    READY = "ready", _("I feel ready")
    TALK_FIRST = "talk_first", _("I'd like to talk first")
    POSTPONE = "postpone", _("I want to postpone")


class ReadinessCheckin(models.Model):
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("care.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    how_i_am = models.TextField(blank=True, max_length=4000)
    sleep = models.CharField(max_length=10, choices=Sleep.choices, blank=True)
    anything_new = models.TextField(blank=True, max_length=4000)  # medication, health, life events
    questions = models.TextField(blank=True, max_length=4000)
    readiness = models.CharField(max_length=20, choices=Readiness.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return self.readiness


class SetAside(models.Model):
    """A practice's own rule set aside for one engagement by a named clinician, with a reason the client reads."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    pack = models.CharField(max_length=40)
    requirement = models.CharField(max_length=40)
    reason = models.TextField(max_length=2000)
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        ordering = ("-at", "-id")
        constraints = [models.UniqueConstraint(fields=["engagement", "pack", "requirement"],
                                               condition=models.Q(ended_at__isnull=True), name="one_live_set_aside")]

    def __str__(self) -> str:
        return f"{self.requirement} set aside"
