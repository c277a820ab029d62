"""A person's private calendar feeds: the URL is the only key, so only a hash of its secret is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MOST_FEEDS = 5  # live feeds per person: one per calendar they use is plenty


class CalendarFeed(models.Model):
    """A feed's URL carries `<key>_<secret>`: the key finds the row, the secret is compared with its hash in
    constant time. Reset gives new ones (the old URL answers 404), and so does revoking (for good)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    label = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=32, unique=True)
    secret_hash = models.CharField(max_length=64)
    show_kinds = models.BooleanField(_("show session kinds"), default=False)
    created = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.label
