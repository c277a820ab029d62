"""URL/persona matrix rows for resources and action steps, web and API: the client writes and reads; the care team
reads (a write is refused, not hidden); a supervisor after a reason; everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.agreements import services as agreements
from cocreate.integration import resources
from tests.conftest import World
from tests.web.matrix import CARE, Case


def _plan(world: World) -> None:
    """An integration plan with one step, "Walk", proposed by alice and accepted by dana."""
    revision = agreements.revision_propose(
        actor=world.alice, access=engagement_access(world.alice, world.engagement), kind="integration_plan",
        content={"steps": [{"step": "Walk"}]}, based_on=None)
    agreements.revision_accept(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                               revision=revision)


def with_plan(world: World) -> dict[str, Any]:
    _plan(world)
    return {"engagement_id": world.engagement.pk}


def a_resource(world: World) -> dict[str, Any]:
    found = resources.resource_add(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                   name="Slow breathing")
    return {"engagement_id": world.engagement.pk, "resource_id": found.pk}


def a_use(world: World) -> dict[str, Any]:
    kwargs = a_resource(world)
    mine = engagement_access(world.dana, world.engagement)
    use = resources.resource_use(actor=world.dana, access=mine,
                                 resource=resources.resource_in(mine, kwargs["resource_id"]))
    return {**kwargs, "use_id": use.pk}


W = "engagements/<int:engagement_id>/integration/"
API = "api/v1/engagements/<engagement_id>/integration/"

INTEGRATION_RESOURCES_CASES: dict[str, Case] = {
    W + "resources/": Case(with_plan, CARE),
    W + "resources/add/": Case(with_plan, CARE),
    W + "resources/<int:resource_id>/edit/": Case(a_resource, CARE),
    W + "resources/<int:resource_id>/retire/": Case(a_resource, CARE),
    W + "resources/<int:resource_id>/restore/": Case(a_resource, CARE),
    W + "resources/<int:resource_id>/use/": Case(a_resource, CARE),
    W + "resources/uses/<int:use_id>/undo/": Case(a_use, CARE),
    W + "steps/check-in/": Case(with_plan, CARE),
    API + "resources": Case(with_plan, CARE, body=lambda w: {"name": "From the matrix"}),
    API + "resources/uses": Case(a_resource, CARE),
    API + "resources/<resource_id>": Case(a_resource, CARE, body=lambda w: {"name": "Renamed in the matrix"}),
    API + "resources/<resource_id>/retire": Case(a_resource, CARE),
    API + "resources/<resource_id>/restore": Case(a_resource, CARE),
    API + "resources/<resource_id>/uses": Case(a_resource, CARE, body=lambda w: {"helped": "yes"}),
    API + "steps": Case(with_plan, CARE),
    API + "steps/check-ins": Case(with_plan, CARE, body=lambda w: {"step": "Walk", "status": "under_way"}),
}
