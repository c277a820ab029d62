"""Oregon's client data, kept for the practice's quarterly report: the client's own answers or their opt-out
(`state_data_set`, the only write), and the latest row of an engagement (`state_data_latest`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.accounts.models import User
from cocreate.medicine.models import StateData
from cocreate.medicine.oregon_data import OREGON, PREFER_NOT, QUESTIONS, SINGLE_MAX
from cocreate.protocols.selectors import pack_of


def asks_state_data(access: EngagementAccess) -> bool:
    """Only an engagement under Oregon's rules asks for it."""
    return pack_of(access.engagement).key == OREGON


def state_data_latest(access: EngagementAccess) -> StateData | None:
    return StateData.objects.filter(engagement=access.engagement).first()


def _clean(answers: dict[str, Any]) -> dict[str, Any]:
    """Each answer one of its question's codes (a ticked question: a list of them, "I'd rather not say" alone)."""
    unknown = sorted(str(k) for k in answers if k not in {q.key for q in QUESTIONS})
    if unknown:
        raise ValidationError({"__all__": _("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown[:5])}})
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for q in QUESTIONS:
        codes = {code for code, _label in q.choices}
        value = answers.get(q.key)
        if q.many:
            given = [] if value is None else value
            if not isinstance(given, list | tuple) or not all(isinstance(v, str) for v in given):
                errors[q.key] = _("Tick the answers that apply.")
            elif len(given) > len(codes) or any(v not in codes for v in given):
                errors[q.key] = _("Choose from the answers offered.")
            elif PREFER_NOT in given and len(set(given)) > 1:
                errors[q.key] = _("“I'd rather not say” goes alone: untick it, or untick the others.")
            else:
                cleaned[q.key] = [code for code, _label in q.choices if code in set(given)]  # in the form's order
        else:
            given_one = "" if value is None else value
            if not isinstance(given_one, str) or len(given_one) > SINGLE_MAX or given_one not in codes | {""}:
                errors[q.key] = _("Choose one of the answers offered.")
            else:
                cleaned[q.key] = given_one
    if errors:
        raise ValidationError(errors)
    return cleaned


def state_data_set(*, actor: User, access: EngagementAccess, opted_out: bool = False, **answers: Any) -> StateData:
    """The client's answers for Oregon's data collection, each optional, or their opt-out of all of it (which keeps
    none of the answers). The same answers sent again are stored once."""
    if access.relation is not Relation.CLIENT:
        raise NotAllowed(_("Only the client gives or withholds this."))
    if not asks_state_data(access):
        raise ValidationError({"__all__": _("Only care under Oregon's psilocybin rules asks for this.")})
    cleaned = {q.key: [] if q.many else "" for q in QUESTIONS} if opted_out else _clean(answers)
    with transaction.atomic():
        latest = StateData.objects.select_for_update().filter(engagement=access.engagement).first()
        if latest is not None and latest.opted_out == opted_out and all(
                getattr(latest, key) == value for key, value in cleaned.items()):
            return latest
        row = StateData(engagement=access.engagement, author=actor, opted_out=opted_out, **cleaned)
        row.full_clean()
        row.save()
    return row
