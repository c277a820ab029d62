"""Touch checked against consent at the moment it is logged: the agreement in force now and the one the page showed
when the entry was written (the stricter of the two counts), and the kinds the protocol allows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess
from cocreate.agreements.kinds import LEVEL_RANK, Level
from cocreate.agreements.models import Revision, RevisionState
from cocreate.medicine.models import MedicineRecord
from cocreate.protocols import registry

WORDS = {"hand_holding": "hand-holding", "hand_on_shoulder": "a hand on the shoulder", "hug": "a hug",
         "hands_on_feet": "hands on the feet", "bodywork": "focused bodywork"}


def consent_now(access: EngagementAccess) -> tuple[int, dict[str, str]]:
    """The touch agreement in force: its number (0: none) and each kind's level."""
    revision = (Revision.objects.filter(document__engagement=access.engagement, document__kind="touch_consent",
                                        state=RevisionState.AGREED).only("number", "content").first())
    if revision is None:
        return 0, {}
    return revision.number, {k: str(revision.content.get(k, Level.NO)) for k in WORDS}


def _level_in(access: EngagementAccess, number: int, kind: str) -> str | None:
    """The level in an earlier agreement the page showed (None if that revision was never in force)."""
    revision = (Revision.objects.filter(document__engagement=access.engagement, document__kind="touch_consent",
                                        number=number, state__in=[RevisionState.AGREED, RevisionState.SUPERSEDED])
                .only("content").first())
    return str(revision.content.get(kind, Level.NO)) if revision else None


def allowed_kinds(record: MedicineRecord) -> tuple[list[str] | None, str]:
    """The kinds of touch the record's protocol allows (None: any), and the rule's source."""
    pack = registry.packs().get(record.pack)
    rule = next((r for r in pack.requirements if r.kind == "touch_within"), None) if pack else None
    if rule is None:
        return None, ""
    return list(rule.allowed or ()), rule.source.citation


def touch_refusal(access: EngagementAccess, record: MedicineRecord, data: dict[str, Any],
                  current: tuple[int, dict[str, str]] | None = None) -> str:
    """Why this touch may not be logged ("" when it may). Sets `data["consent"]` to the level that applied.
    `current` is `consent_now(access)` when the caller already read it (a batch reads it once)."""
    kind = data["kind"]
    allowed, source = allowed_kinds(record)
    if allowed is not None and kind not in allowed:
        return _("%(touch)s is not a kind of touch this protocol allows (%(source)s).") % {
            "touch": WORDS[kind].capitalize(), "source": source}
    number, levels = current if current is not None else consent_now(access)
    if number == 0:
        return _("No touch agreement is in force, so no touch is offered.")
    level = levels[kind]
    shown = data.get("consent_number")
    if isinstance(shown, int) and shown != number:
        earlier = _level_in(access, shown, kind)
        if earlier is not None and LEVEL_RANK[earlier] < LEVEL_RANK[level]:
            level = earlier
    data["consent"], data["consent_number"] = level, number
    if level == Level.NO:
        return _("The client's consent says no to %(touch)s.") % {"touch": WORDS[kind]}
    if level == Level.ASK_FIRST and data.get("client_said_yes") is None:
        return _("The client asked to be asked first: did they just say yes?")
    return ""
