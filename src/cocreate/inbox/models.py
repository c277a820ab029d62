"""A notice in someone's inbox. It names what happened and where, never the clinical content itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    PROPOSAL_AWAITS = "proposal_awaits", _("A proposal awaits your decision")
    PROPOSAL_AGREED = "proposal_agreed", _("A proposal was agreed")
    PROPOSAL_DECLINED = "proposal_declined", _("A proposal was declined")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("A proposal was withdrawn")
    PROPOSAL_SUPERSEDED = "proposal_superseded", _("A proposal was superseded")
    DEVIATION_RECORDED = "deviation_recorded", _("A deviation from a plan was recorded")
    CONSENT_NARROWED = "consent_narrowed", _("Consent was withdrawn or narrowed")
    QUESTION_ASKED = "question_asked", _("A question was asked")
    QUESTION_ANSWERED = "question_answered", _("A question was answered")
    MEASURE_DUE = "measure_due", _("A questionnaire is waiting for you")
    RISK_ALERT = "risk_alert", _("A questionnaire answer needs attention now")
    DETERIORATION_FLAG = "deterioration_flag", _("Scores show a reliable deterioration")
    ALLIANCE_FLAG = "alliance_flag", _("Feedback on the work together dropped")
    SESSION_SCHEDULED = "session_scheduled", _("A session was scheduled")
    SESSION_MOVED = "session_moved", _("A session was moved")
    SESSION_CANCELLED = "session_cancelled", _("A session was cancelled")
    SESSION_REMINDER = "session_reminder", _("A session is coming up")
    SCREENING_ANSWERED = "screening_answered", _("Screening answers wait for a decision")
    SCREENING_DECIDED = "screening_decided", _("A screening decision was recorded")
    READINESS_CHECKIN = "readiness_checkin", _("A readiness check-in was sent")
    FORM_CHOICE = "form_choice", _("A form was acknowledged or declined")
    PROTOCOL_CHANGED = "protocol_changed", _("The protocol, or a rule of it, changed")
    SHIFT_PROMPT = "shift_prompt", _("A moment to note any shifts, if you like")
    SHARED_WITH_YOU = "shared_with_you", _("The client shared something from integration")
    REFLECTION_ADDED = "reflection_added", _("A reflection was added beside an entry")
    PATTERN_SUGGESTED = "pattern_suggested", _("A grouping of entries was suggested")
    PROMPTS_CHANGED = "prompts_changed", _("The days for noting shifts changed")
    STEP_CHECKIN = "step_checkin", _("A check-in on an action step")
    FEEDBACK_GIVEN = "feedback_given", _("The client gave feedback")
    FEEDBACK_READ = "feedback_read", _("Your feedback was read")
    RUPTURE_NAMED = "rupture_named", _("A strain in the work together was named")
    RUPTURE_RAISED = "rupture_raised", _("A strain in the work together needs a supervisor's attention")
    FIT_REVIEW = "fit_review", _("A review of how the work fits")
    ENDING = "ending", _("Ending the work together")
    TEAM_PROPOSAL = "team_proposal", _("A change to the care team")
    REFLECTION_SHARED = "reflection_shared", _("A facilitator shared a reflection with you")
    CONSULTATION_REQUEST = "consultation_request", _("A consultation request came in")
    EMERGENCY_ACCESS = "emergency_access", _("A record in your care was opened under emergency access")


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    engagement = models.ForeignKey(
        "care.Engagement", on_delete=models.CASCADE, related_name="notices", null=True, blank=True
    )
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    # What the notice is about, as "<kind>:<id>" ("revision:12", "risk:7"), for those whose state the inbox shows
    # (decided, resolved): read from the thing itself each time, so it is never out of date.
    subject = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created"])]

    def __str__(self) -> str:
        return self.title
