"""URL/persona matrix rows for the client's whole record: the client's own downloads (one engagement, or all of
theirs: anyone signed in has an archive of their own, empty if they are nobody's client), and the care team's
transfer export (the client gets 403 there, as the team does on the client's download; anyone else 404)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, Case, engagement


def a_form(world: World) -> dict[str, Any]:
    return {"form": "json"}


def engagement_form(world: World) -> dict[str, Any]:
    return {**engagement(world), "form": "json"}


ARCHIVE_CASES: dict[str, Case] = {
    "my/record/<str:form>/": Case(a_form, SIGNED_IN),
    "engagements/<int:engagement_id>/record/<str:form>/": Case(engagement_form, CARE),
    "engagements/<int:engagement_id>/transfer-export/": Case(engagement, CARE),
    "api/v1/me/archive": Case(lambda w: {}, SIGNED_IN),
    "api/v1/engagements/<engagement_id>/archive": Case(engagement, CARE),
    "api/v1/engagements/<engagement_id>/archive/transfer": Case(engagement, CARE),
}
