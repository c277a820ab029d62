"""Writes of the audit app a person makes: a practice's retention period (its admins set it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Practice, Role, User
from cocreate.audit.models import RetentionPolicy

MAX_YEARS = 100


def retention_policy_set(*, actor: User, practice: Practice, years: int | None) -> RetentionPolicy:
    """How many years a closed engagement's record is kept; None keeps it for ever."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins set how long records are kept."))
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": _("Give a number of years from 1 to %(max)d, or keep records for ever.")
                               % {"max": MAX_YEARS}})
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.update_or_create(
            practice=practice, defaults={"years": years, "changed": timezone.now(), "changed_by": actor})
    return policy
