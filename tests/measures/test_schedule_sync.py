"""Assigning questionnaires: administrations planned for each kind of schedule, kept in step with sessions as they
are scheduled, moved and cancelled, idempotently; bad schedules refused by field; who may assign and end."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access.policy import NotAllowed, ReasonRequired
from cocreate.access.services import supervision_access_start
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from cocreate.inbox.models import NoticeKind
from cocreate.measures import services
from cocreate.measures.models import Administration
from tests.conftest import World
from tests.measures.service_helpers import (
    access,
    administrations,
    answers_kept,
    assign,
    every,
    notices_to,
    rows,
    save,
    session,
    submit,
)

DAY = timedelta(days=1)


def close(a: datetime, b: datetime) -> bool:
    """Two times within a minute of each other (the test and the service each read the clock)."""
    return abs(a - b) < timedelta(minutes=1)


def test_once_is_due_now_and_tells_the_client(world: World) -> None:
    assignment = assign(world, "phq9", "once", expires_after_days=5)
    [due] = administrations(assignment)
    now = timezone.now()
    assert close(due.due_at, now) and close(due.expires_at, now + 5 * DAY)
    [notice] = notices_to(world.dana, NoticeKind.MEASURE_DUE)
    assert notice.url == f"/measures/{due.pk}/" and "PHQ-9" in notice.title
    assert due.reminded_at is not None  # told now, so the hourly reminder does not repeat it
    assert notices_to(world.alice) == []


def test_sync_is_idempotent(world: World) -> None:
    assign(world, "gad7", "every_n_days", every_days=7)
    assign(world, "phq9", "before_sessions", session_kinds=["preparation"])
    before = list(Administration.objects.values_list("pk", "due_at", "expires_at", "cancelled_at"))
    services.administrations_sync(engagement=world.engagement)
    services.administrations_sync(engagement=world.engagement)
    assert list(Administration.objects.values_list("pk", "due_at", "expires_at", "cancelled_at")) == before
    assert len(before) == 53 + 1  # a year of weeks; before the one preparation session


def test_every_n_days_is_due_now_and_every_n_days_after(world: World) -> None:
    found = administrations(assign(world, "who5", "every_n_days", every_days=14, expires_after_days=3))
    assert [round((a.due_at - found[0].due_at) / DAY) for a in found[:3]] == [0, 14, 28]
    assert all(close(a.expires_at, a.due_at + 3 * DAY) for a in found)
    assert len(notices_to(world.dana, NoticeKind.MEASURE_DUE)) == 1  # only the first is due now


def test_before_sessions_follows_scheduling_moving_and_cancelling(world: World) -> None:
    assignment = assign(world, "phq9", "before_sessions", session_kinds=["integration"])
    assert administrations(assignment) == []  # world's session is a preparation
    visit = session(world, SessionKind.INTEGRATION, 10 * DAY)
    [before] = administrations(assignment)
    assert (before.due_at, before.expires_at, before.session_id) == (visit.starts_at - 2 * DAY, visit.starts_at,
                                                                     visit.pk)

    alice = access(world.alice, world.engagement)
    moved = care.session_reschedule(actor=world.alice, access=alice, session=visit,
                                    starts_at=visit.starts_at + 7 * DAY, duration_minutes=60, location="")
    [now_due] = administrations(assignment)
    assert now_due.pk == before.pk  # the same occasion, moved with its session (answers and all)
    assert (now_due.due_at, now_due.expires_at) == (moved.starts_at - 2 * DAY, moved.starts_at)

    care.session_cancel(actor=world.alice, access=alice, session=moved, reason="Away")
    assert administrations(assignment) == []
    assert len(administrations(assignment, live=False)) == 1


def test_a_session_moved_and_back_keeps_one_questionnaire_with_its_answers(world: World) -> None:
    assignment = assign(world, "phq9", "before_sessions", session_kinds=["integration"])
    visit = session(world, SessionKind.INTEGRATION, 10 * DAY)
    alice = access(world.alice, world.engagement)
    start = visit.starts_at
    for when in (start + DAY, start):
        care.session_reschedule(actor=world.alice, access=alice, session=visit, starts_at=when,
                                duration_minutes=60, location="")
    assert [a.due_at for a in administrations(assignment)] == [start - 2 * DAY]
    assert len(administrations(assignment, live=False)) == 1


def test_a_draft_moves_with_its_session_and_a_sent_one_is_not_asked_again(world: World) -> None:
    assignment = assign(world, "phq9", "before_sessions", session_kinds=["integration"])
    visit = session(world, SessionKind.INTEGRATION, 1 * DAY)  # due already: it opened two days before
    [open_now] = administrations(assignment)
    save(world, open_now, {"1": 2, "2": 1})
    alice = access(world.alice, world.engagement)
    moved = care.session_reschedule(actor=world.alice, access=alice, session=visit,
                                    starts_at=visit.starts_at + timedelta(hours=3), duration_minutes=60, location="")
    [same] = administrations(assignment)
    assert same.pk == open_now.pk and answers_kept(same) == {"1": 2, "2": 1}
    submit(world, same, every("phq9", 0))
    care.session_reschedule(actor=world.alice, access=alice, session=moved,
                            starts_at=moved.starts_at + timedelta(hours=3), duration_minutes=60, location="")
    assert len(administrations(assignment, live=False)) == 1  # sent: nothing new is asked for the same session


def test_after_sessions_at_the_end_of_every_nth_session(world: World) -> None:
    assignment = assign(world, "wai_sr", "after_sessions", session_kinds=["integration"], every_nth=2,
                        expires_after_days=4)
    visits = [session(world, SessionKind.INTEGRATION, n * 7 * DAY, minutes=90) for n in range(1, 6)]
    found = administrations(assignment)
    assert [(a.session_id, a.due_at) for a in found] == [(v.pk, v.ends_at) for v in visits[::2]]
    assert all(a.expires_at == a.due_at + 4 * DAY for a in found)

    care.session_cancel(actor=world.alice, access=access(world.alice, world.engagement), session=visits[0],
                        reason="Ill")
    assert [a.session_id for a in administrations(assignment)] == [visits[1].pk, visits[3].pk]


def test_after_medicine_at_each_offset(world: World) -> None:
    assignment = assign(world, "phq9", "after_medicine", offsets_days=[7, 1, 7], expires_after_days=2)
    assert assignment.offsets_days == [1, 7]
    medicine = session(world, SessionKind.MEDICINE, 20 * DAY, minutes=480)
    found = administrations(assignment)
    assert [(a.due_at - medicine.starts_at) / DAY for a in found] == [1, 7]
    assert {a.session_id for a in found} == {medicine.pk}


def test_ending_an_assignment_withdraws_what_is_open_or_to_come_and_keeps_answers(world: World) -> None:
    assignment = assign(world, "phq9", "every_n_days", every_days=7)
    first, second, *_rest = administrations(assignment)
    submit(world, first, every("phq9", 0))
    # a later one fell due and was left open
    Administration.objects.filter(pk=second.pk).update(due_at=timezone.now() - DAY)
    ended = services.assignment_end(actor=world.bea, access=access(world.bea, world.engagement),
                                    assignment=assignment)
    assert ended.ended_by == world.bea and ended.ended_at is not None
    assert [a.pk for a in administrations(assignment)] == [first.pk]
    assert Administration.objects.get(pk=first.pk).completed_at is not None
    session(world, SessionKind.PREPARATION, 3 * DAY)  # a later sync plans nothing for an ended assignment
    assert [a.pk for a in administrations(assignment)] == [first.pk]
    with pytest.raises(ValidationError) as caught:
        services.assignment_end(actor=world.alice, access=access(world.alice, world.engagement),
                                assignment=assignment)
    assert "already ended" in str(caught.value)


@pytest.mark.parametrize(("params", "field"), [
    ({"instrument": "nope"}, "instrument"),
    ({"schedule": "sometimes"}, "schedule"),
    ({"schedule": "every_n_days"}, "every_days"),
    ({"schedule": "every_n_days", "every_days": 0}, "every_days"),
    ({"schedule": "every_n_days", "every_days": 366}, "every_days"),
    ({"schedule": "every_n_days", "every_days": True}, "every_days"),
    ({"schedule": "before_sessions"}, "session_kinds"),
    ({"schedule": "before_sessions", "session_kinds": ["psychotherapy"]}, "session_kinds"),
    ({"schedule": "after_sessions", "session_kinds": ["integration"], "every_nth": 0}, "every_nth"),
    ({"schedule": "after_medicine"}, "offsets_days"),
    ({"schedule": "after_medicine", "offsets_days": [-1]}, "offsets_days"),
    ({"schedule": "after_medicine", "offsets_days": [366]}, "offsets_days"),
    ({"schedule": "after_medicine", "offsets_days": list(range(11))}, "offsets_days"),
    ({"expires_after_days": 0}, "expires_after_days"),
    ({"expires_after_days": 91}, "expires_after_days"),
])
def test_a_bad_schedule_is_refused_by_field_and_writes_nothing(world: World, params: dict[str, Any],
                                                               field: str) -> None:
    before = rows()
    params = {"instrument": "phq9", "schedule": "once", **params}
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(actor=world.alice, access=access(world.alice, world.engagement), **params)
    assert list(caught.value.message_dict) == [field]
    assert rows() == before


def test_no_medicine_schedule_for_psychotherapy(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        assign(world, "phq9", "after_medicine", actor=world.carl, engagement=world.eve_engagement,
               offsets_days=[1])
    assert "no medicine sessions" in caught.value.message_dict["schedule"][0]
    with pytest.raises(ValidationError):
        assign(world, "phq9", "before_sessions", actor=world.carl, engagement=world.eve_engagement,
               session_kinds=["medicine"])


def test_only_the_care_team_assigns_and_ends(world: World) -> None:
    with pytest.raises(NotAllowed):
        assign(world, actor=world.dana)
    assignment = assign(world)
    with pytest.raises(NotAllowed):
        services.assignment_end(actor=world.dana, access=access(world.dana, world.engagement), assignment=assignment)
    for outsider in (world.carl, world.fay, world.olga, world.eve):
        with pytest.raises(Http404):
            access(outsider, world.engagement)
    with pytest.raises(ReasonRequired):
        access(world.gus, world.engagement)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the care plan together.")
    with pytest.raises(NotAllowed):
        assign(world, actor=world.gus)
    assert len(administrations(assignment)) == 1
