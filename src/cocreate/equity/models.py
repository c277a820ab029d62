"""Access to care: a practice's public page and the consultation requests it receives, facilitators' public
listings for matching, the sliding scale (tiers and their fees per session kind), the reciprocity fund as a
double-entry ledger, and records of what was charged and paid per session.

Money is always an integer count of minor units (cents) with its currency, never a float. Ledger rows are added,
never edited or deleted: a mistake is undone by a reversing transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.care.models import SessionKind

TEXT_MAX = 4000
SHORT_MAX = 300
MESSAGE_MAX = 2000


# The public page and consultation requests.


class PublicPage(models.Model):
    """A practice's page anyone may read, off until the practice turns it on. It shows nothing clinical and no
    client: the practice's own words, its published facilitator profiles, its fee tiers and the request form."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=60, unique=True)
    published = models.BooleanField(default=False)
    about = models.TextField(max_length=TEXT_MAX, blank=True)
    offers = models.TextField(max_length=TEXT_MAX, blank=True)  # what the practice offers
    who_reads = models.TextField(max_length=1000, blank=True)  # who reads a request, said beside the form
    accepts_requests = models.BooleanField(default=True)
    changed = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.slug


class TimeOfWeek(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekday daytimes")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")


class Listing(models.Model):
    """What a facilitator says publicly for matching, beside their published profile: when they have times,
    lived experience in their own words, whether they take new clients, and which tiers they have room at."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    times = models.JSONField(default=list, blank=True)  # TimeOfWeek values
    lived_experience = models.TextField(max_length=1000, blank=True)
    taking_clients = models.BooleanField(default=True)
    tiers = models.ManyToManyField("equity.FeeTier", blank=True, related_name="+")  # room at these tiers
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "practice"], name="listing_once_per_practice")]

    def __str__(self) -> str:
        return f"listing of {self.person_id}"


class RequestState(models.TextChoices):
    NEW = "new", _("Waiting for a reply")
    ACCEPTED = "accepted", _("Accepted: invitation sent")
    DECLINED = "declined", _("Answered: the practice cannot help")


class ConsultationRequest(models.Model):
    """A request from someone without an account: only what they chose to give. It becomes an invitation when
    the practice accepts it, or receives a kind reply (with a referral, if known) when it cannot help."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(max_length=254)
    message = models.TextField(max_length=MESSAGE_MAX, blank=True)
    preferences = models.JSONField(default=dict, blank=True)  # what they said matters, as chosen on the page
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")  # the facilitator they chose, if any
    tier = models.ForeignKey("equity.FeeTier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    address_hash = models.CharField(max_length=64)  # a keyed hash of the sender's address, for rate limits only
    created = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.NEW)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(max_length=TEXT_MAX, blank=True)  # the kind reply when the practice cannot help
    referral = models.TextField(max_length=TEXT_MAX, blank=True)
    invitation = models.OneToOneField("accounts.Invitation", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    engagement_kind = models.CharField(max_length=30, blank=True)  # opened when the invitation is accepted
    engagement = models.ForeignKey("care.Engagement", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["practice", "state", "created"]),
                   models.Index(fields=["address_hash", "created"])]

    def __str__(self) -> str:
        return f"request {self.pk}"


# The sliding scale.


class FeeSettings(models.Model):
    """A practice's currency and whether it runs a reciprocity fund."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3, default="USD")  # ISO 4217
    fund_open = models.BooleanField(default=True)
    changed = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.currency


class FeeTier(models.Model):
    """One step of a practice's sliding scale, with guidance in the practice's words. A client chooses their own
    tier; no documents are asked for. A tier no longer offered is retired, never deleted, so history reads."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    guidance = models.TextField(max_length=TEXT_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class TierFee(models.Model):
    """A tier's fee for one kind of session, in minor units of the practice's currency."""

    tier = models.ForeignKey(FeeTier, on_delete=models.CASCADE, related_name="fees")
    session_kind = models.CharField(max_length=20, choices=SessionKind.choices)
    amount = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tier", "session_kind"], name="one_fee_per_tier_and_kind")]

    def __str__(self) -> str:
        return f"{self.tier_id}:{self.session_kind}"


# The reciprocity fund: double entry. Each transaction has entries that sum to zero; the fund's balance is the sum
# of its FUND entries, kept beside as `Fund.balance` (checked never negative) so a subsidy can lock and test it.


class Fund(models.Model):
    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3, default="USD")
    balance = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(balance__gte=0), name="fund_never_negative")]

    def __str__(self) -> str:
        return f"fund of {self.practice_id}"


class Account(models.TextChoices):
    FUND = "fund", _("The fund")
    CONTRIBUTIONS = "contributions", _("Contributions received")
    SUBSIDIES = "subsidies", _("Sessions subsidised")


class TransactionKind(models.TextChoices):
    ABOVE_TIER = "above_tier", _("Paid above their tier")
    DONATION = "donation", _("Donation")
    SUBSIDY = "subsidy", _("Session subsidised")
    REVERSAL = "reversal", _("Reversal")


class FundTransaction(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    amount = models.PositiveBigIntegerField()  # the size of the movement; entries carry the signs
    reason = models.TextField(max_length=1000)  # why, in the recorder's words
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by")

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=["fund", "at"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_transaction_positive")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class FundEntry(models.Model):
    transaction = models.ForeignKey(FundTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=20, choices=Account.choices)
    amount = models.BigIntegerField()  # signed: + flows into the account, − out of it

    class Meta:
        indexes = [models.Index(fields=["account", "transaction"])]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d}"


# Records of payment (not payments: no card processing, no insurance billing).


class SessionFee(models.Model):
    """The fee for one session, fixed from the fee agreement in force when the practice first records money
    against it; the receipt shows it."""

    session = models.OneToOneField("care.Session", on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey(FeeTier, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    tier_name = models.CharField(max_length=100, blank=True)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fixed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"fee of session {self.session_id}"


class Payment(models.Model):
    """Money the practice records as received for a session. Corrected by a reversing row, never edited."""

    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()  # a reversal carries the negative of what it reverses
    currency = models.CharField(max_length=3)
    note = models.CharField(max_length=SHORT_MAX, blank=True)  # "cash", "bank transfer"
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by")

    class Meta:
        ordering = ("at", "id")
        indexes = [models.Index(fields=["session", "at"])]

    def __str__(self) -> str:
        return f"payment {self.amount}"
