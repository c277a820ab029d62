"""URL/persona matrix rows for the shift tracker, web and API: the client and their care team reach it (the team
sees what is shared), a supervisor after a reason, everyone else 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.integration import services
from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.web.matrix import CARE, Case


def body(data: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


def tracked(world: World) -> dict[str, Any]:
    tracker = tracker_after(world)
    return {"engagement_id": world.engagement.pk, "tracker_id": tracker.pk}


def shared(world: World) -> dict[str, Any]:
    kwargs = tracked(world)
    entry = note(world, _tracker(world), share=True)
    return {**kwargs, "entry_id": entry.pk}


def _tracker(world: World):  # type: ignore[no-untyped-def]
    from cocreate.integration.models import Tracker

    return Tracker.objects.filter(engagement=world.engagement).latest("began_at")


def suggested(world: World) -> dict[str, Any]:
    kwargs = shared(world)
    pattern = services.pattern_suggest(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                       name="Going quiet", entry_ids=[kwargs["entry_id"]])
    return {**kwargs, "pattern_id": pattern.pk}


E = "engagements/<int:engagement_id>/integration/"
API = "api/v1/engagements/<engagement_id>/integration"

INTEGRATION_CASES: dict[str, Case] = {
    E: Case(tracked, CARE),
    E + "shifts/": Case(tracked, CARE),
    E + "shifts/new/": Case(tracked, CARE),
    E + "shifts/<int:entry_id>/share/": Case(shared, CARE),
    E + "shifts/<int:entry_id>/delete/": Case(shared, CARE),
    E + "shifts/<int:entry_id>/reflect/": Case(shared, CARE),
    E + "sharing/": Case(tracked, CARE),
    E + "patterns/": Case(tracked, CARE),
    E + "patterns/<int:pattern_id>/answer/": Case(suggested, CARE),
    E + "patterns/<int:pattern_id>/change/": Case(suggested, CARE),
    E + "trackers/<int:tracker_id>/days/": Case(tracked, CARE),
    E + "trackers/new/": Case(tracked, CARE),
    API + "/trackers": Case(tracked, CARE, body=body({"session_id": 1})),
    API + "/trackers/<tracker_id>/days": Case(tracked, CARE, body=body({"days": [1, 2]})),
    API + "/shifts": Case(tracked, CARE, body=body({"text": "Lighter", "domains": ["body"]})),
    API + "/shifts/<entry_id>": Case(shared, CARE, body=body({"text": "Lighter", "domains": ["body"]})),
    API + "/shifts/<entry_id>/share": Case(shared, CARE, body=body({"shared": True})),
    API + "/shifts/<entry_id>/reflections": Case(shared, CARE, body=body({"body": "Beside it"})),
    API + "/sharing": Case(tracked, CARE, body=body({"share_new": False})),
    API + "/patterns": Case(shared, CARE, body=lambda world: {"name": "Mine", "entry_ids": [1]}),
    API + "/patterns/<pattern_id>/answer": Case(suggested, CARE, body=body({"accept": True})),
    API + "/patterns/<pattern_id>": Case(suggested, CARE, body=body({"name": "Mine"})),
}
