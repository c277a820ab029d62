"""URL/persona matrix rows for the agreements app's routes (joined in test_url_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.agreements import services as agreement_services
from tests.conftest import World
from tests.web.matrix import CARE, Case, Kwargs, engagement

TOUCH = {"hand_holding": "yes", "hug": "ask_first", "stop_signal": "Red card"}


def document(kind: str) -> Kwargs:
    def kwargs(world: World) -> dict[str, Any]:
        return {"engagement_id": world.engagement.pk, "kind": kind}

    return kwargs


def proposal(world: World) -> dict[str, Any]:
    """alice's pending proposal of intentions: dana may accept, decline or (not being its author) not withdraw it."""
    revision = agreement_services.revision_propose(
        actor=world.alice, access=engagement_access(world.alice, world.engagement), kind="intentions",
        content={"goals": [{"words": "Sleep through the night"}]}, based_on=None,
    )
    return {"engagement_id": world.engagement.pk, "kind": "intentions", "number": revision.number}


def agreed_touch_consent(world: World) -> dict[str, Any]:
    """A touch consent in force, so that narrowing it goes all the way through."""
    revision = agreement_services.revision_propose(
        actor=world.dana, access=engagement_access(world.dana, world.engagement), kind="touch_consent",
        content=TOUCH, based_on=None,
    )
    for member in (world.alice, world.bea):
        agreement_services.revision_accept(actor=member, access=engagement_access(member, world.engagement),
                                           revision=revision)
    return document("touch_consent")(world)


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def an_hour_ago(world: World) -> dict[str, Any]:
    return {"occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "description": "Sam came an hour later than planned."}


API = "api/v1/engagements/<engagement_id>"
DOC = API + "/documents/<kind>"
REVISION = DOC + "/revisions/<number>"

AGREEMENTS_CASES: dict[str, Case] = {
    # web rows
    # API
    API + "/documents": Case(engagement, CARE),
    DOC: Case(document("intentions"), CARE),
    DOC + "/schema": Case(document("touch_consent"), CARE),
    DOC + "/revisions": Case(document("intentions"), CARE,
                             body=body({"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "note": ""})),
    REVISION: Case(proposal, CARE),
    REVISION + "/diff": Case(proposal, CARE),
    REVISION + "/accept": Case(proposal, CARE, body=body({"comment": "Yes"})),
    REVISION + "/decline": Case(proposal, CARE, body=body({"comment": "Not in these words"})),
    REVISION + "/withdraw": Case(proposal, CARE),
    DOC + "/narrow": Case(agreed_touch_consent, CARE, body=body({"changes": {"hug": "no"}, "note": "Not today"})),
    DOC + "/deviations": Case(document("transport"), CARE, body=an_hour_ago),
    API + "/co-authorship": Case(engagement, CARE),
}
