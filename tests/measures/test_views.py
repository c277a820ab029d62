"""The measures pages as the client and the facilitators use them: answering (saved as they go), crisis
resources after a risk answer, the engagement page with chart and flags, assigning and recording follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.measures.models import Administration, Assignment, Flag, Response, Score
from tests.conftest import World
from tests.measures.service_helpers import assign, every, open_one, submit

pytestmark = pytest.mark.django_db


def form(answers: dict[str, int], **extra: str) -> dict[str, Any]:
    return {**{f"item-{k}": str(v) for k, v in answers.items()}, **extra}


def test_the_client_sees_due_questionnaires_on_my_care_and_my_questionnaires(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    url = reverse("questionnaire", args=[administration.pk])
    assert url in dana.get(reverse("my_engagements")).text
    assert url in dana.get(reverse("my_measures")).text
    assert "Nothing to fill in right now." in world.client_for(world.eve).get(reverse("my_measures")).text


def test_answers_are_kept_as_the_client_goes_and_progress_is_shown(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    page = dana.get(reverse("questionnaire", args=[administration.pk])).text
    assert "0 of 9 answered" in page and 'type="radio"' in page
    partial = dana.post(reverse("questionnaire_answer", args=[administration.pk]), form({"1": 2, "2": 1}),
                        HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "2 of 9 answered" in partial.text
    assert Response.objects.get().answers == {"1": 2, "2": 1}
    later = dana.post(reverse("questionnaire", args=[administration.pk]), form({"3": 0}, finish="later"))
    assert later.status_code == 302
    again = dana.get(reverse("questionnaire", args=[administration.pk])).text
    assert "3 of 9 answered" in again
    assert 'id="q-1-2" name="item-1" value="2" checked' in again


def test_out_of_range_and_incomplete_answers_are_refused_with_the_item_named(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    url = reverse("questionnaire", args=[administration.pk])
    bad = dana.post(url, form({"1": 7}, finish="now"))
    assert bad.status_code == 400 and 'id="q-1-errors"' in bad.text
    words = dana.post(url, {"item-2": "lots", "finish": "now"})
    assert words.status_code == 400 and 'id="q-2-errors"' in words.text
    odd = dana.post(url, {"item-2": "²", "finish": "now"})
    assert odd.status_code == 400
    incomplete = dana.post(url, form({"1": 1, "2": 1}, finish="now"))
    assert incomplete.status_code == 400
    assert 'id="q-9-errors"' in incomplete.text and "1 of" not in incomplete.text.split("answered")[0][-3:]
    assert "Send without them" not in incomplete.text  # seven left out: no total without them
    assert Score.objects.count() == 0


def test_the_client_sees_what_she_skipped_and_may_send_without_it(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    url = reverse("questionnaire", args=[administration.pk])
    answers = every("phq9", 1)
    del answers["4"]
    skipped = dana.post(url, form(answers, finish="now"))
    assert skipped.status_code == 400
    assert "You left 1 question out:" in skipped.text and 'href="#q-4">question 4</a>' in skipped.text
    assert "You skipped this question. Answer it, or send without it." in skipped.text
    sent = dana.post(url, {"skipped": "send"})
    assert sent.status_code == 302
    score = Score.objects.get(response__administration=administration)
    assert (score.total, score.prorated) == (9.0, True)


def test_a_risk_answer_shows_crisis_resources_at_once_and_alerts_the_team(world: World) -> None:
    administration = open_one(world)
    dana = world.client_for(world.dana)
    response = dana.post(reverse("questionnaire", args=[administration.pk]),
                         form(every("phq9", 1, **{"9": 1}), finish="now"))
    assert response.status_code == 302 and response["Location"] == reverse("questionnaire_done",
                                                                           args=[administration.pk])
    done = dana.get(response["Location"]).text
    assert 'role="alert"' in done and "If you are in danger" in done
    assert "Samaritans" in done or "988" in done  # the default crisis resources
    assert "Your PHQ-9 score: 9" in done and "Mild" in done
    caseload = world.client_for(world.alice).get(reverse("caseload")).text
    flag = Flag.objects.get()
    assert f'href="/engagements/{world.engagement.pk}/measures/#flag-{flag.pk}">Risk answer</a>' in caseload


def test_a_practice_words_its_own_crisis_resources(world: World) -> None:
    alice = world.client_for(world.alice)
    url = reverse("crisis_resources", args=[world.practice.pk])
    assert alice.post(url, {"text": ""}).status_code == 400
    assert alice.post(url, {"text": "Call Juniper's on-call line: 0100 000 000"}).status_code == 302
    administration = open_one(world)
    submit(world, administration, every("phq9", 0, **{"9": 2}))
    done = world.client_for(world.dana).get(reverse("questionnaire_done", args=[administration.pk])).text
    assert 'Call Juniper&#x27;s on-call line: <a href="tel:0100000000">0100 000 000</a>' in done  # a tap to call
    assert world.client_for(world.dana).get(url).status_code == 404  # a client does not edit them


def test_the_facilitator_records_follow_up_and_the_flag_clears(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1, **{"9": 1}))
    flag = Flag.objects.get()
    alice = world.client_for(world.alice)
    page = alice.get(reverse("engagement_measures", args=[world.engagement.pk])).text
    assert f'id="flag-{flag.pk}"' in page and "Record follow-up and clear" in page
    url = reverse("flag_resolve", args=[world.engagement.pk, flag.pk])
    empty = alice.post(url, {"action": "  "})
    assert empty.status_code == 400 and f'id="flag-{flag.pk}-errors"' in empty.text
    assert alice.post(url, {"action": "Phoned Dana; safe; plan reviewed."}).status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_by == world.alice and flag.action == "Phoned Dana; safe; plan reviewed."
    assert "Risk answer</a>" not in alice.get(reverse("caseload")).text


def test_assigning_from_the_page_and_ending_an_assignment(world: World) -> None:
    alice = world.client_for(world.alice)
    url = reverse("measure_assign", args=[world.engagement.pk])
    bad = alice.post(url, {"instrument": "phq9", "schedule": "every_n_days", "every_nth": "1",
                           "expires_after_days": "7"})
    assert bad.status_code == 400 and Assignment.objects.count() == 0
    odd = alice.post(url, {"instrument": "phq9", "schedule": "after_medicine", "offsets_days": "1, seven",
                           "every_nth": "1", "expires_after_days": "7"})
    assert odd.status_code == 400 and "Write whole numbers of days" in odd.text
    ok = alice.post(url, {"instrument": "phq9", "schedule": "every_n_days", "every_days": "7", "every_nth": "1",
                          "expires_after_days": "7"})
    assert ok.status_code == 302
    assignment = Assignment.objects.get()
    assert Administration.objects.filter(assignment=assignment).count() > 1
    end = alice.post(reverse("measure_assignment_end", args=[world.engagement.pk, assignment.pk]))
    assert end.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert world.client_for(world.dana).post(url, {"instrument": "phq9", "schedule": "once", "every_nth": "1",
                                                   "expires_after_days": "7"}).status_code == 403


def test_the_chart_is_an_svg_and_the_page_reads_are_recorded(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)
    chart = alice.get(reverse("measure_chart", args=[world.engagement.pk, "phq9"]))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content
    assert alice.get(reverse("measure_chart", args=[world.engagement.pk, "nonsense"])).status_code == 404
    alice.get(reverse("engagement_measures", args=[world.engagement.pk]))
    assert AccessEvent.objects.filter(actor=world.alice, what="measures").count() == 2


def test_the_client_sees_plain_words_and_alliance_feedback_as_received(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1))
    page = world.client_for(world.dana).get(reverse("engagement_measures", args=[world.engagement.pk])).text
    assert "Each dot is one time you answered." in page
    assert "Flags" not in page and "Assign a questionnaire" not in page
    wai = assign(world, "wai_sr")
    target = Administration.objects.get(assignment=wai)
    submit(world, target, every("wai_sr", 4))
    page = world.client_for(world.dana).get(reverse("engagement_measures", args=[world.engagement.pk])).text
    assert "Your feedback on our work together was received once." in page
    done = world.client_for(world.dana).get(reverse("questionnaire_done", args=[target.pk])).text
    assert "Your feedback was received" in done and "score" not in done.lower().split("feedback was received")[1]


def test_the_care_team_cannot_answer_for_the_client(world: World) -> None:
    administration = open_one(world)
    alice = world.client_for(world.alice)
    assert alice.get(reverse("questionnaire", args=[administration.pk])).status_code == 403
    assert alice.post(reverse("questionnaire", args=[administration.pk]),
                      form(every("phq9", 0), finish="now")).status_code == 403
    assert Score.objects.count() == 0


def test_a_questionnaire_without_its_wording_cannot_be_assigned(world: World, settings: Any) -> None:
    settings.COCREATE_INSTRUMENTS_DIR = None
    alice = world.client_for(world.alice)
    page = alice.get(reverse("engagement_measures", args=[world.engagement.pk])).text
    assert "(needs your practice&#x27;s licensed copy)" in page
    refused = alice.post(reverse("measure_assign", args=[world.engagement.pk]), {
        "instrument": "wai_sr", "schedule": "once", "every_nth": "1", "expires_after_days": "7"})
    assert refused.status_code == 400
    assert "WAI-SR needs your practice&#x27;s licensed copy." in refused.text
    assert "whoever runs your cocreate site adds the licensed wording" in refused.text
    assert "docs/" not in refused.text  # words for a clinician, not a path in the source
    assert Assignment.objects.count() == 0


def test_the_client_sees_what_the_care_team_did_about_a_flag(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1, **{"9": 1}))
    flag = Flag.objects.get()
    url = reverse("engagement_measures", args=[world.engagement.pk])
    assert "What your care team did" not in world.client_for(world.dana).get(url).text
    world.client_for(world.alice).post(reverse("flag_resolve", args=[world.engagement.pk, flag.pk]),
                                       {"action": "Called Dana that afternoon and agreed a plan together."})
    page = world.client_for(world.dana).get(url).text
    assert "What your care team did about your answers" in page
    assert "Called Dana that afternoon and agreed a plan together." in page
