"""URL/persona matrix rows for the protocols API (joined in test_url_matrix.py); the web rows are in
cases_protocols_web.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.protocols import services
from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, STAFF, Case, engagement, practice

API = "api/v1/engagements/<engagement_id>"


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def pack_key(world: World) -> dict[str, Any]:
    return {"key": "oregon_psilocybin"}


def with_forms(world: World) -> dict[str, Any]:
    """Dana's engagement under the practice's own pack, which asks for informed consent."""
    services.engagement_pack_change(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    pack="psychedelic_general", reason="Practice rules")
    return {**engagement(world), "form": "informed_consent"}


def practice_form(world: World) -> dict[str, Any]:
    services.practice_pack_set(actor=world.alice, practice=world.practice, pack="psychedelic_general")
    return {**practice(world), "form": "informed_consent"}


def set_aside(world: World) -> dict[str, Any]:
    with_forms(world)
    services.rule_set_aside(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                            requirement="readiness", reason="Talked it through on the phone")
    return {**engagement(world), "requirement": "readiness"}


PROTOCOLS_CASES: dict[str, Case] = {
    "api/v1/protocols": Case(lambda w: {}, SIGNED_IN),
    "api/v1/protocols/<key>": Case(pack_key, SIGNED_IN),
    "api/v1/practices/<practice_id>/protocol": Case(practice, STAFF, body=body({"pack": "psychedelic_general"})),
    "api/v1/practices/<practice_id>/forms": Case(practice, STAFF),
    "api/v1/practices/<practice_id>/forms/<form>": Case(practice_form, STAFF,
                                                         body=body({"title": "Consent", "body": "Our words."})),
    API + "/protocol": Case(engagement, CARE, body=body({"pack": "psychedelic_general", "reason": "Practice rules"})),
    API + "/forms": Case(engagement, CARE),
    API + "/forms/<form>/acknowledgements": Case(with_forms, CARE,
                                                 body=body({"version": 1, "choice": "acknowledged"})),
    API + "/screening": Case(engagement, CARE, body=body({"answers": {}})),
    API + "/screening/decisions": Case(engagement, CARE, body=body({"outcome": "eligible", "rationale": "Fine"})),
    API + "/check-ins": Case(engagement, CARE, body=body({"readiness": "ready"})),
    API + "/gate": Case(engagement, CARE),
    API + "/gate/set-asides": Case(with_forms, CARE, body=body({"requirement": "readiness", "reason": "Talked"})),
    API + "/gate/set-asides/<requirement>": Case(set_aside, CARE),
}
