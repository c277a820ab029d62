"""URL/persona matrix rows for the protocols web pages: the readiness checklist, screening, forms and check-ins
of an engagement (its people see them, a supervisor after a reason, everyone else 404), and a practice's
protocol and form texts (its staff)."""

from __future__ import annotations

from typing import Any

from cocreate.protocols.services import practice_pack_set
from tests.conftest import World
from tests.web.matrix import CARE, STAFF, Case, engagement, practice

E = "engagements/<int:engagement_id>/"


def rule(world: World) -> dict[str, Any]:
    return {**engagement(world), "requirement": "readiness"}


def form(world: World) -> dict[str, Any]:
    return {**engagement(world), "form": "informed_consent"}


def practice_form(world: World) -> dict[str, Any]:
    practice_pack_set(actor=world.alice, practice=world.practice, pack="psychedelic_general")
    return {**practice(world), "form": "informed_consent"}


PROTOCOLS_WEB_CASES: dict[str, Case] = {
    E + "readiness/": Case(engagement, CARE),
    E + "readiness/protocol/": Case(engagement, CARE),
    E + "readiness/set-aside/": Case(engagement, CARE),
    E + "readiness/set-aside/<slug:requirement>/restore/": Case(rule, CARE),
    E + "screening/": Case(engagement, CARE),
    E + "screening/decision/": Case(engagement, CARE),
    E + "forms/": Case(engagement, CARE),
    E + "forms/<slug:form>/": Case(form, CARE),
    E + "check-in/": Case(engagement, CARE),
    "practices/<int:practice_id>/protocol/": Case(practice, STAFF),
    "practices/<int:practice_id>/protocol/forms/<slug:form>/": Case(practice_form, STAFF),
}
