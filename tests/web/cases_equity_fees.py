"""URL/persona matrix rows for fees, web and API: every member of the practice reads its tiers (a write that is not
theirs is refused, not hidden); the client and the care team read an engagement's fees, receipts and statements (a
supervisor states a reason first); everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.agreements import services as agreements
from cocreate.equity import fees, tiers
from tests.conftest import World
from tests.web.matrix import CARE, Case, engagement, only, practice, session

MEMBERS = only("alice", "carl", "fay", "dana", "eve", "gus")


def a_tier(world: World) -> dict[str, Any]:
    made = tiers.offered_tiers(world.practice) or tiers.tiers_load_defaults(actor=world.alice,
                                                                            practice=world.practice)
    return {"practice_id": world.practice.pk, "tier_id": made[0].pk}


def a_payment(world: World) -> dict[str, Any]:
    tier_id = a_tier(world)["tier_id"]
    proposed = agreements.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                           kind="fee", content={"tier": str(tier_id)}, based_on=None)
    agreements.revision_accept(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                               revision=proposed)
    paid = fees.payment_record(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                               session_id=world.session.pk, amount="10", note="cash")
    return {"engagement_id": world.engagement.pk, "payment_id": paid.pk}


def a_month(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk, "year": world.session.starts_at.year,
            "month": world.session.starts_at.month}


P = "practices/<int:practice_id>/fees/"
W = "engagements/<int:engagement_id>/fees/"
T = "api/v1/practices/<practice_id>/fee-tiers"
A = "api/v1/engagements/<engagement_id>"

EQUITY_FEES_CASES: dict[str, Case] = {
    P: Case(practice, MEMBERS),
    P + "currency/": Case(practice, MEMBERS),
    P + "defaults/": Case(practice, MEMBERS),
    P + "tiers/new/": Case(practice, MEMBERS),
    P + "tiers/<int:tier_id>/": Case(a_tier, MEMBERS),
    P + "tiers/<int:tier_id>/retire/": Case(a_tier, MEMBERS),
    W: Case(engagement, CARE),
    W + "sessions/<int:session_id>/payments/": Case(session, CARE),
    W + "sessions/<int:session_id>/subsidy/": Case(session, CARE),
    W + "sessions/<int:session_id>/receipt.pdf": Case(session, CARE),
    W + "payments/<int:payment_id>/reverse/": Case(a_payment, CARE),
    W + "statements/<int:year>/<int:month>.pdf": Case(a_month, CARE),
    T: Case(practice, MEMBERS, body=lambda w: {"name": "From the matrix", "fees": {"preparation": "10"}}),
    T + "/defaults": Case(practice, MEMBERS),
    T + "/currency": Case(practice, MEMBERS, body=lambda w: {"currency": "USD"}),
    T + "/<tier_id>": Case(a_tier, MEMBERS, body=lambda w: {"name": "Changed", "fees": {"preparation": "10"}}),
    T + "/<tier_id>/retire": Case(a_tier, MEMBERS),
    A + "/fees": Case(engagement, CARE),
    A + "/sessions/<session_id>/payments": Case(session, CARE, body=lambda w: {"amount": "10", "note": "cash"}),
    A + "/payments/<payment_id>/reverse": Case(a_payment, CARE, body=lambda w: {"note": "mistake"}),
    A + "/sessions/<session_id>/subsidy": Case(session, CARE, body=lambda w: {"amount": "10", "reason": "m"}),
    A + "/sessions/<session_id>/receipt.pdf": Case(session, CARE),
    A + "/fees/statements/<year>/<month>.pdf": Case(a_month, CARE),
}
