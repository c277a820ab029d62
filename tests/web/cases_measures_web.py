"""URL/persona matrix rows for the measures web pages. A questionnaire is the client's to answer: the care team
sees it (403 when they try to answer), a supervisor after a reason, everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.measures import services
from cocreate.measures.models import Administration, Flag
from tests.conftest import World
from tests.web.matrix import CARE, PUBLIC, SIGNED_IN, STAFF, Case, engagement, no_kwargs, practice


def _administration(world: World) -> Administration:
    assignment = services.assignment_create(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                            instrument="phq9", schedule="once")
    return Administration.objects.get(assignment=assignment)


def administration(world: World) -> dict[str, Any]:
    return {"administration_id": _administration(world).pk}


def answered(world: World) -> dict[str, Any]:
    target = _administration(world)
    services.response_submit(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                             administration=target, answers={str(i): 1 for i in range(1, 10)})
    return {"administration_id": target.pk}


def assignment(world: World) -> dict[str, Any]:
    return {**engagement(world), "assignment_id": _administration(world).assignment_id}


def flag(world: World) -> dict[str, Any]:
    answered(world)
    return {**engagement(world), "flag_id": Flag.objects.get(engagement=world.engagement).pk}


def chart(world: World) -> dict[str, Any]:
    return {**engagement(world), "instrument": "phq9"}


BASE = "engagements/<int:engagement_id>/measures/"

MEASURES_WEB_CASES: dict[str, Case] = {
    "my/measures/": Case(engagement, SIGNED_IN),
    "measures/<int:administration_id>/": Case(administration, CARE),
    "measures/<int:administration_id>/answer/": Case(administration, CARE),
    "measures/<int:administration_id>/done/": Case(answered, CARE),
    BASE: Case(engagement, CARE),
    BASE + "assign/": Case(engagement, CARE),
    BASE + "assignments/<int:assignment_id>/end/": Case(assignment, CARE),
    BASE + "flags/<int:flag_id>/resolve/": Case(flag, CARE),
    BASE + "<slug:instrument>/chart.svg": Case(chart, CARE),
    "practices/<int:practice_id>/crisis-resources/": Case(practice, STAFF),
    "help/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),  # help is open to everyone, signed in or not
}
