"""The one list of tables whose rows are only ever added: the database refuses to change or remove them, and the
seals chain their contents so `cocreate audit verify` can name a row changed or removed behind the app's back."""

from __future__ import annotations

from django.apps import apps
from django.db import models

# Model labels, each a record of something that happened. Left out on purpose, though they look like history:
# agreements.Revision (its state moves proposed → agreed/superseded by UPDATE), care.CareTeamMember (removed_at
# is set), measures.Score/Response (answers are saved as typed; the demo back-dates scores), alliance ruptures,
# repairs and their words (the demo back-dates them), inbox notices (read and cleared), reminders (claimed by
# insert but deleted with their session), protocols.EngagementProtocol (ended_at is set), and the encrypted
# text (private notes, screening answers, integration entries and journal, the reflection journal), which is
# re-encrypted by UPDATE when keys rotate.
PROTECTED: tuple[str, ...] = (
    "access.AccessEvent",
    "access.SupervisionAccess",
    "access.EmergencyAccess",
    "access.EmergencyAccessEnd",
    "access.EmergencyAccessReview",
    "agreements.Decision",
    "agreements.Deviation",
    "care.PhaseTransition",
    "care.SessionChange",
    "medicine.Entry",
    "medicine.Recollection",
    "protocols.Acknowledgement",
    "protocols.ScreeningDecision",
    "integration.ScheduleChange",
    "equity.FundTransaction",
    "equity.FundEntry",
    "equity.Payment",
    "audit.Seal",
    "audit.Tombstone",
)


def protected_models() -> list[type[models.Model]]:
    """The protected models that exist in this installation (a model still to come is skipped until it does)."""
    found: list[type[models.Model]] = []
    for label in PROTECTED:
        app_label, name = label.split(".")
        try:
            found.append(apps.get_model(app_label, name))
        except LookupError:
            continue
    return found


def protected_tables() -> dict[str, type[models.Model]]:
    return {model._meta.db_table: model for model in protected_models()}


def is_protected(model: type[models.Model]) -> bool:
    return model._meta.db_table in protected_tables()
