"""URL/persona matrix rows for ruptures and the fit review, web and API: the client and their care team reach them, a
supervisor after a reason, everyone else 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.alliance import fit, ruptures
from tests.conftest import World
from tests.web.matrix import CARE, Case, engagement


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def with_rupture(world: World) -> dict[str, Any]:
    rupture = ruptures.rupture_name(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    description="You looked at the clock.")
    return {"engagement_id": world.engagement.pk, "rupture_id": rupture.pk}


def with_review(world: World) -> dict[str, Any]:
    review = fit.fit_review_ask(actor=world.dana, access=engagement_access(world.dana, world.engagement))
    return {"engagement_id": world.engagement.pk, "review_id": review.pk}


def with_proposal(world: World) -> dict[str, Any]:
    kwargs = with_review(world)
    fit.fit_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                    review=fit.review_in(engagement_access(world.alice, world.engagement), kwargs["review_id"]),
                    outcome="continue")
    return kwargs


R = "engagements/<int:engagement_id>/relationship/ruptures/"
F = "engagements/<int:engagement_id>/relationship/fit/"
API = "api/v1/engagements/<engagement_id>/relationship"

ALLIANCE_RUPTURES_CASES: dict[str, Case] = {
    R: Case(with_rupture, CARE),
    R + "<int:rupture_id>/repairs/": Case(with_rupture, CARE),
    R + "<int:rupture_id>/word/": Case(with_rupture, CARE),
    F: Case(with_review, CARE),
    F + "ask/": Case(engagement, CARE),
    F + "plan/": Case(engagement, CARE),
    F + "<int:review_id>/answers/": Case(with_review, CARE),
    F + "<int:review_id>/show/": Case(with_review, CARE),
    F + "<int:review_id>/propose/": Case(with_review, CARE),
    F + "<int:review_id>/agree/": Case(with_proposal, CARE),
    API + "/ruptures": Case(with_rupture, CARE, body=body({"description": "Something jarred."})),
    API + "/ruptures/<rupture_id>": Case(with_rupture, CARE),
    API + "/ruptures/<rupture_id>/repairs": Case(with_rupture, CARE, body=body({"description": "We talked."})),
    API + "/ruptures/<rupture_id>/word": Case(with_rupture, CARE, body=body({"repaired": True})),
    API + "/fit": Case(with_review, CARE),
    API + "/fit/plan": Case(engagement, CARE, body=body({"at_session": 10})),
    API + "/fit/reviews": Case(engagement, CARE),
    API + "/fit/reviews/<review_id>": Case(with_review, CARE),
    API + "/fit/reviews/<review_id>/answers": Case(with_review, CARE, body=body({"working": "Most of it."})),
    API + "/fit/reviews/<review_id>/show": Case(with_review, CARE),
    API + "/fit/reviews/<review_id>/proposal": Case(with_review, CARE, body=body({"outcome": "continue"})),
    API + "/fit/reviews/<review_id>/agree": Case(with_proposal, CARE, body=body({"outcome": "continue"})),
}
