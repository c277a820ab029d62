"""A practice's reminder times, each person's own choice of them, and every reminder sent (or passed over)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Practice
from cocreate.care.models import Session
from cocreate.reminders.offsets import DEFAULT


def default_offsets() -> list[int]:
    return list(DEFAULT)


class PracticeReminders(models.Model):
    """The times before a session at which a practice reminds its clients and care teams (minutes, earliest
    first). A practice without a row uses the default, two days and two hours before."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="+")
    offsets = models.JSONField(default=default_offsets)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"reminders of {self.practice_id}: {self.offsets}"


class ReminderPreference(models.Model):
    """One person's choice: reminders or none, the practice's times or their own, and whether an email or a
    downloaded calendar file may name the kind of session."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("remind me of my sessions"), default=True)
    offsets = models.JSONField(null=True, blank=True)  # None: each practice's own times
    show_kind = models.BooleanField(_("name the kind of session outside the app"), default=False)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"reminder preference of {self.person_id}"


class Outcome(models.TextChoices):
    SENT = "sent", _("Sent")
    # Fell due together with a later reminder of the same session (the sender was not running), or before the
    # session got its time (the person was told when it was scheduled or moved): not sent, but never due again.
    PASSED = "passed", _("Passed over")


class SessionReminder(models.Model):
    """A reminder of one session, to one person, at one time before it. The unique constraint is what keeps two
    senders running at once from both sending it; the session's start is part of it, so a moved session is
    reminded anew at its new time."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offset_minutes = models.PositiveIntegerField()
    starts_at = models.DateTimeField()  # the session's start when the reminder fell due
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SENT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "id")
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "offset_minutes", "starts_at"],
                                    name="session_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"reminder of {self.session_id} to {self.person_id}, {self.offset_minutes} min before"
