"""URL/persona matrix rows for the measures API (joined in test_url_matrix.py); the web rows are in
cases_measures_web.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.measures import services
from cocreate.measures.models import Administration
from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, Case, engagement, no_kwargs

PHQ9_CLEAR = {str(n): 0 for n in range(1, 10)}


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def instrument(world: World) -> dict[str, Any]:
    return {"key": "phq9"}


def _assignment(world: World) -> tuple[int, Administration]:
    assignment = services.assignment_create(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                            instrument="phq9", schedule="once")
    return assignment.pk, Administration.objects.get(assignment=assignment)


def assignment(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk, "assignment_id": _assignment(world)[0]}


def administration(world: World) -> dict[str, Any]:
    """A PHQ-9 open now for dana: she may save and send answers, nobody else may."""
    return {"engagement_id": world.engagement.pk, "administration_id": _assignment(world)[1].pk}


def risk_flag(world: World) -> dict[str, Any]:
    """A risk flag raised by dana's answers, for the care team to resolve."""
    _pk, open_now = _assignment(world)
    score = services.response_submit(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                     administration=open_now, answers={**PHQ9_CLEAR, "9": 1})
    return {"engagement_id": world.engagement.pk, "flag_id": score.flags.get().pk}


API = "api/v1/engagements/<engagement_id>"

MEASURES_CASES: dict[str, Case] = {
    "api/v1/instruments": Case(no_kwargs, SIGNED_IN),
    "api/v1/instruments/<key>": Case(instrument, SIGNED_IN),
    "api/v1/me/administrations": Case(no_kwargs, SIGNED_IN),
    API + "/assignments": Case(engagement, CARE, body=body({"instrument": "phq9", "schedule": "once"})),
    API + "/assignments/<assignment_id>/end": Case(assignment, CARE),
    API + "/administrations": Case(engagement, CARE),
    API + "/administrations/<administration_id>/answers": Case(administration, CARE, body=body({"answers": {"1": 1}})),
    API + "/administrations/<administration_id>/submit": Case(administration, CARE,
                                                              body=body({"answers": PHQ9_CLEAR})),
    API + "/scores": Case(engagement, CARE),
    API + "/flags": Case(engagement, CARE),
    API + "/flags/<flag_id>/resolve": Case(risk_flag, CARE,
                                           body=body({"action": "Called Dana the same day; safety plan reviewed."})),
}
