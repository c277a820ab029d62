"""Signing in by email and password, and finding the signed-in person on each request without reading their row.

The person is kept in the cache (shared by a server's processes, docs/configuration.md "Cache") for a minute at
most and dropped whenever their row is saved or deleted, at once and again when the change commits (so a reader
between the two cannot keep the old row). Django still checks the session against the password hash on every
request, so a changed password ends other sessions at once, and a deactivated person is signed out as soon as the
change commits.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cocreate.accounts.models import User

PATH = "cocreate.accounts.backends.CachedModelBackend"
KEEP_SECONDS = 60


def _key(user_id: Any) -> str:
    return f"signed-in-user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        key = _key(user_id)
        user: User | None = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, KEEP_SECONDS)
        return user


@receiver(post_save, sender=User, dispatch_uid="cached-user-saved")
@receiver(post_delete, sender=User, dispatch_uid="cached-user-deleted")
def _forget(sender: type[User], instance: User, **kwargs: Any) -> None:
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)
