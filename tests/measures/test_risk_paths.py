"""A risk answer is never left unseen, whichever way it is given: saved for later, saved as the client clicks,
sent with questions missing, sent twice, through the API or a FHIR import. Each time the client sees crisis
resources at once and the care team has one alert."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.measures import fhir, registry
from cocreate.measures.models import Administration, Flag
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, submit

pytestmark = pytest.mark.django_db

CRISIS = "If you are in danger, or thinking about harming yourself"


def alerts(world: World) -> int:
    return Flag.objects.filter(engagement=world.engagement, kind="risk").count()


def test_save_and_finish_later_with_a_risk_answer_shows_crisis_resources(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    response = dana.post(reverse("questionnaire", args=[administration.pk]),
                         {"item-1": "0", "item-9": "2", "finish": "later"})
    assert response.status_code == 302 and response["Location"] == reverse("questionnaire", args=[administration.pk])
    page = dana.get(response["Location"]).text
    assert CRISIS in page and 'role="alert"' in page
    assert alerts(world) == 1


def test_a_risk_answer_clicked_is_saved_and_shows_crisis_resources_in_place(world: World) -> None:
    administration = open_one(world)
    partial = world.client_for(world.dana).post(reverse("questionnaire_answer", args=[administration.pk]),
                                                {"item-9": "1"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert partial["HX-Retarget"] == "#questionnaire" and CRISIS in partial.text
    assert alerts(world) == 1


def test_sending_with_questions_missing_keeps_the_risk_answer_and_shows_crisis_resources(world: World) -> None:
    administration = open_one(world)
    response = world.client_for(world.dana).post(reverse("questionnaire", args=[administration.pk]),
                                                 {"item-1": "0", "item-9": "3", "finish": "now"})
    assert response.status_code == 400
    assert CRISIS in response.text and 'href="#q-2"' in response.text  # the error summary links each question
    assert alerts(world) == 1


def test_a_second_click_on_send_goes_to_the_same_crisis_screen(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    answers = {f"item-{k}": str(v) for k, v in every("phq9", 1, **{"9": 2}).items()}
    first = dana.post(reverse("questionnaire", args=[administration.pk]), {**answers, "finish": "now"})
    second = dana.post(reverse("questionnaire", args=[administration.pk]), {**answers, "finish": "now"})
    assert first["Location"] == second["Location"] == reverse("questionnaire_done", args=[administration.pk])
    assert CRISIS in dana.get(second["Location"]).text
    assert alerts(world) == 1


def test_the_api_returns_crisis_resources_when_saving_a_risk_answer(world: World) -> None:
    administration = open_one(world)
    api = Api.as_user(world.dana)
    saved = api.patch(eng(world.engagement.pk, f"/administrations/{administration.pk}/answers"),
                      {"answers": {"9": 1}}).json()
    assert saved["crisis_resources"] and "988" in saved["crisis_resources"]
    calm = open_one(world, "gad7")
    quiet = api.patch(eng(world.engagement.pk, f"/administrations/{calm.pk}/answers"), {"answers": {"1": 3}}).json()
    assert quiet["crisis_resources"] is None


def test_a_fhir_import_with_a_risk_answer_returns_crisis_resources(world: World, settings: Any) -> None:
    phq9 = registry.instrument("phq9")
    resource = fhir.questionnaire_response(phq9, every("phq9", 1, **{"9": 2}), subject_ref="Patient/1",
                                           authored=timezone.now(), response_id="x", base_url=settings.SITE_URL)
    response = Api.as_user(world.dana).post(eng(world.engagement.pk, "/fhir/QuestionnaireResponse"), resource)
    assert response.status_code == 201
    assert response.json()["crisis_resources"]
    assert alerts(world) == 1


def test_the_legend_numbers_are_the_questionnaires_own(world: World) -> None:
    administration = open_one(world, "cssrs_screener")
    page = world.client_for(world.dana).get(reverse("questionnaire", args=[administration.pk])).text
    assert '<span class="qnum">6.</span>' in page  # not renumbered "3." while 3-5 are not asked
    assert '<span class="qnum">3.</span>' not in page


def test_no_alert_and_no_crisis_screen_without_a_risk_answer(world: World) -> None:
    administration = open_one(world)
    submit(world, administration, every("phq9", 1, **{"9": 0}))
    page = world.client_for(world.dana).get(reverse("questionnaire_done", args=[administration.pk])).text
    assert CRISIS not in page and alerts(world) == 0


def test_an_imported_response_keeps_when_it_was_answered_and_leaves_a_newer_occasion_open(
        world: World, settings: Any) -> None:
    scheduled = open_one(world)
    answered = timezone.now() - timedelta(days=30)
    resource = fhir.questionnaire_response(registry.instrument("phq9"), every("phq9", 1, **{"9": 0}),
                                           subject_ref="Patient/1", authored=answered, response_id="y",
                                           base_url=settings.SITE_URL)
    api = Api.as_user(world.dana)
    response = api.post(eng(world.engagement.pk, "/fhir/QuestionnaireResponse"), resource)
    assert response.status_code == 201
    assert abs((timezone.datetime.fromisoformat(response.json()["score"]["at"]) - answered).total_seconds()) < 1
    assert Administration.objects.get(pk=scheduled.pk).completed_at is None  # still open for this month's answers
    future = {**resource, "authored": (timezone.now() + timedelta(days=2)).isoformat()}
    refused = api.post(eng(world.engagement.pk, "/fhir/QuestionnaireResponse"), future)
    assert refused.status_code == 400 and "authored" in refused.json()["errors"]


def test_a_closed_engagements_questionnaire_can_no_longer_be_answered(world: World) -> None:
    administration = open_one(world)
    care.phase_transition(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          to_phase="closed", reason="Ending")
    response = Api.as_user(world.dana).patch(eng(world.engagement.pk, f"/administrations/{administration.pk}/answers"),
                                             {"answers": {"1": 1}})
    assert response.status_code == 400 and "closed" in response.json()["detail"]
