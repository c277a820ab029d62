"""Assigning: the form asks only for what the chosen schedule uses; the same questionnaire on the same schedule
is not assigned twice; ending an assignment takes back the notice that one was due."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.inbox.models import Notice, NoticeKind
from cocreate.measures import services
from cocreate.measures.models import Assignment
from tests.conftest import World
from tests.measures.service_helpers import access, assign


def test_once_needs_no_session_or_day_fields(world: World) -> None:
    response = world.client_for(world.alice).post(reverse("measure_assign", args=[world.engagement.pk]), {
        "instrument": "gad7", "schedule": "once", "expires_after_days": "7"})
    assert response.status_code == 302
    assert Assignment.objects.get(engagement=world.engagement).instrument == "gad7"


def test_the_form_marks_which_fields_each_schedule_uses(world: World) -> None:
    page = world.client_for(world.alice).get(reverse("engagement_measures", args=[world.engagement.pk])).text
    assert "data-schedule-form" in page and "/static/measures/assign.js" in page


def test_an_identical_standing_assignment_is_refused(world: World) -> None:
    assign(world, "phq9", "every_n_days", every_days=14)
    with pytest.raises(ValidationError) as caught:
        assign(world, "phq9", "every_n_days", every_days=14)
    assert "PHQ-9 is already assigned on this schedule" in caught.value.messages[0]
    assert Assignment.objects.count() == 1
    assign(world, "phq9", "every_n_days", every_days=7)  # another schedule is another assignment
    assign(world, "gad7", "every_n_days", every_days=14)
    assert Assignment.objects.count() == 3

    page = world.client_for(world.alice).post(reverse("measure_assign", args=[world.engagement.pk]), {
        "instrument": "phq9", "schedule": "every_n_days", "every_days": "14", "expires_after_days": "7"})
    assert page.status_code == 400 and "PHQ-9 is already assigned on this schedule" in page.text


def test_ending_an_assignment_withdraws_its_notice(world: World) -> None:
    assignment = assign(world, "gad7", "once")
    assert Notice.objects.filter(recipient=world.dana, kind=NoticeKind.MEASURE_DUE).count() == 1
    services.assignment_end(actor=world.alice, access=access(world.alice, world.engagement), assignment=assignment)
    assert not Notice.objects.filter(recipient=world.dana, kind=NoticeKind.MEASURE_DUE).exists()
    assign(world, "gad7", "once")  # ended, so the same may be assigned again
