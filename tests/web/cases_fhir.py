"""URL/persona matrix rows for the FHIR routes (joined in test_url_matrix.py).

A Questionnaire describes an instrument, not anyone's data: open to every signed-in user. The engagement's
Bundles and the import follow the engagement's access: the client and the care team, a supervisor only after
stating a reason; the import body is a well-formed PHQ-9 response, so each persona reaches the access check.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from cocreate.measures import fhir, registry
from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, Case, engagement

FHIR = "api/v1/engagements/<engagement_id>/fhir"


def questionnaire(world: World) -> dict[str, Any]:
    return {"key": "phq9"}


def phq9_response(world: World) -> dict[str, Any]:
    return fhir.questionnaire_response(
        registry.instrument("phq9"), {str(n): 0 for n in range(1, 10)}, subject_ref=f"Patient/{world.dana.pk}",
        authored=timezone.now(), response_id="paper-1", base_url=settings.SITE_URL,
    )


FHIR_CASES: dict[str, Case] = {
    "api/v1/fhir/Questionnaire/<key>": Case(questionnaire, SIGNED_IN),
    FHIR + "/QuestionnaireResponse": Case(engagement, CARE, body=phq9_response),
    FHIR + "/Observation": Case(engagement, CARE),
}
