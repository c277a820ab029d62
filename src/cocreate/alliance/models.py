"""The relationship between client and care team: feedback that is answered, ruptures and their repair, reviews of
fit, endings chosen, who each person is (in their own words, each item with its own visibility), facilitators'
profiles, and the facilitator's own reflection journal.

History is kept as rows: an acknowledgement, a repair, the client's word on whether a rupture feels repaired, a
fit answer and an outcome are each added, never written over.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.encryption.fields import EncryptedTextField

TEXT_MAX = 4000
SHORT_MAX = 300


class Addressee(models.TextChoices):
    CARE_TEAM = "care_team", _("My care team")
    LEAD = "lead", _("The practice's clinical lead or supervisor, instead of my care team")


class FeedbackKind(models.TextChoices):
    SESSION = "session", _("After a session")
    MESSAGE = "message", _("A message any time")


class Feedback(models.Model):
    """What the client tells their care team (or, if they do not feel safe to, the practice's clinical lead):
    after a session, with the ratings of the session feedback questionnaire beside it, or any time as a message.
    It waits to be acknowledged by someone it was addressed to."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=FeedbackKind.choices)
    to = models.CharField(max_length=10, choices=Addressee.choices, default=Addressee.CARE_TEAM)
    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The ratings, answered as the shipped `session_feedback` questionnaire (scored and watched by measures).
    administration = models.OneToOneField("measures.Administration", on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    # The ratings of feedback sent to the clinical lead instead: kept here, out of the measures the care team reads.
    lead_ratings = models.JSONField(default=dict, blank=True)
    better = models.TextField(max_length=TEXT_MAX, blank=True)  # "What could be better?"
    unsaid = models.TextField(max_length=TEXT_MAX, blank=True)  # "Is there something you did not feel able to say?"
    message = models.TextField(max_length=TEXT_MAX, blank=True)  # a message any time
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"feedback {self.pk}"


class Acknowledgement(models.Model):
    """Read, by whom and when, optionally with a reply the client reads. One per piece of feedback."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="acknowledgement")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reply = models.TextField(max_length=TEXT_MAX, blank=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"acknowledgement of {self.feedback_id}"


DEFAULT_FEEDBACK_EVERY = 1


class FeedbackCadence(models.Model):
    """How often the client is asked for feedback after sessions: after every n-th held session, or never (0).
    Either side may change it and the other is told; each change is a row, the latest counts (none: every
    session)."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    every_nth = models.PositiveSmallIntegerField(default=DEFAULT_FEEDBACK_EVERY)  # 0: not asked
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"feedback every {self.every_nth}"


class Rupture(models.Model):
    """A strain or break in the work together, named by either side in their own words."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.TextField(max_length=TEXT_MAX)
    created = models.DateTimeField(default=timezone.now)
    raised_at = models.DateTimeField(null=True, blank=True)  # raised with the supervisor
    raised_reason = models.CharField(max_length=SHORT_MAX, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"rupture {self.pk}"


class Repair(models.Model):
    """A repair attempt, recorded by either side. Only the client's word says whether it feels repaired."""

    rupture = models.ForeignKey(Rupture, on_delete=models.CASCADE, related_name="repairs")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(max_length=TEXT_MAX)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return f"repair {self.pk}"


class RepairWord(models.Model):
    """The client's word on a rupture: it feels repaired, or not yet. The latest counts; earlier ones stay."""

    rupture = models.ForeignKey(Rupture, on_delete=models.CASCADE, related_name="words")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    repaired = models.BooleanField()
    note = models.TextField(max_length=TEXT_MAX, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return f"{'repaired' if self.repaired else 'not yet'} ({self.rupture_id})"


class FitOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as we are")
    ADJUST = "adjust", _("Adjust the way we work")
    CONSULT = "consult", _("Consult another facilitator")
    TRANSFER = "transfer", _("Transfer to another facilitator")
    END = "end", _("End the work")


class FitReview(models.Model):
    """Is this a good fit? Opened at the session the two chose (the third by default), or when the client asks.
    Both answer; the outcome is proposed by one side and agreed by the other."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")  # the client who asked for it; empty when the cadence opened it
    created = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=FitOutcome.choices, blank=True)  # once agreed
    outcome_note = models.TextField(max_length=TEXT_MAX, blank=True)
    proposed_outcome = models.CharField(max_length=10, choices=FitOutcome.choices, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"fit review {self.pk}"


class FitAnswer(models.Model):
    """One side's answers to the fit review's few questions, in their words."""

    review = models.ForeignKey(FitReview, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")
        constraints = [models.UniqueConstraint(fields=["review", "author"], name="fit_answer_once_per_person")]

    def __str__(self) -> str:
        return f"fit answer {self.pk}"


DEFAULT_FIT_SESSION = 3


class FitPlan(models.Model):
    """At which held session the fit review opens by itself: the two choose it (the third by default, when an
    engagement has no plan row); either side may change it, and the other is told."""

    engagement = models.OneToOneField("care.Engagement", on_delete=models.CASCADE, related_name="+")
    at_session = models.PositiveSmallIntegerField(default=DEFAULT_FIT_SESSION)
    changed = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    def __str__(self) -> str:
        return f"fit review at session {self.at_session}"


class EndingState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Ending(models.Model):
    """Ending the engagement: the client ends it (at once), or asks to, or either side proposes it for the other
    to agree. The client's reasons are kept in their words; a referral out records where to. Ending closes the
    engagement; it never deletes it, and the client keeps reading their record."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=EndingState.choices, default=EndingState.PROPOSED)
    reasons = models.TextField(max_length=TEXT_MAX, blank=True)  # the client's own words, if they give any
    # The care team's words: with the ending they propose, or in answer to the one the client asked for.
    team_note = models.TextField(max_length=TEXT_MAX, blank=True)
    referral_to = models.CharField(max_length=SHORT_MAX, blank=True)  # where the client is referred on to
    created = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"ending {self.pk} ({self.state})"


class TeamProposal(models.Model):
    """Adding a facilitator to a client's care team is proposed to the client, who accepts or declines. Emergency
    cover is the exception: recorded with its reason, time-limited, and shown to the client."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    why = models.TextField(max_length=TEXT_MAX, blank=True)  # the client reads it
    # A transfer: the proposer hands over to the new facilitator, who reads what the client consents to share.
    transfer = models.BooleanField(default=False)
    shared = models.JSONField(default=list, blank=True)  # on a transfer: what the client consents to share
    state = models.CharField(max_length=10, choices=EndingState.choices, default=EndingState.PROPOSED)
    emergency_until = models.DateTimeField(null=True, blank=True)  # emergency cover: no acceptance, until then
    created = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"team proposal {self.pk}"


class Visibility(models.TextChoices):
    SHARED = "shared", _("The people I work with here")
    ONLY_ME = "only_me", _("Only me")


class IdentityItem(models.Model):
    """Something a person wants known about who they are (pronouns, languages, cultural, spiritual or community
    background, anything else), in their own words, each with its own visibility. Nothing is required and nothing
    is inferred: there are no lists of categories."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=60)  # the person's own heading ("Pronouns", "Languages", …)
    text = models.TextField(max_length=1000)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.ONLY_ME)
    created = models.DateTimeField(default=timezone.now)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return self.topic


class Profile(models.Model):
    """A facilitator's profile in a practice, which its clients (and people considering it) may read: training,
    approach, ways of working, languages, and a positionality statement."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    training = models.TextField(max_length=TEXT_MAX, blank=True)
    approach = models.TextField(max_length=TEXT_MAX, blank=True)
    modalities = models.TextField(max_length=1000, blank=True)
    languages = models.CharField(max_length=SHORT_MAX, blank=True)
    positionality = models.TextField(max_length=TEXT_MAX, blank=True)
    published = models.BooleanField(default=False)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "practice"], name="profile_once_per_practice")]

    def __str__(self) -> str:
        return f"profile of {self.person_id}"


class Credential(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="credentials")
    title = models.CharField(max_length=200)  # "Licensed psilocybin facilitator"
    issuer = models.CharField(max_length=200, blank=True)  # the issuing state or body
    number = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return self.title


class ReflectionEntry(models.Model):
    """The facilitator's own reflection (what did I assume? what did I feel? what of mine came into the room?):
    its author's alone, in no export, unless the author shares an entry with their supervisor."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("care.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    prompt = models.CharField(max_length=SHORT_MAX, blank=True)
    text = EncryptedTextField(max_length=TEXT_MAX * 3)  # encrypted at rest
    shared_with = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # the supervisor it is shared with
    shared_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["author", "-created"])]

    def __str__(self) -> str:
        return f"reflection {self.pk}"


class ReflectionNotNow(models.Model):
    """A facilitator's "not now" to the prompt to reflect after a session they held: the prompt goes, and nothing
    else is kept (writing an entry about the session takes the prompt away too)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("care.Session", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "session"], name="reflection_not_now_once")]

    def __str__(self) -> str:
        return f"not now ({self.session_id})"
