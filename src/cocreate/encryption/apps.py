"""The encryption app: its start-up check, and the canary of the current key written whenever tables are made."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from cocreate.encryption import canary

    canary.forget()  # a flush empties the table: what this process knew is no longer so
    canary.ensure()


class EncryptionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cocreate.encryption"
    verbose_name = "Encryption at rest"

    def ready(self) -> None:
        from cocreate.encryption import checks  # noqa: F401 - registers the start-up check

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="encryption-canary")
