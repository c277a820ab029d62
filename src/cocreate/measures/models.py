"""Assignments of instruments, their administrations (each time a questionnaire is due), responses, scores and
flags. Scores and flags are rows added once; a flag is resolved by a named clinician with what was done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.measures.registry import title_of


class Schedule(models.TextChoices):
    ONCE = "once", _("Once")
    INTAKE = "intake", _("At intake")
    BEFORE_SESSIONS = "before_sessions", _("Before every session of given kinds")
    AFTER_SESSIONS = "after_sessions", _("After every session of given kinds")
    EVERY_N_DAYS = "every_n_days", _("Every N days")
    AFTER_MEDICINE = "after_medicine", _("Days after each medicine session")


class Assignment(models.Model):
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="assignments")
    instrument = models.CharField(max_length=40)  # an instrument key (definitions.py)
    schedule = models.CharField(max_length=20, choices=Schedule.choices)
    session_kinds = models.JSONField(default=list, blank=True)  # before/after sessions of these kinds
    every_nth = models.PositiveSmallIntegerField(default=1)  # after every n-th such session (alliance cadence)
    every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    offsets_days = models.JSONField(default=list, blank=True)  # after medicine: e.g. [1, 7, 30]
    expires_after_days = models.PositiveSmallIntegerField(default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.schedule})"

    @property
    def instrument_title(self) -> str:
        return title_of(self.instrument)


class Administration(models.Model):
    """One occasion on which a questionnaire is due: open from `due_at` until `expires_at`."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="administrations")
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="administrations")
    instrument = models.CharField(max_length=40)
    session = models.ForeignKey("care.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)  # its session was cancelled, or the assignment ended
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "due_at"], name="one_administration_per_time")]
        indexes = [
            models.Index(fields=["engagement", "instrument", "due_at"]),
            # Only the administrations not yet answered or cancelled, about one an engagement against the
            # hundreds answered: the caseload's overdue count and the open ones of a page read these alone.
            models.Index(fields=["engagement", "due_at"], name="measures_admin_open_idx",
                         condition=models.Q(completed_at__isnull=True, cancelled_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} due {self.due_at:%Y-%m-%d}"

    @property
    def instrument_title(self) -> str:
        return title_of(self.instrument)


class Response(models.Model):
    """The answers given: kept as they are typed, so someone who leaves and comes back finds them."""

    administration = models.OneToOneField(Administration, on_delete=models.CASCADE, related_name="response")
    answers = models.JSONField(default=dict)  # item id -> value
    started = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    via = models.CharField(max_length=10, default="web")  # web | api | fhir

    def __str__(self) -> str:
        return f"response to {self.administration}"


class Score(models.Model):
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="score")
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="scores")
    instrument = models.CharField(max_length=40)
    at = models.DateTimeField()  # when the answers were submitted
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    band = models.CharField(max_length=60, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    prorated = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["engagement", "instrument", "at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total}"


class FlagKind(models.TextChoices):
    RISK = "risk", _("Risk answer")
    DETERIORATION = "deterioration", _("Reliable deterioration")
    ALLIANCE = "alliance", _("Alliance drop")


class Flag(models.Model):
    """Raised by answers (a risk answer, even one saved but not yet sent) or by a score; it stays on the
    caseload until a facilitator records what was done."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="flags")
    instrument = models.CharField(max_length=40)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flags")
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="flags", null=True, blank=True)
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    reason = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    action = models.TextField(blank=True)  # what was done, in the facilitator's words; the client reads it
    private_note = models.TextField(blank=True)  # the resolver's own note: nobody else ever reads it

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["engagement", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.reason[:40]}"


class CrisisResources(models.Model):
    """What a client sees at once after a risk answer; each practice words its own (a default otherwise)."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="crisis_resources")
    text = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"crisis resources of {self.practice}"
