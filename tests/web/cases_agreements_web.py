"""URL/persona matrix rows for the agreements web pages: the client and the care team; a supervisor only after
stating a reason; everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.agreements import services
from tests.conftest import World
from tests.web.matrix import CARE, Case, engagement

INTENTION = {"goals": [{"words": "Sleep through the night", "why": "", "noticing": "", "status": "open"}],
             "session_intentions": []}


def kind(world: World) -> dict[str, Any]:
    return {**engagement(world), "kind": "intentions"}


def consent(world: World) -> dict[str, Any]:
    return {**engagement(world), "kind": "touch_consent"}


def transport(world: World) -> dict[str, Any]:
    return {**engagement(world), "kind": "transport"}


def revision(world: World) -> dict[str, Any]:
    proposed = services.revision_propose(
        actor=world.dana, access=engagement_access(world.dana, world.engagement), kind="intentions",
        content=INTENTION, based_on=None)
    return {**kind(world), "number": proposed.number}


BASE = "engagements/<int:engagement_id>/agreements/"

AGREEMENTS_WEB_CASES: dict[str, Case] = {
    BASE: Case(engagement, CARE),
    BASE + "<slug:kind>/": Case(kind, CARE),
    BASE + "<slug:kind>/propose/": Case(kind, CARE),
    BASE + "<slug:kind>/history/": Case(kind, CARE),
    BASE + "<slug:kind>/in-force/": Case(consent, CARE),
    BASE + "<slug:kind>/narrow/": Case(consent, CARE),
    BASE + "<slug:kind>/deviations/": Case(transport, CARE),
    BASE + "<slug:kind>/revisions/<int:number>/decide/": Case(revision, CARE),
    BASE + "<slug:kind>/revisions/<int:number>/withdraw/": Case(revision, CARE),
}
