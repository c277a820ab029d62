"""One row per key that has encrypted anything here: the start-up check refuses to run without each of them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class KeyCanary(models.Model):
    """A key in use. Written before the first value under the key is committed, removed by rotation once nothing is
    left under it; `canary` is a known text encrypted under the key, so a wrong key with the right id is caught."""

    key_id = models.CharField(max_length=32, unique=True)
    canary = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key_id
