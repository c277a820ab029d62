"""Access events: every read of an engagement's content by anyone but its client."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    CARE = "care", _("Care team")
    SUPERVISION = "supervision", _("Clinical supervision")
    PRACTICE = "practice", _("Running the practice")
    EMERGENCY = "emergency", _("Emergency access")


# What each kind of read is called on the client's "Who has seen my record" page.
WHAT_LABELS = {
    "engagement page": _("your record's main page"),
    "engagement": _("your record"),
    "engagement record": _("your record"),
    "caseload": _("your name and phase on their caseload, and what is waiting in your care"),
    "waiting list": _("what is waiting in your care (what it is, not what it says)"),
    "supervised caseload": _("your name and phase on a supervised caseload"),
    "care team": _("your care team"),
    "phase history": _("your phase history"),
    "sessions": _("your sessions"),
    "shared notes": _("your shared notes"),
    "agreements": _("your agreements: goals, plans and consent"),
    "agreement history": _("the history of your agreements"),
    "questions": _("your questions and their answers"),
    "topics read": _("which library topics you have read"),
    "measures": _("your questionnaires and scores"),
    "inbox": _("a notice about your care, in their inbox"),
    "practice roster": _("your name and email on the practice's list of people"),
    "protocol": _("the protocol your care follows, and its history"),
    "readiness checklist": _("the checklist before a medicine session"),
    "screening": _("your screening answers and the decision on them"),
    "forms to acknowledge": _("the forms you acknowledged or declined"),
    "readiness check-ins": _("your readiness check-ins"),
    "medicine session": _("the record of your medicine session"),
    "state data": _("what you chose to give for Oregon's data collection"),
    "session reminder": _("a session's time and place, with what you agreed to bring and your transport plan"),
    "calendar feed": _("the times of your sessions, in their calendar feed (at most once a day)"),
    "ending": _("how your work together ends: your reasons and the referral"),
    "shift tracker": _("the shifts you shared with your care team, and the reflections beside them"),
    "journal": _("the journal entries you shared with your care team"),
    "journal file": _("a drawing, photo or voice note you shared from your journal"),
    "integration look-back": _("the look-back over the shifts you shared"),
    "resources": _("your list of what steadies you, and your check-ins on it"),
    "integration plan check-ins": _("your check-ins on the action steps of your integration plan"),
    "identities": _("what you shared about who you are"),
    "feedback": _("the feedback and messages you sent them, and their replies"),
    "ruptures": _("what was named as not feeling right between you and your care team, and its repair"),
    "fit reviews": _("the reviews of whether the work fits you, and your answers once shown"),
    "fees": _("your fees, what you paid and your receipts"),
    "reciprocity fund": _("your session's line in the practice's reciprocity fund books"),
    "whole record export": _("your whole record, exported for a transfer of your care (only what you chose to share)"),
    "emergency search": _("your name, found by a clinical lead searching for a record to open in an emergency"),
}


class AccessEvent(models.Model):
    # Indexed by (actor, at) below rather than by actor alone: a person's reads grow with every page they open.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="access_events")
    what = models.CharField(max_length=100)
    basis = models.CharField(max_length=20, choices=Basis.choices, default=Basis.CARE)
    reason = models.TextField(blank=True)
    via = models.CharField(max_length=10, default="web")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [
            models.Index(fields=["engagement", "-at"]),
            # What this person read lately (a list page's "not again within the window"), and their deletion.
            models.Index(fields=["actor", "at"], name="access_event_actor_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} read {self.what} of {self.engagement_id}"

    @property
    def what_label(self) -> str:
        return str(WHAT_LABELS.get(self.what, self.what))


class SupervisionAccess(models.Model):
    """A supervisor's stated reason for opening a supervisee's caseload, valid for a limited time."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    started = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ("-started",)
        indexes = [models.Index(fields=["supervisor", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.supervisor_id} → {self.supervisee_id} until {self.expires_at:%H:%M}"


class EmergencyAccess(models.Model):
    """A clinical lead's opening of an engagement they are not on, with a stated reason, for a limited time.

    The row is never changed: ending early is an `EmergencyAccessEnd` beside it, a review an
    `EmergencyAccessReview`, so what was opened, why and until when stays as it was written."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    started = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    via = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ("-started", "-id")
        indexes = [models.Index(fields=["lead", "engagement", "-started"]),
                   models.Index(fields=["practice", "-started"])]

    def __str__(self) -> str:
        return f"{self.lead_id} → E{self.engagement_id} until {self.expires_at:%H:%M}"


class EmergencyAccessEnd(models.Model):
    """The lead ended an emergency access before its time ran out."""

    grant = models.OneToOneField(EmergencyAccess, on_delete=models.CASCADE, related_name="end")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"ended {self.grant_id} at {self.at:%H:%M}"


class EmergencyAccessReview(models.Model):
    """Another clinical lead's review of one emergency access, with a comment: added, never edited."""

    grant = models.ForeignKey(EmergencyAccess, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"review of {self.grant_id} by {self.reviewer_id}"
