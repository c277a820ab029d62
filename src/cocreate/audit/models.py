"""Seals (the chain over the protected tables), tombstones of what retention removed, and each practice's
retention period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Seal(models.Model):
    """One block of one protected table's rows, already committed: each row's short digest, and a digest over
    the block and the seal before it, so changing any sealed row, or any seal, breaks the chain from there."""

    number = models.PositiveBigIntegerField(unique=True)
    table = models.CharField(max_length=100)
    first_id = models.BigIntegerField()  # the block is first_id ≤ id ≤ last_id
    last_id = models.BigIntegerField()
    columns = models.JSONField()  # the columns digested, so a column added later does not look like a change
    rows = models.JSONField()  # [[id, digest], ...] in id order
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("number",)
        indexes = [models.Index(fields=["table", "last_id"])]

    def __str__(self) -> str:
        return f"seal {self.number} of {self.table} {self.first_id}–{self.last_id}"


class SealMark(models.Model):
    """Per table, the highest id seen at the last sealing run and when: the next run seals only up to a mark at
    least the margin old, so a transaction that took an id earlier but commits late never lands in a block
    already sealed. A working note of the sealer, not evidence, so not protected."""

    table = models.CharField(max_length=100, unique=True)
    high_id = models.BigIntegerField(default=0)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.table} up to {self.high_id}"


class Tombstone(models.Model):
    """What retention removed from one engagement: no names, no content; the counts per table and the ids of
    protected rows, so verify can tell their removal from tampering."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.PROTECT, related_name="+")
    engagement_id = models.BigIntegerField()
    closed_at = models.DateTimeField()
    removed_at = models.DateTimeField(default=timezone.now)
    kept_years = models.PositiveSmallIntegerField()
    counts = models.JSONField()  # {"care.SharedNote": 12, ...}
    removed_ids = models.JSONField()  # {"care_phasetransition": [ids], ...}: protected tables only
    files = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-removed_at", "-id")
        constraints = [models.UniqueConstraint(fields=["engagement_id"], name="one_tombstone_per_engagement")]

    def __str__(self) -> str:
        return f"engagement {self.engagement_id} removed {self.removed_at:%Y-%m-%d}"


class RetentionPolicy(models.Model):
    """How long a practice keeps an engagement's record after it closes; no years means keep it for ever."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    years = models.PositiveSmallIntegerField(_("years kept after closing"), null=True, blank=True)
    changed = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(years__isnull=True) |
                                              models.Q(years__gte=1, years__lte=100),
                                              name="retention_years_range")]

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.years or 'for ever'}"
