"""Answering: partial answers kept and merged, wrong values refused with the item named and nothing saved,
an incomplete submission refused naming what is missing, nothing answered once closed, and only by the client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access.policy import NotAllowed
from cocreate.access.services import supervision_access_start
from cocreate.measures import services
from cocreate.measures.models import Administration, Flag, Response
from tests.conftest import World
from tests.measures.service_helpers import access, answers_kept, every, open_one, rows, save, submit


def refused(call: Any) -> dict[str, list[str]]:
    """Run `call`, expecting a refusal that writes nothing; the errors by key."""
    before = rows()
    with pytest.raises(ValidationError) as caught:
        call()
    assert rows() == before
    return caught.value.message_dict


def test_partial_answers_are_kept_and_merged(world: World) -> None:
    administration = open_one(world)
    save(world, administration, {"1": 2, "2": 1})
    save(world, administration, {"2": 3, "5": 0})
    assert answers_kept(administration) == {"1": 2, "2": 3, "5": 0}
    assert Administration.objects.get(pk=administration.pk).completed_at is None


def test_saved_answers_count_when_the_rest_are_sent(world: World) -> None:
    administration = open_one(world)
    save(world, administration, {str(n): 1 for n in range(1, 6)})
    score = submit(world, administration, {str(n): 2 for n in range(6, 10)})
    assert (score.total, score.band, score.severity) == (13, "Moderate", 2)
    response = Response.objects.get(administration=administration)
    assert response.submitted_at is not None and len(response.answers) == 9
    assert Administration.objects.get(pk=administration.pk).completed_at == response.submitted_at


@pytest.mark.parametrize(("answers", "item"), [
    ({"9": 4}, "9"),  # out of range
    ({"1": -1}, "1"),
    ({"10": 0}, "10"),  # not an item of the PHQ-9
    ({"3": True}, "3"),  # a boolean is not an answer value
    ({"4": "2"}, "4"),  # text, not a number
    ({"2": 1.5}, "2"),
    ({"6": None}, "6"),
])
def test_a_wrong_value_is_refused_naming_its_item_and_nothing_is_saved(world: World, answers: dict[str, Any],
                                                                        item: str) -> None:
    administration = open_one(world)
    save(world, administration, {"1": 1})
    errors = refused(lambda: save(world, administration, {"5": 2, **answers}))
    assert errors == {item: ["This is not a question of this questionnaire." if item == "10"
                             else "Choose one of the answers."]}
    assert answers_kept(administration) == {"1": 1}  # the good answer sent with it was not kept either
    errors = refused(lambda: submit(world, administration, {**every("phq9", 0), **answers}))
    assert list(errors) == [item]
    assert answers_kept(administration) == {"1": 1}


def test_answers_must_be_an_object(world: World) -> None:
    administration = open_one(world)
    assert list(refused(lambda: save(world, administration, [1, 2]))) == ["answers"]


def test_an_incomplete_submission_is_refused_naming_each_missing_item(world: World) -> None:
    administration = open_one(world)
    save(world, administration, {"1": 0, "2": 0})
    errors = refused(lambda: submit(world, administration, {"3": 1}))
    assert errors == {item: ["Answer this question."] for item in ("4", "5", "6", "7", "8", "9")}
    assert answers_kept(administration) == {"1": 0, "2": 0, "3": 1}  # what was sent is kept, to finish later
    assert Administration.objects.get(pk=administration.pk).completed_at is None


def score_of(score: Any) -> Any:
    score.refresh_from_db()
    return score


def test_follow_up_questions_are_needed_only_when_asked_and_count_only_then(world: World) -> None:
    administration = open_one(world, "cssrs_screener")
    save(world, administration, {"2": 1, "4": 1})  # thoughts, with intent
    errors = refused(lambda: submit(world, administration, {"1": 0, "6": 0}))
    assert set(errors) == {"3", "5"}  # asked because 2 was yes; 6b is not asked after a no to 6
    score = submit(world, administration, {"1": 0, "2": 0, "6": 0})  # 2 changed to no: 3-5 are no longer asked
    assert Response.objects.get(administration=administration).answers == {"1": 0, "2": 0, "6": 0}
    # The "yes" to 4 no longer counts in the screen, but the alert it raised when it was given stands: the care
    # team hears of a risk answer the moment it is saved, whatever is sent later.
    assert [f.kind for f in score.flags.all()] == ["risk"]
    assert score_of(score).total is None


@pytest.mark.parametrize("state", ["completed", "cancelled", "expired", "not yet due"])
def test_nothing_is_answered_once_closed_or_before_it_opens(world: World, state: str) -> None:
    administration = open_one(world)
    now = timezone.now()
    if state == "completed":
        submit(world, administration, every("phq9", 0))
    else:
        change = {"cancelled": {"cancelled_at": now}, "expired": {"expires_at": now - timedelta(minutes=1)},
                  "not yet due": {"due_at": now + timedelta(days=1)}}[state]
        Administration.objects.filter(pk=administration.pk).update(**change)
    for call in (lambda: save(world, administration, {"1": 1}),
                 lambda: submit(world, administration, every("phq9", 1))):
        errors = refused(call)
        assert list(errors) == ["__all__"]
    word = {"completed": "sent", "cancelled": "withdrawn", "expired": "closed", "not yet due": "opens"}[state]
    assert word in errors["__all__"][0]


def test_only_the_client_answers(world: World) -> None:
    administration = open_one(world)
    for member in (world.alice, world.bea):
        with pytest.raises(NotAllowed):
            save(world, administration, {"1": 1}, user=member)
        with pytest.raises(NotAllowed):
            submit(world, administration, every("phq9", 0), user=member)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the care plan together.")
    with pytest.raises(NotAllowed):
        save(world, administration, {"1": 1}, user=world.gus)
    assert answers_kept(administration) is None


def test_an_administration_of_another_engagement_is_not_found(world: World) -> None:
    """eve cannot answer dana's questionnaire through her own engagement."""
    administration = open_one(world)
    eves = access(world.eve, world.eve_engagement)
    with pytest.raises(Http404):
        services.answers_save(actor=world.eve, access=eves, administration=administration, answers={"1": 1})
    with pytest.raises(Http404):
        services.response_submit(actor=world.eve, access=eves, administration=administration,
                                 answers=every("phq9", 0))
    assert answers_kept(administration) is None


def test_an_ad_hoc_questionnaire_is_due_now_and_not_a_standing_assignment(world: World) -> None:
    dana = access(world.dana, world.engagement)
    administration = services.administration_adhoc(actor=world.dana, access=dana, instrument="gad7")
    assert administration.due_at <= timezone.now() < administration.expires_at
    assert administration.assignment.ended_at is not None
    score = services.response_submit(actor=world.dana, access=dana, administration=administration,
                                     answers=every("gad7", 1), via="fhir")
    assert (score.total, Response.objects.get(administration=administration).via) == (7, "fhir")
    with pytest.raises(ValidationError):
        services.administration_adhoc(actor=world.dana, access=dana, instrument="nope")
    with pytest.raises(NotAllowed):
        services.administration_adhoc(actor=world.alice, access=access(world.alice, world.engagement),
                                      instrument="gad7")


def test_a_risk_answer_saved_but_not_sent_alerts_the_team_at_once(world: World) -> None:
    administration = open_one(world)
    save(world, administration, {"9": 2})
    [flag] = Flag.objects.filter(engagement=world.engagement)
    assert (flag.kind, flag.score, flag.response.administration) == ("risk", None, administration)
    save(world, administration, {"9": 3, "1": 1})
    assert Flag.objects.filter(engagement=world.engagement).count() == 1  # once per answer sheet and rule
    score = submit(world, administration, every("phq9", 1, **{"9": 3}))
    flag.refresh_from_db()
    assert flag.score == score and Flag.objects.count() == 1
