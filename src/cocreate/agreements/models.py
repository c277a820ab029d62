"""Shared documents, their revisions and the decisions on them. Rows are added, never rewritten in substance:
a revision's content never changes; only its state moves on (proposed -> agreed/declined/withdrawn/superseded).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INTENTIONS = "intentions", _("Intentions and goals")
    MODALITY = "modality", _("Modality plan")
    SETTING = "setting", _("Setting plan")
    TOUCH_CONSENT = "touch_consent", _("Touch consent")
    SAFETY = "safety", _("Safety and support plan")
    TRANSPORT = "transport", _("Transport plan")
    INTEGRATION_PLAN = "integration_plan", _("Integration plan")
    CLOSING_SUMMARY = "closing_summary", _("Closing summary")
    FEE = "fee", _("Fee agreement")


class Side(models.TextChoices):
    CLIENT = "client", _("Client")
    CARE_TEAM = "care_team", _("Care team")


class RevisionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    NARROWING = "narrowing", _("Consent narrowed (in force at once)")


class SharedDocument(models.Model):
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["engagement", "kind"], name="one_document_per_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Revision(models.Model):
    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=20, choices=Side.choices)
    withdraw_comment = models.TextField(blank=True)  # the author's optional word on withdrawing it
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    change = models.CharField(max_length=20, choices=ChangeKind.choices, default=ChangeKind.PROPOSAL)
    state = models.CharField(max_length=20, choices=RevisionState.choices, default=RevisionState.PROPOSED)
    created = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who wrote each field of the agreed text (path -> side), and the counts: set once, when agreed.
    attribution = models.JSONField(default=dict, blank=True)
    client_fields = models.PositiveIntegerField(default=0)
    team_fields = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="revision_number_positive"),
        ]
        indexes = [models.Index(fields=["document", "state"])]

    def __str__(self) -> str:
        return f"{self.document} #{self.number}"


class Verdict(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    DECLINE = "decline", _("Declined")


class Decision(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="decisions")
    party = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=20, choices=Side.choices)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        # A party accepts at most once and declines at most once (a decline may follow an acceptance).
        constraints = [models.UniqueConstraint(fields=["revision", "party", "verdict"],
                                               name="one_verdict_per_party")]

    def __str__(self) -> str:
        return f"{self.party} {self.verdict} {self.revision}"


class Deviation(models.Model):
    """Something that went differently from the agreed plan (a later pick-up, another driver): a record of fact,
    kept beside the plan rather than in it, so recording it needs nobody's acceptance."""

    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="deviations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    description = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.description[:60]
