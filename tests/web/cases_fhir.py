"""URL/persona matrix rows for the FHIR routes (joined in test_url_matrix.py).

A Questionnaire describes an instrument, not anyone's data: open to every signed-in user. The engagement's
Bundles and the import follow the engagement's access: the client and the care team, a supervisor only after
stating a reason; the import body is a well-formed PHQ-9 response, so each persona reaches the access check.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.measures import fhir, registry, services
from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, Case, engagement

FHIR = "api/v1/engagements/<engagement_id>/fhir"


def questionnaire(world: World) -> dict[str, Any]:
    return {"key": "phq9"}


def phq9_response(world: World) -> dict[str, Any]:
    return fhir.questionnaire_response(
        registry.instrument("phq9"), {str(n): 0 for n in range(1, 10)}, subject_ref=f"Patient/{world.dana.pk}",
        authored=timezone.now(), response_id="paper-1", base_url=f"{settings.SITE_URL}/api/v1",
    )


def _sent(world: World) -> Any:
    """A PHQ-9 dana has sent on her engagement, with its score."""
    access = engagement_access(world.alice, world.engagement)
    assignment = services.assignment_create(actor=world.alice, access=access, instrument="phq9", schedule="once",
                                            expires_after_days=3)
    administration = assignment.administrations.get()
    return services.response_submit(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    administration=administration, answers={str(n): 0 for n in range(1, 10)})


def response(world: World) -> dict[str, Any]:
    return {"response_id": _sent(world).response_id}


def score(world: World) -> dict[str, Any]:
    return {"score_id": _sent(world).pk}


FHIR_CASES: dict[str, Case] = {
    "api/v1/fhir/Questionnaire/<key>": Case(questionnaire, SIGNED_IN),
    FHIR + "/QuestionnaireResponse": Case(engagement, CARE, body=phq9_response),
    FHIR + "/Observation": Case(engagement, CARE),
    "api/v1/fhir/QuestionnaireResponse/<response_id>": Case(response, CARE),
    "api/v1/fhir/Observation/<score_id>": Case(score, CARE),
}
