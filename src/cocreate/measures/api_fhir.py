"""FHIR R4 over the API: instruments as Questionnaires, an engagement's responses and scores as Bundles, and
importing a completed QuestionnaireResponse as the engagement's answers."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care.models import Engagement
from cocreate.care.selectors import engagement_for
from cocreate.measures import fhir, registry, scoring, selectors, services
from cocreate.measures.schemas import ScoreOut

router = Router(tags=["fhir"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/fhir"
FHIR_OBJECT: dict[str, Any] = {"type": "object", "description": "A FHIR R4 resource as JSON."}
IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A completed FHIR R4 QuestionnaireResponse whose `questionnaire` is "
                       "`.../fhir/Questionnaire/<key>` (optionally `|<version>`) of a shipped instrument; answers "
                       "as `valueCoding` (the Questionnaire's answer codes) or `valueInteger`.",
        "content": {"application/fhir+json": {"schema": FHIR_OBJECT}, "application/json": {"schema": FHIR_OBJECT}},
    }
}


class ImportOut(Schema):
    score: ScoreOut
    administration_id: int
    questionnaire_response: str  # the created resources, as FHIR references
    observation: str
    crisis_resources: str | None = None  # shown to the client at once when an answer met a risk rule


def _subject(engagement: Engagement) -> str:
    return f"Patient/{engagement.client_id}"


def _base() -> str:
    """The FHIR base of this site: canonicals and fullUrls under it resolve to the endpoints below."""
    return settings.SITE_URL + "/api/v1"


def _response_resource(access: Any, response: Any, instruments: dict[str, Any]) -> dict[str, Any]:
    return fhir.questionnaire_response(
        instruments[response.administration.instrument], response.answers, subject_ref=_subject(access.engagement),
        authored=response.submitted_at, response_id=str(response.pk), base_url=_base())


def _observation_resource(access: Any, score: Any, instruments: dict[str, Any]) -> dict[str, Any]:
    instrument = instruments[score.instrument]
    screen = (bool(scoring.risk_reasons(instrument, score.response.answers))
              if not instrument.scored else None)
    return fhir.observation(
        instrument, score.total, score.subscales, score.band, subject_ref=_subject(access.engagement),
        effective=score.at, response_ref=f"QuestionnaireResponse/{score.response_id}",
        observation_id=str(score.pk), base_url=_base(), positive_screen=screen)


@router.get("/fhir/Questionnaire/{key}", response={200: dict[str, Any], **ERRORS})
def questionnaire_read(request: HttpRequest, key: str) -> object:
    """An instrument as a FHIR Questionnaire; the key may be written as its FHIR id (cssrs-screener)."""
    return fhir.questionnaire(registry.instrument(key.replace("-", "_")), _base())


@router.get(PATH + "/QuestionnaireResponse", response={200: dict[str, Any], **ERRORS})
def questionnaire_response_list(request: HttpRequest, engagement_id: int) -> object:
    """The engagement's submitted responses as a FHIR Bundle of type collection."""
    access = engagement_for(request_user(request), engagement_id, what="measures", via="api")
    instruments = registry.instruments()
    resources = [
        _response_resource(access, response, instruments)
        for response in selectors.responses_submitted(access)
        # a response to an instrument whose definition has since been removed cannot be described
        if response.administration.instrument in instruments and response.submitted_at is not None
    ]
    return fhir.bundle(resources, base_url=_base(), timestamp=timezone.now())


@router.get(PATH + "/Observation", response={200: dict[str, Any], **ERRORS})
def observation_list(request: HttpRequest, engagement_id: int) -> object:
    """The engagement's scores as a FHIR Bundle of survey Observations, each derived from its response."""
    access = engagement_for(request_user(request), engagement_id, what="measures", via="api")
    instruments = registry.instruments()
    resources = [_observation_resource(access, score, instruments) for score in selectors.scores(access)
                 if score.instrument in instruments]
    return fhir.bundle(resources, base_url=_base(), timestamp=timezone.now())


@router.get("/fhir/QuestionnaireResponse/{response_id}", response={200: dict[str, Any], **ERRORS})
def questionnaire_response_read(request: HttpRequest, response_id: int) -> object:
    """One submitted response, where a Bundle's fullUrl points."""
    access, response = selectors.response_for(request_user(request), response_id, what="measures", via="api")
    instruments = registry.instruments()
    if response.administration.instrument not in instruments or response.submitted_at is None:
        raise Http404
    return _response_resource(access, response, instruments)


@router.get("/fhir/Observation/{score_id}", response={200: dict[str, Any], **ERRORS})
def observation_read(request: HttpRequest, score_id: int) -> object:
    """One score, where a Bundle's fullUrl points."""
    access, score = selectors.score_for(request_user(request), score_id, what="measures", via="api")
    instruments = registry.instruments()
    if score.instrument not in instruments:
        raise Http404
    return _observation_resource(access, score, instruments)


def _refused(error: fhir.FhirError) -> Status[object]:
    detail = error.reason if error.field == "__all__" else f"{error.field}: {error.reason}"
    return Status(400, {"detail": detail, "errors": {error.field: [error.reason]}})


@router.post(PATH + "/QuestionnaireResponse", response={201: ImportOut, **ERRORS}, openapi_extra=IMPORT_BODY)
def questionnaire_response_import(request: HttpRequest, engagement_id: int) -> Status[object]:
    """Take in a completed QuestionnaireResponse as the answers to the engagement's open administration of that
    instrument that closes first (or a one-off made for it), scored as if answered here. A response that
    cannot be read is refused with the reason (400), and nothing is saved."""
    user = request_user(request)
    access = engagement_for(user, engagement_id, what=None, via="api")
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        return _refused(fhir.FhirError("The body is not valid JSON."))
    try:
        instrument, answers = fhir.read_questionnaire_response(data, registry.instruments(), _base())
        answered_at = fhir.authored_of(data, timezone.now())
    except fhir.FhirError as error:
        return _refused(error)
    score = services.response_import(actor=user, access=access, instrument=instrument.key, answers=answers,
                                     answered_at=answered_at)
    return Status(201, {
        "score": score, "administration_id": score.response.administration_id,
        "questionnaire_response": f"QuestionnaireResponse/{score.response_id}",
        "observation": f"Observation/{score.pk}", "crisis_resources": selectors.crisis_after(score),
    })
