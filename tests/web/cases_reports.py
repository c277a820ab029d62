"""URL/persona matrix rows for the state reports: the client's page for Oregon's data collection (its people see it
on an engagement under Oregon's rules, a supervisor after a reason, everyone else 404), and a practice's quarterly
reports and their downloads, web and API (its facilitators and admins)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.protocols.gate_helpers import under
from tests.web.matrix import CARE, STAFF, Case, practice


def oregon(world: World) -> dict[str, Any]:
    under(world, world.engagement, "oregon_psilocybin")
    return {"engagement_id": world.engagement.pk}


def summary(world: World) -> dict[str, Any]:
    return {**practice(world), "report": "oregon-summary"}


REPORTS_CASES: dict[str, Case] = {
    "engagements/<int:engagement_id>/state-data/": Case(oregon, CARE),
    "practices/<int:practice_id>/reports/": Case(practice, STAFF),
    "practices/<int:practice_id>/reports/<slug:report>.csv": Case(summary, STAFF),
    "api/v1/practices/<practice_id>/reports/<report>": Case(summary, STAFF),
}
