"""The audit app: append-only tables, the sealed chain over them, and retention of closed engagements."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _install_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # post_migrate is sent once per app after every migrate (and after a test database is made, or flushed), so
    # the triggers follow tables made later, tables SQLite rebuilt to alter them, and every test database.
    if sender.name != "cocreate.audit":
        return
    from cocreate.audit.lock import install

    install(using)


class AuditConfig(AppConfig):
    name = "cocreate.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.audit import panels  # noqa: F401 - the practice home's link to record keeping
        from cocreate.audit.lock import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="cocreate.audit.sqlite_unlock")
        post_migrate.connect(_install_triggers, dispatch_uid="cocreate.audit.triggers")
